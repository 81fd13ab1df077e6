import { markdownToText } from './plain-text';

describe('markdownToText', () => {
  it('keeps the words and drops the Markdown syntax', () => {
    expect(
      markdownToText(
        '## Context\n\nEach family paid **after the harvest** — see [the report](https://example.org/r).\n\n- one\n- `two`',
      ),
    ).toBe('Context\nEach family paid after the harvest — see the report.\none\ntwo');
  });

  it('leaves raw HTML as text and copes with nothing', () => {
    expect(markdownToText('<b>bold</b> & co')).toBe('<b>bold</b> & co');
    expect(markdownToText(null)).toBe('');
    expect(markdownToText('see ![the map](https://example.org/m.png)')).toBe('see the map');
  });
});

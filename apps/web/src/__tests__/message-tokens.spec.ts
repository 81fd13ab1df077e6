import { messageTokens } from '../message-tokens';

describe('a chat message as the page shows it', () => {
  it('shows bold, code and links, and keeps everything else as text', () => {
    expect(messageTokens('Meet **Thursday**, run `npm start`, see https://example.org/a?b=1.')).toEqual([
      { kind: 'text', text: 'Meet ' },
      { kind: 'strong', text: 'Thursday' },
      { kind: 'text', text: ', run ' },
      { kind: 'code', text: 'npm start' },
      { kind: 'text', text: ', see ' },
      { kind: 'link', text: 'https://example.org/a?b=1', href: 'https://example.org/a?b=1' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('links Markdown links by their text, images as links, mail and pages of the site', () => {
    expect(messageTokens('the [report](https://example.org/a_(b)) and mailto:kg@example.org!')).toEqual([
      { kind: 'text', text: 'the ' },
      { kind: 'link', text: 'report', href: 'https://example.org/a_(b)' },
      { kind: 'text', text: ' and ' },
      { kind: 'link', text: 'mailto:kg@example.org', href: 'mailto:kg@example.org' },
      { kind: 'text', text: '!' },
    ]);
    expect(messageTokens('![map](https://example.org/m.png) [deck](/materials/1) HTTPS://X.ORG')).toEqual([
      { kind: 'link', text: 'map', href: 'https://example.org/m.png' },
      { kind: 'text', text: ' ' },
      { kind: 'link', text: 'deck', href: '/materials/1' },
      { kind: 'text', text: ' ' },
      { kind: 'link', text: 'HTTPS://X.ORG', href: 'HTTPS://X.ORG' },
    ]);
  });

  it('ends a bare address where its sentence resumes, keeping its own brackets and apostrophes', () => {
    expect(
      messageTokens("(see https://example.org/a_(b)) and https://example.org/it's <https://example.org/z>"),
    ).toEqual([
      { kind: 'text', text: '(see ' },
      { kind: 'link', text: 'https://example.org/a_(b)', href: 'https://example.org/a_(b)' },
      { kind: 'text', text: ') and ' },
      { kind: 'link', text: "https://example.org/it's", href: "https://example.org/it's" },
      { kind: 'text', text: ' ' },
      { kind: 'link', text: 'https://example.org/z', href: 'https://example.org/z' },
    ]);
    expect(messageTokens('[top](#top)')).toEqual([{ kind: 'link', text: 'top', href: '#top' }]);
  });

  it('never makes a link of anything but a web, mail or same-site address', () => {
    expect(
      messageTokens('[click](javascript:alert(1)) [far](//evil.example) <b>x</b> www.example.org a@b.org'),
    ).toEqual([
      {
        kind: 'text',
        text: '[click](javascript:alert(1)) [far](//evil.example) <b>x</b> www.example.org a@b.org',
      },
    ]);
    // Browsers read a backslash after the first slash as another one: these lead to another site.
    for (const target of ['/\\evil.example/guide', '/\\/evil.example/x', '/a b'])
      expect(messageTokens(`[guide](${target})`)).toEqual([{ kind: 'text', text: `[guide](${target})` }]);
  });
});

import { isBlank, requireText } from './app-error';

describe('isBlank', () => {
  it('finds blank what shows nothing: spaces, controls, default-ignorable code points, fillers', () => {
    for (const text of [
      '',
      ' \t\n\u00a0\u3000',
      '\u200b\u200c\u200d\u2060\ufeff',
      '\u00ad\u00ad',
      '\u034f',
      '\u180e',
      '\u115f\u1160\u3164\uffa0',
      '\u2800',
      '\ufe0f\u{e0020}\u{e007f}',
      '\u2061\u2062\u2063\u2064',
      '\u0007\u0085',
      '\u202e\u2066',
    ])
      expect([text, isBlank(text)]).toEqual([text, true]);
  });

  it('finds text with anything visible in it not blank', () => {
    for (const text of ['a', ' \u00ad-', '\u2764\ufe0f', '\u3164\u1100', '\u2801', '\u0301', '·'])
      expect([text, isBlank(text)]).toEqual([text, false]);
  });

  it('is what requireText refuses', () => {
    expect(() => requireText('\u3164\u2800', 'input.title')).toThrow(
      expect.objectContaining({
        code: 'BAD_USER_INPUT',
        fields: [{ path: 'input.title', code: 'isNotEmpty' }],
      }),
    );
    expect(requireText('  Naryn ', 'input.title')).toBe('Naryn');
  });
});

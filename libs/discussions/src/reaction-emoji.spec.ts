import { canonicalEmoji } from './reaction-emoji';

const RGI_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');

describe('canonicalEmoji', () => {
  it('writes each emoji one way, however it was sent: VS16 after text-default characters only', () => {
    for (const [sent, stored] of [
      ['👍', '👍'],
      ['👍\ufe0f', '👍'],
      ['❤', '❤️'],
      ['❤\ufe0f', '❤️'],
      ['©', '©️'],
      ['©\ufe0f', '©️'],
      ['#\u20e3', '#️⃣'],
      ['#\ufe0f\u20e3', '#️⃣'],
      ['☝🏻', '☝🏻'],
      ['👍🏽', '👍🏽'],
      ['🇰🇬', '🇰🇬'],
      ['🏴󠁧󠁢󠁳󠁣󠁴󠁿', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'],
      ['🏳\u200d🌈', '🏳️‍🌈'],
      ['👁\u200d🗨', '👁️‍🗨️'],
      ['❤\u200d🔥', '❤️‍🔥'],
      ['🏌🏻\u200d♂', '🏌🏻‍♂️'],
      ['👩‍👩‍👧', '👩‍👩‍👧'],
      ['🧑🏽‍🤝‍🧑🏻', '🧑🏽‍🤝‍🧑🏻'],
    ])
      expect({ sent, stored: canonicalEmoji(sent) }).toEqual({ sent, stored });
  });

  it('stores the form Unicode recommends for every emoji it lists, from any spelling of it', () => {
    for (const emoji of ['😀', '❤️', '☺️', '✌🏿', '#️⃣', '9️⃣', '🏳️‍⚧️', '🐻‍❄️', '😶‍🌫️', '👨‍⚕️', '🇺🇳']) {
      expect(RGI_EMOJI.test(emoji)).toBe(true);
      expect(canonicalEmoji(emoji)).toBe(emoji);
      expect(canonicalEmoji(emoji.replaceAll('\ufe0f', ''))).toBe(emoji);
    }
  });

  it('takes emoji newer than the server’s Unicode data as they are', () => {
    // U+1FAFA is a pictograph Unicode keeps for emoji (not yet assigned in Unicode 17).
    expect(canonicalEmoji('\u{1fafa}')).toBe('\u{1fafa}');
    expect(canonicalEmoji('\u{1fafa}\ufe0f')).toBe('\u{1fafa}');
  });

  it('refuses what could only look like another emoji, or is none', () => {
    for (const sent of [
      '👍\ufe0f\ufe0f',
      '👍\u200d',
      '👍\u200d\u200d',
      '\u200d👍',
      '👍\ufe0f\u200d',
      '👍\u200d\u200d👍',
      '👍🏻🏻',
      '☝\ufe0f🏻',
      '🍕🏻',
      '#\ufe0f\u20e3\u20e3',
      '\u20e3',
      '\ufe0f',
      '👍\u20e3',
      '👍\ufe0e',
      '🏴\u{e0041}\u{e007f}',
      '👍\u{e0067}\u{e007f}',
      '#',
      '7\ufe0f',
      '123',
      '👍👍',
      '🇰🇬🇰',
      '<b>',
      'a',
      '',
      '👍\u0000',
      '\ud83d',
      // Fits in 32 characters as sent, not once each ☝ takes its VS16.
      '☝\u200d'.repeat(15) + '☝',
    ])
      expect({ sent, stored: canonicalEmoji(sent) }).toEqual({ sent, stored: null });
  });
});

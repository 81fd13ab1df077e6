/** The longest reaction emoji, as sent and as stored, in characters (UTF-16 code units). */
export const MAX_EMOJI_LENGTH = 32;

const ZWJ = '\u200d';
const VS16 = '\ufe0f';
const KEYCAP = '\u20e3';
/** A character that shows as an emoji, or a pictograph Unicode keeps for emoji still to come. */
const PICTOGRAPH = /^[\p{Emoji}\p{Extended_Pictographic}]$/u;
/** Shown as text unless VS16 follows it (©, ❤, ☝…); newer emoji show as emoji by default. */
const TEXT_BY_DEFAULT = /^(?!\p{Emoji_Presentation})\p{Emoji}$/u;
const KEYCAP_BASE = /^[0-9#*]$/;
const MODIFIER = /^\p{Emoji_Modifier}$/u;
const MODIFIER_BASE = /^\p{Emoji_Modifier_Base}$/u;
const REGIONAL_INDICATOR = /^\p{Regional_Indicator}$/u;
/**
 * Tags show nothing, so only the flags Unicode names with them are taken (England, Scotland, Wales).
 * Built from a string: the `v` flag this property needs is newer than the ES2022 the sources target.
 */
const TAG_FLAG = new RegExp('^\\p{RGI_Emoji_Tag_Sequence}$', 'v');
const GRAPHEMES = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * One emoji in the one form it is stored and counted in, or null when `value` is not exactly one
 * well-formed emoji. Senders differ in how they write the same emoji ("❤" or "❤️", "👍" or "👍️"), so
 * each is stored fully qualified, as Unicode lists it: VS16 (U+FE0F) after each character shown as text
 * by default (except before a skin tone, and always in a keycap), and after no other. Anything that
 * could only look like another emoji while counting apart is refused: a repeated VS16 or skin tone, a
 * leading, trailing or doubled ZWJ, a keycap mark without 0–9, # or * before it, a skin tone on
 * something that takes none, tags outside a flag, a lone digit, # or *, and more than one symbol.
 */
export function canonicalEmoji(value: string): string | null {
  if (value.length === 0 || value.length > MAX_EMOJI_LENGTH) return null;
  const parts = value.split(ZWJ).map(canonicalPart);
  if (parts.some((part) => part === null)) return null;
  const emoji = parts.join(ZWJ);
  if (emoji.length > MAX_EMOJI_LENGTH || [...GRAPHEMES.segment(emoji)].length !== 1) return null;
  return emoji;
}

/** One element of a ZWJ sequence (the whole emoji when there is no ZWJ), fully qualified. */
function canonicalPart(part: string): string | null {
  const [base, ...rest] = [...part];
  if (base === undefined || !PICTOGRAPH.test(base)) return null;
  if (REGIONAL_INDICATOR.test(base) && rest.length === 1 && REGIONAL_INDICATOR.test(rest[0])) return part;
  const marks = rest.join('');
  if (KEYCAP_BASE.test(base))
    return marks === KEYCAP || marks === VS16 + KEYCAP ? base + VS16 + KEYCAP : null;
  if (marks === '' || marks === VS16) return TEXT_BY_DEFAULT.test(base) ? base + VS16 : base;
  if (rest.length === 1 && MODIFIER.test(marks)) return MODIFIER_BASE.test(base) ? part : null;
  return TAG_FLAG.test(part) ? part : null;
}

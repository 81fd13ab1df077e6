import { hasBidiControls, INVISIBLE_CHARACTER } from '@ashar/errors';
import { ValidateBy } from 'class-validator';

/**
 * The zero-width (non-)joiner is part of how some words and emoji are written ("👩‍💻", Persian "می‌خواهم"):
 * allowed between two visible characters, refused anywhere else (at either end, next to a space).
 */
const JOINER = /[\u200c\u200d]/u;
const STRAY_JOINER = /(?<![\p{L}\p{M}\p{N}\p{S}])[\u200c\u200d]|[\u200c\u200d](?![\p{L}\p{M}\p{N}\p{S}])/u;

/**
 * Variation selectors and emoji tags right after a visible character: they choose how it is drawn (the
 * emoji "❤️", a Mongolian letter's form, the flag of Scotland), so they belong to the name.
 */
const SELECTORS_IN_PLACE = /(?<=[\p{L}\p{M}\p{N}\p{S}\p{P}])[\p{Variation_Selector}\u{e0020}-\u{e007f}]+/gu;

/**
 * What a name shown to others must not hold: the characters that show nothing (INVISIBLE_CHARACTER,
 * the one definition `isBlank` reads too): C0 and C1 controls (a line break would start a new line in
 * the mails that greet or name the person) and the invisible marks that make a name look like another
 * one or like nothing (direction marks, zero-width spaces, soft hyphens, Hangul fillers, the blank
 * braille pattern…). Joiners and selectors in place are part of the name; the embeddings, overrides and
 * isolates are `noBidiControls`' to report.
 */
const hidden = (character: string): boolean =>
  INVISIBLE_CHARACTER.test(character) && !JOINER.test(character) && !hasBidiControls(character);

/** Whether `name` is free of control characters and of stray invisible ones. */
export const isVisibleName = (name: string): boolean =>
  !STRAY_JOINER.test(name) && ![...name.replace(SELECTORS_IN_PLACE, '')].some(hidden);

/** A display name without control or invisible characters (`noInvisibleCharacters`). */
export function HasNoInvisibleCharacters(): PropertyDecorator {
  return ValidateBy({
    name: 'noInvisibleCharacters',
    validator: { validate: (value: unknown) => typeof value !== 'string' || isVisibleName(value) },
  });
}

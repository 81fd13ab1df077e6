import { ValidateBy } from 'class-validator';

/**
 * What a name shown to others must not hold: C0 and C1 controls (a line break would start a new line
 * in the mails that greet or name the person) and the invisible marks that make a name look like
 * another one or like nothing: direction marks (U+200E, U+200F, U+061C), the zero-width space
 * (U+200B), the word joiner (U+2060) and the byte-order mark (U+FEFF). The embeddings, overrides and
 * isolates are `noBidiControls`' to report.
 */
const INVISIBLE = /[\p{Cc}\u061c\u200b\u200e\u200f\u2060\ufeff]/u;

/**
 * The zero-width (non-)joiner is part of how some words and emoji are written ("👩‍💻", Persian "می‌خواهم"):
 * allowed between two visible characters, refused anywhere else (at either end, next to a space).
 */
const STRAY_JOINER = /(?<![\p{L}\p{M}\p{N}\p{S}])[\u200c\u200d]|[\u200c\u200d](?![\p{L}\p{M}\p{N}\p{S}])/u;

/** Whether `name` is free of control characters and of stray invisible ones. */
export const isVisibleName = (name: string): boolean => !INVISIBLE.test(name) && !STRAY_JOINER.test(name);

/** A display name without control or invisible characters (`noInvisibleCharacters`). */
export function HasNoInvisibleCharacters(): PropertyDecorator {
  return ValidateBy({
    name: 'noInvisibleCharacters',
    validator: { validate: (value: unknown) => typeof value !== 'string' || isVisibleName(value) },
  });
}

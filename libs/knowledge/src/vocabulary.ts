import { hasKey, t, type Locale } from '@ashar/i18n';

/**
 * Approaches and result units are open vocabularies: a case study may bring any tag or unit. The ones
 * in use have labels in i18n (`knowledge:approaches.<key>`, `knowledge:units.<unit>` with plural
 * forms); any other reads as entered, a tag written as a slug (`peer-support`) as its words.
 */
export function approachLabel(locale: Locale, key: string): string {
  const i18nKey = `knowledge:approaches.${key}`;
  if (lookupable(key) && hasKey(locale, i18nKey)) return t(locale, i18nKey);
  return /^[a-z0-9]+(-[a-z0-9]+)+$/.test(key) ? key.replace(/-/g, ' ') : key;
}

/** A result's unit in the reader's language, in the plural form `count` takes there ("3 школы"). */
export function unitLabel(locale: Locale, unit: string, count: number): string {
  const i18nKey = `knowledge:units.${unit}`;
  if (lookupable(unit) && hasKey(locale, `${i18nKey}_other`)) return t(locale, i18nKey, { count });
  return unit;
}

/** i18next reads '.' and ':' in a key as separators: such a tag or unit cannot have a label. */
const lookupable = (key: string): boolean => !/[.:]/.test(key) && key.trim() === key && key !== '';

import type { Locale } from './locales';

export interface Translated {
  locale: Locale;
}

export interface ServedTranslation<T extends Translated> {
  /** The translation served: the requested locale when it exists, else the original. */
  translation: T;
  availableLocales: Locale[];
}

/**
 * Chooses which translation of a record to serve: the requested locale if it exists, else the
 * record's original locale, else (defensively) the first one there is. Never mixes languages.
 */
export function serveTranslation<T extends Translated>(
  translations: readonly T[],
  requested: Locale,
  originalLocale: Locale,
): ServedTranslation<T> | undefined {
  if (translations.length === 0) return undefined;
  const translation =
    translations.find((tr) => tr.locale === requested) ??
    translations.find((tr) => tr.locale === originalLocale) ??
    translations[0];
  return { translation, availableLocales: translations.map((tr) => tr.locale).sort() };
}

import { languageNameInSentence } from './format';

export const LOCALES = ['en', 'ru', 'es', 'nl'] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language named in itself, so people find theirs whatever the page is shown in. */
export const ENDONYMS: Record<Locale, string> = {
  en: 'English',
  ru: 'Русский',
  es: 'Español',
  nl: 'Nederlands',
};

const STORAGE_KEY = 'ashar.lang';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * A language's name inside a sentence of the page's language ("inglés" on a Spanish page, "Russisch" on
 * a Dutch one), where the browser knows it; else its own name.
 */
export function languageInSentence(code: string, pageLocale: string): string {
  return languageNameInSentence(code, pageLocale) ?? endonym(code);
}

/** A language code as the language's own name ("Русский"), or the code itself when it is not one of ours. */
export function endonym(code: string): string {
  return isLocale(code) ? ENDONYMS[code] : code;
}

function fromTag(tag: string | null | undefined): Locale | undefined {
  const primary = tag?.trim().toLowerCase().split('-')[0];
  return isLocale(primary) ? primary : undefined;
}

export function rememberedLocale(): Locale | undefined {
  try {
    return fromTag(localStorage.getItem(STORAGE_KEY));
  } catch {
    return undefined;
  }
}

export function rememberLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private browsing may refuse storage; the URL still carries the choice.
  }
}

/** The language in a link (`?lang=ru`) wins, so a shared link opens in the sender's language. */
export function urlLocale(search: string = window.location.search): Locale | undefined {
  return fromTag(new URLSearchParams(search).get('lang'));
}

/** URL, then the remembered choice, then the browser's preferences, then English. */
export function initialLocale(): Locale {
  const fromBrowser = (navigator.languages ?? [navigator.language]).map(fromTag).find(Boolean);
  return urlLocale() ?? rememberedLocale() ?? fromBrowser ?? 'en';
}

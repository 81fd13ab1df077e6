import type { InitOptions } from 'i18next';

export const NAMESPACES = ['web', 'common'] as const;

/**
 * How the web client's i18next is set up (shared with the unit tests). Counts are written
 * `{{count, number}}` in the strings: i18next's built-in formatter then writes them with
 * Intl.NumberFormat in the language the text is in ("1,234", "1 234", "1.234").
 */
export const I18N_OPTIONS: InitOptions = {
  fallbackLng: false,
  supportedLngs: ['en', 'ru', 'es', 'nl'],
  ns: [...NAMESPACES],
  defaultNS: 'web',
  partialBundledLanguages: true,
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
  react: { useSuspense: false },
};

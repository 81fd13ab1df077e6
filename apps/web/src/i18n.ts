import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { rememberLocale, type Locale } from './language';

type Resource = Record<string, unknown>;

// One chunk per language and namespace: a phone downloads only the language it shows.
const files = import.meta.glob<Resource>('../../../libs/i18n/src/locales/*/{common,web}.json', {
  import: 'default',
});
const NAMESPACES = ['web', 'common'] as const;

async function loadLanguage(locale: Locale): Promise<void> {
  await Promise.all(
    NAMESPACES.map(async (ns) => {
      if (i18next.hasResourceBundle(locale, ns)) return;
      const load = files[`../../../libs/i18n/src/locales/${locale}/${ns}.json`];
      i18next.addResourceBundle(locale, ns, await load());
    }),
  );
}

function applyToDocument(locale: Locale): void {
  document.documentElement.lang = locale;
  document.title = i18next.t('web:appTitle');
}

export async function startI18n(locale: Locale): Promise<void> {
  await i18next.use(initReactI18next).init({
    lng: locale,
    fallbackLng: false,
    supportedLngs: ['en', 'ru', 'es', 'nl'],
    ns: [...NAMESPACES],
    defaultNS: 'web',
    resources: {},
    partialBundledLanguages: true,
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
    react: { useSuspense: false },
  });
  await loadLanguage(locale);
  await i18next.changeLanguage(locale);
  applyToDocument(locale);
}

export async function switchLanguage(locale: Locale): Promise<void> {
  rememberLocale(locale);
  await loadLanguage(locale);
  await i18next.changeLanguage(locale);
  applyToDocument(locale);
}

export function currentLocale(): Locale {
  return i18next.language as Locale;
}

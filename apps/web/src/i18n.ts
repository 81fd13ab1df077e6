import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { I18N_OPTIONS, NAMESPACES } from './i18n-options';
import { rememberLocale, type Locale } from './language';

type Resource = Record<string, unknown>;

// One chunk per language and namespace: a phone downloads only the language it shows.
const files = import.meta.glob<Resource>('../../../libs/i18n/src/locales/*/{common,web}.json', {
  import: 'default',
});

async function loadLanguage(locale: Locale): Promise<void> {
  await Promise.all(
    NAMESPACES.map(async (ns) => {
      if (i18next.hasResourceBundle(locale, ns)) return;
      const load = files[`../../../libs/i18n/src/locales/${locale}/${ns}.json`];
      i18next.addResourceBundle(locale, ns, await load());
    }),
  );
}

// The title is each page's (usePageTitle), in the language shown.
function applyToDocument(locale: Locale): void {
  document.documentElement.lang = locale;
}

export async function startI18n(locale: Locale): Promise<void> {
  await i18next.use(initReactI18next).init({ ...I18N_OPTIONS, lng: locale, resources: {} });
  await loadLanguage(locale);
  await i18next.changeLanguage(locale);
  applyToDocument(locale);
  document.title = i18next.t('web:appTitle');
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

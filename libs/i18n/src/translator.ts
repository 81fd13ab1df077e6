import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n as I18n, type Resource } from 'i18next';
import { DEFAULT_LOCALE, LOCALES, type Locale } from './locales';

export const LOCALES_DIR = join(__dirname, 'locales');

/** Reads every namespace file (locales/<lng>/<namespace>.json) of the four languages. */
export function loadResources(dir = LOCALES_DIR): Resource {
  const resources: Resource = {};
  for (const lng of LOCALES) {
    resources[lng] = {};
    for (const file of readdirSync(join(dir, lng)).filter((f) => f.endsWith('.json'))) {
      resources[lng][file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(dir, lng, file), 'utf8'));
    }
  }
  return resources;
}

let instance: I18n | undefined;

function translator(): I18n {
  if (!instance) {
    const resources = loadResources();
    instance = i18next.createInstance();
    void instance.init({
      resources,
      lng: DEFAULT_LOCALE,
      fallbackLng: DEFAULT_LOCALE,
      supportedLngs: [...LOCALES],
      ns: Object.keys(resources[DEFAULT_LOCALE]),
      defaultNS: 'common',
      interpolation: { escapeValue: false },
      initAsync: false,
      returnNull: false,
      showSupportNotice: false,
    });
  }
  return instance;
}

/** Translates `namespace:key` (or a `common` key) into the given locale. */
export function t(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  return translator().getFixedT(locale)(key, params) as string;
}

export function hasKey(locale: Locale, key: string): boolean {
  return translator().exists(key, { lng: locale, fallbackLng: false });
}

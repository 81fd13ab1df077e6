import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type Resource } from 'i18next';
import { I18N_OPTIONS } from '../i18n-options';

type Tree = { [key: string]: string | Tree };
// The files the web client bundles (see i18n.ts), read as they are on disk.
const LOCALES_DIR = join(__dirname, '..', '..', '..', '..', 'libs', 'i18n', 'src', 'locales');
const WEB: Record<string, Tree> = Object.fromEntries(
  ['en', 'ru', 'es', 'nl'].map((lng) => [
    lng,
    JSON.parse(readFileSync(join(LOCALES_DIR, lng, 'web.json'), 'utf8')) as Tree,
  ]),
);

function entries(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' ? entries(value, `${prefix}${key}.`) : [[`${prefix}${key}`, value]],
  );
}

async function translator() {
  const resources: Resource = Object.fromEntries(Object.entries(WEB).map(([lng, web]) => [lng, { web }]));
  const instance = i18next.createInstance();
  await instance.init({ ...I18N_OPTIONS, lng: 'en', resources, partialBundledLanguages: false });
  return instance;
}

describe("the web client's strings", () => {
  it('write counts in the number format of the language shown', async () => {
    const i18n = await translator();
    expect(i18n.t('search.foundAtLeast', { count: 1000, query: 'water' })).toBe(
      'At least 1,000 results for “water”, best first',
    );
    const ruNumber = new Intl.NumberFormat('ru').format(1234); // "1 234", with a no-break space
    expect(i18n.t('search.found', { lng: 'ru', count: 1234, query: 'вода' })).toBe(
      `${ruNumber} результата по запросу «вода»`,
    );
    expect(i18n.t('search.found', { lng: 'ru', count: 65, query: 'вода' })).toBe(
      '65 результатов по запросу «вода»',
    );
    expect(i18n.t('directory.found', { lng: 'nl', count: 1234 })).toContain('1.234');
    expect(i18n.t('events.spotsLeft', { lng: 'es', count: 1500, capacity: 20000 })).toContain('20.000');
  });

  it('count translation tasks in the Russian plural forms', async () => {
    const i18n = await translator();
    expect(i18n.t('translations.count', { lng: 'ru', count: 1 })).toBe('1 текст нужно перевести');
    expect(i18n.t('translations.count', { lng: 'ru', count: 3 })).toBe('3 текста нужно перевести');
    expect(i18n.t('translations.count', { lng: 'ru', count: 11 })).toBe('11 текстов нужно перевести');
    expect(i18n.t('translateItems.saved', { lng: 'ru', count: 21 })).toBe('Сохранён 21 перевод.');
    expect(i18n.t('translations.count', { lng: 'en', count: 2 })).toBe('2 texts to translate');
  });

  it('format every count they show', () => {
    const unformatted = Object.entries(WEB).flatMap(([lng, web]) =>
      entries(web)
        .filter(([, text]) => /\{\{\s*(count|capacity)\s*\}\}/.test(text))
        .map(([key]) => `${lng}:${key}`),
    );
    expect(unformatted).toEqual([]);
  });
});

import { LOCALES, negotiateLocale } from './locales';
import { loadResources, t } from './translator';

type Tree = { [key: string]: string | Tree };

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' ? flatten(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

const resources = loadResources() as unknown as Record<string, Record<string, Tree>>;
const keysOf = (lng: string) =>
  Object.entries(resources[lng]).flatMap(([ns, tree]) => flatten(tree).map((key) => `${ns}:${key}`));

describe('locale resources', () => {
  const english = new Set(keysOf('en').map((key) => key.replace(PLURAL_SUFFIX, '')));

  it.each(LOCALES)('%s has every namespace and key the others have', (lng) => {
    const own = new Set(keysOf(lng).map((key) => key.replace(PLURAL_SUFFIX, '')));
    for (const other of LOCALES) {
      const theirs = new Set(keysOf(other).map((key) => key.replace(PLURAL_SUFFIX, '')));
      expect([...theirs].filter((key) => !own.has(key))).toEqual([]);
    }
    expect(own.size).toBe(english.size);
  });

  it.each(LOCALES)('%s has every plural form its language needs (Russian: one, few, many)', (lng) => {
    const categories = new Intl.PluralRules(lng).resolvedOptions().pluralCategories;
    const keys = keysOf(lng);
    const pluralBases = new Set(
      LOCALES.flatMap((other) => keysOf(other).filter((key) => PLURAL_SUFFIX.test(key))).map((key) =>
        key.replace(PLURAL_SUFFIX, ''),
      ),
    );
    const missing = [...pluralBases].flatMap((base) =>
      categories
        .filter((category) => !keys.includes(`${base}_${category}`))
        .map((category) => `${base}_${category}`),
    );
    expect(missing).toEqual([]);
    if (lng === 'ru') expect(categories).toEqual(expect.arrayContaining(['one', 'few', 'many']));
  });

  it('no translation is empty', () => {
    for (const lng of LOCALES) {
      const empty = Object.entries(resources[lng]).flatMap(([ns, tree]) =>
        flatten(tree)
          .filter((key) => {
            const value = key.split('.').reduce<Tree | string>((node, part) => (node as Tree)[part], tree);
            return typeof value !== 'string' || value.trim() === '';
          })
          .map((key) => `${lng}/${ns}:${key}`),
      );
      expect(empty).toEqual([]);
    }
  });

  it('uses the Russian plural forms for 1, 3 and 5', () => {
    expect(t('ru', 'errors:RATE_LIMITED', { count: 1 })).toContain('1 секунду');
    expect(t('ru', 'errors:RATE_LIMITED', { count: 3 })).toContain('3 секунды');
    expect(t('ru', 'errors:RATE_LIMITED', { count: 5 })).toContain('5 секунд.');
    expect(t('ru', 'errors:rateLimitedMinutes', { count: 21 })).toContain('21 минуту.');
    expect(t('ru', 'errors:rateLimitedHours', { count: 2 })).toContain('2 часа.');
  });

  it('writes numbers as each language does', () => {
    expect(t('ru', 'discussions:errors.messageTooLong', { max: 10000 })).toContain(
      'не более 10\u00a0000 символов',
    );
    expect(t('nl', 'validation:maxLength', { count: 10000 })).toContain('hoogstens 10.000 tekens');
    expect(t('es', 'validation:maxLength', { count: 10000 })).toContain('10.000 caracteres');
    expect(t('en', 'validation:maxLength', { count: 10000 })).toContain('10,000 characters');
  });
});

describe('negotiateLocale', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['ru-KG,ru;q=0.9,en;q=0.8', 'ru'],
    ['de-DE,nl;q=0.7,en;q=0.5', 'nl'],
    ['en;q=0.2, es-PE;q=0.9', 'es'],
    ['fr, de', 'en'],
    ['*', 'en'],
    ['ru;q=0', 'en'],
    ['garbage;;;q=abc,,', 'en'],
  ])('%p → %p', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });
});

import { capitalizeFirst, languageNameInSentence } from '../format';

describe('capitalizeFirst', () => {
  it('raises only the first letter of a month heading', () => {
    const january = (locale: string) =>
      new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(Date.UTC(2027, 0, 1)),
      );
    expect(capitalizeFirst(january('ru'), 'ru')).toBe('Январь 2027 г.');
    expect(capitalizeFirst(january('es'), 'es')).toBe('Enero de 2027');
    expect(capitalizeFirst(january('nl'), 'nl')).toBe('Januari 2027');
    expect(capitalizeFirst(january('en'), 'en')).toBe('January 2027');
    expect(capitalizeFirst('', 'en')).toBe('');
  });
});

describe('languageNameInSentence', () => {
  it('writes language names as each language does inside a sentence', () => {
    expect(languageNameInSentence('en', 'es')).toBe('inglés');
    expect(languageNameInSentence('ru', 'ru')).toBe('русский');
    expect(languageNameInSentence('es', 'en')).toBe('Spanish');
    // Dutch writes language names with a capital, in a sentence too.
    expect(languageNameInSentence('en', 'nl')).toBe('Engels');
  });
});

import { capitalizeFirst, formatDayTime, languageNameInSentence, daysSpanned } from '../format';

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

describe('daysSpanned', () => {
  it('lists every calendar day an event touches, in the viewer’s time zone', () => {
    expect(daysSpanned('2027-01-11T03:00:00Z', '2027-01-12T10:00:00Z', 'UTC')).toEqual([
      '2027-01-11',
      '2027-01-12',
    ]);
    // 03:00 UTC is still the 10th in Lima.
    expect(daysSpanned('2027-01-11T03:00:00Z', '2027-01-12T10:00:00Z', 'America/Lima')).toEqual([
      '2027-01-10',
      '2027-01-11',
      '2027-01-12',
    ]);
    expect(daysSpanned('2027-01-11T09:00:00Z', '2027-01-11T17:00:00Z', 'UTC')).toEqual(['2027-01-11']);
    // Ending at midnight sharp does not reach into the next day.
    expect(daysSpanned('2027-01-11T20:00:00Z', '2027-01-12T00:00:00Z', 'UTC')).toEqual(['2027-01-11']);
    // Across the spring clock change in Amsterdam, no day is skipped.
    expect(daysSpanned('2027-03-27T22:30:00Z', '2027-03-30T08:00:00Z', 'Europe/Amsterdam')).toEqual([
      '2027-03-27',
      '2027-03-28',
      '2027-03-29',
      '2027-03-30',
    ]);
    expect(daysSpanned('2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z', 'UTC')).toHaveLength(62);
  });
});

describe('formatDayTime', () => {
  it('writes the time as the start beside it is written, with its leading zero where the language has one', () => {
    const end = '2027-01-12T05:00:00Z';
    expect(formatDayTime(end, 'nl', 'UTC')).toBe('12 jan, 05:00');
    expect(formatDayTime(end, 'ru', 'UTC')).toBe('12 янв., 05:00');
    expect(formatDayTime(end, 'en', 'UTC')).toBe('Jan 12, 5:00 AM');
  });
});

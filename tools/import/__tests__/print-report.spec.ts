import { t } from '@ashar/i18n';
import type { ImportReportShape } from '@ashar/knowledge';
import { main, printReport, took } from '../import';

/** A report of `failed` failed records, each with one problem. */
const reportOf = (failed: number): ImportReportShape => ({
  created: 0,
  updated: 0,
  failed: Array.from({ length: failed }, (_, index) => ({
    index,
    slug: `broken-${index}`,
    errors: [{ path: `/caseStudies/${index}/slug`, message: 'x' }],
  })),
});

describe('the import command-line report', () => {
  let lines: string[];
  beforeEach(() => {
    lines = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  });
  afterEach(() => jest.restoreAllMocks());

  it("says how many more records failed than it lists, in the reader's language and plural form", () => {
    printReport(reportOf(53), 'ru');
    expect(lines.at(-1)).toBe('\n… и ещё 3 записи с ошибками');
    printReport(reportOf(51), 'ru');
    expect(lines.at(-1)).toBe('\n… и ещё 1 запись с ошибками');
    printReport(reportOf(55), 'ru');
    expect(lines.at(-1)).toBe('\n… и ещё 5 записей с ошибками');
    printReport(reportOf(52), 'es', 50);
    expect(lines.at(-1)).toBe('\n… y 2 registros más con errores');
    printReport(reportOf(51), 'en', 50);
    expect(lines.at(-1)).toBe('\n… 1 more failed record');
    printReport(reportOf(1_050), 'nl', 50);
    expect(lines.at(-1)).toBe('\n… en nog 1.000 mislukte records');
    expect(lines.join('\n')).not.toMatch(/ more$/m);
  });

  it('lists every failure when there are no more than it shows', () => {
    printReport(reportOf(2), 'en');
    expect(lines).toEqual([
      t('en', 'knowledge:import.summary', { created: 0, updated: 0, failed: 2 }),
      '\n#0 broken-0',
      '  /caseStudies/0/slug: x',
      '\n#1 broken-1',
      '  /caseStudies/1/slug: x',
    ]);
  });

  it('draws the progress bar with the words of each language around the fields cli-progress fills in', () => {
    expect(t('ru', 'knowledge:import.progress', { count: 5 })).toBe(
      'импорт [{bar}] {percentage}% | {value} из {total} описаний проектов | {duration} с',
    );
    expect(t('en', 'knowledge:import.progress', { count: 1 })).toBe(
      'importing [{bar}] {percentage}% | {value}/{total} case study | {duration}s',
    );
    for (const locale of ['en', 'ru', 'es', 'nl'] as const)
      for (const count of [1, 2, 5, 21])
        for (const field of ['{bar}', '{percentage}', '{value}', '{total}', '{duration}'])
          expect(t(locale, 'knowledge:import.progress', { count })).toContain(field);
  });

  it('says how long it took, and how to use it, in the language --lang names', async () => {
    expect(took(1_512, 'ru')).toBe('Заняло 1,5 с.');
    expect(took(12_049, 'en')).toBe('Took 12.0 s.');
    const errors: string[] = [];
    jest.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    expect(await main(['--help', '--lang', 'nl'])).toBe(0);
    expect(errors.pop()).toBe(t('nl', 'knowledge:import.usage'));
    expect(await main([])).toBe(1);
    expect(errors.pop()).toMatch(/^Usage: npm run import -- <file.json>/);
    expect(await main(['file.json', '--lang', 'de'])).toBe(1);
    expect(errors.pop()).toBe(t('en', 'knowledge:errors.unknownLanguage', { value: 'de' }));
    expect(await main(['no-such-file.json', '--lang', 'es'])).toBe(1);
    expect(errors.pop()).toBe(t('es', 'knowledge:errors.fileNotFound', { file: 'no-such-file.json' }));
  });
});

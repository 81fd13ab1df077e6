import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccountsService, Role, TokenService } from '@ashar/accounts';
import { startTestApp, type TestApp } from '@ashar/transport/testing';
import { DataSource } from 'typeorm';
import { IMPORT_DOCUMENT_SCHEMA } from '../import/case-study-import.schema';
import { AppError, translateError } from '@ashar/errors';
import { t as tr } from '@ashar/i18n';
import { CaseStudyImportService } from '../import/case-study-import.service';
import { parseImportDocument } from '../import/import-validator';
import { THEME_KEYS } from '../themes';
import { KNOWLEDGE_TEST_MODULES, makePeople, sampleCaseStudy, type People } from './knowledge-fixtures';

const IMPORT = `mutation ($document: JSON!, $dryRun: Boolean = false) { importCaseStudies(document: $document, dryRun: $dryRun) { created updated failed { index slug errors { path message } } } }`;

interface Report {
  created: number;
  updated: number;
  failed: { index: number; slug: string | null; errors: { path: string; message: string }[] }[];
}

describe('bulk import of case studies', () => {
  let t: TestApp;
  let p: People;
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await t.app.get(CaseStudyImportService)['db'].query(sql, params))[0].count);

  beforeAll(async () => {
    t = await startTestApp(KNOWLEDGE_TEST_MODULES);
    p = await makePeople(t);
  });
  afterAll(() => t.close());

  it('creates records, then updates them on a second import without duplicating anything', async () => {
    const document = {
      caseStudies: [
        sampleCaseStudy('import-one'),
        sampleCaseStudy('import-two', { countries: ['KG', 'TJ'] }),
      ],
    };
    const first = await t.gql<{ importCaseStudies: Report }>(IMPORT, { document }, { token: p.admin.token });
    expect(first.errors).toBeUndefined();
    expect(first.data?.importCaseStudies).toEqual({ created: 2, updated: 0, failed: [] });
    const ids = await t.app.get(CaseStudyImportService)['db'].query(`SELECT id FROM lesson ORDER BY id`);

    const changed = {
      caseStudies: [
        sampleCaseStudy('import-one', {
          region: 'Puno',
          translations: { en: { title: 'A new title', summary: 'A summary.', body: 'A **body**.' } },
        }),
        sampleCaseStudy('import-two', { countries: ['KG', 'TJ'] }),
      ],
    };
    const second = await t.gql<{ importCaseStudies: Report }>(
      IMPORT,
      { document: changed },
      { token: p.admin.token },
    );
    expect(second.data?.importCaseStudies).toEqual({ created: 0, updated: 2, failed: [] });

    expect(await count(`SELECT count(*) FROM case_study WHERE slug LIKE 'import-%'`)).toBe(2);
    expect(
      await count(
        `SELECT count(*) FROM case_study_translation t JOIN case_study c ON c.id = t.case_study_id WHERE c.slug LIKE 'import-%'`,
      ),
    ).toBe(2);
    expect(await count(`SELECT count(*) FROM result_indicator`)).toBe(2);
    expect(await count(`SELECT count(*) FROM case_study_organisation`)).toBe(4);
    expect(
      await count(`SELECT sum(cardinality(countries)) AS count FROM case_study WHERE slug LIKE 'import-%'`),
    ).toBe(3);
    // Organisations are matched by name, not created again.
    expect(
      await count(
        `SELECT count(*) FROM organisation WHERE name IN ('Fund For Tests', 'Highland Implementers')`,
      ),
    ).toBe(2);
    // Lessons keep their identity, so links to them survive a re-import.
    expect(await t.app.get(CaseStudyImportService)['db'].query(`SELECT id FROM lesson ORDER BY id`)).toEqual(
      ids,
    );

    const read = await t.gql<{ caseStudy: { title: string; region: string; version: number } }>(
      `{ caseStudy(slug: "import-one") { title region version } }`,
    );
    expect(read.data?.caseStudy).toEqual({ title: 'A new title', region: 'Puno', version: 2 });
    const untouched = await t.gql<{ caseStudy: { version: number } }>(
      `{ caseStudy(slug: "import-two") { version } }`,
    );
    expect(untouched.data?.caseStudy.version).toBe(1);
  });

  it('reports a bad record with its index, slug and JSON paths, writes nothing of it, and imports the rest', async () => {
    const bad = sampleCaseStudy('import-bad', {
      themes: ['community-driven-development', 'astrology'],
      countries: ['PE', 'QQ', 'kg'],
      translations: { en: { summary: 'no title here' } },
      period: { start: 2005, end: 1999 },
    });
    const document = {
      caseStudies: [
        sampleCaseStudy('import-good-a'),
        bad,
        sampleCaseStudy('import-good-b'),
        {
          slug: 'import-typed',
          originalLocale: 'en',
          translations: { en: { title: 'T' } },
          reach: { people: 'many' },
        },
        sampleCaseStudy('import-good-a'),
      ],
    };
    const result = await t.gql<{ importCaseStudies: Report }>(
      IMPORT,
      { document },
      { token: p.admin.token, lang: 'en' },
    );
    const report = result.data!.importCaseStudies;
    expect(report.created).toBe(2);
    expect(report.failed.map((f) => [f.index, f.slug])).toEqual([
      [1, 'import-bad'],
      [3, 'import-typed'],
      [4, 'import-good-a'],
    ]);
    expect(report.failed[0].errors).toEqual(
      expect.arrayContaining([
        { path: '/caseStudies/1/themes/1', message: '"astrology" is not a theme key' },
        { path: '/caseStudies/1/translations/en/title', message: '"title" is required' },
        { path: '/caseStudies/1/countries/1', message: '"QQ" is not a known country code' },
        // A wrong form is told which form is right.
        {
          path: '/caseStudies/1/countries/2',
          message: 'must be a country code of two capital letters, such as KG',
        },
      ]),
    );
    expect(report.failed[1].errors).toEqual([
      { path: '/caseStudies/3/reach/people', message: 'must be of type integer' },
    ]);
    expect(report.failed[2].errors).toEqual([
      { path: '/caseStudies/4/slug', message: 'the slug already appears at index 0 of this document' },
    ]);
    expect(await count(`SELECT count(*) FROM case_study WHERE slug IN ('import-bad', 'import-typed')`)).toBe(
      0,
    );
  });

  it('checks what a schema cannot: countries and currencies that exist, the original text, the period order', async () => {
    const report = await t.app.get(CaseStudyImportService).import(
      {
        caseStudies: [
          sampleCaseStudy('import-rules', {
            countries: ['PE', 'QQ'],
            originalLocale: 'ru',
            period: { start: 2005, end: 1999 },
            funding: { amount: 1000, currency: 'ZZZ' },
          }),
        ],
      },
      { actorId: null, locale: 'ru' },
    );
    expect(report.failed[0].errors).toEqual([
      { path: '/caseStudies/0/translations/ru', message: 'для исходного языка «ru» нет текста' },
      { path: '/caseStudies/0/period/end', message: 'год окончания раньше года начала' },
      { path: '/caseStudies/0/results/0/translations/ru', message: 'для исходного языка «ru» нет текста' },
      { path: '/caseStudies/0/lessons/0/translations/ru', message: 'для исходного языка «ru» нет текста' },
      { path: '/caseStudies/0/countries/1', message: '«QQ» не является известным кодом страны' },
      {
        path: '/caseStudies/0/funding/currency',
        message: '«ZZZ» не является кодом валюты (ISO 4217, например USD, EUR, KGS)',
      },
    ]);
  });

  it('refuses an original text marked as machine-translated, where the other languages may be', async () => {
    const record = sampleCaseStudy('import-machine-original', {
      translations: {
        en: { title: 'Machine original', summary: 'S.', body: 'B.', machineTranslated: true },
        es: { title: 'Original a máquina', summary: 'R.', body: 'C.', machineTranslated: true },
      },
      lessons: [{ themes: [], translations: { en: { text: 'A lesson.', machineTranslated: true } } }],
    });
    const report = await t.app
      .get(CaseStudyImportService)
      .import({ caseStudies: [record] }, { actorId: null, locale: 'es' });
    expect(report.failed[0].errors).toEqual([
      {
        path: '/caseStudies/0/translations/en/machineTranslated',
        message:
          'el texto en el idioma original es la base de las traducciones y no puede ser una traducción automática',
      },
      {
        path: '/caseStudies/0/lessons/0/translations/en/machineTranslated',
        message:
          'el texto en el idioma original es la base de las traducciones y no puede ser una traducción automática',
      },
    ]);
  });

  it('lists the problems a schema cannot see beside those it sees, so one run shows everything to fix', async () => {
    const record = sampleCaseStudy('import-both', {
      originalLocale: 'es',
      period: { start: 2010, end: 2001 },
      reach: { people: 'many' },
    }) as unknown as Record<string, unknown>;
    record.results = [{ originalLocale: 'nl', translations: { en: { label: 'Wells' } } }, 42];
    record.organisations = [{ name: '\u202eOrg of another', role: 'IMPLEMENTER' }];
    const report = await t.app
      .get(CaseStudyImportService)
      .import(
        { caseStudies: [record, { translations: [], period: 'soon' }, null, sampleCaseStudy('import-both')] },
        { actorId: null, locale: 'en' },
      );
    const [first, second, third, fourth] = report.failed;
    expect(first.errors).toEqual(
      expect.arrayContaining([
        { path: '/caseStudies/0/reach/people', message: 'must be of type integer' },
        { path: '/caseStudies/0/results/1', message: 'must be of type object' },
        { path: '/caseStudies/0/translations/es', message: 'the original language "es" has no translation' },
        { path: '/caseStudies/0/period/end', message: 'the end year is before the start year' },
        {
          path: '/caseStudies/0/results/0/translations/nl',
          message: 'the original language "nl" has no translation',
        },
        {
          path: '/caseStudies/0/organisations/0/name',
          message: 'must not contain invisible characters that change the direction of text',
        },
      ]),
    );
    // Records too broken for any rule to read get the schema's problems only, and no crash.
    expect(second.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(['/caseStudies/1/translations', '/caseStudies/1/period']),
    );
    expect(third.errors).toEqual([{ path: '/caseStudies/2', message: 'must be of type object' }]);
    // A slug that an invalid record already uses is told now, not once that record is fixed.
    expect(fourth.errors).toEqual([
      { path: '/caseStudies/3/slug', message: 'the slug already appears at index 0 of this document' },
    ]);
    expect(report.created).toBe(0);
  });

  it("counts characters and items in the plural form of the reader's language", async () => {
    const importer = t.app.get(CaseStudyImportService);
    const document = {
      caseStudies: [
        sampleCaseStudy('ab', { approaches: [''], themes: [...THEME_KEYS, 'youth'] }),
        sampleCaseStudy('import-limits', { region: 'x'.repeat(201) }),
      ],
    };
    const messages = async (locale: 'ru' | 'en') =>
      (await importer.import(document, { actorId: null, locale })).failed.flatMap((f) => f.errors);
    expect(await messages('ru')).toEqual(
      expect.arrayContaining([
        { path: '/caseStudies/0/slug', message: 'должно содержать не менее 3 символов' },
        { path: '/caseStudies/0/approaches/0', message: 'должно содержать не менее 1 символа' },
        { path: '/caseStudies/0/themes', message: 'должно содержать не более 29 элементов' },
        { path: '/caseStudies/1/region', message: 'должно содержать не более 200 символов' },
      ]),
    );
    expect(await messages('en')).toEqual(
      expect.arrayContaining([
        { path: '/caseStudies/0/approaches/0', message: 'must not be shorter than 1 character' },
        { path: '/caseStudies/0/slug', message: 'must not be shorter than 3 characters' },
      ]),
    );
  });

  it('refuses a NUL character or half an emoji in any imported text with a translated message, before the database', async () => {
    const report = await t.app.get(CaseStudyImportService).import(
      {
        caseStudies: [
          sampleCaseStudy('import-nul', {
            region: 'Puno\u0000',
            translations: { en: { title: 'Title', summary: 'A\u0000summary.', body: 'Body' } },
          }),
          sampleCaseStudy('import-surrogate', {
            translations: { en: { title: 'a\ud800b', summary: 'Fine', body: 'Body' } },
          }),
        ],
      },
      { actorId: null, locale: 'es' },
    );
    expect(report.created).toBe(0);
    expect(report.failed).toEqual([
      {
        index: 0,
        slug: 'import-nul',
        errors: [
          { path: '/caseStudies/0/region', message: 'no debe contener el carácter NUL (U+0000)' },
          {
            path: '/caseStudies/0/translations/en/summary',
            message: 'no debe contener el carácter NUL (U+0000)',
          },
        ],
      },
      {
        index: 1,
        slug: 'import-surrogate',
        errors: [
          { path: '/caseStudies/1/translations/en/title', message: tr('es', 'validation:wellFormed') },
        ],
      },
    ]);
    expect(await count(`SELECT count(*) FROM case_study WHERE slug = 'import-nul'`)).toBe(0);
  });

  /** The organisations each case study links to, by slug. */
  async function linked(slugs: string[]): Promise<Record<string, string[]>> {
    const rows = await t.app.get(CaseStudyImportService)['db'].query<{ slug: string; id: string }[]>(
      `SELECT c.slug, o.organisation_id AS id FROM case_study_organisation o
           JOIN case_study c ON c.id = o.case_study_id WHERE c.slug = ANY($1) ORDER BY c.slug, o.position`,
      [slugs],
    );
    const bySlug: Record<string, string[]> = {};
    for (const row of rows) (bySlug[row.slug] ??= []).push(row.id);
    return bySlug;
  }
  const named = (slug: string, ...names: string[]) =>
    sampleCaseStudy(slug, { organisations: names.map((name) => ({ name, role: 'IMPLEMENTER' })) });

  it('answers a file of many broken records with the first thousand and how many failed in all', async () => {
    const broken = Array.from({ length: 1005 }, () => ({}));
    const answer = await t.gql<{
      importCaseStudies: { failedCount: number; failed: { index: number; errors: unknown[] }[] };
    }>(
      `mutation ($document: JSON!) { importCaseStudies(document: $document, dryRun: true) { failedCount failed { index errors { path } } } }`,
      { document: { caseStudies: broken } },
      { token: p.admin.token },
    );
    expect(answer.errors).toBeUndefined();
    const report = answer.data!.importCaseStudies;
    expect(report.failedCount).toBe(1005);
    expect(report.failed).toHaveLength(1000);
    expect(report.failed.map((failure) => failure.index)).toEqual([...Array(1000).keys()]);
    expect(report.failed[0].errors.length).toBeGreaterThan(0);
  });

  it("places a new implementer or partner in its project's country, but not a funder nor one of several countries", async () => {
    const importer = t.app.get(CaseStudyImportService);
    const report = await importer.import(
      {
        caseStudies: [
          sampleCaseStudy('country-kg', {
            countries: ['KG'],
            organisations: [
              { name: 'Naryn Pasture Users (country test)', role: 'IMPLEMENTER' },
              { name: 'Valley Partners (country test)', role: 'PARTNER' },
              { name: 'Global Fund (country test)', role: 'FUNDER' },
              { name: 'Two-Country NGO (country test)', role: 'IMPLEMENTER' },
            ],
          }),
          sampleCaseStudy('country-tj', {
            countries: ['TJ'],
            organisations: [{ name: 'Two-Country NGO (country test)', role: 'IMPLEMENTER' }],
          }),
          sampleCaseStudy('country-both', {
            countries: ['KG', 'TJ'],
            organisations: [{ name: 'Cross-Border CBO (country test)', role: 'IMPLEMENTER' }],
          }),
        ],
      },
      // One record a chunk: the run, not each chunk, decides an organisation's country.
      { actorId: null, locale: 'en', chunkSize: 1 },
    );
    expect(report.failed).toEqual([]);
    const rows = await t.app
      .get(DataSource)
      .query<{ name: string; country_code: string | null }[]>(
        `SELECT name, country_code FROM organisation WHERE name LIKE '%(country test)' ORDER BY name`,
      );
    expect(rows).toEqual([
      { name: 'Cross-Border CBO (country test)', country_code: null },
      { name: 'Global Fund (country test)', country_code: null },
      { name: 'Naryn Pasture Users (country test)', country_code: 'KG' },
      { name: 'Two-Country NGO (country test)', country_code: null },
      { name: 'Valley Partners (country test)', country_code: 'KG' },
    ]);
    // An organisation already in the directory keeps its own country (here: none).
    await importer.import(
      {
        caseStudies: [
          sampleCaseStudy('country-tj-2', {
            countries: ['TJ'],
            organisations: [{ name: 'Global Fund (country test)', role: 'IMPLEMENTER' }],
          }),
        ],
      },
      { actorId: null, locale: 'en' },
    );
    const [fund] = await t.app
      .get(DataSource)
      .query(`SELECT country_code FROM organisation WHERE name = 'Global Fund (country test)'`);
    expect(fund.country_code).toBeNull();
  });

  it('imports an organisation named with a dotted capital İ twice as one organisation', async () => {
    const importer = t.app.get(CaseStudyImportService);
    const options = { actorId: null, locale: 'en' as const };
    await importer.import({ caseStudies: [named('ismayilli-1', 'İsmayıllı İcma Birliyi')] }, options);
    // Again, and spelled in lower case as PostgreSQL folds it, in one document and in another.
    const again = await importer.import(
      {
        caseStudies: [
          named('ismayilli-2', 'İsmayıllı İcma Birliyi'),
          named('ismayilli-3', 'ismayıllı icma birliyi'),
        ],
      },
      options,
    );
    expect(again.failed).toEqual([]);
    expect(
      await count(`SELECT count(*) FROM organisation WHERE lower(name) = lower('İsmayıllı İcma Birliyi')`),
    ).toBe(1);
    const links = await linked(['ismayilli-1', 'ismayilli-2', 'ismayilli-3']);
    expect(new Set(Object.values(links).flat()).size).toBe(1);
  });

  it('tells organisation names apart as PostgreSQL does, whether they come in one document or two', async () => {
    // JavaScript folds 'ΟΔΟΣ' to 'οδος' (a final sigma) and 'İ' to 'i̇' (with a combining dot), so each
    // pair below looks alike to it; PostgreSQL's lower(), which keeps names unique, tells them apart.
    const importer = t.app.get(CaseStudyImportService);
    const options = { actorId: null, locale: 'en' as const };
    const pairs = [
      ['ΟΔΟΣ Cooperative', 'Οδος Cooperative'],
      ['İcma Fund', 'i\u0307cma Fund'],
    ];
    await importer.import(
      { caseStudies: pairs.map(([first, second], i) => named(`apart-together-${i}`, first, second)) },
      options,
    );
    for (const [i, [first, second]] of pairs.entries())
      await importer.import(
        {
          caseStudies: [named(`apart-first-${i}`, first), named(`apart-second-${i}`, second)],
        },
        options,
      );
    const links = await linked(
      pairs.flatMap((_, i) => [`apart-together-${i}`, `apart-first-${i}`, `apart-second-${i}`]),
    );
    for (const i of pairs.keys()) {
      const [first, second] = links[`apart-together-${i}`];
      expect(first).not.toBe(second);
      expect(links[`apart-first-${i}`]).toEqual([first]);
      expect(links[`apart-second-${i}`]).toEqual([second]);
    }
  });

  it('redoes a chunk record by record when the database refuses one record, so only that one fails', async () => {
    const importer = t.app.get(CaseStudyImportService);
    // A name that differs only in case from an existing organisation still matches it; an
    // organisation name longer than the column allows passes the schema only if the schema is wrong,
    // so provoke the database instead with a year the schema allows but the CHECK refuses.
    const db = importer['db'];
    await db.query(
      `ALTER TABLE case_study ADD CONSTRAINT test_no_region_x CHECK (region IS DISTINCT FROM 'refused')`,
    );
    try {
      const report = await importer.import(
        {
          caseStudies: [
            sampleCaseStudy('chunk-a'),
            sampleCaseStudy('chunk-refused', {
              region: 'refused',
              organisations: [{ name: 'Only In A Refused Record', role: 'IMPLEMENTER' }],
            }),
            sampleCaseStudy('chunk-b'),
          ],
        },
        { actorId: null, locale: 'en', chunkSize: 10 },
      );
      expect(report.created).toBe(2);
      expect(report.failed).toEqual([
        {
          index: 1,
          slug: 'chunk-refused',
          errors: [
            { path: '/caseStudies/1', message: 'the database refused this record (test_no_region_x)' },
          ],
        },
      ]);
      expect(await count(`SELECT count(*) FROM case_study WHERE slug LIKE 'chunk-%'`)).toBe(2);
      // Nothing of the refused record stays, not even the organisation only it named.
      expect(
        await count(
          `SELECT count(*) FROM organisation WHERE lower(name) = lower('Only In A Refused Record')`,
        ),
      ).toBe(0);
    } finally {
      await db.query(`ALTER TABLE case_study DROP CONSTRAINT test_no_region_x`);
    }
  });

  it('creates each new organisation once when imports naming it run at the same time', async () => {
    const importer = t.app.get(CaseStudyImportService);
    // Two imports, each in chunks of one written two at a time, name the same new organisations in
    // opposite orders: creating them must neither deadlock nor duplicate, and every record lands.
    const names = Array.from({ length: 6 }, (_, i) => `Concurrent Union ${i}`);
    const document = (prefix: string, order: string[]) => ({
      caseStudies: Array.from({ length: 8 }, (_, i) => named(`${prefix}-${i}`, ...order)),
    });
    const reports = await Promise.all([
      importer.import(document('together-a', names), { actorId: null, locale: 'en', chunkSize: 1 }),
      importer.import(document('together-b', [...names].reverse()), {
        actorId: null,
        locale: 'en',
        chunkSize: 1,
      }),
    ]);
    expect(reports.map((r) => [r.created, r.failed])).toEqual([
      [8, []],
      [8, []],
    ]);
    expect(await count(`SELECT count(*) FROM organisation WHERE name LIKE 'Concurrent Union %'`)).toBe(
      names.length,
    );
    const links = await linked(
      Array.from({ length: 8 }, (_, i) => [`together-a-${i}`, `together-b-${i}`]).flat(),
    );
    expect(new Set(Object.values(links).flat()).size).toBe(names.length);
  });

  it('keeps countries and themes consistent in the database too, whatever writes them', async () => {
    const db = t.app.get(CaseStudyImportService)['db'];
    await expect(
      db.query(`UPDATE case_study SET themes = '{astrology}' WHERE slug = 'import-one'`),
    ).rejects.toMatchObject({
      driverError: { code: '23503' },
    });
    await expect(
      db.query(`UPDATE case_study SET countries = '{QQ}' WHERE slug = 'import-one'`),
    ).rejects.toMatchObject({
      driverError: { code: '23503' },
    });
    await expect(db.query(`UPDATE lesson SET themes = '{astrology}'`)).rejects.toMatchObject({
      driverError: { code: '23503' },
    });
    await db.query(`UPDATE case_study SET themes = '{youth}' WHERE slug = 'import-one'`);
  });

  it("answers a malformed document with one clear error, all of it in the reader's language", async () => {
    const cases: [unknown, RegExp][] = [
      [[1, 2], /: debe ser un objeto JSON$/],
      [{ caseStudies: 'nope' }, /: «caseStudies» debe ser una lista$/],
      ['text', /: debe ser un objeto JSON$/],
      [{ caseStudies: [], extra: true }, /: el campo «extra» no se admite$/],
    ];
    for (const [document, detail] of cases) {
      const result = await t.gql(IMPORT, { document }, { token: p.admin.token, lang: 'es' });
      expect(result.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toMatch(/^El documento de importación no es un JSON válido/);
      expect(result.errors?.[0].message).toMatch(detail);
    }
  });

  it("says where a file stops being JSON, as a line and column in the reader's language", () => {
    const refusal = (text: string) => {
      try {
        parseImportDocument(Buffer.from(text));
      } catch (error) {
        return translateError(error as AppError, 'ru').message;
      }
      throw new Error('accepted');
    };
    expect(refusal('{"caseStudies": [1,\n 2 3]}')).toBe(
      tr('ru', 'knowledge:errors.invalidJson', { line: 2, column: 4 }),
    );
    // Cut off: the error is where the text ends.
    expect(refusal('{"caseStudies": [\n{"slug": "a"')).toBe(
      tr('ru', 'knowledge:errors.invalidJson', { line: 2, column: 13 }),
    );
  });

  it('reads an import file as UTF-8: a byte-order mark is skipped, any other encoding is refused', () => {
    const document = { caseStudies: [sampleCaseStudy('import-encoding', { region: 'Cañete' }, 'es')] };
    const text = JSON.stringify(document);
    expect(parseImportDocument(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual(
      document,
    );
    for (const bytes of [Buffer.from(text, 'latin1'), Buffer.from(`\ufeff${text}`, 'utf16le')]) {
      let refusal: unknown;
      try {
        parseImportDocument(bytes);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(AppError);
      expect(translateError(refusal as AppError, 'es').message).toMatch(/UTF-8/);
    }
  });

  it('refuses a file too large to become text with a translated message, not a stack trace', () => {
    const bytes = Buffer.alloc(0x1fffffe8 + 1, 0x20); // one more byte than V8's longest string
    expect(() => parseImportDocument(bytes)).toThrow(AppError);
    try {
      parseImportDocument(bytes);
    } catch (error) {
      expect(translateError(error, 'ru').message).toMatch(/512 МБ/);
    }
  });

  it('refuses a chunk size that is not a whole number of 1 or more instead of importing nothing', async () => {
    const document = { caseStudies: [sampleCaseStudy('import-chunk-size')] };
    for (const chunkSize of [Number('abc'), 0, -5, 1.5])
      await expect(
        t.app.get(CaseStudyImportService).import(document, { actorId: null, locale: 'en', chunkSize }),
      ).rejects.toThrow(AppError);
    expect(await count(`SELECT count(*) FROM case_study WHERE slug = 'import-chunk-size'`)).toBe(0);
  });

  it('lets a national coordinator import and re-import case studies of their own countries', async () => {
    const document = {
      caseStudies: [
        sampleCaseStudy('coord-own-pe'),
        sampleCaseStudy('coord-own-pe-kg', { countries: ['PE'] }),
      ],
    };
    const first = await t.gql<{ importCaseStudies: Report }>(
      IMPORT,
      { document },
      { token: p.coordinatorPe.token },
    );
    expect(first.errors).toBeUndefined();
    expect(first.data?.importCaseStudies).toEqual({ created: 2, updated: 0, failed: [] });
    const again = await t.gql<{ importCaseStudies: Report }>(
      IMPORT,
      { document },
      { token: p.coordinatorPe.token },
    );
    expect(again.data?.importCaseStudies).toEqual({ created: 0, updated: 2, failed: [] });
    const [row] = await t.app
      .get(CaseStudyImportService)
      ['db'].query(`SELECT created_by, updated_by FROM case_study WHERE slug = 'coord-own-pe'`);
    expect(row).toEqual({ created_by: p.coordinatorPe.user.id, updated_by: p.coordinatorPe.user.id });
  });

  it("refuses each record a coordinator places outside their countries on its own, in the reader's language", async () => {
    const document = {
      caseStudies: [
        sampleCaseStudy('coord-scope-kg', { countries: ['KG'] }),
        sampleCaseStudy('coord-scope-pe'),
        sampleCaseStudy('coord-scope-mixed', { countries: ['PE', 'KG', 'TJ'] }),
        sampleCaseStudy('coord-scope-none', { countries: [] }),
      ],
    };
    for (const lang of ['en', 'ru'] as const) {
      const result = await t.gql<{ importCaseStudies: Report }>(
        IMPORT,
        { document, dryRun: lang === 'en' },
        { token: p.coordinatorPe.token, lang },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.importCaseStudies).toEqual({
        created: 1,
        updated: 0,
        failed: [
          {
            index: 0,
            slug: 'coord-scope-kg',
            errors: [
              {
                path: '/caseStudies/0/countries',
                message: tr(lang, 'knowledge:import.countriesNotCoordinated', { count: 1, countries: 'KG' }),
              },
            ],
          },
          {
            index: 2,
            slug: 'coord-scope-mixed',
            errors: [
              {
                path: '/caseStudies/2/countries',
                message: tr(lang, 'knowledge:import.countriesNotCoordinated', {
                  count: 2,
                  countries: 'KG, TJ',
                }),
              },
            ],
          },
          {
            index: 3,
            slug: 'coord-scope-none',
            errors: [
              {
                path: '/caseStudies/3/countries',
                message: tr(lang, 'knowledge:import.countriesRequired', { countries: 'PE' }),
              },
            ],
          },
        ],
      });
    }
    expect(tr('ru', 'knowledge:import.countriesNotCoordinated', { count: 2, countries: 'KG, TJ' })).toBe(
      'вы не координируете эти страны: KG, TJ',
    );
    expect(await count(`SELECT count(*) FROM case_study WHERE slug LIKE 'coord-scope-%'`)).toBe(1);
    expect(await count(`SELECT count(*) FROM case_study WHERE slug = 'coord-scope-pe'`)).toBe(1);
  });

  it("does not let a coordinator overwrite another country's case study, and writes nothing of that record", async () => {
    const admin = await t.gql<{ importCaseStudies: Report }>(
      IMPORT,
      {
        document: {
          caseStudies: [sampleCaseStudy('coord-kg-owned', { countries: ['KG'], region: 'Naryn' })],
        },
      },
      { token: p.admin.token },
    );
    expect(admin.data?.importCaseStudies.created).toBe(1);
    const takeover = {
      caseStudies: [
        sampleCaseStudy('coord-kg-owned', {
          countries: ['PE'],
          region: 'Taken over',
          organisations: [{ name: 'Takeover Fund', role: 'FUNDER' }],
        }),
        sampleCaseStudy('coord-pe-beside'),
      ],
    };
    const result = await t.gql<{ importCaseStudies: Report }>(
      IMPORT,
      { document: takeover },
      { token: p.coordinatorPe.token, lang: 'ru' },
    );
    expect(result.data?.importCaseStudies).toEqual({
      created: 1,
      updated: 0,
      failed: [
        {
          index: 0,
          slug: 'coord-kg-owned',
          errors: [
            {
              path: '/caseStudies/0/countries',
              message: tr('ru', 'knowledge:import.caseStudyOutsideCountries', { count: 1, countries: 'KG' }),
            },
          ],
        },
      ],
    });
    const [row] = await t.app
      .get(CaseStudyImportService)
      ['db'].query(`SELECT region, countries, version FROM case_study WHERE slug = 'coord-kg-owned'`);
    expect(row).toEqual({ region: 'Naryn', countries: ['KG'], version: 1 });
    expect(await count(`SELECT count(*) FROM organisation WHERE name = 'Takeover Fund'`)).toBe(0);

    // The coordinator of its country may update it.
    const own = await t.gql<{ importCaseStudies: Report }>(
      IMPORT,
      {
        document: {
          caseStudies: [sampleCaseStudy('coord-kg-owned', { countries: ['KG'], region: 'Issyk-Kul' })],
        },
      },
      { token: p.coordinatorKg.token },
    );
    expect(own.data?.importCaseStudies).toEqual({ created: 0, updated: 1, failed: [] });
  });

  it('checks everything on a dry run, reports what an import would do, and writes nothing', async () => {
    await t.gql(
      IMPORT,
      {
        document: {
          caseStudies: [sampleCaseStudy('dry-existing'), sampleCaseStudy('dry-kg', { countries: ['KG'] })],
        },
      },
      { token: p.admin.token },
    );
    const document = {
      caseStudies: [
        sampleCaseStudy('dry-new', { organisations: [{ name: 'Dry Run Cooperative', role: 'IMPLEMENTER' }] }),
        sampleCaseStudy('dry-existing', { region: 'Changed by a dry run', status: 'ARCHIVED' }),
        sampleCaseStudy('dry-elsewhere', { countries: ['TJ'] }),
        sampleCaseStudy('dry-kg', { countries: ['PE'] }),
        sampleCaseStudy('dry-new'),
        sampleCaseStudy('dry-bad', { themes: ['astrology'] }),
      ],
    };
    const tables = [
      'case_study',
      'case_study_translation',
      'organisation',
      'case_study_organisation',
      'result_indicator',
      'lesson',
      'outbox',
    ];
    const counts = async () =>
      Object.fromEntries(
        await Promise.all(tables.map(async (table) => [table, await count(`SELECT count(*) FROM ${table}`)])),
      );
    const before = await counts();
    const dry = await t.gql<{ importCaseStudies: Report }>(
      IMPORT,
      { document, dryRun: true },
      { token: p.coordinatorPe.token, lang: 'ru' },
    );
    expect(dry.errors).toBeUndefined();
    expect(await counts()).toEqual(before);
    const [unchanged] = await t.app
      .get(CaseStudyImportService)
      ['db'].query(`SELECT region, status FROM case_study WHERE slug = 'dry-existing'`);
    expect(unchanged).toEqual({ region: 'Southern Highlands', status: 'PUBLISHED' });
    expect(dry.data?.importCaseStudies.created).toBe(1);
    expect(dry.data?.importCaseStudies.updated).toBe(1);
    expect(dry.data?.importCaseStudies.failed.map((f) => [f.index, f.errors[0].path])).toEqual([
      [2, '/caseStudies/2/countries'],
      [3, '/caseStudies/3/countries'],
      [4, '/caseStudies/4/slug'],
      [5, '/caseStudies/5/themes/0'],
    ]);

    // The real import does what the dry run said.
    const real = await t.gql<{ importCaseStudies: Report }>(
      IMPORT,
      { document },
      { token: p.coordinatorPe.token, lang: 'ru' },
    );
    expect(real.data?.importCaseStudies).toEqual(dry.data?.importCaseStudies);
    expect(await count(`SELECT count(*) FROM organisation WHERE name = 'Dry Run Cooperative'`)).toBe(1);
  });

  it('lets the steering group import anything, and refuses members, facilitators and guests', async () => {
    const document = { caseStudies: [sampleCaseStudy('import-steering', { countries: ['KG', 'TJ'] })] };
    const steering = await t.gql<{ importCaseStudies: Report }>(
      IMPORT,
      { document },
      { token: p.steering.token },
    );
    expect(steering.data?.importCaseStudies).toEqual({ created: 1, updated: 0, failed: [] });

    const facilitator = await t.app.get(AccountsService).createUser({
      email: 'facilitator@kb.test',
      displayName: 'facilitator',
      password: 'a long enough password',
      preferredLocale: 'en',
      grants: [{ role: Role.FACILITATOR, countryCode: null }],
    });
    const forbidden = { caseStudies: [sampleCaseStudy('import-forbidden')] };
    for (const token of [p.member.token, t.app.get(TokenService).issue(facilitator.id)])
      expect((await t.gql(IMPORT, { document: forbidden }, { token })).errors?.[0].extensions.code).toBe(
        'FORBIDDEN',
      );
    expect((await t.gql(IMPORT, { document: forbidden })).errors?.[0].extensions.code).toBe(
      'UNAUTHENTICATED',
    );
    expect(await count(`SELECT count(*) FROM case_study WHERE slug = 'import-forbidden'`)).toBe(0);
  });

  it('publishes the same JSON Schema in docs/ that the importer compiles', () => {
    const published = JSON.parse(
      readFileSync(join(__dirname, '../../../../docs/import-format.schema.json'), 'utf8'),
    ) as unknown;
    expect(published).toEqual(JSON.parse(JSON.stringify(IMPORT_DOCUMENT_SCHEMA)));
  });
});

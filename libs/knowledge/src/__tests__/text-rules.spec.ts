import { startTestApp, type TestApp } from '@ashar/transport/testing';
import { t as tr } from '@ashar/i18n';
import { CaseStudyImportService } from '../import/case-study-import.service';
import { KNOWLEDGE_TEST_MODULES, makePeople, sampleCaseStudy, type People } from './knowledge-fixtures';

const IMPORT = `mutation ($document: JSON!) { importCaseStudies(document: $document) { created updated failed { index slug errors { path message } } } }`;
const CREATE = `mutation ($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { id } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateCaseStudyInput!) { updateCaseStudy(id: $id, input: $input) { region } }`;
const TRANSLATE = `mutation ($id: ID!, $input: CaseStudyTranslationInput!) { translateCaseStudy(id: $id, input: $input) { version } }`;

interface Report {
  created: number;
  updated: number;
  failed: { index: number; slug: string | null; errors: { path: string; message: string }[] }[];
}

/** "क़" (U+0958) is one character as typed and two once composed (NFC): 150 of them are 300 stored. */
const LENGTHENING_NAME = '\u0958'.repeat(150);

describe('text rules, the same through an import as through GraphQL', () => {
  let t: TestApp;
  let p: People;
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await t.app.get(CaseStudyImportService)['db'].query(sql, params))[0].count);
  const importOne = async (record: Record<string, unknown>) => {
    const result = await t.gql<{ importCaseStudies: Report }>(
      IMPORT,
      { document: { caseStudies: [record] } },
      { token: p.admin.token, lang: 'en' },
    );
    expect(result.errors).toBeUndefined();
    return result.data!.importCaseStudies;
  };

  beforeAll(async () => {
    t = await startTestApp(KNOWLEDGE_TEST_MODULES);
    p = await makePeople(t);
  });
  afterAll(() => t.close());

  it('refuses an organisation whose name is blank, on its path, and adds no nameless organisation', async () => {
    const before = await count(`SELECT count(*) FROM organisation`);
    for (const name of ['   ', '\u200b\u200b', '\u3164\u3164'])
      expect(
        await importOne({
          slug: 'imp-blank-org',
          originalLocale: 'en',
          countries: ['KG'],
          translations: { en: { title: 't' } },
          organisations: [{ name, role: 'FUNDER' }],
        }),
      ).toEqual({
        created: 0,
        updated: 0,
        failed: [
          {
            index: 0,
            slug: 'imp-blank-org',
            errors: [
              {
                path: '/caseStudies/0/organisations/0/name',
                message: tr('en', 'knowledge:import.patternBlank'),
              },
            ],
          },
        ],
      });
    // Counted trimmed, as GraphQL's MinLength counts: " a " is one character.
    const short = await importOne(
      sampleCaseStudy('imp-short-org', { organisations: [{ name: ' a ', role: 'FUNDER' }] }),
    );
    expect(short.failed[0].errors).toEqual([
      {
        path: '/caseStudies/0/organisations/0/name',
        message: tr('en', 'knowledge:import.minLength', { count: 2 }),
      },
    ]);
    expect(await count(`SELECT count(*) FROM organisation`)).toBe(before);
    expect(await count(`SELECT count(*) FROM organisation WHERE btrim(name) = ''`)).toBe(0);
  });

  it('counts an imported organisation name as stored, composed, and says so on its path, not as a database refusal', async () => {
    const report = await importOne(
      sampleCaseStudy('imp-long-org', { organisations: [{ name: LENGTHENING_NAME, role: 'FUNDER' }] }),
    );
    expect(report.created).toBe(0);
    expect(report.failed[0].errors).toEqual([
      {
        path: '/caseStudies/0/organisations/0/name',
        message: tr('en', 'knowledge:import.maxLength', { count: 200 }),
      },
    ]);
    // 100 of them are 200 characters composed: as long as a name may be.
    const longest = await importOne(
      sampleCaseStudy('imp-longest-org', {
        organisations: [{ name: '\u0958'.repeat(100), role: 'FUNDER' }],
      }),
    );
    expect(longest).toEqual({ created: 1, updated: 0, failed: [] });
  });

  it('refuses an organisation name too long once composed in createCaseStudy, on its field', async () => {
    const created = await t.gql(
      CREATE,
      {
        input: {
          slug: 'gql-long-org',
          originalLocale: 'en',
          title: 'Long organisation',
          countries: ['KG'],
          organisations: [{ name: LENGTHENING_NAME, role: 'FUNDER' }],
        },
      },
      { token: p.admin.token, lang: 'en' },
    );
    expect(created.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        {
          path: 'input.organisations.0.name',
          code: 'maxLength',
          message: tr('en', 'validation:maxLength', { count: 200 }),
        },
      ],
    });
    expect(await count(`SELECT count(*) FROM case_study WHERE slug = 'gql-long-org'`)).toBe(0);
  });

  it('refuses in an import the texts GraphQL refuses: reversing controls, invisible-only and blank ones', async () => {
    const record = sampleCaseStudy('imp-hidden-texts', {
      region: 'Puno\u202e',
      approaches: ['demand-driven', '   '],
      translations: {
        en: { title: 'abc\u202egnp.exe' },
        ru: { title: '\u200b', region: '\u2067Юг' },
      },
      results: [{ value: 1, unit: '\u00ad', translations: { en: { label: '\u2800' } } }],
      lessons: [{ translations: { en: { text: '\u3164' } } }],
      sources: [{ title: 'Report\u202d' }, { title: '\ufeff' }],
    });
    const report = await importOne(record);
    expect(report.created).toBe(0);
    const blank = tr('en', 'knowledge:import.patternBlank');
    const reversing = tr('en', 'validation:noBidiControls');
    expect(report.failed[0].errors).toEqual(
      expect.arrayContaining([
        { path: '/caseStudies/0/region', message: reversing },
        { path: '/caseStudies/0/approaches/1', message: blank },
        { path: '/caseStudies/0/translations/en/title', message: reversing },
        { path: '/caseStudies/0/translations/ru/title', message: blank },
        { path: '/caseStudies/0/translations/ru/region', message: reversing },
        { path: '/caseStudies/0/results/0/unit', message: blank },
        { path: '/caseStudies/0/results/0/translations/en/label', message: blank },
        { path: '/caseStudies/0/lessons/0/translations/en/text', message: blank },
        { path: '/caseStudies/0/sources/0/title', message: reversing },
        { path: '/caseStudies/0/sources/1/title', message: blank },
      ]),
    );
    expect(report.failed[0].errors).toHaveLength(10);
    // A title of spaces only is told once, though the schema's pattern and the rule both see it.
    const spaces = await importOne(sampleCaseStudy('imp-spaces', { translations: { en: { title: '   ' } } }));
    expect(spaces.failed[0].errors).toEqual([
      { path: '/caseStudies/0/translations/en/title', message: blank },
    ]);
  });

  it("refuses direction overrides in a case study's region and a translation's, as in an organisation's", async () => {
    const created = await t.gql<{ createCaseStudy: { id: string } }>(
      CREATE,
      {
        input: {
          slug: 'gql-region',
          originalLocale: 'en',
          title: 'Region',
          countries: ['KG'],
          region: 'Naryn',
        },
      },
      { token: p.admin.token },
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.createCaseStudy.id;
    const updated = await t.gql(
      UPDATE,
      { id, input: { region: '\u202eReversed' } },
      { token: p.admin.token },
    );
    expect(updated.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.region', code: 'noBidiControls' }],
    });
    const translated = await t.gql(
      TRANSLATE,
      { id, input: { locale: 'ru', title: 'Регион', region: '\u2066Нарын' } },
      { token: p.admin.token },
    );
    expect(translated.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.region', code: 'noBidiControls' }],
    });
    const kept = await t.gql<{ updateCaseStudy: { region: string } }>(
      UPDATE,
      { id, input: { region: 'Naryn oblast' } },
      { token: p.admin.token },
    );
    expect(kept).toEqual({ data: { updateCaseStudy: { region: 'Naryn oblast' } } });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasKey, LOCALES, t as tr } from '@ashar/i18n';
import { startTestApp, type TestApp } from '@ashar/transport/testing';
import { CaseStudyImportService } from '../import/case-study-import.service';
import { KNOWLEDGE_TEST_MODULES } from './knowledge-fixtures';

// The demo step (apps/api/src/demo/knowledge.demo.ts) imports exactly these files through the same service.
const DEMO_DIR = join(__dirname, '../../../../apps/api/src/demo/knowledge');
const FILES = ['real-programmes.json', 'fictional-demo.json'];

const CASE_STUDY = `query ($slug: String!) { caseStudy(slug: $slug) {
  slug title summary body locale availableLocales outdated countries { code } approaches { key label }
  results { label locale value unit unitLabel } lessons { text locale }
} }`;

interface Served {
  slug: string;
  title: string;
  summary: string;
  body: string;
  locale: string;
  availableLocales: string[];
  outdated: boolean;
  countries: { code: string }[];
  approaches: { key: string; label: string }[];
  results: { label: string; locale: string; value: number; unit: string; unitLabel: string }[];
  lessons: { text: string; locale: string }[];
}

describe('demo knowledge content', () => {
  let t: TestApp;
  const slugs: string[] = [];

  beforeAll(async () => {
    t = await startTestApp(KNOWLEDGE_TEST_MODULES);
    for (const file of FILES) {
      const document = JSON.parse(readFileSync(join(DEMO_DIR, file), 'utf8')) as {
        caseStudies: { slug: string }[];
      };
      slugs.push(...document.caseStudies.map((cs) => cs.slug));
      const report = await t.app
        .get(CaseStudyImportService)
        .import(document, { actorId: null, locale: 'en' });
      expect(report.failed).toEqual([]);
    }
  });
  afterAll(() => t.close());

  it('has the three real programmes and at least 20 fictional case studies marked as such', () => {
    expect(slugs).toEqual(
      expect.arrayContaining([
        'peru-southern-highlands-demand-driven',
        'belgium-peru-fifty-years-cooperation',
        'community-empowerment-network-central-asia',
      ]),
    );
    expect(slugs.filter((slug) => slug.startsWith('demo-')).length).toBeGreaterThanOrEqual(20);
  });

  it('has every case study, with its results and lessons, in all four languages', async () => {
    const countries = new Set<string>();
    for (const slug of slugs) {
      for (const lang of LOCALES) {
        const result = await t.gql<{ caseStudy: Served }>(CASE_STUDY, { slug }, { lang });
        expect(result.errors).toBeUndefined();
        const served = result.data!.caseStudy;
        expect({ slug, locale: served.locale, available: served.availableLocales }).toEqual({
          slug,
          locale: lang,
          available: [...LOCALES].sort(),
        });
        expect(served.outdated).toBe(false);
        expect(served.title.trim() && served.summary.trim() && served.body.trim()).toBeTruthy();
        for (const nested of [...served.results, ...served.lessons]) expect(nested.locale).toBe(lang);
        if (slug.startsWith('demo-')) expect(served.title).toMatch(/\((demo|демо)\)$/);
        served.countries.forEach((c) => countries.add(c.code));
        // Approaches and units are labelled in the reader's language, not shown as stored.
        for (const { key, label } of served.approaches)
          expect({ key, labelled: hasKey(lang, `knowledge:approaches.${key}`), label }).toEqual({
            key,
            labelled: true,
            label: tr(lang, `knowledge:approaches.${key}`),
          });
        for (const { unit, value, unitLabel } of served.results)
          expect({ unit, labelled: hasKey(lang, `knowledge:units.${unit}_other`), unitLabel }).toEqual({
            unit,
            labelled: true,
            unitLabel: tr(lang, `knowledge:units.${unit}`, { count: value }),
          });
      }
    }
    // Central Asia, the Caucasus, the Andes and elsewhere.
    expect([...countries]).toEqual(
      expect.arrayContaining(['KG', 'TJ', 'UZ', 'KZ', 'AZ', 'GE', 'AM', 'PE', 'BO', 'EC', 'CO', 'KE', 'NP']),
    );
  });

  it('spreads over the themes and keeps the real figures', async () => {
    const themes = await t.gql<{ caseStudies: { edges: { node: { themes: { key: string }[] } }[] } }>(
      `{ caseStudies(first: 100) { edges { node { themes { key } } } } }`,
    );
    const used = new Set(themes.data!.caseStudies.edges.flatMap((e) => e.node.themes.map((th) => th.key)));
    expect(used.size).toBeGreaterThanOrEqual(25);
    const peru = await t.gql<{
      caseStudy: {
        funding: { amount: number };
        results: { value: number; unit: string; year: number | null }[];
      };
    }>(
      `{ caseStudy(slug: "peru-southern-highlands-demand-driven") { funding { amount currency } reach { communities households } results { value unit year } } }`,
    );
    expect(peru.data?.caseStudy.funding.amount).toBe(98600000);
    expect(peru.data?.caseStudy.results).toContainEqual({ value: 64, unit: '%', year: 2003 });
  });
});

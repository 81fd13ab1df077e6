import { startTestApp, testConfig, type TestApp } from '@ashar/transport/testing';
import { countQueries } from '@ashar/database/testing';
import { CaseStudyImportService } from '../import/case-study-import.service';
import { KNOWLEDGE_TEST_MODULES, sampleCaseStudy } from './knowledge-fixtures';

const PAGE = `query ($first: Int!) {
  caseStudies(first: $first) {
    totalCount
    edges { node {
      slug title
      countries { code name }
      themes { key label }
      organisations { role organisation { name } }
      results { label value }
      lessons { text themes { key } }
    } }
  }
}`;

interface Page {
  caseStudies: {
    edges: {
      node: {
        countries: unknown[];
        themes: unknown[];
        organisations: unknown[];
        results: unknown[];
        lessons: { themes: unknown[] }[];
      };
    }[];
  };
}

describe('loading a page of case studies', () => {
  let t: TestApp;

  beforeAll(async () => {
    // No mail worker: its look for due mail twice a second would be counted with the page's queries.
    t = await startTestApp(KNOWLEDGE_TEST_MODULES, { mail: { ...testConfig().mail, worker: false } });
    await t.app.get(CaseStudyImportService).import(
      {
        caseStudies: Array.from({ length: 60 }, (_, i) =>
          sampleCaseStudy(`page-${i}`, {
            countries: [['KG', 'TJ', 'PE'][i % 3], 'AZ'],
            organisations: [
              { name: `Implementer ${i % 7}`, role: 'IMPLEMENTER' },
              { name: 'Shared Funder', role: 'FUNDER' },
            ],
          }),
        ),
      },
      { actorId: null, locale: 'en' },
    );
  });
  afterAll(() => t.close());

  it('takes a handful of queries for 50 case studies with countries, themes, organisations, results and lessons', async () => {
    // Warm up once: the country list is reference data read once per process.
    await t.gql(PAGE, { first: 1 });
    const counter = countQueries();
    let result;
    try {
      result = await t.gql<Page>(PAGE, { first: 50 }, { lang: 'ru' });
    } finally {
      counter.restore();
    }
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.caseStudies.edges.map((e) => e.node);
    expect(nodes).toHaveLength(50);
    for (const node of nodes) {
      expect(node.countries).toHaveLength(2);
      expect(node.themes).toHaveLength(2);
      expect(node.organisations).toHaveLength(2);
      expect(node.results).toHaveLength(1);
      expect(node.lessons).toHaveLength(1);
      expect(node.lessons[0].themes).toHaveLength(1);
    }
    // count + page + organisation links + organisations + results + lessons (countries and themes come
    // with the rows; the country names are cached reference data)
    expect(counter.count).toBeLessThanOrEqual(8);
  });

  it('does not take more queries for a bigger page', async () => {
    await t.gql(PAGE, { first: 1 });
    const measure = async (first: number) => {
      const counter = countQueries();
      try {
        await t.gql(PAGE, { first });
      } finally {
        counter.restore();
      }
      return counter.count;
    };
    const small = await measure(5);
    const large = await measure(50);
    expect(small).toBeGreaterThan(0);
    expect(large).toBe(small);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountsService, Role, TokenService } from '@ashar/accounts';
import { EventsModule } from '@ashar/events';
import { KnowledgeModule } from '@ashar/knowledge';
import { MaterialSearchSource, MaterialsModule } from '@ashar/materials';
import { SearchIndexer, SearchModule } from '@ashar/search';
import { startTestApp, type TestApp } from '@ashar/transport/testing';

const SEARCH = `query ($q: String!) { search(query: $q) { totalCount hits { type id title locale snippet } } }`;

interface Found {
  search: { totalCount: number; hits: { type: string; id: string; title: string; locale: string }[] };
}

/** Search as the API composes it: case studies and lessons, plus workshop materials. */
describe('searching workshop materials', () => {
  let t: TestApp;
  let token: string;
  let dataDir: string;

  const search = async (q: string, lang = 'en') => {
    const result = await t.gql<Found>(SEARCH, { q }, { lang });
    expect(result.errors).toBeUndefined();
    return result.data!.search;
  };

  async function createMaterial(input: Record<string, unknown>): Promise<string> {
    const result = await t.gql<{ createMaterial: { id: string } }>(
      `mutation ($input: MaterialInput!) { createMaterial(input: $input) { id } }`,
      { input: { kind: 'PRESENTATION', originalLocale: 'en', ...input } },
      { token },
    );
    expect(result.errors).toBeUndefined();
    return result.data!.createMaterial.id;
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ashar-search-materials-'));
    t = await startTestApp(
      [
        KnowledgeModule,
        EventsModule,
        MaterialsModule,
        SearchModule.forRoot({ imports: [MaterialsModule], sources: [MaterialSearchSource] }),
      ],
      {
        dataDir,
        search: { engine: 'postgres', meiliIndex: 'unused', indexer: false, concurrency: 2, queue: 200 },
      },
    );
    const facilitator = await t.app.get(AccountsService).createUser({
      email: 'facilitator@search-materials.test',
      password: 'a long enough password',
      displayName: 'Facilitator',
      preferredLocale: 'en',
      grants: [{ role: Role.FACILITATOR, countryCode: null }],
    });
    token = await t.app.get(TokenService).issue(facilitator.id);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds a public material in each of its languages, never a members-only one, and drops a deleted one', async () => {
    const id = await createMaterial({ title: 'Community scorecards for district budgets' });
    await t.gql(
      `mutation ($id: ID!) { translateMaterial(id: $id, input: { locale: "es", title: "Tarjetas de puntuación comunitaria" }) { id } }`,
      { id },
      { token },
    );
    await createMaterial({ title: 'Scorecards for members only', visibility: 'MEMBERS' });
    await t.app.get(SearchIndexer).drain();

    const english = await search('scorecards');
    expect(english.hits.map((hit) => [hit.type, hit.id])).toEqual([['MATERIAL', id]]);
    const spanish = await search('puntuacion', 'es');
    expect(spanish.hits).toEqual([expect.objectContaining({ type: 'MATERIAL', id, locale: 'es' })]);

    const deleted = await t.gql(`mutation ($id: ID!) { deleteMaterial(id: $id) }`, { id }, { token });
    expect(deleted.errors).toBeUndefined();
    await t.app.get(SearchIndexer).drain();
    expect((await search('scorecards')).totalCount).toBe(0);
  });
});

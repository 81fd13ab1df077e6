import { ModuleRef } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccountsService, Role, TokenService } from '@ashar/accounts';
import { DiscussionsModule, RoomScope, RoomService, RoomVisibility } from '@ashar/discussions';
import { EventsModule } from '@ashar/events';
import { KnowledgeModule } from '@ashar/knowledge';
import { MaterialKind, MaterialStatus, MaterialsModule, MaterialsService } from '@ashar/materials';
import { NetworkModule } from '@ashar/network';
import { SearchModule } from '@ashar/search';
import { encodeCursor } from '@ashar/transport';
import { startTestApp, type TestApp } from '@ashar/transport/testing';
import { discussionsDemo } from '../demo/discussions.demo';
import { eventsDemo } from '../demo/events.demo';
import { knowledgeDemo } from '../demo/knowledge.demo';
import { networkDemo } from '../demo/network.demo';

/** Every paginated list: its name, variables, field with arguments, and what identifies a node. */
const LISTS: [name: string, variables: string, call: string, key: string][] = [
  ['caseStudies', '$after: String', 'caseStudies(first: 1, after: $after)', 'id'],
  ['lessons', '$after: String', 'lessons(first: 1, after: $after)', 'id'],
  ['events', '$after: String', 'events(first: 1, after: $after)', 'id'],
  ['materials', '$after: String', 'materials(first: 1, after: $after)', 'id'],
  ['organisations', '$after: String', 'organisations(first: 1, after: $after)', 'id'],
  ['nationalNetworks', '$after: String', 'nationalNetworks(first: 1, after: $after)', 'id'],
  ['countries', '$after: String', 'countries(first: 1, after: $after)', 'code'],
  ['rooms', '$after: String', 'rooms(first: 1, after: $after)', 'id'],
  ['threads', '$after: String, $roomId: ID!', 'threads(roomId: $roomId, first: 1, after: $after)', 'id'],
];

/** Cursors a client could send instead of one it was given: none may reach a query. */
const FORGED = [
  'not-a-cursor',
  encodeCursor(['yesterday', 'not-a-uuid']),
  encodeCursor(['2026-01-01T00:00:00.000Z', 'not-a-uuid']),
  encodeCursor(['2026-02-31 10:00:00+00', '00000000-0000-4000-8000-000000000000']),
  encodeCursor([1_700_000_000_000, '00000000-0000-0000-0000-00000000000g']),
  encodeCursor([9e15, '00000000-0000-4000-8000-000000000000']),
  encodeCursor(['x'.repeat(600), '00000000-0000-4000-8000-000000000000']),
  encodeCursor([2, 1_700_000_000_000, '00000000-0000-4000-8000-000000000000']),
  encodeCursor(['1', '2', '3', '4']),
  encodeCursor(['ZZ']),
  encodeCursor([-1]),
  Buffer.from('[null]').toString('base64url'),
];

describe('bad input', () => {
  let t: TestApp;
  let dataDir: string;
  let roomId: string;
  let adminToken: string;

  type Connection = { edges: { node: Record<string, string> }[]; pageInfo: { endCursor: string } };
  const page = async (
    [name, variables, call, key]: (typeof LISTS)[number],
    after: string | null,
    lang = 'en',
  ) => {
    const result = await t.gql<Record<string, Connection>>(
      `query (${variables}) { ${call} { edges { node { ${key} } } pageInfo { endCursor } } }`,
      { after, ...(variables.includes('$roomId') ? { roomId } : {}) },
      { lang },
    );
    return { result, connection: result.data?.[name] };
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ashar-cursors-'));
    t = await startTestApp(
      [
        NetworkModule,
        KnowledgeModule,
        EventsModule,
        MaterialsModule,
        DiscussionsModule,
        SearchModule.forRoot(),
      ],
      { dataDir },
    );
    const modules = t.app.get(ModuleRef);
    for (const step of [networkDemo, knowledgeDemo, eventsDemo, discussionsDemo]) await step.run(modules);
    // A second public material and a public room with two threads, so that every list has two pages.
    const accounts = t.app.get(AccountsService);
    const [admin] = await accounts.holders(Role.ADMIN);
    const actor = (await accounts.findAuthUser(admin.id))!;
    adminToken = t.app.get(TokenService).issue(admin.id);
    await t.app.get(MaterialsService).create(
      actor,
      {
        kind: MaterialKind.REPORT,
        originalLocale: 'en',
        title: 'Second',
        status: MaterialStatus.PUBLISHED,
      },
      'en',
    );
    const rooms = t.app.get(RoomService);
    const room = await rooms.createRoom(
      actor,
      { scope: RoomScope.NETWORK, visibility: RoomVisibility.PUBLIC, originalLocale: 'en' },
      'en',
    );
    for (const title of ['One', 'Two']) await rooms.createThread(actor, { roomId: room.id, title });
    roomId = room.id;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each(LISTS)('%s: the cursor of one page leads to the next', async (...list) => {
    const key = list[3];
    const first = await page(list, null);
    expect(first.result.errors).toBeUndefined();
    expect(first.connection?.edges).toHaveLength(1);
    const second = await page(list, first.connection!.pageInfo.endCursor);
    expect(second.result.errors).toBeUndefined();
    expect(second.connection?.edges).toHaveLength(1);
    expect(second.connection!.edges[0].node[key]).not.toBe(first.connection!.edges[0].node[key]);
  });

  it.each(LISTS)(
    '%s answers a forged cursor with a page or a translated BAD_USER_INPUT, never more',
    async (...list) => {
      let refused = 0;
      for (const after of FORGED) {
        const { result } = await page(list, after, 'ru');
        if (!result.errors) continue; // well-formed for this list (any text is a name): a page after it
        const [error] = result.errors as { message: string; extensions: { code: string } }[];
        expect({ after, code: error.extensions.code }).toEqual({ after, code: 'BAD_USER_INPUT' });
        expect(error.message).toMatch(/[а-я]{4}/);
        expect(result.data ?? null).toBeNull();
        refused++;
      }
      expect(refused).toBeGreaterThanOrEqual(FORGED.length - 2);
    },
  );

  it('answers a body over the size limit with 413 and an unknown encoding with 415, not a 500', async () => {
    const big = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'ru' },
      body: JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(21 * 1024 * 1024) } }),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    const zipped = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'zip' },
      body: '{}',
    });
    expect(zipped.status).toBe(415);
    expect(((await zipped.json()) as { error: { code: string } }).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('reads a date and time only with its offset, and only when it is a real one', async () => {
    const EVENTS = `query ($from: DateTime) { events(filter: { from: $from }) { totalCount } }`;
    for (const from of [
      '2027-02-30T10:00:00Z',
      '2027-03-10T09:00:00',
      '2027-03-10',
      'yesterday',
      '2027-03-10T24:00Z',
    ])
      expect({ from, code: (await t.gql(EVENTS, { from })).errors?.[0].extensions.code }).toEqual({
        from,
        code: 'BAD_USER_INPUT',
      });
    // In the query itself, a bad literal makes the query invalid; the error says where, translated.
    const literal = await t.gql(
      `{ events(filter: { from: "2027-02-29T10:00:00Z" }) { totalCount } }`,
      {},
      { lang: 'es' },
    );
    expect(literal.errors?.[0].extensions).toEqual({
      code: 'GRAPHQL_VALIDATION_FAILED',
      fields: [{ path: 'filter.from', code: 'isDate', message: 'debe ser una fecha' }],
    });
    expect(literal.errors?.[0].message).toBe(
      'No se pudo interpretar la solicitud: filter.from: debe ser una fecha',
    );
    for (const from of ['2028-02-29T10:00:00Z', '2027-03-10T15:00+06:00', '2027-03-10T09:00:00.123456Z'])
      expect({ from, errors: (await t.gql(EVENTS, { from })).errors }).toEqual({ from, errors: undefined });
  });

  it('names the field of any value written into the query itself that does not fit, in the reader’s language', async () => {
    const cases: [query: string, path: string, code: string][] = [
      [`{ caseStudies(first: "ten") { totalCount } }`, 'first', 'isInt'],
      [`{ events(filter: { countries: ["KG", 7] }) { totalCount } }`, 'filter.countries.1', 'isString'],
      [`{ events(filter: { colour: "red" }) { totalCount } }`, 'filter.colour', 'whitelistValidation'],
      [`{ events(filter: { from: { at: 1 } }) { totalCount } }`, 'filter.from', 'isDate'],
      [
        `mutation { register(input: { email: "a@example.org", displayName: "A" }) }`,
        'input.password',
        'isDefined',
      ],
      [`mutation { requestPasswordReset }`, 'email', 'isDefined'],
      [
        `mutation { login(input: { email: null, password: "x" }) { accessToken } }`,
        'input.email',
        'isDefined',
      ],
      [`{ events(first: 5, colour: "red") { totalCount } }`, 'colour', 'whitelistValidation'],
      [`{ events(first: 5) @include { totalCount } }`, 'if', 'isDefined'],
      [
        `query ($f: EventFilter = { from: "yesterday" }) { events(filter: $f) { totalCount } }`,
        'f.from',
        'isDate',
      ],
      [`{ events(filter: { kinds: [WORKSHOP, PARTY] }) { totalCount } }`, 'filter.kinds.1', 'invalid'],
      [
        `{ events(filter: { from: "2027-01-01T00:00:00Z", from: "2027-02-01T00:00:00Z" }) { totalCount } }`,
        'filter.from',
        'givenTwice',
      ],
      [`{ events(first: 5, first: 6) { totalCount } }`, 'first', 'givenTwice'],
    ];
    for (const [query, path, code] of cases) {
      const [error] = (await t.gql(query, {}, { lang: 'ru' })).errors ?? [];
      expect({ query, extensions: error?.extensions }).toMatchObject({
        query,
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', fields: [{ path, code }] },
      });
      expect(error.message).toMatch(
        new RegExp(`^Не удалось разобрать запрос: ${path.replace(/\./g, '\\.')}: `),
      );
    }
    // An unknown field asked for is no value, nor is a variable the query does not declare: the
    // request is refused as before, with graphql-js's words.
    for (const query of [
      `{ me { id password } }`,
      `{ events(filter: { search: $undeclared }) { totalCount } }`,
    ]) {
      const [error] = (await t.gql(query, {}, { lang: 'ru' })).errors ?? [];
      expect({ query, extensions: error?.extensions }).toEqual({
        query,
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      });
    }
    // Many errors about one deeply nested value are placed in one reading of the document.
    const deep = `${'['.repeat(1000)}"KG"${']'.repeat(1000)}`;
    const aliases = Array.from({ length: 100 }, (_, i) => `a${i}: events(first: "x") { totalCount }`).join(
      ' ',
    );
    const many = await t.gql(`{ x: events(filter: { countries: ${deep} }) { totalCount } ${aliases} }`);
    expect(many.errors?.length).toBeGreaterThanOrEqual(100);
    expect(many.errors?.[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    // Past 100 errors validation stops, and past what the parser's recursion reaches it gives up:
    // both are said in the reader's language, not in graphql-js's or JavaScript's words.
    const stopped = await t.gql(
      `{ ${Array.from({ length: 120 }, (_, i) => `a${i}: events(first: "x") { totalCount }`).join(' ')} }`,
      {},
      { lang: 'es' },
    );
    expect(stopped.errors?.at(-1)?.message).toBe(
      'La solicitud tiene demasiados errores; solo se indican los 100 primeros.',
    );
    const tooDeep = await t.gql(
      `{ events(filter: { countries: ${'['.repeat(50_000)}"KG"${']'.repeat(50_000)} }) { totalCount } }`,
      {},
      { lang: 'nl' },
    );
    expect(tooDeep.errors?.[0]).toMatchObject({
      message: 'Het verzoek is te diep genest om te kunnen lezen.',
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });
  });

  it('search refuses a forged cursor too', async () => {
    for (const after of [encodeCursor([-1]), encodeCursor([1.5]), encodeCursor(['10']), 'garbage']) {
      const result = await t.gql(
        `query ($after: String) { search(query: "water", after: $after) { totalCount } }`,
        {
          after,
        },
      );
      expect((result.errors?.[0] as { extensions: { code: string } })?.extensions.code).toBe(
        'BAD_USER_INPUT',
      );
    }
  });

  it('refuses text holding U+0000, which PostgreSQL cannot store, with a translated BAD_USER_INPUT and writes nothing', async () => {
    const looked = await t.gql(
      `query ($slug: String!) { caseStudy(slug: $slug) { id } }`,
      { slug: 'a\u0000b' },
      { lang: 'es' },
    );
    const [lookup] = looked.errors as { message: string; extensions: { code: string } }[];
    expect(lookup.extensions.code).toBe('BAD_USER_INPUT');
    expect(lookup.message).toBe('El texto no debe contener el carácter NUL (U+0000).');

    const count = async () =>
      (
        await t.gql<{ materials: { totalCount: number } }>(
          `{ materials { totalCount } }`,
          {},
          { token: adminToken },
        )
      ).data!.materials.totalCount;
    const before = await count();
    const created = await t.gql(
      `mutation ($input: MaterialInput!) { createMaterial(input: $input) { id } }`,
      { input: { kind: 'REPORT', originalLocale: 'en', title: 'Minutes\u0000of the meeting' } },
      { token: adminToken },
    );
    expect((created.errors?.[0] as { extensions: { code: string } }).extensions.code).toBe('BAD_USER_INPUT');
    expect(await count()).toBe(before);
    // Case studies are written through JSON, where PostgreSQL reports it differently (22P05).
    const drafted = await t.gql(
      `mutation ($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { id } }`,
      { input: { slug: 'nul-title', originalLocale: 'en', title: 'a\u0000b', countries: ['KG'] } },
      { token: adminToken },
    );
    expect((drafted.errors?.[0] as { extensions: { code: string } }).extensions.code).toBe('BAD_USER_INPUT');
    const stored = await t.gql(`{ caseStudy(slug: "nul-title") { id } }`, {}, { token: adminToken });
    expect((stored.errors?.[0] as { extensions: { code: string } }).extensions.code).toBe('NOT_FOUND');
  });
});

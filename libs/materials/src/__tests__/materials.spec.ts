import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readlinkSync, realpathSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AccountsService, Role, TokenService, type RoleGrant } from '@ashar/accounts';
import { EventsModule } from '@ashar/events';
import { startTestApp, type TestApp } from '@ashar/transport/testing';
import { MaterialSearchSource } from '../material.search-source';
import { MaterialsModule } from '../materials.module';
import { EXE, odp, pdf, PNG, pptx, zip } from './sample-files';

const PPTX_TYPE = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

interface FileData {
  locale: string;
  version: number;
  size: number;
  sha256: string;
  contentType: string;
  filename: string;
  downloadUrl: string;
}

/** Every file under a directory, relative, recursively. */
function filesUnder(dir: string): string[] {
  let found: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  for (const entry of entries) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found = found.concat(filesUnder(path).map((f) => `${entry}/${f}`));
    else found.push(entry);
  }
  return found;
}

describe('materials: one upload per language, safe downloads', () => {
  let t: TestApp;
  let dataDir: string;
  let db: Client;
  let counter = 0;
  const tokens: Record<string, string> = {};

  async function person(grants: RoleGrant[]): Promise<string> {
    const user = await t.app.get(AccountsService).createUser({
      email: `materials${++counter}@example.org`,
      password: 'a long enough password',
      displayName: `Person ${counter}`,
      preferredLocale: 'en',
      grants,
    });
    return t.app.get(TokenService).issue(user.id);
  }

  async function createMaterial(token: string, input: Record<string, unknown> = {}): Promise<string> {
    const result = await t.gql<{ createMaterial: { id: string } }>(
      `mutation ($input: MaterialInput!) { createMaterial(input: $input) { id status } }`,
      {
        input: {
          kind: 'PRESENTATION',
          originalLocale: 'en',
          title: 'Village planning in practice',
          ...input,
        },
      },
      { token },
    );
    expect(result.errors).toBeUndefined();
    return result.data!.createMaterial.id;
  }

  async function upload(
    id: string,
    parts: { locale?: string; file?: Buffer; filename?: string; type?: string },
    options: { token?: string; lang?: string } = {},
  ): Promise<{ status: number; body: { error?: { code: string; message: string } } & Partial<FileData> }> {
    const form = new FormData();
    if (parts.locale !== undefined) form.append('locale', parts.locale);
    if (parts.file)
      form.append(
        'file',
        new Blob([new Uint8Array(parts.file)], { type: parts.type ?? 'application/octet-stream' }),
        parts.filename ?? 'deck.pptx',
      );
    const response = await fetch(`${t.url}/materials/${id}/files`, {
      method: 'POST',
      body: form,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.lang ? { 'accept-language': options.lang } : {}),
      },
    });
    return { status: response.status, body: (await response.json()) as never };
  }

  const storedObjects = () => filesUnder(join(dataDir, 'files')).filter((f) => !f.startsWith('.incoming'));
  const leftovers = () => [
    ...filesUnder(join(dataDir, 'tmp')),
    ...filesUnder(join(dataDir, 'files', '.incoming')),
  ];
  const fileRows = async (id: string) =>
    (
      await db.query(
        `SELECT locale, version, sha256 FROM material_file WHERE material_id = $1 ORDER BY locale, version`,
        [id],
      )
    ).rows;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ashar-materials-'));
    t = await startTestApp([EventsModule, MaterialsModule], { dataDir, maxUploadMb: 1 });
    db = new Client({ connectionString: t.db.url });
    await db.connect();
    tokens.facilitator = await person([{ role: Role.FACILITATOR, countryCode: null }]);
    tokens.member = await person([{ role: Role.MEMBER, countryCode: null }]);
    tokens.otherMember = await person([{ role: Role.MEMBER, countryCode: null }]);
    tokens.coordinatorPe = await person([{ role: Role.NATIONAL_COORDINATOR, countryCode: 'PE' }]);
    tokens.admin = await person([{ role: Role.ADMIN, countryCode: null }]);
    await caseStudy('kg-village-water', true);
  });

  /** A case study by the admin: published, or a draft only its editors see. */
  async function caseStudy(slug: string, published: boolean): Promise<void> {
    const created = await t.gql<{ createCaseStudy: { id: string } }>(
      `mutation ($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { id } }`,
      {
        input: {
          slug,
          originalLocale: 'ru',
          title: 'Водопровод в селе',
          summary: 'Жители сами построили водопровод.',
          body: 'Текст',
          countries: ['KG'],
          themes: ['water-sanitation'],
        },
      },
      { token: tokens.admin },
    );
    expect(created.errors).toBeUndefined();
    if (published)
      expect(
        (
          await t.gql(
            `mutation ($id: ID!) { publishCaseStudy(id: $id) { status } }`,
            { id: created.data!.createCaseStudy.id },
            { token: tokens.admin },
          )
        ).errors,
      ).toBeUndefined();
  }
  afterAll(async () => {
    await db.end();
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a facilitator creates a workshop, uploads a presentation in English and Russian; a member registers, downloads the Russian version and resumes a broken download', async () => {
    const created = await t.gql<{ createEvent: { id: string } }>(
      `mutation ($input: EventInput!) { createEvent(input: $input) { id } }`,
      {
        input: {
          kind: 'WORKSHOP',
          originalLocale: 'en',
          title: 'Regional CDD workshop',
          region: 'Central Asia',
          countryCodes: ['KG'],
          startsAt: '2030-09-15T09:00:00+06:00',
          endsAt: '2030-09-16T17:00:00+06:00',
          timeZone: 'Asia/Bishkek',
          capacity: 40,
        },
      },
      { token: tokens.facilitator },
    );
    const eventId = created.data!.createEvent.id;
    const id = await createMaterial(tokens.facilitator, {
      eventIds: [eventId],
      themes: ['community-driven-development'],
    });
    await t.gql(
      `mutation ($id: ID!) { translateMaterial(id: $id, input: { locale: "ru", title: "Планирование на уровне села" }) { id } }`,
      { id },
      { token: tokens.facilitator },
    );

    const english = pptx('English deck');
    const russian = pptx('Русская презентация', 50_000);
    const en = await upload(
      id,
      { locale: 'en', file: english, filename: 'CDD workshop.pptx' },
      { token: tokens.facilitator },
    );
    expect(en.status).toBe(201);
    expect(en.body).toMatchObject({
      locale: 'en',
      version: 1,
      size: english.length,
      sha256: sha256(english),
      contentType: PPTX_TYPE,
    });
    const ru = await upload(
      id,
      { locale: 'ru', file: russian, filename: 'Презентация — семинар «Ашар».pptx' },
      { token: tokens.facilitator },
    );
    expect(ru.status).toBe(201);
    expect(ru.body.filename).toBe('Презентация — семинар «Ашар».pptx');

    const registered = await t.gql(
      `mutation ($id: ID!) { registerForEvent(eventId: $id) { viewerRegistered } }`,
      { id: eventId },
      { token: tokens.member },
    );
    expect(registered.data).toEqual({ registerForEvent: { viewerRegistered: true } });

    const listed = await t.gql<{
      materials: {
        edges: {
          node: { id: string; title: string; file: { locale: string; fallback: boolean; file: FileData } };
        }[];
      };
    }>(
      `query ($eventId: ID!) { materials(filter: { eventId: $eventId, locales: ["ru"] }) { edges { node { id title file(locale: "ru") { locale fallback requestedLocale file { downloadUrl size sha256 } } } } } }`,
      { eventId },
      { token: tokens.member, lang: 'ru' },
    );
    const node = listed.data!.materials.edges[0].node;
    expect(node.title).toBe('Планирование на уровне села');
    expect(node.file).toMatchObject({ locale: 'ru', fallback: false });

    const url = `${t.url}/materials/${id}/files/ru`;
    const full = await fetch(url, { headers: { authorization: `Bearer ${tokens.member}` } });
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe(PPTX_TYPE);
    expect(full.headers.get('etag')).toBe(`"${sha256(russian)}"`);
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    const disposition = full.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toBe('Презентация — семинар «Ашар».pptx');
    expect(Buffer.from(await full.arrayBuffer()).equals(russian)).toBe(true);

    // A slow connection breaks after part of the file; the client resumes from where it stopped.
    const partial = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let received = 0;
      const req = request(url, (res) => {
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          received += chunk.length;
          if (received >= 10_000) {
            // The line breaks: only the first 10,000 bytes reached the client's disk.
            req.destroy();
            resolve(Buffer.concat(chunks).subarray(0, 10_000));
          }
        });
        res.on('error', () => undefined);
      });
      req.on('error', (error) => (received >= 10_000 ? undefined : reject(error)));
      req.end();
    });
    expect(partial.length).toBeLessThan(russian.length);
    const rest = await fetch(url, {
      headers: { range: `bytes=${partial.length}-`, 'if-range': `"${sha256(russian)}"` },
    });
    expect(rest.status).toBe(206);
    expect(rest.headers.get('content-range')).toBe(
      `bytes ${partial.length}-${russian.length - 1}/${russian.length}`,
    );
    const resumed = Buffer.concat([partial, Buffer.from(await rest.arrayBuffer())]);
    expect(sha256(resumed)).toBe(sha256(russian));

    const unsatisfiable = await fetch(url, {
      headers: { range: `bytes=${russian.length}-`, 'accept-language': 'nl' },
    });
    expect(unsatisfiable.status).toBe(416);
    expect(unsatisfiable.headers.get('content-range')).toBe(`bytes */${russian.length}`);
    expect(((await unsatisfiable.json()) as { error: { message: string } }).error.message).toContain(
      'bytebereik',
    );
    // A range that ends before it starts is invalid, and ignored: the whole file.
    const backwards = await fetch(url, { headers: { range: 'bytes=5-3' } });
    expect(backwards.status).toBe(200);
    expect(sha256(Buffer.from(await backwards.arrayBuffer()))).toBe(sha256(russian));
    const suffix = await fetch(url, { headers: { range: 'bytes=-100' } });
    expect(Buffer.from(await suffix.arrayBuffer()).equals(russian.subarray(russian.length - 100))).toBe(true);
    const cached = await fetch(url, { headers: { 'if-none-match': `"${sha256(russian)}"` } });
    expect(cached.status).toBe(304);
    // As HTTP reads the header: one of a list, a weak tag, or any.
    for (const tags of [`"other", "${sha256(russian)}"`, `W/"${sha256(russian)}"`, '*'])
      expect((await fetch(url, { headers: { 'if-none-match': tags } })).status).toBe(304);
    expect((await fetch(url, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });

  it('refuses an edit or translation begun before another save, a new file included, and writes none of it', async () => {
    const id = await createMaterial(tokens.facilitator);
    const read = async () =>
      (
        await t.gql<{ material: { title: string; visibility: string; updatedAt: string } }>(
          `query ($id: ID!) { material(id: $id) { title visibility updatedAt } }`,
          { id },
          { token: tokens.facilitator },
        )
      ).data!.material;
    const EDIT = `mutation ($id: ID!, $input: UpdateMaterialInput!) { updateMaterial(id: $id, input: $input) { updatedAt } }`;
    const TRANSLATE = `mutation ($id: ID!, $input: MaterialTranslationInput!) { translateMaterial(id: $id, input: $input) { updatedAt } }`;
    const opened = await read();
    // A new file is a save of the material too.
    const file = await upload(
      id,
      { locale: 'en', file: pptx('Deck'), filename: 'deck.pptx' },
      { token: tokens.facilitator },
    );
    expect(file.status).toBe(201);
    for (const [query, input] of [
      [EDIT, { title: 'Renamed', expectedUpdatedAt: opened.updatedAt }],
      [TRANSLATE, { locale: 'ru', title: 'Презентация', expectedUpdatedAt: opened.updatedAt }],
    ] as const) {
      const refused = await t.gql(query, { id, input }, { token: tokens.facilitator, lang: 'nl' });
      expect(refused.errors?.[0].extensions).toMatchObject({
        code: 'CONFLICT',
        fields: [{ path: 'input.expectedUpdatedAt', code: 'stale' }],
      });
      expect(refused.errors?.[0].message).toContain('Iemand anders heeft dit opgeslagen');
    }
    const now = await read();
    expect(now.title).toBe(opened.title);
    const saved = await t.gql<{ updateMaterial: { updatedAt: string } }>(
      EDIT,
      { id, input: { title: 'Renamed', expectedUpdatedAt: now.updatedAt } },
      { token: tokens.facilitator },
    );
    expect(saved.errors).toBeUndefined();
    expect(await read()).toMatchObject({ title: 'Renamed', updatedAt: saved.data!.updateMaterial.updatedAt });
  });

  it('falls back to the original language for file(locale) and says so', async () => {
    const id = await createMaterial(tokens.facilitator, {
      kind: 'AGENDA',
      originalLocale: 'ru',
      title: 'Программа семинара',
    });
    await upload(
      id,
      { locale: 'ru', file: odp('Программа'), filename: 'programma.odp' },
      { token: tokens.facilitator },
    );
    const result = await t.gql<{
      material: { file: { requestedLocale: string; locale: string; fallback: boolean; file: FileData } };
    }>(
      `query ($id: ID!) { material(id: $id) { file(locale: "es") { requestedLocale locale fallback file { contentType filename } } } }`,
      { id },
    );
    expect(result.data?.material.file).toEqual({
      requestedLocale: 'es',
      locale: 'ru',
      fallback: true,
      file: { contentType: 'application/vnd.oasis.opendocument.presentation', filename: 'programma.odp' },
    });
    const missing = await fetch(`${t.url}/materials/${id}/files/es`, {
      headers: { 'accept-language': 'es' },
    });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('makes a new version for a new upload of the same language, and keeps the old one downloadable', async () => {
    const id = await createMaterial(tokens.facilitator, { kind: 'REPORT' });
    const first = pdf('first edition');
    const second = pdf('second edition, corrected');
    expect(
      (await upload(id, { locale: 'en', file: first, filename: 'report.pdf' }, { token: tokens.facilitator }))
        .body.version,
    ).toBe(1);
    expect(
      (
        await upload(
          id,
          { locale: 'en', file: second, filename: 'report.pdf' },
          { token: tokens.facilitator },
        )
      ).body.version,
    ).toBe(2);
    const latest = await fetch(`${t.url}/materials/${id}/files/en`);
    expect(Buffer.from(await latest.arrayBuffer()).equals(second)).toBe(true);
    const old = await fetch(`${t.url}/materials/${id}/files/en?version=1`);
    expect(old.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await old.arrayBuffer()).equals(first)).toBe(true);
    const files = await t.gql<{ material: { files: FileData[] } }>(
      `query ($id: ID!) { material(id: $id) { files { locale version sha256 } } }`,
      { id },
    );
    expect(files.data?.material.files).toEqual([
      { locale: 'en', version: 2, sha256: sha256(second) },
      { locale: 'en', version: 1, sha256: sha256(first) },
    ]);
    const badVersion = await fetch(`${t.url}/materials/${id}/files/en?version=abc`);
    expect(badVersion.status).toBe(400);
    // Each wrong version says what is wrong with it.
    const fields = async (version: string) =>
      (
        (await (await fetch(`${t.url}/materials/${id}/files/en?version=${version}`)).json()) as {
          error: { fields: { path: string; code: string; message: string }[] };
        }
      ).error.fields;
    expect(await fields('0')).toEqual([{ path: 'version', code: 'min', message: 'must be at least 1' }]);
    for (const version of ['1.5', '0x2', '1e0', '%202'])
      expect(await fields(version)).toEqual([
        { path: 'version', code: 'isInt', message: expect.any(String) },
      ]);

    // Two files in one upload: refused, and neither is stored.
    const form = new FormData();
    form.append('locale', 'en');
    for (const name of ['a.pdf', 'b.pdf']) form.append('file', new Blob([new Uint8Array(pdf(name))]), name);
    const twice = await fetch(`${t.url}/materials/${id}/files`, {
      method: 'POST',
      body: form,
      headers: { authorization: `Bearer ${tokens.facilitator}`, 'accept-language': 'es' },
    });
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as { error: unknown }).error).toMatchObject({
      code: 'BAD_USER_INPUT',
      message: 'Envíe un solo archivo por subida: esta tiene varios.',
      fields: [{ path: 'file', code: 'max' }],
    });
    const after = await t.gql<{ material: { files: unknown[] } }>(
      `query ($id: ID!) { material(id: $id) { files { version } } }`,
      { id },
      { token: tokens.facilitator },
    );
    expect(after.data?.material.files).toHaveLength(2);
  });

  it('numbers concurrent uploads of the same language as consecutive versions', async () => {
    const id = await createMaterial(tokens.facilitator, { kind: 'TRAINING_GUIDE' });
    const decks = [1, 2, 3, 4].map((n) => pdf(`edition ${n}`));
    const results = await Promise.all(
      decks.map((file) =>
        upload(id, { locale: 'ru', file, filename: 'guide.pdf' }, { token: tokens.facilitator }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(results.map((r) => r.body.version).sort()).toEqual([1, 2, 3, 4]);
    for (const result of results) {
      const response = await fetch(`${t.url}${result.body.downloadUrl}`);
      expect(sha256(Buffer.from(await response.arrayBuffer()))).toBe(result.body.sha256);
    }
  });

  it('accepts PNG, JPEG, UTF-8 CSV and plain text by their content', async () => {
    const id = await createMaterial(tokens.facilitator, { kind: 'OTHER' });
    const csv = Buffer.from('село,домохозяйства\nАк-Суу,120\n');
    const cases: [string, Buffer, string, string][] = [
      ['en', PNG, 'photo.png', 'image/png'],
      ['ru', csv, 'данные.csv', 'text/csv'],
      ['es', Buffer.from('Notas de la reunión: acuerdos y próximos pasos.\n'), 'notas', 'text/plain'],
      // Text that begins with a binary format's magic number ("BM", a bitmap's) is still text.
      ['en', Buffer.from('BMI,age,weight\n22.1,30,70\n'), 'health.csv', 'text/csv'],
      [
        'nl',
        Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, ...Buffer.alloc(64)]),
        'foto.jpeg',
        'image/jpeg',
      ],
    ];
    for (const [locale, file, filename, type] of cases) {
      const result = await upload(id, { locale, file, filename }, { token: tokens.facilitator });
      expect(result.status).toBe(201);
      expect(result.body.contentType).toBe(type);
    }
    const text = await fetch(`${t.url}/materials/${id}/files/es`);
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(text.headers.get('content-disposition')).toContain('filename="notas.txt"');

    // A name sent in Latin-1 (an old mail program's), not UTF-8: the file is named after its language.
    const boundary = 'ashar-latin1-name';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="locale"\r\n\r\nen\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="`),
      Buffer.from('Caf\xe9 r\xe9sum\xe9.pdf', 'latin1'),
      Buffer.from(`"\r\nContent-Type: application/pdf\r\n\r\n`),
      PNG,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const latin1 = await fetch(`${t.url}/materials/${id}/files`, {
      method: 'POST',
      body,
      headers: {
        authorization: `Bearer ${tokens.facilitator}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
    });
    expect(latin1.status).toBe(201);
    expect(((await latin1.json()) as FileData).filename).toBe('material-en.png');
  });

  it('keeps the name of a file as the browser sent it, without the quotes it escaped', async () => {
    const id = await createMaterial(tokens.facilitator, { kind: 'OTHER' });
    const result = await upload(
      id,
      { locale: 'en', file: pdf('plan'), filename: 'Village "plan" at 100%22.pdf' },
      { token: tokens.facilitator },
    );
    expect(result.status).toBe(201);
    // FormData sends `"` as %22, as browsers do; a %22 typed by the user arrives the same way.
    expect(result.body.filename).toBe('Village plan at 100.pdf');
    // A line break would arrive as %0A too, but no file picker lets one into a name: text saved from a
    // web address is kept as it was written.
    const saved = await upload(
      id,
      { locale: 'ru', file: pdf('minutes'), filename: 'Minutes%0A%0Dday%202.pdf' },
      { token: tokens.facilitator },
    );
    expect(saved.status).toBe(201);
    expect(saved.body.filename).toBe('Minutes%0A%0Dday%202.pdf');
  });

  it('takes a file of exactly MAX_UPLOAD_MB', async () => {
    const id = await createMaterial(tokens.facilitator, { kind: 'OTHER' });
    const file = Buffer.alloc(1024 * 1024, 0x61);
    const result = await upload(
      id,
      { locale: 'en', file, filename: 'full.txt' },
      { token: tokens.facilitator },
    );
    expect(result.status).toBe(201);
    expect(result.body).toMatchObject({ size: file.length, sha256: sha256(file) });
    expect(leftovers()).toEqual([]);
  });

  describe('every bad upload is refused cleanly: translated error, nothing stored, no orphan file', () => {
    let id: string;
    let original: Buffer;

    beforeAll(async () => {
      id = await createMaterial(tokens.facilitator);
      original = pptx('the good version');
      expect((await upload(id, { locale: 'en', file: original }, { token: tokens.facilitator })).status).toBe(
        201,
      );
    });

    async function expectUntouched(): Promise<void> {
      expect(await fileRows(id)).toEqual([{ locale: 'en', version: 1, sha256: sha256(original) }]);
      expect(storedObjects().filter((f) => f.includes(id))).toHaveLength(1);
      expect(leftovers()).toEqual([]);
      const still = await fetch(`${t.url}/materials/${id}/files/en`);
      expect(sha256(Buffer.from(await still.arrayBuffer()))).toBe(sha256(original));
    }

    it.each([
      [
        'an executable named like a PDF',
        { locale: 'en', file: EXE, filename: 'slides.pdf', type: 'application/pdf' },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'a ZIP archive that is no office document',
        { locale: 'en', file: zip([['notes.txt', 'hello']]), filename: 'deck.pptx' },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'binary bytes named .txt',
        {
          locale: 'en',
          file: Buffer.from([0x41, 0x00, 0x42, 0xfe]),
          filename: 'notes.txt',
          type: 'text/plain',
        },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'a PNG cut short after its signature',
        { locale: 'en', file: PNG.subarray(0, 8), filename: 'photo.png', type: 'image/png' },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'text that is not UTF-8',
        { locale: 'en', file: Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), filename: 'menu.csv' },
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      [
        'a file over MAX_UPLOAD_MB',
        { locale: 'en', file: Buffer.alloc(1024 * 1024 + 1, 0x20), filename: 'big.txt' },
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      [
        'an empty file',
        { locale: 'en', file: Buffer.alloc(0), filename: 'empty.pdf' },
        400,
        'BAD_USER_INPUT',
      ],
      ['a missing locale', { file: pdf('no language') }, 400, 'BAD_USER_INPUT'],
      ['a locale we do not serve', { locale: 'fr', file: pdf('en français') }, 400, 'BAD_USER_INPUT'],
      ['no file at all', { locale: 'en' }, 400, 'BAD_USER_INPUT'],
    ])('refuses %s', async (_name, parts, status, code) => {
      const result = await upload(id, parts, { token: tokens.facilitator, lang: 'ru' });
      expect(result.status).toBe(status);
      expect(result.body.error?.code).toBe(code);
      expect(result.body.error?.message).toMatch(/[а-яё]/i);
      await expectUntouched();
    });

    it('refuses a body that is not multipart', async () => {
      const response = await fetch(`${t.url}/materials/${id}/files`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens.facilitator}`,
          'content-type': 'application/pdf',
          'accept-language': 'es',
        },
        body: new Uint8Array(pdf('raw')),
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
        'multipart/form-data',
      );
      await expectUntouched();
    });

    it('refuses an oversized upload sent in chunks without a length, stopping at the limit', async () => {
      const boundary = 'ashar-chunked-boundary';
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${t.url}/materials/${id}/files`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${tokens.facilitator}`,
            'content-type': `multipart/form-data; boundary=${boundary}`,
            'transfer-encoding': 'chunked',
          },
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.write(`--${boundary}\r\nContent-Disposition: form-data; name="locale"\r\n\r\nen\r\n`);
        req.write(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`,
        );
        for (let i = 0; i < 20; i++) req.write(Buffer.alloc(64 * 1024, 0x61));
        req.end(`\r\n--${boundary}--\r\n`);
      });
      expect(status).toBe(413);
      await expectUntouched();
    });

    it('refuses an unknown material (404), a guest (401) and someone who may not edit it (403)', async () => {
      const unknown = await upload(
        '00000000-0000-4000-8000-000000000000',
        { locale: 'en', file: pdf('x') },
        { token: tokens.facilitator, lang: 'nl' },
      );
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toEqual({
        code: 'NOT_FOUND',
        message: 'Dit materiaal bestaat niet, of u hebt er geen toegang toe.',
      });
      const guest = await upload(id, { locale: 'en', file: pdf('x') });
      expect(guest.status).toBe(401);
      expect(guest.body.error?.code).toBe('UNAUTHENTICATED');
      const member = await upload(id, { locale: 'en', file: pdf('x') }, { token: tokens.member, lang: 'es' });
      expect(member.status).toBe(403);
      expect(member.body.error).toEqual({
        code: 'FORBIDDEN',
        message: 'No puede modificar este material ni subirle archivos.',
      });
      const coordinator = await upload(id, { locale: 'en', file: pdf('x') }, { token: tokens.coordinatorPe });
      expect(coordinator.status).toBe(403);
      await expectUntouched();
    });

    it('stores nothing when the client disconnects in the middle of an upload', async () => {
      const boundary = 'ashar-abort-boundary';
      const req = request(`${t.url}/materials/${id}/files`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens.facilitator}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(600_000),
        },
      });
      req.on('error', () => undefined);
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="locale"\r\n\r\nen\r\n`);
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="deck.pptx"\r\n\r\n`);
      req.write(pptx('interrupted', 200_000).subarray(0, 200_000));
      // Wait (bounded) until the server has started writing the upload to its temporary file, then cut the line.
      for (let i = 0; i < 200 && leftovers().length === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(leftovers().length).toBe(1);
      req.destroy();
      for (let i = 0; i < 200 && leftovers().length > 0; i++) await new Promise((r) => setTimeout(r, 25));
      await expectUntouched();
    });
  });

  // Linux shows a process's open files under /proc/self/fd, including deleted ones ("… (deleted)").
  (process.platform === 'linux' ? it : it.skip)(
    'closes the temporary file of an interrupted upload instead of keeping a deleted file open',
    async () => {
      const id = await createMaterial(tokens.facilitator);
      const uploads = join(realpathSync(dataDir), 'tmp', 'uploads');
      const openInUploads = () =>
        readdirSync('/proc/self/fd').flatMap((fd) => {
          try {
            const target = readlinkSync(`/proc/self/fd/${fd}`);
            return target.startsWith(uploads) ? [target] : [];
          } catch {
            return [];
          }
        });
      const boundary = 'ashar-leak-boundary';
      const req = request(`${t.url}/materials/${id}/files`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokens.facilitator}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(1_000_000),
        },
      });
      req.on('error', () => undefined);
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="locale"\r\n\r\nen\r\n`);
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="deck.pptx"\r\n\r\n`);
      req.write(pptx('declared 1 MB, sends 300 KB', 300_000).subarray(0, 300_000));
      for (let i = 0; i < 200 && openInUploads().length === 0; i++)
        await new Promise((r) => setTimeout(r, 25));
      expect(openInUploads()).toHaveLength(1);
      req.destroy();
      for (let i = 0; i < 120 && (openInUploads().length > 0 || leftovers().length > 0); i++)
        await new Promise((r) => setTimeout(r, 25));
      expect(openInUploads()).toEqual([]);
      expect(leftovers().filter((f) => f.endsWith('.part'))).toEqual([]);
      expect(await fileRows(id)).toEqual([]);
    },
  );

  it('lets members propose materials that guests cannot see, and refuses a member publishing', async () => {
    const id = await createMaterial(tokens.member, { kind: 'NATIONAL_ACTION_PLAN', countryCodes: ['KG'] });
    const own = await t.gql<{ material: { status: string; viewerCan: { edit: boolean; publish: boolean } } }>(
      `query ($id: ID!) { material(id: $id) { status viewerCan { edit publish } } }`,
      { id },
      { token: tokens.member },
    );
    expect(own.data?.material).toEqual({ status: 'PROPOSED', viewerCan: { edit: true, publish: false } });
    expect(
      (await upload(id, { locale: 'en', file: pdf('draft plan') }, { token: tokens.member })).status,
    ).toBe(201);
    expect(
      (await t.gql(`query ($id: ID!) { material(id: $id) { id } }`, { id })).errors?.[0].extensions.code,
    ).toBe('NOT_FOUND');
    expect((await fetch(`${t.url}/materials/${id}/files/en`)).status).toBe(404);
    const other = await upload(id, { locale: 'ru', file: pdf('x') }, { token: tokens.otherMember });
    expect(other.status).toBe(404);
    const publish = await t.gql(
      `mutation ($id: ID!) { updateMaterial(id: $id, input: { status: PUBLISHED }) { status } }`,
      { id },
      { token: tokens.member },
    );
    expect(publish.errors?.[0].extensions.code).toBe('FORBIDDEN');
    // A coordinator is told whose materials they publish: those of the countries they coordinate.
    const elsewhere = await t.gql(
      `mutation ($input: MaterialInput!) { createMaterial(input: $input) { id } }`,
      {
        input: {
          kind: 'REPORT',
          originalLocale: 'en',
          title: 'Naryn pastures',
          countryCodes: ['KG'],
          status: 'PUBLISHED',
        },
      },
      { token: tokens.coordinatorPe, lang: 'es' },
    );
    expect(elsewhere.errors?.[0]).toMatchObject({
      message: 'Usted publica los materiales de los países que coordina (Perú); este trata de otros.',
      extensions: { code: 'FORBIDDEN' },
    });
    const reviewing = await t.gql<{ material: { viewerCan: { edit: boolean; publish: boolean } } }>(
      `query ($id: ID!) { material(id: $id) { viewerCan { edit publish } } }`,
      { id },
      { token: tokens.facilitator },
    );
    expect(reviewing.data?.material.viewerCan).toEqual({ edit: true, publish: true });
    const published = await t.gql<{
      updateMaterial: { status: string; viewerCan: { edit: boolean; publish: boolean } };
    }>(
      `mutation ($id: ID!) { updateMaterial(id: $id, input: { status: PUBLISHED }) { status viewerCan { edit publish } } }`,
      { id },
      { token: tokens.facilitator },
    );
    expect(published.data?.updateMaterial).toEqual({
      status: 'PUBLISHED',
      viewerCan: { edit: true, publish: false },
    });
    // Published, it is the managers' alone: its proposer may no longer edit it.
    const proposer = await t.gql(
      `query ($id: ID!) { material(id: $id) { viewerCan { edit publish } } }`,
      { id },
      { token: tokens.member },
    );
    expect(proposer.data).toEqual({ material: { viewerCan: { edit: false, publish: false } } });
    expect((await fetch(`${t.url}/materials/${id}/files/en`)).status).toBe(200);
  });

  it('pages through materials created in the same millisecond without skipping one', async () => {
    const ids = [
      await createMaterial(tokens.facilitator, { kind: 'AGENDA' }),
      await createMaterial(tokens.facilitator, { kind: 'AGENDA' }),
      await createMaterial(tokens.facilitator, { kind: 'AGENDA' }),
    ];
    // Created in one millisecond, apart by microseconds (as parallel requests are), newest of all.
    await t.app
      .get(DataSource)
      .query(
        `UPDATE material SET created_at = '2099-01-01T00:00:00.000001Z'::timestamptz + (array_position($1::uuid[], id) * interval '1 microsecond') WHERE id = ANY($1)`,
        [ids],
      );
    const query = `query ($after: String) { materials(first: 1, after: $after, filter: { kinds: [AGENDA] }) {
      edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      type Page = {
        materials: {
          edges: { node: { id: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      };
      const answer = await t.gql<Page>(query, { after }, { token: tokens.facilitator });
      const materials: Page['materials'] = answer.data!.materials;
      seen.push(...materials.edges.map((edge) => edge.node.id));
      if (!materials.pageInfo.hasNextPage) break;
      after = materials.pageInfo.endCursor;
    }
    expect(seen.slice(0, 3).sort()).toEqual([...ids].sort());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('hides members-only materials from guests and filters by kind, theme, case study and language', async () => {
    const hidden = await createMaterial(tokens.facilitator, {
      visibility: 'MEMBERS',
      kind: 'TRAINING_GUIDE',
      themes: ['capacity-building'],
      caseStudySlugs: ['kg-village-water'],
    });
    await upload(hidden, { locale: 'nl', file: pdf('gids') }, { token: tokens.facilitator });
    expect((await fetch(`${t.url}/materials/${hidden}/files/nl`)).status).toBe(404);
    expect(
      (
        await fetch(`${t.url}/materials/${hidden}/files/nl`, {
          headers: { authorization: `Bearer ${tokens.member}` },
        })
      ).status,
    ).toBe(200);
    const query = `query ($filter: MaterialFilter) { materials(filter: $filter) { totalCount edges { node { id } } } }`;
    const filter = {
      kinds: ['TRAINING_GUIDE'],
      themes: ['capacity-building'],
      caseStudySlug: 'kg-village-water',
      locales: ['nl'],
    };
    const asGuest = await t.gql<{ materials: { totalCount: number } }>(query, { filter });
    expect(asGuest.data?.materials.totalCount).toBe(0);
    const asMember = await t.gql<{ materials: { edges: { node: { id: string } }[] } }>(
      query,
      { filter },
      { token: tokens.member },
    );
    expect(asMember.data?.materials.edges.map((e) => e.node.id)).toEqual([hidden]);
  });

  it('validates the filter of materials, with the field path', async () => {
    const query = `query ($filter: MaterialFilter) { materials(filter: $filter) { totalCount } }`;
    const badEvent = await t.gql(query, { filter: { eventId: 'x' } });
    expect(badEvent.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(badEvent.errors?.[0].extensions.fields).toEqual([
      expect.objectContaining({ path: 'filter.eventId', code: 'isUUID' }),
    ]);
    const tooMany = await t.gql(query, { filter: { locales: ['en', 'ru', 'es', 'nl', 'en'] } });
    expect(tooMany.errors?.[0].extensions.fields).toEqual([
      expect.objectContaining({ path: 'filter.locales', code: 'arrayMaxSize' }),
    ]);
    expect((await t.gql(`{ materials { totalCount } }`)).errors).toBeUndefined();
  });

  it('refuses theme keys outside the taxonomy, as case studies do', async () => {
    const created = await t.gql(
      `mutation ($input: MaterialInput!) { createMaterial(input: $input) { id } }`,
      {
        input: {
          kind: 'REPORT',
          originalLocale: 'en',
          title: 'Themed',
          themes: ['youth', 'no-such-theme'],
        },
      },
      { token: tokens.facilitator, lang: 'nl' },
    );
    expect(created.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(created.errors?.[0].message).toBe('"no-such-theme" is geen thema uit de taxonomie.');
    expect(created.errors?.[0].extensions.fields).toEqual([
      expect.objectContaining({ path: 'input.themes', code: 'invalid' }),
    ]);
    const id = await createMaterial(tokens.facilitator, { themes: ['youth'] });
    const updated = await t.gql(
      `mutation ($id: ID!) { updateMaterial(id: $id, input: { themes: ["no-such-theme"] }) { themes } }`,
      { id },
      { token: tokens.facilitator },
    );
    expect(updated.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const read = await t.gql<{ material: { themes: string[] } }>(
      `query ($id: ID!) { material(id: $id) { themes } }`,
      { id },
    );
    expect(read.data?.material.themes).toEqual(['youth']);
  });

  it('shows a guest only the linked events a guest may see', async () => {
    const event = async (visibility: string) =>
      (
        await t.gql<{ createEvent: { id: string } }>(
          `mutation ($input: EventInput!) { createEvent(input: $input) { id } }`,
          {
            input: {
              kind: 'WORKSHOP',
              originalLocale: 'en',
              title: `A ${visibility.toLowerCase()} workshop`,
              countryCodes: ['KG'],
              startsAt: '2031-03-10T09:00:00+06:00',
              endsAt: '2031-03-10T17:00:00+06:00',
              timeZone: 'Asia/Bishkek',
              visibility,
            },
          },
          { token: tokens.facilitator },
        )
      ).data!.createEvent.id;
    const open = await event('PUBLIC');
    const closed = await event('MEMBERS');
    const id = await createMaterial(tokens.facilitator, { eventIds: [open, closed] });
    const QUERY = `query ($id: ID!) { material(id: $id) { eventIds } materials(first: 50) { edges { node { id eventIds } } } }`;
    const asGuest = await t.gql<{
      material: { eventIds: string[] };
      materials: { edges: { node: { id: string; eventIds: string[] } }[] };
    }>(QUERY, { id });
    expect(asGuest.data?.material.eventIds).toEqual([open]);
    expect(asGuest.data?.materials.edges.find((e) => e.node.id === id)?.node.eventIds).toEqual([open]);
    const asMember = await t.gql<{ material: { eventIds: string[] } }>(
      QUERY,
      { id },
      { token: tokens.member },
    );
    expect([...asMember.data!.material.eventIds].sort()).toEqual([open, closed].sort());
    // Nor may a guest learn from the materials list whether a members-only event has any.
    const BY_EVENT = `query ($eventId: ID!) { materials(first: 50, filter: { eventId: $eventId }) { totalCount edges { node { id } } } }`;
    const listed = async (eventId: string, token?: string) =>
      (
        await t.gql<{ materials: { totalCount: number; edges: { node: { id: string } }[] } }>(
          BY_EVENT,
          { eventId },
          { token },
        )
      ).data?.materials;
    expect(await listed(open)).toEqual({ totalCount: 1, edges: [{ node: { id } }] });
    expect(await listed(closed)).toEqual({ totalCount: 0, edges: [] });
    expect(await listed(closed, tokens.member)).toEqual({ totalCount: 1, edges: [{ node: { id } }] });
  });

  it('links only case studies and rooms its author may see, and names only those its reader may see', async () => {
    await caseStudy('kg-draft-plan', false);
    const room = async (visibility: string) =>
      (
        await t.gql<{ createRoom: { id: string } }>(
          `mutation ($input: CreateRoomInput!) { createRoom(input: $input) { id } }`,
          { input: { scope: 'COUNTRY', countryCode: 'KG', visibility, originalLocale: 'en' } },
          { token: tokens.admin },
        )
      ).data!.createRoom.id;
    const [open, closed] = [await room('PUBLIC'), await room('PRIVATE')];
    const refused = async (links: Record<string, unknown>) =>
      (
        await t.gql(
          `mutation ($input: MaterialInput!) { createMaterial(input: $input) { id } }`,
          { input: { kind: 'REPORT', originalLocale: 'en', title: 'Linked', ...links } },
          { token: tokens.facilitator, lang: 'es' },
        )
      ).errors?.[0];
    expect(await refused({ caseStudySlugs: ['kg-village-water', 'no-such-case'] })).toMatchObject({
      message: 'Uno de los estudios de caso vinculados no existe.',
      extensions: { code: 'BAD_USER_INPUT', fields: [{ path: 'input.caseStudySlugs.1', code: 'invalid' }] },
    });
    // A draft and a private room are not the facilitator's to see, so not theirs to link.
    expect((await refused({ caseStudySlugs: ['kg-draft-plan'] }))?.extensions.fields).toEqual([
      expect.objectContaining({ path: 'input.caseStudySlugs.0' }),
    ]);
    expect(await refused({ roomIds: [open, closed] })).toMatchObject({
      message: 'Una de las salas de discusión vinculadas no existe.',
      extensions: { fields: [{ path: 'input.roomIds.1', code: 'invalid' }] },
    });
    const id = await createMaterial(tokens.admin, {
      caseStudySlugs: ['kg-village-water', 'kg-draft-plan'],
      roomIds: [open, closed],
    });
    const LINKS = `query ($id: ID!) { material(id: $id) { caseStudySlugs roomIds } }`;
    expect((await t.gql(LINKS, { id })).data).toEqual({
      material: { caseStudySlugs: ['kg-village-water'], roomIds: [open] },
    });
    expect((await t.gql(LINKS, { id }, { token: tokens.admin })).data).toEqual({
      material: { caseStudySlugs: ['kg-village-water', 'kg-draft-plan'], roomIds: [open, closed] },
    });
    // An editor who cannot see some links neither removes them nor is refused them: they were never
    // shown to them. What they can see, they change.
    const edited = await t.gql(
      `mutation ($id: ID!) { updateMaterial(id: $id, input: { caseStudySlugs: [], roomIds: [${JSON.stringify(open)}] }) { caseStudySlugs roomIds } }`,
      { id },
      { token: tokens.facilitator },
    );
    expect(edited).toEqual({ data: { updateMaterial: { caseStudySlugs: [], roomIds: [open] } } });
    expect((await t.gql(LINKS, { id }, { token: tokens.admin })).data).toEqual({
      material: { caseStudySlugs: ['kg-draft-plan'], roomIds: [open, closed] },
    });
    // An event's room is as visible as its event: a members-only one's is named to members only.
    const event = await t.gql<{ createEvent: { roomId: string } }>(
      `mutation ($input: EventInput!) { createEvent(input: $input) { roomId } }`,
      {
        input: {
          kind: 'WORKSHOP',
          originalLocale: 'en',
          title: 'Members-only workshop',
          countryCodes: ['KG'],
          startsAt: '2031-05-10T09:00:00+06:00',
          endsAt: '2031-05-10T17:00:00+06:00',
          timeZone: 'Asia/Bishkek',
          visibility: 'MEMBERS',
        },
      },
      { token: tokens.admin },
    );
    const eventRoom = event.data!.createEvent.roomId;
    const withRoom = await createMaterial(tokens.admin, { roomIds: [open, eventRoom] });
    expect((await t.gql(LINKS, { id: withRoom })).data).toEqual({
      material: { caseStudySlugs: [], roomIds: [open] },
    });
    expect((await t.gql(LINKS, { id: withRoom }, { token: tokens.member })).data).toEqual({
      material: { caseStudySlugs: [], roomIds: [open, eventRoom] },
    });
    // Listing by a draft case study tells a guest nothing either.
    const BY_CASE = `query ($slug: String!) { materials(filter: { caseStudySlug: $slug }) { totalCount } }`;
    expect((await t.gql(BY_CASE, { slug: 'kg-draft-plan' })).data).toEqual({ materials: { totalCount: 0 } });
    expect((await t.gql(BY_CASE, { slug: 'kg-draft-plan' }, { token: tokens.admin })).data).toEqual({
      materials: { totalCount: 1 },
    });
  });

  it('stores titles trimmed, and refuses titles made only of spaces on create, update and translate', async () => {
    const create = await t.gql(
      `mutation ($input: MaterialInput!) { createMaterial(input: $input) { id } }`,
      { input: { kind: 'REPORT', originalLocale: 'en', title: '    ' } },
      { token: tokens.facilitator },
    );
    expect(create.errors?.[0].extensions.fields).toEqual([
      expect.objectContaining({ path: 'input.title', code: 'isNotEmpty' }),
    ]);
    // A title that would read reversed ("Report \u202egnp.exe" shows as "Report exe.png") is refused.
    const reversed = await t.gql(
      `mutation ($input: MaterialInput!) { createMaterial(input: $input) { id } }`,
      { input: { kind: 'REPORT', originalLocale: 'en', title: 'Report \u202egnp.exe' } },
      { token: tokens.facilitator },
    );
    expect(reversed.errors?.[0].extensions.fields).toEqual([
      expect.objectContaining({ path: 'input.title', code: 'noBidiControls' }),
    ]);
    const id = await createMaterial(tokens.facilitator, { title: '  Spaced out title \n' });
    const update = await t.gql(
      `mutation ($id: ID!) { updateMaterial(id: $id, input: { title: "   " }) { title } }`,
      { id },
      { token: tokens.facilitator },
    );
    expect(update.errors?.[0].extensions.fields).toEqual([
      expect.objectContaining({ path: 'input.title', code: 'isNotEmpty' }),
    ]);
    // null, like a field left out, keeps the title.
    const nulls = await t.gql(
      `mutation ($id: ID!) { updateMaterial(id: $id, input: { title: null, description: null }) { title } }`,
      { id },
      { token: tokens.facilitator },
    );
    expect(nulls).toEqual({ data: { updateMaterial: { title: 'Spaced out title' } } });
    const translate = await t.gql(
      `mutation ($id: ID!) { translateMaterial(id: $id, input: { locale: "ru", title: "\u200b  \u200b" }) { title } }`,
      { id },
      { token: tokens.facilitator },
    );
    expect(translate.errors?.[0].extensions.fields).toEqual([
      expect.objectContaining({ path: 'input.title', code: 'isNotEmpty' }),
    ]);
    const read = await t.gql<{ material: { title: string; availableLocales: string[] } }>(
      `query ($id: ID!) { material(id: $id) { title availableLocales } }`,
      { id },
    );
    expect(read.data?.material).toEqual({ title: 'Spaced out title', availableLocales: ['en'] });
  });

  it("keeps a translation's description when only its title is saved again", async () => {
    const id = await createMaterial(tokens.facilitator);
    const translate = (fields: string) =>
      t.gql<{ translateMaterial: { id: string } }>(
        `mutation ($id: ID!) { translateMaterial(id: $id, input: { locale: "es", ${fields} }) { id } }`,
        { id },
        { token: tokens.facilitator },
      );
    const read = async () =>
      (
        await t.gql<{ material: { title: string; description: string } }>(
          `query ($id: ID!) { material(id: $id) { title description } }`,
          { id },
          { lang: 'es' },
        )
      ).data?.material;
    expect(
      (await translate('title: "Planificación", description: "Guía paso a paso"')).errors,
    ).toBeUndefined();
    expect((await translate('title: "Planificación comunal"')).errors).toBeUndefined();
    expect(await read()).toEqual({ title: 'Planificación comunal', description: 'Guía paso a paso' });
    // An empty description is a choice, and it is kept as one.
    expect((await translate('title: "Planificación comunal", description: ""')).errors).toBeUndefined();
    expect(await read()).toEqual({ title: 'Planificación comunal', description: '' });
  });

  it('says the size of the file in the plural form of the language when a range cannot be served', async () => {
    const id = await createMaterial(tokens.facilitator, { kind: 'OTHER' });
    for (const [locale, text] of [
      ['en', 'k'],
      ['ru', 'ok'],
    ])
      expect(
        (
          await upload(
            id,
            { locale, file: Buffer.from(text), filename: 'tiny.txt' },
            { token: tokens.facilitator },
          )
        ).status,
      ).toBe(201);
    const message = async (fileLocale: string, lang: string) => {
      const response = await fetch(`${t.url}/materials/${id}/files/${fileLocale}`, {
        headers: { range: 'bytes=10-', 'accept-language': lang },
      });
      expect(response.status).toBe(416);
      return ((await response.json()) as { error: { message: string } }).error.message;
    };
    expect(await message('en', 'en')).toContain('(1 byte)');
    expect(await message('ru', 'en')).toContain('(2 bytes)');
    expect(await message('en', 'ru')).toContain('(1 байт)');
    expect(await message('ru', 'ru')).toContain('(2 байта)');
    expect(await message('ru', 'nl')).toContain('(2 bytes)');
  });

  it('announces material writes to search through the outbox, in the same transaction', async () => {
    const id = await createMaterial(tokens.facilitator, { title: 'Social audit checklist' });
    const rows = await db.query(
      `SELECT topic, payload FROM outbox WHERE aggregate_type = 'material' AND aggregate_id = $1`,
      [id],
    );
    expect(rows.rows).toEqual([{ topic: 'material.changed', payload: { type: 'MATERIAL' } }]);
  });

  it('gives search one document per published public material, in every language it has', async () => {
    const id = await createMaterial(tokens.facilitator, {
      title: 'Community scorecards',
      themes: ['social-accountability'],
    });
    await t.gql(
      `mutation ($id: ID!) { translateMaterial(id: $id, input: { locale: "es", title: "Tarjetas de puntuación comunitaria" }) { id } }`,
      { id },
      { token: tokens.facilitator },
    );
    const proposal = await createMaterial(tokens.member, { title: 'A member proposal' });
    const [published, proposed] = await t.app.get(MaterialSearchSource).documents([id, proposal]);
    expect(published.documents[0]).toMatchObject({ type: 'MATERIAL', id, themes: ['social-accountability'] });
    expect(published.documents[0].texts.map((text) => [text.locale, text.title]).sort()).toEqual([
      ['en', 'Community scorecards'],
      ['es', 'Tarjetas de puntuación comunitaria'],
    ]);
    expect(proposed.documents).toEqual([]);
  });

  it('deletes a material with all its stored files', async () => {
    const id = await createMaterial(tokens.facilitator);
    await upload(id, { locale: 'en', file: pdf('one') }, { token: tokens.facilitator });
    await upload(id, { locale: 'ru', file: pdf('два') }, { token: tokens.facilitator });
    expect(storedObjects().filter((f) => f.includes(id))).toHaveLength(2);
    const member = await t.gql(
      `mutation ($id: ID!) { deleteMaterial(id: $id) }`,
      { id },
      { token: tokens.member },
    );
    expect(member.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const deleted = await t.gql(
      `mutation ($id: ID!) { deleteMaterial(id: $id) }`,
      { id },
      { token: tokens.facilitator },
    );
    expect(deleted.data).toEqual({ deleteMaterial: true });
    expect(storedObjects().filter((f) => f.includes(id))).toHaveLength(0);
    expect(await fileRows(id)).toEqual([]);
  });
});

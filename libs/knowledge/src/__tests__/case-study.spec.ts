import { MIGRATIONS } from '@ashar/database';
import { startTestApp, type TestApp } from '@ashar/transport/testing';
import { DataSource } from 'typeorm';
import { CaseStudyImportService } from '../import/case-study-import.service';
import { KNOWLEDGE_TEST_MODULES, makePeople, sampleCaseStudy, type People } from './knowledge-fixtures';

const CREATE = `mutation ($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { id slug status organisationId createdBy updatedBy version countries { code } themes { key label } } }`;
const BY_SLUG = `query ($slug: String!) { caseStudy(slug: $slug) { id slug status title summary locale originalLocale availableLocales version machineTranslated outdated translations { locale machineTranslated sourceVersion outdated } results { label locale value unit } lessons { text locale themes { key label } } } }`;
const LIST = `query ($filter: CaseStudyFilter) { caseStudies(first: 50, filter: $filter) { totalCount edges { node { slug status } } } }`;
const PUBLISH = `mutation ($id: ID!) { publishCaseStudy(id: $id) { status publishedAt updatedBy } }`;
const UPDATE = `mutation ($id: ID!, $input: UpdateCaseStudyInput!) { updateCaseStudy(id: $id, input: $input) { region updatedBy } }`;
const TRANSLATE = `mutation ($id: ID!, $input: CaseStudyTranslationInput!) { translateCaseStudy(id: $id, input: $input) { version availableLocales } }`;

describe('case studies over GraphQL', () => {
  let t: TestApp;
  let p: People;

  beforeAll(async () => {
    t = await startTestApp(KNOWLEDGE_TEST_MODULES);
    p = await makePeople(t);
  });
  afterAll(() => t.close());

  const draftInput = (slug: string, extra: Record<string, unknown> = {}) => ({
    slug,
    originalLocale: 'ru',
    title: 'Водопровод в селе',
    summary: 'Жители сами построили водопровод.',
    body: 'Текст',
    countries: ['KG'],
    themes: ['water-sanitation'],
    ...extra,
  });

  describe('who may do what', () => {
    it('lets a member draft a case study for their organisation, recording who and when', async () => {
      const result = await t.gql<{ createCaseStudy: Record<string, unknown> }>(
        CREATE,
        { input: draftInput('member-draft', { organisationId: p.cboId }) },
        { token: p.member.token },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.createCaseStudy).toMatchObject({
        status: 'DRAFT',
        organisationId: p.cboId,
        createdBy: p.member.user.id,
        updatedBy: p.member.user.id,
        version: 1,
        countries: [{ code: 'KG' }],
        themes: [{ key: 'water-sanitation', label: 'Water and sanitation' }],
      });
    });

    it('refuses a member drafting without an organisation, or for one they do not belong to', async () => {
      const without = await t.gql(
        CREATE,
        { input: draftInput('no-org') },
        { token: p.member.token, lang: 'ru' },
      );
      expect(without.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(without.errors?.[0].message).toContain('от имени своей организации');
      const foreign = await t.gql(
        CREATE,
        { input: draftInput('foreign-org', { organisationId: p.cboId }) },
        { token: p.outsider.token },
      );
      expect(foreign.errors?.[0].extensions.code).toBe('FORBIDDEN');
      const guest = await t.gql(CREATE, { input: draftInput('guest-draft') });
      expect(guest.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      // A coordinator naming a country they do not coordinate is told which ones they do.
      const elsewhere = await t.gql(
        CREATE,
        { input: draftInput('kg-coordinator-in-peru', { countries: ['PE'] }) },
        { token: p.coordinatorKg.token, lang: 'es' },
      );
      // An organisation named in it goes into the directory: its name may not read reversed.
      const reversed = await t.gql(
        CREATE,
        {
          input: draftInput('reversed-partner', {
            organisationId: p.cboId,
            organisations: [{ name: '\u202eOrg of another', role: 'PARTNER' }],
          }),
        },
        { token: p.member.token },
      );
      expect(reversed.errors?.[0].extensions.fields).toEqual([
        expect.objectContaining({ path: 'input.organisations.0.name', code: 'noBidiControls' }),
      ]);
      // Nor may a name, a source's title or an approach be empty.
      const blank = await t.gql(
        CREATE,
        {
          input: draftInput('blank-parts', {
            organisationId: p.cboId,
            organisations: [{ name: '', role: 'PARTNER' }],
            sources: [{ title: ' ' }],
            approaches: ['participatory-budgeting', ''],
          }),
        },
        { token: p.member.token },
      );
      expect(blank.errors?.[0].extensions.fields).toEqual([
        expect.objectContaining({ path: 'input.approaches', code: 'isNotEmpty' }),
        expect.objectContaining({ path: 'input.organisations.0.name', code: 'isNotEmpty' }),
        expect.objectContaining({ path: 'input.sources.0.title', code: 'isNotEmpty' }),
      ]);
      expect(elsewhere.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/^Usted coordina Kirguistán: /),
        extensions: {
          code: 'BAD_USER_INPUT',
          fields: [expect.objectContaining({ path: 'input.organisationId' })],
        },
      });
    });

    it('lets only coordinators of its countries, the steering group and admins publish', async () => {
      const created = await t.gql<{ createCaseStudy: { id: string } }>(
        CREATE,
        { input: draftInput('to-publish', { organisationId: p.cboId }) },
        { token: p.member.token },
      );
      const id = created.data!.createCaseStudy.id;
      const byMember = await t.gql(PUBLISH, { id }, { token: p.member.token });
      expect(byMember.errors?.[0].extensions.code).toBe('FORBIDDEN');
      // A coordinator elsewhere cannot read the draft, so must not learn that it exists.
      const byOtherCoordinator = await t.gql(PUBLISH, { id }, { token: p.coordinatorPe.token });
      expect(byOtherCoordinator.errors?.[0].extensions.code).toBe('NOT_FOUND');
      const byCoordinator = await t.gql<{ publishCaseStudy: { status: string; updatedBy: string } }>(
        PUBLISH,
        { id },
        { token: p.coordinatorKg.token },
      );
      expect(byCoordinator.errors).toBeUndefined();
      expect(byCoordinator.data?.publishCaseStudy).toMatchObject({
        status: 'PUBLISHED',
        updatedBy: p.coordinatorKg.user.id,
      });
      const archiveByOther = await t.gql(
        `mutation ($id: ID!) { archiveCaseStudy(id: $id) { status } }`,
        { id },
        { token: p.coordinatorPe.token, lang: 'es' },
      );
      expect(archiveByOther.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect(archiveByOther.errors?.[0].message).toContain('Solo los coordinadores nacionales');
      // A coordinator cannot move it out of their own reach by emptying its countries.
      const emptied = await t.gql(UPDATE, { id, input: { countries: [] } }, { token: p.coordinatorKg.token });
      expect(emptied.errors?.[0].extensions.code).toBe('FORBIDDEN');
      // Once published, its members may no longer change it; the coordinator still may.
      const memberEdit = await t.gql(UPDATE, { id, input: { region: 'Naryn' } }, { token: p.member.token });
      expect(memberEdit.errors?.[0].extensions.code).toBe('FORBIDDEN');
      const coordinatorEdit = await t.gql<{ updateCaseStudy: { region: string; updatedBy: string } }>(
        UPDATE,
        { id, input: { region: 'Naryn' } },
        { token: p.coordinatorKg.token },
      );
      expect(coordinatorEdit.data?.updateCaseStudy).toEqual({
        region: 'Naryn',
        updatedBy: p.coordinatorKg.user.id,
      });
      const steering = await t.gql(
        `mutation ($id: ID!) { archiveCaseStudy(id: $id) { status } }`,
        { id },
        { token: p.steering.token },
      );
      expect(steering.data).toEqual({ archiveCaseStudy: { status: 'ARCHIVED' } });
    });

    it('tells each caller what they may do with a case study, as the mutations would decide', async () => {
      const created = await t.gql<{ createCaseStudy: { id: string; slug: string } }>(
        CREATE,
        { input: draftInput('viewer-can', { organisationId: p.cboId }) },
        { token: p.member.token },
      );
      const { id, slug } = created.data!.createCaseStudy;
      const CAN = `query ($slug: String!) { caseStudy(slug: $slug) { viewerCan { edit publish archive } } }`;
      const can = async (token?: string) =>
        (await t.gql<{ caseStudy: { viewerCan: Record<string, boolean> } }>(CAN, { slug }, { token })).data
          ?.caseStudy.viewerCan;
      expect(await can(p.member.token)).toEqual({ edit: true, publish: false, archive: false });
      expect(await can(p.coordinatorKg.token)).toEqual({ edit: true, publish: true, archive: true });
      expect(await can(p.steering.token)).toEqual({ edit: true, publish: true, archive: true });
      await t.gql(PUBLISH, { id }, { token: p.coordinatorKg.token });
      // Published: the member may no longer edit, the coordinator may archive but not publish again.
      expect(await can(p.member.token)).toEqual({ edit: false, publish: false, archive: false });
      expect(await can(p.coordinatorKg.token)).toEqual({ edit: true, publish: false, archive: true });
      expect(await can(p.coordinatorPe.token)).toEqual({ edit: false, publish: false, archive: false });
      expect(await can(p.outsider.token)).toEqual({ edit: false, publish: false, archive: false });
      expect(await can()).toEqual({ edit: false, publish: false, archive: false });
      // Archived (which also keeps it out of the other tests' lists): it may be published again.
      await t.gql(
        `mutation ($id: ID!) { archiveCaseStudy(id: $id) { status } }`,
        { id },
        { token: p.steering.token },
      );
      expect(await can(p.coordinatorKg.token)).toEqual({ edit: true, publish: true, archive: false });
    });

    it('lets a coordinator create for their own countries only', async () => {
      const own = await t.gql(CREATE, { input: draftInput('coord-own') }, { token: p.coordinatorKg.token });
      expect(own.errors).toBeUndefined();
      const other = await t.gql(
        CREATE,
        { input: draftInput('coord-other', { countries: ['PE'] }) },
        { token: p.coordinatorKg.token },
      );
      expect(other.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('answers unknown themes, unknown countries, bad slugs and taken slugs with translated errors', async () => {
      const theme = await t.gql(
        CREATE,
        { input: draftInput('bad-theme', { themes: ['astrology'] }) },
        {
          token: p.admin.token,
          lang: 'nl',
        },
      );
      expect(theme.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(theme.errors?.[0].message).toBe('"astrology" is geen thema uit de taxonomie.');
      const country = await t.gql(
        CREATE,
        { input: draftInput('bad-country', { countries: ['XX'] }) },
        { token: p.admin.token },
      );
      expect(country.errors?.[0].extensions.fields).toEqual([
        expect.objectContaining({ path: 'input.countries', code: 'isISO31661Alpha2' }),
      ]);
      const slug = await t.gql(CREATE, { input: draftInput('Not A Slug') }, { token: p.admin.token });
      expect(slug.errors?.[0].extensions.fields?.[0].path).toBe('input.slug');
      const taken = await t.gql(CREATE, { input: draftInput('member-draft') }, { token: p.admin.token });
      expect(taken.errors?.[0].extensions.code).toBe('CONFLICT');
      const huge = await t.gql(
        CREATE,
        { input: draftInput('huge', { title: 'x'.repeat(301) }) },
        { token: p.admin.token },
      );
      expect(huge.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      const unknownId = await t.gql(
        PUBLISH,
        { id: '00000000-0000-4000-8000-000000000000' },
        { token: p.admin.token },
      );
      expect(unknownId.errors?.[0].extensions.code).toBe('NOT_FOUND');
    });
  });

  describe('creates racing for one slug', () => {
    it('lets exactly one of simultaneous creates with the same new slug succeed; the others get CONFLICT', async () => {
      const attempts = [
        { token: p.member.token, input: draftInput('raced-slug', { organisationId: p.cboId }) },
        { token: p.coordinatorKg.token, input: draftInput('raced-slug', { title: 'Второй' }) },
        { token: p.admin.token, input: draftInput('raced-slug', { title: 'Третий', countries: ['PE'] }) },
        { token: p.steering.token, input: draftInput('raced-slug', { title: 'Четвёртый' }) },
      ];
      const results = await Promise.all(
        attempts.map(({ token, input }) =>
          t.gql<{ createCaseStudy: { id: string } }>(CREATE, { input }, { token, lang: 'ru' }),
        ),
      );
      const winners = results.flatMap((r, i) => (r.errors ? [] : [{ id: r.data!.createCaseStudy.id, i }]));
      expect(winners).toHaveLength(1);
      for (const refused of results.filter((r) => r.errors)) {
        expect(refused.errors?.[0].extensions.code).toBe('CONFLICT');
        expect(refused.errors?.[0].message).toBe(
          'Этот идентификатор (slug) уже занят другим описанием проекта.',
        );
      }
      // The draft is the winner's, exactly as it made it: no later create overwrote or moved it.
      const [winner] = winners;
      const read = await t.gql<{
        caseStudy: { id: string; title: string; version: number; organisationId: string | null };
      }>(
        `query { caseStudy(slug: "raced-slug") { id title version organisationId countries { code } } }`,
        {},
        { token: p.admin.token },
      );
      expect(read.data?.caseStudy).toEqual({
        id: winner.id,
        title: attempts[winner.i].input.title,
        version: 1,
        organisationId: (attempts[winner.i].input as { organisationId?: string }).organisationId ?? null,
        countries: (attempts[winner.i].input.countries as string[]).map((code) => ({ code })),
      });
    });
  });

  describe('edits made at the same time', () => {
    const EDITED = `query ($slug: String!) { caseStudy(slug: $slug) { title region updatedAt } }`;
    const SAVE_FIELDS = `mutation ($id: ID!, $input: UpdateCaseStudyInput!) { updateCaseStudy(id: $id, input: $input) { updatedAt } }`;
    const SAVE_TEXT = `mutation ($id: ID!, $input: CaseStudyTranslationInput!) { translateCaseStudy(id: $id, input: $input) { updatedAt } }`;

    it('refuses an edit begun before another save, writing nothing, and says what the record holds now', async () => {
      const created = await t.gql<{ createCaseStudy: { id: string } }>(
        CREATE,
        { input: draftInput('edited-meanwhile', { region: 'Нарын' }) },
        { token: p.admin.token },
      );
      const id = created.data!.createCaseStudy.id;
      const read = async () =>
        (
          await t.gql<{ caseStudy: { title: string; region: string; updatedAt: string } }>(
            EDITED,
            { slug: 'edited-meanwhile' },
            { token: p.admin.token },
          )
        ).data!.caseStudy;
      const opened = await read();
      // The coordinator saves first, from what both opened.
      const first = await t.gql<{ updateCaseStudy: { updatedAt: string } }>(
        SAVE_FIELDS,
        { id, input: { region: 'Ош', expectedUpdatedAt: opened.updatedAt } },
        { token: p.coordinatorKg.token },
      );
      expect(first.errors).toBeUndefined();
      const saved = first.data!.updateCaseStudy.updatedAt;
      expect(saved).not.toBe(opened.updatedAt);

      // The admin's edits, begun from the same version, are refused: fields and texts alike.
      for (const [query, input] of [
        [SAVE_FIELDS, { region: 'Талас', expectedUpdatedAt: opened.updatedAt }],
        [SAVE_TEXT, { locale: 'ru', title: 'Новое название', expectedUpdatedAt: opened.updatedAt }],
      ] as const) {
        const refused = await t.gql(query, { id, input }, { token: p.admin.token, lang: 'ru' });
        expect(refused.errors?.[0].extensions).toMatchObject({
          code: 'CONFLICT',
          updatedAt: saved,
          fields: [
            {
              path: 'input.expectedUpdatedAt',
              code: 'stale',
              message: expect.stringContaining('не совпадает с последним сохранением'),
            },
          ],
        });
        expect(refused.errors?.[0].message).toContain('кто-то другой сохранил изменения');
      }
      expect(await read()).toEqual({ title: opened.title, region: 'Ош', updatedAt: saved });

      // A translation is a save too; from the version it made, an edit goes through.
      const translated = await t.gql<{ translateCaseStudy: { updatedAt: string } }>(
        SAVE_TEXT,
        { id, input: { locale: 'es', title: 'Agua en el pueblo', expectedUpdatedAt: saved } },
        { token: p.admin.token },
      );
      expect(translated.errors).toBeUndefined();
      const stale = await t.gql(
        SAVE_FIELDS,
        { id, input: { region: 'Талас', expectedUpdatedAt: saved } },
        { token: p.admin.token },
      );
      expect(stale.errors?.[0].extensions.code).toBe('CONFLICT');
      const current = await t.gql(
        SAVE_FIELDS,
        { id, input: { region: 'Талас', expectedUpdatedAt: translated.data!.translateCaseStudy.updatedAt } },
        { token: p.admin.token },
      );
      expect(current.errors).toBeUndefined();
      // Without a version to check, the edit applies to whatever is there.
      const unchecked = await t.gql(
        SAVE_TEXT,
        { id, input: { locale: 'ru', title: 'Новое название' } },
        { token: p.admin.token },
      );
      expect(unchecked.errors).toBeUndefined();
      expect(await read()).toMatchObject({ title: 'Новое название', region: 'Талас' });
    });

    it('stamps a save that waited behind another one later than it, so that an edit from the first is refused', async () => {
      const created = await t.gql<{ createCaseStudy: { id: string } }>(
        CREATE,
        { input: draftInput('stamped-in-order') },
        { token: p.admin.token },
      );
      const id = created.data!.createCaseStudy.id;
      // A save whose transaction began first (its now() is fixed then) but writes last.
      const late = t.app.get(DataSource).createQueryRunner();
      await late.connect();
      await late.startTransaction();
      await late.query(`SELECT now()`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const first = await t.gql<{ updateCaseStudy: { updatedAt: string } }>(
        SAVE_FIELDS,
        { id, input: { region: 'Ош' } },
        { token: p.admin.token },
      );
      await late.query(`UPDATE case_study SET updated_by = NULL, updated_at = now() WHERE id = $1`, [id]);
      await late.commitTransaction();
      await late.release();
      const now = await t.gql<{ caseStudy: { updatedAt: string } }>(
        EDITED,
        { slug: 'stamped-in-order' },
        { token: p.admin.token },
      );
      expect(new Date(now.data!.caseStudy.updatedAt).getTime()).toBeGreaterThan(
        new Date(first.data!.updateCaseStudy.updatedAt).getTime(),
      );
      const stale = await t.gql(
        SAVE_FIELDS,
        { id, input: { region: 'Талас', expectedUpdatedAt: first.data!.updateCaseStudy.updatedAt } },
        { token: p.admin.token },
      );
      expect(stale.errors?.[0].extensions.code).toBe('CONFLICT');
    });

    it('refuses a result or lesson text begun before another save of the item, in any language', async () => {
      const created = await t.gql<{ createCaseStudy: { id: string } }>(
        CREATE,
        { input: draftInput('items-edited-meanwhile') },
        { token: p.admin.token },
      );
      const id = created.data!.createCaseStudy.id;
      const added = await t.gql<{ addLesson: { id: string; updatedAt: string } }>(
        `mutation ($id: ID!) { addLesson(caseStudyId: $id, input: { text: "Keep the ledger public.", originalLocale: "en" }) { id updatedAt } }`,
        { id },
        { token: p.admin.token },
      );
      const result = await t.gql<{ addResultIndicator: { id: string; updatedAt: string } }>(
        `mutation ($id: ID!, $input: ResultIndicatorInput!) { addResultIndicator(caseStudyId: $id, input: $input) { id updatedAt } }`,
        { id, input: { label: 'households reached', value: 120, unit: 'households', originalLocale: 'en' } },
        { token: p.admin.token },
      );
      const TRANSLATE = (mutation: string) =>
        `mutation ($id: ID!, $input: TextTranslationInput!) { ${mutation}(id: $id, input: $input) { updatedAt version text: ${mutation === 'translateLesson' ? 'text' : 'label'} } }`;
      for (const [mutation, item] of [
        ['translateLesson', added.data!.addLesson],
        ['translateResultIndicator', result.data!.addResultIndicator],
      ] as const) {
        const opened = item.updatedAt;
        // A Russian translation is saved first, from what both opened…
        const first = await t.gql<Record<string, { updatedAt: string }>>(
          TRANSLATE(mutation),
          { id: item.id, input: { locale: 'ru', text: 'Первый перевод', expectedUpdatedAt: opened } },
          { token: p.coordinatorKg.token },
        );
        expect(first.errors).toBeUndefined();
        const saved = first.data![mutation].updatedAt;
        expect(new Date(saved).getTime()).toBeGreaterThan(new Date(opened).getTime());
        // …so a Spanish one, and a Russian one over it, begun from the same version, are refused.
        for (const input of [
          { locale: 'es', text: 'Traducción', expectedUpdatedAt: opened },
          { locale: 'ru', text: 'Второй перевод', expectedUpdatedAt: opened },
        ]) {
          const refused = await t.gql(TRANSLATE(mutation), { id: item.id, input }, { token: p.admin.token });
          expect(refused.errors?.[0].extensions).toMatchObject({
            code: 'CONFLICT',
            updatedAt: saved,
            fields: [{ path: 'input.expectedUpdatedAt', code: 'stale' }],
          });
        }
        const ru = await t.gql<Record<string, { text: string; updatedAt: string }>>(
          TRANSLATE(mutation),
          { id: item.id, input: { locale: 'ru', text: 'Второй перевод', expectedUpdatedAt: saved } },
          { token: p.admin.token, lang: 'ru' },
        );
        expect(ru.errors).toBeUndefined();
        expect(ru.data![mutation].text).toBe('Второй перевод');
        // Someone who may not edit the case study (a draft: not even see it) learns nothing from a stale version.
        const outsider = await t.gql(
          TRANSLATE(mutation),
          { id: item.id, input: { locale: 'es', text: 'x', expectedUpdatedAt: opened } },
          { token: p.outsider.token },
        );
        expect(outsider.errors?.[0].extensions.code).toBe('NOT_FOUND');
      }
      // Racing translations from one version: exactly one is written.
      const lesson = added.data!.addLesson;
      const current = await t.gql<{ caseStudy: { lessons: { id: string; updatedAt: string }[] } }>(
        `query { caseStudy(slug: "items-edited-meanwhile") { lessons { id updatedAt } } }`,
        {},
        { token: p.admin.token },
      );
      const expectedUpdatedAt = current.data!.caseStudy.lessons[0].updatedAt;
      const raced = await Promise.all(
        ['es', 'nl', 'ru'].map((locale) =>
          t.gql(
            TRANSLATE('translateLesson'),
            { id: lesson.id, input: { locale, text: `text ${locale}`, expectedUpdatedAt } },
            { token: p.admin.token },
          ),
        ),
      );
      expect(raced.filter((r) => !r.errors)).toHaveLength(1);
      expect(raced.filter((r) => r.errors?.[0].extensions.code === 'CONFLICT')).toHaveLength(2);
    });

    it('lets exactly one of two edits begun from the same version through when they race', async () => {
      const created = await t.gql<{ createCaseStudy: { id: string } }>(
        CREATE,
        { input: draftInput('raced-edit') },
        { token: p.admin.token },
      );
      const id = created.data!.createCaseStudy.id;
      const opened = await t.gql<{ caseStudy: { updatedAt: string } }>(
        EDITED,
        { slug: 'raced-edit' },
        { token: p.admin.token },
      );
      const expectedUpdatedAt = opened.data!.caseStudy.updatedAt;
      const results = await Promise.all(
        ['Ош', 'Талас', 'Нарын'].map((region) =>
          t.gql(SAVE_FIELDS, { id, input: { region, expectedUpdatedAt } }, { token: p.admin.token }),
        ),
      );
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      expect(results.filter((r) => r.errors?.[0].extensions.code === 'CONFLICT')).toHaveLength(2);
    });
  });

  describe('inputs that used to reach the database', () => {
    const RESULT = `mutation ($id: ID!, $input: ResultIndicatorInput!) { addResultIndicator(caseStudyId: $id, input: $input) { id } }`;
    const OWNER = `query ($slug: String!) { caseStudy(slug: $slug) { organisationId } }`;

    it('refuses a blank title or unit, a baseline beyond bounds and an unknown owner, with field errors', async () => {
      const blank = await t.gql(
        CREATE,
        { input: draftInput('blank-title', { title: '   ' }) },
        { token: p.admin.token },
      );
      expect(blank.errors?.[0].extensions.fields).toEqual([expect.objectContaining({ path: 'input.title' })]);
      const owner = await t.gql(
        CREATE,
        { input: draftInput('unknown-owner', { organisationId: '00000000-0000-4000-8000-000000000000' }) },
        { token: p.admin.token },
      );
      expect(owner.errors?.[0].extensions.code).toBe('NOT_FOUND');
      const created = await t.gql<{ createCaseStudy: { id: string } }>(
        CREATE,
        { input: draftInput('with-results') },
        { token: p.admin.token },
      );
      const id = created.data!.createCaseStudy.id;
      for (const [input, path] of [
        [{ value: 1, unit: '  ', label: 'Households' }, 'input.unit'],
        [{ value: 1, unit: 'ha', label: 'Area', baseline: 1e17 }, 'input.baseline'],
      ] as const) {
        const result = await t.gql(RESULT, { id, input }, { token: p.admin.token });
        expect(result.errors?.[0].extensions.fields).toEqual([expect.objectContaining({ path })]);
      }
    });

    it('validates the filter of caseStudies and lessons, with the field path', async () => {
      const byOrganisation = await t.gql(LIST, { filter: { organisationId: 'x' } }, { token: p.admin.token });
      expect(byOrganisation.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(byOrganisation.errors?.[0].extensions.fields).toEqual([
        expect.objectContaining({ path: 'filter.organisationId', code: 'isUUID' }),
      ]);
      const tooManyStatuses = await t.gql(LIST, {
        filter: { statuses: ['DRAFT', 'PUBLISHED', 'ARCHIVED', 'DRAFT'] },
      });
      expect(tooManyStatuses.errors?.[0].extensions.fields).toEqual([
        expect.objectContaining({ path: 'filter.statuses', code: 'arrayMaxSize' }),
      ]);
      const lessons = await t.gql(
        `query ($filter: LessonFilter) { lessons(first: 5, filter: $filter) { totalCount } }`,
        { filter: { countries: Array.from({ length: 51 }, () => 'KG') } },
      );
      expect(lessons.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(lessons.errors?.[0].extensions.fields).toEqual([
        expect.objectContaining({ path: 'filter.countries', code: 'arrayMaxSize' }),
      ]);
      // No filter at all still lists.
      const none = await t.gql<{ caseStudies: { totalCount: number } }>(
        `{ caseStudies(first: 1) { totalCount } }`,
      );
      expect(none.errors).toBeUndefined();
    });

    it('stores a lesson trimmed, and refuses one made only of spaces or invisible characters', async () => {
      const created = await t.gql<{ createCaseStudy: { id: string } }>(
        CREATE,
        { input: draftInput('trimmed-lesson') },
        { token: p.admin.token },
      );
      const id = created.data!.createCaseStudy.id;
      const ADD = `mutation ($id: ID!, $input: LessonInput!) { addLesson(caseStudyId: $id, input: $input) { text } }`;
      const added = await t.gql<{ addLesson: { text: string } }>(
        ADD,
        { id, input: { text: '  \tСельчане сами следят за водопроводом.\n ' } },
        { token: p.admin.token },
      );
      expect(added.data?.addLesson.text).toBe('Сельчане сами следят за водопроводом.');
      const blank = await t.gql(ADD, { id, input: { text: ' \u200b\n ' } }, { token: p.admin.token });
      expect(blank.errors?.[0].extensions.fields).toEqual([
        expect.objectContaining({ path: 'input.text', code: 'isNotEmpty' }),
      ]);
    });

    it('lets a member name only organisations of the directory, which a coordinator may add to', async () => {
      const NEW_ORG = { name: 'Brand New Cooperative', role: 'FUNDER' };
      const member = await t.gql(
        CREATE,
        { input: draftInput('member-names', { organisationId: p.cboId, organisations: [NEW_ORG] }) },
        { token: p.member.token, lang: 'es' },
      );
      expect(member.errors?.[0].extensions.fields).toEqual([
        expect.objectContaining({ path: 'input.organisations.0.name', code: 'unknownOrganisation' }),
      ]);
      expect(member.errors?.[0].message).toContain('coordinador nacional');
      const known = await t.gql(
        CREATE,
        {
          input: draftInput('member-names', {
            organisationId: p.cboId,
            organisations: [{ name: '\ttest village committee\n', role: 'IMPLEMENTER' }],
          }),
        },
        { token: p.member.token },
      );
      expect(known.errors).toBeUndefined();
      const coordinator = await t.gql(
        CREATE,
        { input: draftInput('coord-names', { organisations: [NEW_ORG] }) },
        { token: p.coordinatorKg.token },
      );
      expect(coordinator.errors).toBeUndefined();
    });

    it('keeps the owner when an edit lists other organisations', async () => {
      const created = await t.gql<{ createCaseStudy: { id: string } }>(
        CREATE,
        { input: draftInput('kept-owner', { organisationId: p.cboId }) },
        { token: p.member.token },
      );
      const id = created.data!.createCaseStudy.id;
      for (const organisations of [[{ name: 'Brand New Cooperative', role: 'IMPLEMENTER' }], []]) {
        const updated = await t.gql(UPDATE, { id, input: { organisations } }, { token: p.member.token });
        expect(updated.errors).toBeUndefined();
        const read = await t.gql<{ caseStudy: { organisationId: string } }>(
          OWNER,
          { slug: 'kept-owner' },
          { token: p.member.token },
        );
        expect(read.data?.caseStudy.organisationId).toBe(p.cboId);
      }
    });

    it('gives an ownerless draft no owner when its implementer is named, in a create or an edit', async () => {
      const implementer = [{ name: 'Test Village Committee', role: 'IMPLEMENTER' }];
      const created = await t.gql<{ createCaseStudy: { id: string; organisationId: string | null } }>(
        CREATE,
        { input: draftInput('coordinator-owned', { organisations: implementer }) },
        { token: p.coordinatorKg.token },
      );
      expect(created.data?.createCaseStudy.organisationId).toBeNull();
      const id = created.data!.createCaseStudy.id;
      const updated = await t.gql(
        UPDATE,
        { id, input: { organisations: implementer } },
        { token: p.coordinatorKg.token },
      );
      expect(updated.errors).toBeUndefined();
      const read = await t.gql<{ caseStudy: { organisationId: string | null } }>(
        OWNER,
        { slug: 'coordinator-owned' },
        { token: p.coordinatorKg.token },
      );
      expect(read.data?.caseStudy.organisationId).toBeNull();
      // So the implementer's members do not get the coordinator's draft to read or edit.
      const member = await t.gql(OWNER, { slug: 'coordinator-owned' }, { token: p.member.token });
      expect(member.errors?.[0].extensions.code).toBe('NOT_FOUND');
    });
  });

  describe('guests', () => {
    it('never see drafts, in a list, by slug or through lessons', async () => {
      const importer = t.app.get(CaseStudyImportService);
      await importer.import(
        {
          caseStudies: [
            sampleCaseStudy('guest-visible'),
            sampleCaseStudy('guest-hidden-draft', { status: 'DRAFT' }),
            sampleCaseStudy('guest-hidden-archived', { status: 'ARCHIVED' }),
          ],
        },
        { actorId: p.admin.user.id, locale: 'en' },
      );
      const list = await t.gql<{ caseStudies: { edges: { node: { slug: string; status: string } }[] } }>(
        LIST,
        {
          filter: { statuses: ['DRAFT', 'PUBLISHED', 'ARCHIVED'] },
        },
      );
      const slugs = list.data!.caseStudies.edges.map((e) => e.node.slug);
      expect(slugs).toContain('guest-visible');
      expect(list.data!.caseStudies.edges.every((e) => e.node.status === 'PUBLISHED')).toBe(true);
      const draft = await t.gql(BY_SLUG, { slug: 'guest-hidden-draft' });
      expect(draft.errors?.[0].extensions.code).toBe('NOT_FOUND');
      const lessons = await t.gql<{ lessons: { edges: { node: { caseStudy: { slug: string } } }[] } }>(
        `{ lessons(first: 100) { edges { node { text caseStudy { slug } } } } }`,
      );
      const lessonSlugs = lessons.data!.lessons.edges.map((e) => e.node.caseStudy.slug);
      expect(lessonSlugs).toContain('guest-visible');
      expect(lessonSlugs).not.toContain('guest-hidden-draft');
      // The admin sees the draft.
      const asAdmin = await t.gql(BY_SLUG, { slug: 'guest-hidden-draft' }, { token: p.admin.token });
      expect(asAdmin.errors).toBeUndefined();
    });

    it('lists the newest publication first, a case study drafted long before included, and pages on', async () => {
      const ids: string[] = [];
      for (const slug of ['listed-drafted-first', 'listed-drafted-second']) {
        const created = await t.gql<{ createCaseStudy: { id: string } }>(
          CREATE,
          { input: draftInput(slug) },
          { token: p.coordinatorKg.token },
        );
        ids.push(created.data!.createCaseStudy.id);
      }
      // The one begun first is published last: it is the news.
      for (const id of [ids[1], ids[0]]) {
        const published = await t.gql(PUBLISH, { id }, { token: p.coordinatorKg.token });
        expect(published.errors).toBeUndefined();
      }
      const PAGE = `query ($after: String) { caseStudies(first: 1, after: $after) {
        edges { node { slug } } pageInfo { hasNextPage endCursor } } }`;
      type Page = {
        caseStudies: {
          edges: { node: { slug: string } }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      };
      const first = await t.gql<Page>(PAGE, {});
      expect(first.data!.caseStudies.edges.map((e) => e.node.slug)).toEqual(['listed-drafted-first']);
      const second = await t.gql<Page>(PAGE, { after: first.data!.caseStudies.pageInfo.endCursor });
      expect(second.data!.caseStudies.edges.map((e) => e.node.slug)).toEqual(['listed-drafted-second']);
      expect(second.data!.caseStudies.pageInfo.hasNextPage).toBe(true);
      for (const id of ids) {
        const archived = await t.gql(
          `mutation ($id: ID!) { archiveCaseStudy(id: $id) { status } }`,
          { id },
          { token: p.steering.token },
        );
        expect(archived.errors).toBeUndefined(); // out of the other tests' lists
      }
    });

    it('filter by country, theme and year range', async () => {
      const importer = t.app.get(CaseStudyImportService);
      await importer.import(
        {
          caseStudies: [
            sampleCaseStudy('filter-kg-water', {
              countries: ['KG'],
              themes: ['water-sanitation'],
              period: { start: 2010, end: 2012 },
            }),
            sampleCaseStudy('filter-az-youth', {
              countries: ['AZ'],
              themes: ['youth'],
              period: { start: 2018 },
            }),
          ],
        },
        { actorId: null, locale: 'en' },
      );
      const slugs = async (filter: Record<string, unknown>) =>
        (
          await t.gql<{ caseStudies: { edges: { node: { slug: string } }[] } }>(LIST, { filter })
        ).data!.caseStudies.edges.map((e) => e.node.slug);
      expect(await slugs({ countries: ['KG'] })).toEqual(['filter-kg-water']);
      expect(await slugs({ themes: ['youth'] })).toEqual(['filter-az-youth']);
      expect(await slugs({ countries: ['KG', 'AZ'], yearFrom: 2015 })).toEqual(['filter-az-youth']);
      expect(await slugs({ countries: ['KG', 'AZ'], yearTo: 2011 })).toEqual(['filter-kg-water']);
    });
  });

  describe('translations', () => {
    let id: string;

    beforeAll(async () => {
      const importer = t.app.get(CaseStudyImportService);
      await importer.import(
        {
          caseStudies: [
            sampleCaseStudy(
              'translated',
              {
                translations: {
                  es: { title: 'Proyecto andino', summary: 'Resumen', body: 'Cuerpo' },
                  en: { title: 'Andean project', summary: 'Summary', body: 'Body', machineTranslated: true },
                },
                results: [
                  {
                    value: 64,
                    unit: '%',
                    translations: { es: { label: 'ingresos familiares' }, en: { label: 'family income' } },
                  },
                ],
              },
              'es',
            ),
          ],
        },
        { actorId: p.admin.user.id, locale: 'en' },
      );
      const found = await t.gql<{ caseStudy: { id: string } }>(BY_SLUG, { slug: 'translated' });
      id = found.data!.caseStudy.id;
    });

    it('serves the requested language when it exists, else the original, and says which', async () => {
      const english = await t.gql<{ caseStudy: Record<string, unknown> }>(
        BY_SLUG,
        { slug: 'translated' },
        { lang: 'en' },
      );
      expect(english.data?.caseStudy).toMatchObject({
        title: 'Andean project',
        locale: 'en',
        originalLocale: 'es',
        availableLocales: ['en', 'es'],
        machineTranslated: true,
        outdated: false,
        results: [{ label: 'family income', locale: 'en', value: 64, unit: '%' }],
      });
      const russian = await t.gql<{ caseStudy: Record<string, unknown> }>(
        BY_SLUG,
        { slug: 'translated' },
        { lang: 'ru' },
      );
      expect(russian.data?.caseStudy).toMatchObject({
        title: 'Proyecto andino',
        locale: 'es',
        machineTranslated: false,
        results: [{ label: 'ingresos familiares', locale: 'es' }],
        lessons: [{ locale: 'es', themes: [{ key: 'local-governance', label: 'Местное самоуправление' }] }],
      });
    });

    it('reports a translation as outdated once the original changes, until it is updated', async () => {
      const edit = await t.gql<{ translateCaseStudy: { version: number } }>(
        TRANSLATE,
        {
          id,
          input: { locale: 'es', title: 'Proyecto andino (2.ª edición)', summary: 'Resumen', body: 'Cuerpo' },
        },
        { token: p.admin.token },
      );
      expect(edit.data?.translateCaseStudy.version).toBe(2);
      const english = await t.gql<{
        caseStudy: {
          outdated: boolean;
          translations: { locale: string; outdated: boolean; sourceVersion: number }[];
        };
      }>(BY_SLUG, { slug: 'translated' }, { lang: 'en' });
      expect(english.data?.caseStudy.outdated).toBe(true);
      expect(english.data?.caseStudy.translations).toEqual([
        { locale: 'en', machineTranslated: true, sourceVersion: 1, outdated: true },
        { locale: 'es', machineTranslated: false, sourceVersion: 2, outdated: false },
      ]);

      const tasks = await t.gql<{
        translationTasks: { caseStudySlug: string; record: string; locale: string; reason: string }[];
      }>(
        `query { translationTasks(countries: ["pe"], first: 500) { record caseStudySlug locale reason currentVersion translatedVersion } }`,
        {},
        { token: p.coordinatorPe.token },
      );
      const mine = tasks.data!.translationTasks.filter((task) => task.caseStudySlug === 'translated');
      expect(mine).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ record: 'CASE_STUDY', locale: 'en', reason: 'OUTDATED' }),
          expect.objectContaining({ record: 'CASE_STUDY', locale: 'ru', reason: 'MISSING' }),
          expect.objectContaining({ record: 'LESSON', locale: 'nl', reason: 'MISSING' }),
        ]),
      );
      const foreign = await t.gql(
        `query { translationTasks(countries: ["KG"]) { locale } }`,
        {},
        { token: p.coordinatorPe.token },
      );
      expect(foreign.errors?.[0].extensions.code).toBe('FORBIDDEN');
      // The refusal names the countries that are not theirs, also next to one that is.
      for (const [countries, lang, message] of [
        [['KG'], 'en', 'You do not coordinate this country: KG.'],
        [['pe', 'KG', 'AZ'], 'ru', 'Вы не координируете эти страны: KG, AZ.'],
      ] as const) {
        const refused = await t.gql(
          `query ($countries: [String!]) { translationTasks(countries: $countries) { locale } }`,
          { countries },
          { token: p.coordinatorPe.token, lang },
        );
        expect(refused.errors?.[0]).toMatchObject({ message, extensions: { code: 'FORBIDDEN' } });
      }
      for (const [first, code] of [
        [0, 'min'],
        [-1, 'min'],
        [501, 'max'],
      ] as const) {
        const out = await t.gql(
          `query ($first: Int) { translationTasks(first: $first) { locale } }`,
          { first },
          { token: p.coordinatorPe.token },
        );
        expect({ first, error: out.errors?.[0].extensions }).toMatchObject({
          first,
          error: { code: 'BAD_USER_INPUT', fields: [{ path: 'first', code }] },
        });
      }

      // A person re-translates: no longer outdated, and no longer machine-made.
      await t.gql(
        TRANSLATE,
        { id, input: { locale: 'en', title: 'Andean project, 2nd edition' } },
        { token: p.admin.token },
      );
      const after = await t.gql<{
        caseStudy: { outdated: boolean; machineTranslated: boolean; title: string };
      }>(BY_SLUG, { slug: 'translated' }, { lang: 'en' });
      expect(after.data?.caseStudy).toMatchObject({
        outdated: false,
        machineTranslated: false,
        title: 'Andean project, 2nd edition',
      });
    });

    it('keeps the version when the original is saved unchanged', async () => {
      const same = await t.gql<{ translateCaseStudy: { version: number } }>(
        TRANSLATE,
        {
          id,
          input: { locale: 'es', title: 'Proyecto andino (2.ª edición)', summary: 'Resumen', body: 'Cuerpo' },
        },
        { token: p.admin.token },
      );
      expect(same.data?.translateCaseStudy.version).toBe(2);
    });

    it('refuses to mark the original text, or a lesson’s, as machine-translated, and changes nothing', async () => {
      const original = { locale: 'es', title: 'Proyecto andino (otra)', machineTranslated: true };
      const refused = await t.gql(TRANSLATE, { id, input: original }, { token: p.admin.token, lang: 'ru' });
      expect(refused.errors?.[0]).toMatchObject({
        message:
          'С оригинального текста делаются переводы, поэтому его нельзя отметить как машинный перевод.',
        extensions: {
          code: 'BAD_USER_INPUT',
          fields: [{ path: 'input.machineTranslated', code: 'invalid' }],
        },
      });
      const lessonId = (
        await t.gql<{ caseStudy: { lessons: { id: string }[] } }>(
          `query { caseStudy(slug: "translated") { lessons { id } } }`,
        )
      ).data!.caseStudy.lessons[0].id;
      const lesson = await t.gql(
        `mutation ($id: ID!) { translateLesson(id: $id, input: { locale: "es", text: "Otro", machineTranslated: true }) { id } }`,
        { id: lessonId },
        { token: p.admin.token },
      );
      expect(lesson.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      const after = await t.gql<{
        caseStudy: { title: string; version: number; lessons: { text: string }[] };
      }>(`query { caseStudy(slug: "translated") { title version lessons { text } } }`, {}, { lang: 'es' });
      expect(after.data?.caseStudy).toMatchObject({ title: 'Proyecto andino (2.ª edición)', version: 2 });
      expect(after.data?.caseStudy.lessons[0].text).not.toBe('Otro');

      // An original marked so before loses the mark; the English machine translation keeps its own.
      const db = t.app.get(DataSource);
      await db.query(`UPDATE case_study_translation SET machine_translated = true WHERE case_study_id = $1`, [
        id,
      ]);
      const repair = MIGRATIONS.find(
        (migration) => migration.name === 'OriginalsNotMachineTranslated1765500000000',
      );
      const runner = db.createQueryRunner();
      try {
        await new repair!().up(runner);
      } finally {
        await runner.release();
      }
      expect(
        await db.query(
          `SELECT locale, machine_translated FROM case_study_translation WHERE case_study_id = $1 ORDER BY locale`,
          [id],
        ),
      ).toEqual([
        { locale: 'en', machine_translated: true },
        { locale: 'es', machine_translated: false },
      ]);
      await db.query(
        `UPDATE case_study_translation SET machine_translated = false WHERE case_study_id = $1`,
        [id],
      );
    });

    it('versions lessons and result labels the same way', async () => {
      const found = await t.gql<{ caseStudy: { lessons: { text: string }[] } }>(
        `query { caseStudy(slug: "translated") { lessons { id } results { id } } }`,
      );
      const { lessons, results } = found.data!.caseStudy as unknown as {
        lessons: { id: string }[];
        results: { id: string }[];
      };
      await t.gql(
        `mutation ($id: ID!) { translateLesson(id: $id, input: { locale: "ru", text: "Передача ресурсов общинам работает." }) { id } }`,
        { id: lessons[0].id },
        { token: p.admin.token },
      );
      const edited = await t.gql<{
        translateLesson: { version: number; translations: { locale: string; outdated: boolean }[] };
      }>(
        `mutation ($id: ID!) { translateLesson(id: $id, input: { locale: "es", text: "Texto nuevo" }) { version translations { locale outdated } } }`,
        { id: lessons[0].id },
        { token: p.admin.token },
      );
      expect(edited.data?.translateLesson.version).toBe(2);
      expect(edited.data?.translateLesson.translations).toContainEqual({ locale: 'ru', outdated: true });
      const label = await t.gql<{ translateResultIndicator: { availableLocales: string[]; label: string } }>(
        `mutation ($id: ID!) { translateResultIndicator(id: $id, input: { locale: "nl", text: "gezinsinkomen", machineTranslated: true }) { availableLocales label locale } }`,
        { id: results[0].id },
        { token: p.admin.token, lang: 'nl' },
      );
      expect(label.data?.translateResultIndicator).toMatchObject({
        availableLocales: ['en', 'es', 'nl'],
        label: 'gezinsinkomen',
      });
      const byOutsider = await t.gql(
        `mutation ($id: ID!) { translateLesson(id: $id, input: { locale: "nl", text: "x" }) { id } }`,
        { id: lessons[0].id },
        { token: p.outsider.token },
      );
      expect(byOutsider.errors?.[0].extensions.code).toBe('FORBIDDEN');
    });

    it('appends an outbox row in the same transaction as every write', async () => {
      const rows = await t.app
        .get(CaseStudyImportService)
        ['db'].query(`SELECT topic, aggregate_id FROM outbox WHERE aggregate_id = $1 ORDER BY id`, [id]);
      // import, translate es, translate en, unchanged save, then the lesson and label translations touch it.
      expect(rows.length).toBeGreaterThanOrEqual(5);
      expect(rows.every((r: { topic: string }) => r.topic === 'case-study.changed')).toBe(true);
    });
  });

  describe("regions in the readers' languages", () => {
    const REGION = `query ($slug: String!) { caseStudy(slug: $slug) { id locale region } }`;
    const regionIn = async (lang: string) =>
      (await t.gql<{ caseStudy: { locale: string; region: string } }>(REGION, { slug: 'regions' }, { lang }))
        .data?.caseStudy;
    const importRegions = (overrides: Record<string, unknown>) =>
      t.app
        .get(CaseStudyImportService)
        .import(
          { caseStudies: [sampleCaseStudy('regions', overrides, 'en')] },
          { actorId: p.admin.user.id, locale: 'ru' },
        );
    let id: string;

    it('imports a translated region, which readers of that language see', async () => {
      const report = await importRegions({
        region: 'Southern Highlands',
        translations: {
          en: { title: 'Highland water', summary: 'Summary', body: 'Body' },
          ru: { title: 'Вода высокогорья', region: ' Южное высокогорье ' },
        },
      });
      expect(report.failed).toEqual([]);
      expect(await regionIn('ru')).toMatchObject({ locale: 'ru', region: 'Южное высокогорье' });
      // No Spanish text: Spanish readers get the original, region included.
      expect(await regionIn('es')).toMatchObject({ locale: 'en', region: 'Southern Highlands' });
      id = (await t.gql<{ caseStudy: { id: string } }>(REGION, { slug: 'regions' })).data!.caseStudy.id;
    });

    it("refuses a region in the original language's translation, in the document and through GraphQL", async () => {
      const report = await importRegions({
        translations: { en: { title: 'Highland water', region: 'Sierra' } },
      });
      expect(report.failed[0].errors).toEqual([
        {
          path: '/caseStudies/0/translations/en/region',
          message: expect.stringMatching(/^регион на исходном языке указывается в поле «region»/),
        },
      ]);
      const refused = await t.gql(
        TRANSLATE,
        { id, input: { locale: 'en', title: 'Highland water', region: 'Sierra' } },
        { token: p.admin.token, lang: 'es' },
      );
      expect(refused.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ path: 'input.region', code: 'invalid' }],
      });
      expect(refused.errors?.[0].message).toBe(
        'La región en el idioma original se cambia con updateCaseStudy.',
      );
      expect(await regionIn('en')).toMatchObject({ region: 'Southern Highlands' });
      // Saving the original's text, or other fields, leaves the translated regions alone.
      const original = await t.gql(
        TRANSLATE,
        { id, input: { locale: 'en', title: 'Highland water', summary: 'Summary', body: 'Body' } },
        { token: p.admin.token },
      );
      expect(original.errors).toBeUndefined();
      const other = await t.gql(UPDATE, { id, input: { approaches: [] } }, { token: p.admin.token });
      expect(other.errors).toBeUndefined();
      expect(await regionIn('ru')).toMatchObject({ region: 'Южное высокогорье' });
    });

    it('refuses a translated region for a case study without one', async () => {
      const report = await t.app.get(CaseStudyImportService).import(
        {
          caseStudies: [
            sampleCaseStudy(
              'no-region',
              {
                region: undefined,
                translations: { en: { title: 'No region' }, ru: { title: 'Без региона', region: 'Где-то' } },
              },
              'en',
            ),
          ],
        },
        { actorId: p.admin.user.id, locale: 'en' },
      );
      expect(report.failed[0].errors).toEqual([
        {
          path: '/caseStudies/0/translations/ru/region',
          message: 'a translation names the region only when the case study has a "region"',
        },
      ]);
      const cleared = await t.gql(UPDATE, { id, input: { region: null } }, { token: p.admin.token });
      expect(cleared.errors).toBeUndefined();
      expect(await regionIn('ru')).toMatchObject({ locale: 'ru', region: null });
      const refused = await t.gql(
        TRANSLATE,
        { id, input: { locale: 'nl', title: 'Hooglandwater', region: 'Zuidelijk hoogland' } },
        { token: p.admin.token, lang: 'nl' },
      );
      expect(refused.errors?.[0].extensions).toMatchObject({
        fields: [{ path: 'input.region', code: 'invalid' }],
      });
      expect(refused.errors?.[0].message).toBe(
        'Een vertaling noemt de regio alleen als het origineel er een noemt (region van updateCaseStudy).',
      );
      // Back as it was, with its Russian name, for the next test.
      const restored = await importRegions({
        region: 'Southern Highlands',
        translations: {
          en: { title: 'Highland water', summary: 'Summary', body: 'Body' },
          ru: { title: 'Вода высокогорья', region: 'Южное высокогорье' },
        },
      });
      expect(restored.failed).toEqual([]);
    });

    it('keeps a translated region a translation leaves out, and drops an emptied one', async () => {
      const translate = (input: Record<string, unknown>) =>
        t.gql(
          TRANSLATE,
          { id, input: { locale: 'es', title: 'Agua del altiplano', ...input } },
          { token: p.admin.token },
        );
      expect((await translate({ region: 'Sierra sur' })).errors).toBeUndefined();
      expect(await regionIn('es')).toMatchObject({ locale: 'es', region: 'Sierra sur' });
      expect((await translate({ summary: 'Resumen' })).errors).toBeUndefined();
      expect(await regionIn('es')).toMatchObject({ region: 'Sierra sur' });
      expect((await translate({ region: '  ' })).errors).toBeUndefined();
      expect(await regionIn('es')).toMatchObject({ locale: 'es', region: 'Southern Highlands' });
    });

    it("drops the translated regions when the original's changes", async () => {
      const outdatedIn = async (lang: string) =>
        (
          await t.gql<{ caseStudy: { outdated: boolean } }>(
            `query ($slug: String!) { caseStudy(slug: $slug) { outdated } }`,
            { slug: 'regions' },
            { lang },
          )
        ).data?.caseStudy.outdated;
      expect(await outdatedIn('ru')).toBe(false);
      const changed = await t.gql(UPDATE, { id, input: { region: 'Apurímac' } }, { token: p.admin.token });
      expect(changed.errors).toBeUndefined();
      expect(await regionIn('ru')).toMatchObject({ locale: 'ru', region: 'Apurímac' });
      // The Russian text was made for the old region: it is outdated now, and asks to be looked at.
      expect(await outdatedIn('ru')).toBe(true);
      // An import that changes the region and names the translated one again keeps that one.
      const report = await importRegions({
        region: 'Cusco',
        translations: {
          en: { title: 'Highland water', summary: 'Summary', body: 'Body' },
          ru: { title: 'Вода высокогорья', region: 'Куско' },
        },
      });
      expect(report.failed).toEqual([]);
      expect(await regionIn('ru')).toMatchObject({ region: 'Куско' });
      expect(await outdatedIn('ru')).toBe(false); // made along with the new region
      expect(await regionIn('nl')).toMatchObject({ locale: 'en', region: 'Cusco' });
    });

    it('refuses a funding currency that is not an ISO 4217 code, on the field and translated', async () => {
      const refused = await t.gql(
        UPDATE,
        { id, input: { funding: { amount: 1000, currency: 'ZZZ' } } },
        { token: p.admin.token, lang: 'es' },
      );
      expect(refused.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [
          {
            path: 'input.funding.currency',
            code: 'isISO4217CurrencyCode',
            message: 'debe ser un código de moneda ISO 4217, p. ej. USD, EUR o PEN',
          },
        ],
      });
      const accepted = await t.gql(
        UPDATE,
        { id, input: { funding: { amount: 1000, currency: 'KGS' } } },
        { token: p.admin.token },
      );
      expect(accepted.errors).toBeUndefined();
    });

    it('keeps the texts a save leaves out, in the original and in a translation', async () => {
      const TEXTS = `query ($slug: String!) { caseStudy(slug: $slug) { title summary body } }`;
      const texts = async (lang: string) =>
        (await t.gql<{ caseStudy: Record<string, string> }>(TEXTS, { slug: 'regions' }, { lang })).data
          ?.caseStudy;
      const save = (input: Record<string, unknown>) =>
        t.gql(TRANSLATE, { id, input }, { token: p.admin.token }).then((answer) => answer.errors);
      expect(await save({ locale: 'es', title: 'Agua', summary: 'Resumen', body: 'Cuerpo' })).toBeUndefined();
      const before = await texts('en');
      // Only a new title, in the original and in Spanish: nothing else is blanked.
      expect(await save({ locale: 'en', title: 'Highland water (rev)' })).toBeUndefined();
      expect(await texts('en')).toEqual({ ...before, title: 'Highland water (rev)' });
      expect(await save({ locale: 'es', title: 'Agua del altiplano' })).toBeUndefined();
      expect(await texts('es')).toEqual({ title: 'Agua del altiplano', summary: 'Resumen', body: 'Cuerpo' });
      // Given empty, a text is cleared.
      expect(await save({ locale: 'es', title: 'Agua del altiplano', summary: '' })).toBeUndefined();
      expect(await texts('es')).toMatchObject({ summary: '', body: 'Cuerpo' });
      expect(await save({ locale: 'en', title: 'Highland water' })).toBeUndefined();
    });
  });

  it('lists the theme taxonomy with labels in the request language', async () => {
    const themes = await t.gql<{ themes: { key: string; label: string }[] }>(
      `{ themes { key label } }`,
      {},
      { lang: 'es' },
    );
    expect(themes.data?.themes).toHaveLength(29);
    expect(themes.data?.themes).toContainEqual({ key: 'health-insurance', label: 'Seguro de salud' });
  });

  it("labels approaches and result units in the reader's language, in the plural form each number takes", async () => {
    const slug = 'labelled-units';
    const unit = (value: number, unit: string, baseline?: number) => ({
      value,
      unit,
      baseline,
      translations: { en: { label: `${value} ${unit}` } },
    });
    const report = await t.app.get(CaseStudyImportService).import(
      {
        caseStudies: [
          sampleCaseStudy(slug, {
            approaches: ['participatory-budgeting', 'peer-support', 'Ayni'],
            results: [unit(3, 'schools', 1), unit(21, 'households', 5), unit(2.5, 'ha'), unit(7, 'm³')],
          }),
        ],
      },
      { actorId: null, locale: 'en' },
    );
    expect(report.failed).toEqual([]);
    const read = async (lang: string) =>
      (
        await t.gql<{
          caseStudy: {
            approaches: { label: string }[];
            results: { unitLabel: string; baselineUnitLabel: string | null }[];
          };
        }>(
          `query ($slug: String!) { caseStudy(slug: $slug) { approaches { label } results { unitLabel baselineUnitLabel } } }`,
          { slug },
          { lang },
        )
      ).data!.caseStudy;
    expect(await read('ru')).toEqual({
      // A tag without a label reads as its words, or as entered.
      approaches: [{ label: 'Партисипаторное бюджетирование' }, { label: 'peer support' }, { label: 'Ayni' }],
      results: [
        { unitLabel: 'школы', baselineUnitLabel: 'школа' },
        { unitLabel: 'домохозяйство', baselineUnitLabel: 'домохозяйств' },
        { unitLabel: 'га', baselineUnitLabel: null },
        { unitLabel: 'm³', baselineUnitLabel: null },
      ],
    });
    expect((await read('en')).results.slice(0, 2)).toEqual([
      { unitLabel: 'schools', baselineUnitLabel: 'school' },
      { unitLabel: 'households', baselineUnitLabel: 'households' },
    ]);
  });
});

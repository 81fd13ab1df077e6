import { AccountsModule, AccountsService, Role, TokenService } from '@ashar/accounts';
import { countQueries } from '@ashar/database/testing';
import { MailQueue } from '@ashar/mail';
import { readMailFiles, recipientsOf, waitForMailFile } from '@ashar/mail/testing';
import { startTestApp, type TestApp } from '@ashar/transport/testing';
import { DataSource } from 'typeorm';
import { type GraphqlContext } from '@ashar/transport';
import { NetworkModule } from '../network.module';
import { PersonOrganisationsResolver } from '../network.resolver';

const CREATE_ORG = `mutation ($input: OrganisationInput!) { createOrganisation(input: $input) { id name kind locale availableLocales description country { code name } } }`;
const ORG = `query ($id: ID!) { organisation(id: $id) { id name description locale originalLocale availableLocales } }`;

describe('network directory', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp([AccountsModule, NetworkModule]);
    const accounts = t.app.get(AccountsService);
    const issue = t.app.get(TokenService);
    const people: [string, Role, string | null][] = [
      ['admin', Role.ADMIN, null],
      ['kg', Role.NATIONAL_COORDINATOR, 'KG'],
      ['pe', Role.NATIONAL_COORDINATOR, 'PE'],
      ['member', Role.MEMBER, null],
      ['outsider', Role.MEMBER, null],
    ];
    for (const [name, role, countryCode] of people) {
      const user = await accounts.createUser({
        email: `${name}@example.org`,
        password: 'network password',
        displayName: name,
        preferredLocale: name === 'outsider' ? 'ru' : 'en',
        grants: [{ role, countryCode }],
      });
      ids[name] = user.id;
      tokens[name] = issue.issue(user.id);
    }
  });
  afterAll(() => t.close());

  it('lists all ISO countries with names in the request language, filtered and paged', async () => {
    const all = await t.gql<{ countries: { totalCount: number } }>(`{ countries(first: 1) { totalCount } }`);
    expect(all.data?.countries.totalCount).toBe(249);
    const found = await t.gql<{ countries: { edges: { node: { code: string; name: string } }[] } }>(
      `{ countries(filter: { search: "кирг" }) { edges { node { code name } } } }`,
      {},
      { lang: 'ru' },
    );
    expect(found.data?.countries.edges.map((e) => e.node)).toEqual([{ code: 'KG', name: 'Киргизия' }]);
    const first = await t.gql<{
      countries: {
        edges: { node: { code: string } }[];
        pageInfo: { endCursor: string; hasNextPage: boolean };
      };
    }>(`{ countries(first: 100) { edges { node { code } } pageInfo { endCursor hasNextPage } } }`);
    const second = await t.gql<{ countries: { edges: { node: { code: string } }[] } }>(
      `query ($after: String) { countries(first: 100, after: $after) { edges { node { code } } } }`,
      { after: first.data?.countries.pageInfo.endCursor },
    );
    const codes = [...first.data!.countries.edges, ...second.data!.countries.edges].map((e) => e.node.code);
    expect(new Set(codes).size).toBe(200);
    const bad = await t.gql(`{ countries(after: "not-a-cursor") { totalCount } }`, {}, { lang: 'nl' });
    expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].message).toBe('De pagineringscursor is ongeldig.');
  });

  it('lets only network-wide roles create a national network, once per country', async () => {
    const create = `mutation ($input: CreateNationalNetworkInput!) { createNationalNetwork(input: $input) { name country { code } coordinators { displayName } } }`;
    const byCoordinator = await t.gql(create, { input: { countryCode: 'KG' } }, { token: tokens.kg });
    expect(byCoordinator.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const created = await t.gql<{
      createNationalNetwork: { name: string; coordinators: { displayName: string }[] };
    }>(create, { input: { countryCode: 'KG', foundedYear: 2002 } }, { token: tokens.admin, lang: 'es' });
    expect(created.data?.createNationalNetwork).toEqual({
      name: 'Red nacional de Kirguistán',
      country: { code: 'KG' },
      coordinators: [{ displayName: 'kg' }],
    });
    const again = await t.gql(create, { input: { countryCode: 'KG' } }, { token: tokens.admin });
    expect(again.errors?.[0].extensions.code).toBe('CONFLICT');
    const unknown = await t.gql(create, { input: { countryCode: 'QQ' } }, { token: tokens.admin });
    expect(unknown.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('names as a network’s coordinators only those whose accounts are not suspended', async () => {
    const accounts = t.app.get(AccountsService);
    const second = await accounts.createUser({
      email: 'kg-second@example.org',
      password: 'network password',
      displayName: 'Aigul Second',
      preferredLocale: 'ru',
      grants: [{ role: Role.NATIONAL_COORDINATOR, countryCode: 'KG' }],
    });
    const NETWORK = `{ nationalNetwork(countryCode: "KG") { coordinators { displayName } } }`;
    const coordinators = async () =>
      (await t.gql<{ nationalNetwork: { coordinators: { displayName: string }[] } }>(NETWORK)).data
        ?.nationalNetwork.coordinators;
    expect(await coordinators()).toEqual([{ displayName: 'Aigul Second' }, { displayName: 'kg' }]);
    const SUSPEND = `mutation ($input: SuspendAccountInput!) { suspendAccount(input: $input) { id } }`;
    const suspended = await t.gql(
      SUSPEND,
      { input: { userId: second.id, reason: 'Left the post' } },
      { token: tokens.admin },
    );
    expect(suspended.errors).toBeUndefined();
    expect(await coordinators()).toEqual([{ displayName: 'kg' }]);
    const restored = await t.gql(
      `mutation ($id: ID!) { restoreAccount(userId: $id) { id } }`,
      { id: second.id },
      { token: tokens.admin },
    );
    expect(restored.errors).toBeUndefined();
    expect(await coordinators()).toEqual([{ displayName: 'Aigul Second' }, { displayName: 'kg' }]);
  });

  it('lets a coordinator add organisations in their own country only', async () => {
    const input = {
      name: 'Jer Suu CBO',
      kind: 'CBO',
      countryCode: 'KG',
      originalLocale: 'ru',
      description: 'Сельская организация',
      languages: ['ru'],
    };
    const own = await t.gql<{ createOrganisation: { id: string } }>(
      CREATE_ORG,
      { input },
      { token: tokens.kg },
    );
    expect(own.errors).toBeUndefined();
    ids.org = own.data!.createOrganisation.id;
    const foreign = await t.gql(
      CREATE_ORG,
      { input: { ...input, name: 'Other', countryCode: 'KG' } },
      { token: tokens.pe },
    );
    expect(foreign.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const reversed = await t.gql(
      CREATE_ORG,
      { input: { ...input, name: '\u202eOrg of another' } },
      { token: tokens.kg },
    );
    expect(reversed.errors?.[0].extensions.fields).toEqual([
      expect.objectContaining({ path: 'input.name', code: 'noBidiControls' }),
    ]);
    const byMember = await t.gql(CREATE_ORG, { input: { ...input, name: 'Mine' } }, { token: tokens.member });
    expect(byMember.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const byGuest = await t.gql(CREATE_ORG, { input: { ...input, name: 'Guest' } });
    expect(byGuest.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const duplicate = await t.gql(
      CREATE_ORG,
      { input: { ...input, name: 'JER SUU cbo' } },
      { token: tokens.admin },
    );
    expect(duplicate.errors?.[0].extensions.code).toBe('CONFLICT');
    // The same name with its accent typed as a separate character is the same name.
    const composed = await t.gql(
      CREATE_ORG,
      { input: { ...input, name: 'H3 Réseau' } },
      { token: tokens.kg },
    );
    expect(composed.errors).toBeUndefined();
    const decomposed = await t.gql(
      CREATE_ORG,
      { input: { ...input, name: 'H3 Re\u0301seau' } },
      { token: tokens.kg },
    );
    expect(decomposed.errors?.[0].extensions.code).toBe('CONFLICT');
    const blank = await t.gql(CREATE_ORG, { input: { ...input, name: ' \u200b ' } }, { token: tokens.kg });
    expect(blank.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.name', code: 'isNotEmpty' }],
    });
  });

  it('serves the description in the requested language, else the original, and says which', async () => {
    const original = await t.gql<{
      organisation: { description: string; locale: string; availableLocales: string[] };
    }>(ORG, { id: ids.org }, { lang: 'en' });
    expect(original.data?.organisation).toMatchObject({
      description: 'Сельская организация',
      locale: 'ru',
      originalLocale: 'ru',
      availableLocales: ['ru'],
    });

    const translate = `mutation ($id: ID!, $input: OrganisationTranslationInput!) { translateOrganisation(id: $id, input: $input) { availableLocales } }`;
    const translated = await t.gql<{ translateOrganisation: { availableLocales: string[] } }>(
      translate,
      { id: ids.org, input: { locale: 'en', description: 'A village organisation' } },
      { token: tokens.kg },
    );
    expect(translated.data?.translateOrganisation.availableLocales).toEqual(['en', 'ru']);
    const english = await t.gql<{ organisation: { description: string; locale: string } }>(
      ORG,
      { id: ids.org },
      { lang: 'en' },
    );
    expect(english.data?.organisation).toMatchObject({ description: 'A village organisation', locale: 'en' });
    const dutch = await t.gql<{ organisation: { description: string; locale: string } }>(
      ORG,
      { id: ids.org },
      { lang: 'nl' },
    );
    expect(dutch.data?.organisation).toMatchObject({ description: 'Сельская организация', locale: 'ru' });

    const outsider = await t.gql(
      translate,
      { id: ids.org, input: { locale: 'es', description: 'x' } },
      { token: tokens.outsider },
    );
    expect(outsider.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses an organisation edit or translation begun before another save, and writes none of it', async () => {
    const read = async () =>
      (
        await t.gql<{
          organisation: { region: string | null; description: string | null; updatedAt: string };
        }>(
          `query ($id: ID!) { organisation(id: $id) { region description updatedAt } }`,
          { id: ids.org },
          { lang: 'ru' },
        )
      ).data!.organisation;
    const EDIT = `mutation ($id: ID!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, input: $input) { updatedAt } }`;
    const TRANSLATE = `mutation ($id: ID!, $input: OrganisationTranslationInput!) { translateOrganisation(id: $id, input: $input) { updatedAt } }`;
    const opened = await read();
    const first = await t.gql<{ updateOrganisation: { updatedAt: string } }>(
      EDIT,
      { id: ids.org, input: { region: 'Talas', expectedUpdatedAt: opened.updatedAt } },
      { token: tokens.kg },
    );
    expect(first.errors).toBeUndefined();
    for (const [query, input] of [
      [EDIT, { region: 'Osh', expectedUpdatedAt: opened.updatedAt }],
      [TRANSLATE, { locale: 'ru', description: 'Другое описание', expectedUpdatedAt: opened.updatedAt }],
    ] as const) {
      const refused = await t.gql(query, { id: ids.org, input }, { token: tokens.kg, lang: 'ru' });
      expect(refused.errors?.[0].extensions).toMatchObject({
        code: 'CONFLICT',
        updatedAt: first.data!.updateOrganisation.updatedAt,
        fields: [{ path: 'input.expectedUpdatedAt', code: 'stale' }],
      });
    }
    expect(await read()).toEqual({
      region: 'Talas',
      description: opened.description,
      updatedAt: first.data!.updateOrganisation.updatedAt,
    });
    // An unknown organisation is still NOT_FOUND, and one the caller may not edit FORBIDDEN.
    const unknown = await t.gql(
      EDIT,
      {
        id: '00000000-0000-4000-8000-000000000000',
        input: { region: 'Osh', expectedUpdatedAt: opened.updatedAt },
      },
      { token: tokens.kg },
    );
    expect(unknown.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const outsider = await t.gql(
      EDIT,
      { id: ids.org, input: { region: 'Osh', expectedUpdatedAt: opened.updatedAt } },
      { token: tokens.outsider },
    );
    expect(outsider.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('lets members of an organisation edit it once a coordinator adds them', async () => {
    const update = `mutation ($id: ID!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, input: $input) { region } }`;
    const before = await t.gql(update, { id: ids.org, input: { region: 'Naryn' } }, { token: tokens.member });
    expect(before.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const add = `mutation ($input: MembershipInput!) { addMember(input: $input) { id } }`;
    const byOtherCoordinator = await t.gql(
      add,
      { input: { organisationId: ids.org, userId: ids.member } },
      { token: tokens.pe },
    );
    expect(byOtherCoordinator.errors?.[0].extensions.code).toBe('FORBIDDEN');
    // The answer is in the request's language (Russian, the original here), not the caller's profile's.
    const added = await t.gql<{ addMember: { locale: string } }>(
      `mutation ($input: MembershipInput!) { addMember(input: $input) { locale } }`,
      { input: { organisationId: ids.org, userId: ids.member } },
      { token: tokens.kg, lang: 'ru' },
    );
    expect(added).toEqual({ data: { addMember: { locale: 'ru' } } });
    const twice = await t.gql(
      add,
      { input: { organisationId: ids.org, userId: ids.member } },
      { token: tokens.kg },
    );
    expect(twice.errors?.[0].extensions.code).toBe('CONFLICT');
    const after = await t.gql<{ updateOrganisation: { region: string } }>(
      update,
      { id: ids.org, input: { region: 'Naryn' } },
      { token: tokens.member },
    );
    expect(after.data?.updateOrganisation.region).toBe('Naryn');
    // null leaves what cannot be cleared as it is, and clears what can be.
    const nulls = await t.gql<{ updateOrganisation: { region: string | null } }>(
      update,
      { id: ids.org, input: { name: null, kind: null, languages: null, region: null } },
      { token: tokens.member },
    );
    expect(nulls.errors).toBeUndefined();
    expect(nulls.data?.updateOrganisation.region).toBeNull();
    const kept = await t.gql<{ organisation: { name: string } }>(ORG, { id: ids.org });
    expect(kept.data?.organisation.name).toBe('Jer Suu CBO');
    const BY_MEMBER = `query ($id: ID) { organisations(filter: { memberId: $id }) { edges { node { id } } } }`;
    const mine = await t.gql<{ organisations: { edges: { node: { id: string } }[] } }>(
      BY_MEMBER,
      { id: ids.member },
      { token: tokens.member },
    );
    expect(mine.data?.organisations.edges.map((e) => e.node.id)).toEqual([ids.org]);
    // Guests see organisations, not who belongs to them.
    const guest = await t.gql(BY_MEMBER, { id: ids.member });
    expect(guest.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('adds and removes members by e-mail address, and tells each caller what they may do', async () => {
    const add = `mutation ($input: MembershipInput!) { addMember(input: $input) { id } }`;
    const remove = `mutation ($input: MembershipInput!) { removeMember(input: $input) }`;
    const can = `query ($id: ID!) { organisation(id: $id) { viewerCan { edit manageMembers } } }`;
    const viewerCan = async (token?: string) =>
      (await t.gql<{ organisation: { viewerCan: object } }>(can, { id: ids.org }, { token })).data
        ?.organisation.viewerCan;
    expect(await viewerCan()).toEqual({ edit: false, manageMembers: false });
    expect(await viewerCan(tokens.outsider)).toEqual({ edit: false, manageMembers: false });
    expect(await viewerCan(tokens.pe)).toEqual({ edit: false, manageMembers: false });
    expect(await viewerCan(tokens.kg)).toEqual({ edit: true, manageMembers: true });
    expect(await viewerCan(tokens.admin)).toEqual({ edit: true, manageMembers: true });
    expect(await viewerCan(tokens.member)).toEqual({ edit: true, manageMembers: false }); // added above

    // A list tells the same, asking for the caller's memberships once whatever its length.
    const LIST = `query ($first: Int!) { organisations(first: $first) { edges { node { id viewerCan { edit manageMembers } } } } }`;
    const listed = async (first: number) => {
      const counter = countQueries(/\bmembership\b/);
      try {
        const page = await t.gql<{
          organisations: { edges: { node: { id: string; viewerCan: { edit: boolean } } }[] };
        }>(LIST, { first }, { token: tokens.member });
        expect(page.errors).toBeUndefined();
        return { nodes: page.data!.organisations.edges.map((edge) => edge.node), queries: counter.count };
      } finally {
        counter.restore();
      }
    };
    const one = await listed(1);
    const all = await listed(50);
    expect(all.nodes.length).toBeGreaterThanOrEqual(2);
    expect(all.nodes.filter((node) => node.viewerCan.edit).map((node) => node.id)).toEqual([ids.org]);
    expect(all.queries).toBe(one.queries);

    // In any case: the address compares as sign-in compares it.
    const byOtherCoordinator = await t.gql(
      add,
      { input: { organisationId: ids.org, email: 'Outsider@Example.org' } },
      { token: tokens.pe },
    );
    expect(byOtherCoordinator.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const added = await t.gql(
      add,
      { input: { organisationId: ids.org, email: 'Outsider@Example.org' } },
      { token: tokens.kg },
    );
    expect(added.errors).toBeUndefined();
    expect(await viewerCan(tokens.outsider)).toEqual({ edit: true, manageMembers: false });
    // The person hears of it, in their language, with a link to the organisation.
    const mail = await waitForMailFile(t.config.mail.fileDir, 'outsider@example.org');
    expect(mail.subject).toBe('Вы теперь участник организации «Jer Suu CBO» в Ашаре');
    expect(mail.text).toContain('kg добавил(а) вас в организацию «Jer Suu CBO»');
    expect(mail.text).toContain(`/organisations/${ids.org}?lang=ru`);
    const members = await t.gql<{ organisationMembers: { displayName: string }[] }>(
      `query ($id: ID!) { organisationMembers(organisationId: $id) { displayName } }`,
      { id: ids.org },
      { token: tokens.member },
    );
    expect(members.data?.organisationMembers.map((m) => m.displayName)).toEqual(['member', 'outsider']);
    // Each person says which organisations they belong to (two people of one name can be told apart).
    const withOrganisations = await t.gql<{ organisationMembers: { organisations: string[] }[] }>(
      `query ($id: ID!) { organisationMembers(organisationId: $id) { displayName organisations } }`,
      { id: ids.org },
      { token: tokens.member },
    );
    expect(withOrganisations.data?.organisationMembers).toEqual([
      { displayName: 'member', organisations: ['Jer Suu CBO'] },
      { displayName: 'outsider', organisations: ['Jer Suu CBO'] },
    ]);
    // Memberships are for signed-in readers: to a guest the same person has none. (No query shows a
    // guest someone with an organisation here, so the field is asked directly.)
    const accounts = t.app.get(AccountsService);
    const [memberPerson] = await accounts.persons([ids.member]);
    const field = t.app.get(PersonOrganisationsResolver);
    const context = { req: {} } as GraphqlContext;
    const signedIn = await accounts.findAuthUser(ids.member);
    expect(await field.organisations(memberPerson, signedIn ?? undefined, context)).toEqual(['Jer Suu CBO']);
    expect(await field.organisations(memberPerson, undefined, context)).toEqual([]);

    const unknown = await t.gql(
      add,
      { input: { organisationId: ids.org, email: 'nobody@example.org' } },
      { token: tokens.kg, lang: 'es' },
    );
    expect(unknown.errors?.[0].extensions).toMatchObject({
      code: 'NOT_FOUND',
      fields: [{ path: 'input.email', code: 'unknownAccount', message: expect.stringContaining('regist') }],
    });
    expect(unknown.errors?.[0].message).toMatch(/^Ninguna cuenta usa/);
    const both = await t.gql(
      add,
      { input: { organisationId: ids.org, email: 'member@example.org', userId: ids.member } },
      { token: tokens.kg },
    );
    expect(both.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.email', code: 'idOrEmail' }],
    });
    const neither = await t.gql(add, { input: { organisationId: ids.org } }, { token: tokens.kg });
    expect(neither.errors?.[0].message).toBe('Please correct these fields: input.email: must not be empty');
    expect(neither.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.email', code: 'isNotEmpty' }],
    });
    const malformed = await t.gql(
      add,
      { input: { organisationId: ids.org, email: "x' OR '1'='1" } },
      { token: tokens.kg },
    );
    expect(malformed.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');

    const removed = await t.gql(
      remove,
      { input: { organisationId: ids.org, email: 'outsider@example.org' } },
      { token: tokens.kg },
    );
    expect(removed).toEqual({ data: { removeMember: true } });
    expect(await viewerCan(tokens.outsider)).toEqual({ edit: false, manageMembers: false });
    const again = await t.gql(
      remove,
      { input: { organisationId: ids.org, email: 'outsider@example.org' } },
      { token: tokens.kg },
    );
    expect(again.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const nobody = await t.gql(
      remove,
      { input: { organisationId: ids.org, email: 'nobody@example.org' } },
      { token: tokens.kg },
    );
    expect(nobody.errors?.[0].message).toBe('This person is not a member of that organisation.');
  });

  it('invites an address without an account, whose account joins when it is created', async () => {
    const invite = `mutation ($input: InvitationInput!) { inviteMember(input: $input) }`;
    const cancel = `mutation ($input: InvitationInput!) { cancelInvitation(input: $input) }`;
    const INVITATIONS = `query ($id: ID!) { organisationInvitations(organisationId: $id) { email invitedBy { displayName } } }`;
    const MEMBERS = `query ($id: ID!) { organisationMembers(organisationId: $id) { displayName } }`;
    const input = { organisationId: ids.org, email: 'New.Person@Example.org' };

    for (const token of [tokens.pe, tokens.member]) {
      const refused = await t.gql(invite, { input }, { token });
      expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    const invited = await t.gql(invite, { input }, { token: tokens.kg, lang: 'es' });
    expect(invited).toEqual({ data: { inviteMember: true } });
    // Mailed in the inviter's language (nobody knows the invitee's), naming nobody but the inviter.
    const mail = await waitForMailFile(t.config.mail.fileDir, 'new.person@example.org');
    expect(mail.subject).toBe('kg le invita a Jer Suu CBO en Ashar');
    expect(mail.text).toContain('/register?lang=es#email=new.person%40example.org');
    expect(mail.text).toMatch(/^Hola:\s/);
    expect(mail.text).toContain('La invitación es válida durante 30 días.');
    // Inviting again at once renews the invitation without mailing it twice.
    expect(await t.gql(invite, { input }, { token: tokens.kg })).toEqual({ data: { inviteMember: true } });
    await t.app.get(MailQueue).drain();
    const mailed = (await readMailFiles(t.config.mail.fileDir)).filter((sent) =>
      recipientsOf(sent).includes('new.person@example.org'),
    );
    expect(mailed).toHaveLength(1);
    const waiting = await t.gql(INVITATIONS, { id: ids.org }, { token: tokens.kg });
    expect(waiting).toEqual({
      data: {
        organisationInvitations: [{ email: 'new.person@example.org', invitedBy: { displayName: 'kg' } }],
      },
    });
    const byOutsider = await t.gql(INVITATIONS, { id: ids.org }, { token: tokens.pe });
    expect(byOutsider.errors?.[0].extensions.code).toBe('FORBIDDEN');

    // An address that has an account is added, not invited.
    const existing = await t.gql(
      invite,
      { input: { organisationId: ids.org, email: 'OUTSIDER@example.org' } },
      { token: tokens.kg },
    );
    expect(existing.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      fields: [{ path: 'input.email', code: 'taken' }],
    });

    // The account created for the address, in any case, is a member at once.
    await t.app.get(AccountsService).createUser({
      email: 'new.PERSON@example.org',
      password: 'network password',
      displayName: 'New Person',
      preferredLocale: 'en',
      grants: [{ role: Role.MEMBER, countryCode: null }],
    });
    const members = await t.gql<{ organisationMembers: { displayName: string }[] }>(
      MEMBERS,
      { id: ids.org },
      { token: tokens.kg },
    );
    expect(members.data?.organisationMembers.map((m) => m.displayName)).toContain('New Person');
    expect(await t.gql(INVITATIONS, { id: ids.org }, { token: tokens.kg })).toEqual({
      data: { organisationInvitations: [] },
    });

    // An invitation can be taken back, once.
    const gone = { organisationId: ids.org, email: 'gone@example.org' };
    await t.gql(invite, { input: gone }, { token: tokens.kg });
    expect(await t.gql(cancel, { input: gone }, { token: tokens.kg })).toEqual({
      data: { cancelInvitation: true },
    });
    const again = await t.gql(cancel, { input: gone }, { token: tokens.kg });
    expect(again.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  it('never loses an invitation to an account being created at the same moment', async () => {
    const db = t.app.get(DataSource);
    // An account for the address in flight: inserted (its trigger has run), not yet committed.
    const signing = db.createQueryRunner();
    await signing.connect();
    await signing.startTransaction();
    try {
      await signing.query(
        `INSERT INTO app_user (email, display_name, password_hash) VALUES ('racing@example.org', 'Racing', 'x')`,
      );
      const inviting = t.gql(
        `mutation ($input: InvitationInput!) { inviteMember(input: $input) }`,
        { input: { organisationId: ids.org, email: 'Racing@example.org' } },
        { token: tokens.kg },
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      await signing.commitTransaction();
      // The invitation waited for the account, then found it: the person is to be added, not invited.
      const invited = await inviting;
      expect(invited.errors?.[0].extensions.code).toBe('CONFLICT');
    } finally {
      if (signing.isTransactionActive) await signing.rollbackTransaction();
      await signing.release();
    }
    const [{ waiting }] = await db.query<{ waiting: number }[]>(
      `SELECT count(*)::int AS waiting FROM organisation_invitation WHERE email = 'racing@example.org'`,
    );
    expect(waiting).toBe(0);

    // The other order: an invitation being written (its lock held), and the account created meanwhile
    // waits for it, then joins.
    const inviting = db.createQueryRunner();
    await inviting.connect();
    await inviting.startTransaction();
    try {
      await inviting.query(`SELECT pg_advisory_xact_lock(hashtext('invitation:' || 'late@example.org'))`);
      await inviting.query(
        `INSERT INTO organisation_invitation (organisation_id, email, invited_by, expires_at)
         VALUES ($1, 'late@example.org', $2, now() + interval '1 day')`,
        [ids.org, ids.kg],
      );
      const creating = t.app.get(AccountsService).createUser({
        email: 'Late@example.org',
        password: 'network password',
        displayName: 'Late Joiner',
        preferredLocale: 'en',
        grants: [{ role: Role.MEMBER, countryCode: null }],
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await inviting.commitTransaction();
      const late = await creating;
      const [joined] = await db.query(
        `SELECT 1 FROM membership WHERE organisation_id = $1 AND user_id = $2`,
        [ids.org, late.id],
      );
      expect(joined).toBeDefined();
    } finally {
      if (inviting.isTransactionActive) await inviting.rollbackTransaction();
      await inviting.release();
    }

    // An expired invitation lets nobody in.
    await db.query(
      `INSERT INTO organisation_invitation (organisation_id, email, invited_by, expires_at)
       VALUES ($1, 'stale@example.org', $2, now() - interval '1 second')`,
      [ids.org, ids.kg],
    );
    const stale = await t.app.get(AccountsService).createUser({
      email: 'stale@example.org',
      password: 'network password',
      displayName: 'Stale',
      preferredLocale: 'en',
      grants: [{ role: Role.MEMBER, countryCode: null }],
    });
    expect(
      await db.query(`SELECT 1 FROM membership WHERE organisation_id = $1 AND user_id = $2`, [
        ids.org,
        stale.id,
      ]),
    ).toEqual([]);
  });

  it('limits how many invitations one person sends in an hour, whatever the addresses', async () => {
    const steering = await t.app.get(AccountsService).createUser({
      email: 'inviting.steering@example.org',
      password: 'network password',
      displayName: 'Inviting steering',
      preferredLocale: 'en',
      grants: [{ role: Role.STEERING_GROUP, countryCode: null }],
    });
    const token = t.app.get(TokenService).issue(steering.id);
    const invite = (n: number, lang = 'en') =>
      t.gql(
        `mutation ($input: InvitationInput!) { inviteMember(input: $input) }`,
        { input: { organisationId: ids.org, email: `bulk.${n}@example.org` } },
        { token, lang },
      );
    const { perSender } = t.config.invitationLimit;
    for (let n = 0; n < perSender; n++) expect((await invite(n)).data).toEqual({ inviteMember: true });
    const refused = await invite(perSender, 'ru');
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refused.errors?.[0].extensions.retryAfter).toBeGreaterThan(0);
    expect(refused.errors?.[0].message).toMatch(/^Слишком много попыток/);
    // Nothing was written or queued for the refused one; another person still invites.
    const db = t.app.get(DataSource);
    const [{ written, queued }] = await db.query<{ written: number; queued: number }[]>(
      `SELECT (SELECT count(*)::int FROM organisation_invitation WHERE email = $1) AS written,
              (SELECT count(*)::int FROM mail_queue WHERE recipient = $1) AS queued`,
      [`bulk.${perSender}@example.org`],
    );
    expect({ written, queued }).toEqual({ written: 0, queued: 0 });
    const byOther = await t.gql(
      `mutation ($input: InvitationInput!) { inviteMember(input: $input) }`,
      { input: { organisationId: ids.org, email: `bulk.${perSender}@example.org` } },
      { token: tokens.kg },
    );
    expect(byOther).toEqual({ data: { inviteMember: true } });
  });

  it('answers unknown and malformed ids with NOT_FOUND and BAD_USER_INPUT', async () => {
    const unknown = await t.gql(ORG, { id: '00000000-0000-4000-8000-000000000000' }, { lang: 'ru' });
    expect(unknown.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect(unknown.errors?.[0].message).toBe('Такой организации нет.');
    const malformed = await t.gql(ORG, { id: "1' OR '1'='1" });
    expect(malformed.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('pages organisations by name with filters that combine', async () => {
    for (const name of ['Alpha NGO', 'Beta NGO', 'Gamma Donor']) {
      const kind = name.endsWith('Donor') ? 'DONOR' : 'NGO';
      await t.gql(
        CREATE_ORG,
        { input: { name, kind, countryCode: 'PE', originalLocale: 'es', languages: ['es'] } },
        { token: tokens.pe },
      );
    }
    const query = `query ($after: String) { organisations(first: 1, after: $after, filter: { countryCodes: ["PE"], kinds: [NGO] }) { totalCount edges { node { name } } pageInfo { hasNextPage endCursor } } }`;
    const page1 = await t.gql<{
      organisations: {
        totalCount: number;
        edges: { node: { name: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    }>(query);
    expect(page1.data?.organisations.totalCount).toBe(2);
    expect(page1.data?.organisations.edges[0].node.name).toBe('Alpha NGO');
    const page2 = await t.gql<typeof page1.data>(query, {
      after: page1.data?.organisations.pageInfo.endCursor,
    });
    expect(page2.data?.organisations.edges[0].node.name).toBe('Beta NGO');
    expect(page2.data?.organisations.pageInfo.hasNextPage).toBe(false);
    // A part of the name, in any case and with or without its accents.
    await t.gql(
      CREATE_ORG,
      {
        input: {
          name: 'Defensoría del Pueblo',
          kind: 'NGO',
          countryCode: 'PE',
          originalLocale: 'es',
          languages: ['es'],
        },
      },
      { token: tokens.pe },
    );
    for (const search of ['defensoria', 'DEFENSORÍA del', 'ensorí'])
      expect(
        (
          await t.gql<{ organisations: { edges: { node: { name: string } }[] } }>(
            `query ($search: String!) { organisations(filter: { search: $search }) { edges { node { name } } } }`,
            { search },
          )
        ).data?.organisations.edges.map((edge) => edge.node.name),
      ).toEqual(['Defensoría del Pueblo']);
    const tooMany = await t.gql(`{ organisations(first: 1000) { totalCount } }`);
    expect(tooMany.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('pages once over names that JavaScript and PostgreSQL lower-case differently', async () => {
    // 'İ' lower-cases to 'i̇' in JavaScript but 'i' in PostgreSQL, and a final 'Σ' to 'ς' but 'σ'.
    const names = ['İsmayıllı İcma Birliyi', 'Iz Partners', 'ΟΔΟΣ Cooperative', 'Οδοσ Partners'];
    for (const name of names) {
      await t.gql(
        CREATE_ORG,
        { input: { name, kind: 'CBO', originalLocale: 'en' } },
        { token: tokens.admin },
      );
    }
    const query = `query ($after: String) { organisations(first: 1, after: $after) { totalCount edges { node { name } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let totalCount = 0;
    for (let page = 0; page < 50; page++) {
      const result: {
        data?: {
          organisations: {
            totalCount: number;
            edges: { node: { name: string } }[];
            pageInfo: { hasNextPage: boolean; endCursor: string };
          };
        } | null;
      } = await t.gql(query, { after });
      const connection = result.data!.organisations;
      totalCount = connection.totalCount;
      seen.push(...connection.edges.map((edge) => edge.node.name));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(totalCount);
    expect(new Set(seen).size).toBe(totalCount);
    expect(seen).toEqual(expect.arrayContaining(names));
  });

  it('refuses to delete an organisation any case study names, saying how many, and deletes it once none does', async () => {
    const DELETE = `mutation ($id: ID!) { deleteOrganisation(id: $id) }`;
    const create = async (name: string) => {
      const created = await t.gql<{ createOrganisation: { id: string } }>(
        CREATE_ORG,
        { input: { name, kind: 'NGO', countryCode: 'KG', originalLocale: 'en' } },
        { token: tokens.admin },
      );
      return created.data!.createOrganisation.id;
    };
    const owner = await create('Owner of a draft');
    const funder = await create('Funder of three');
    const db = t.app.get(DataSource);
    const study = async (slug: string, status: string, organisationId: string | null) => {
      const [row] = await db.query<{ id: string }[]>(
        `INSERT INTO case_study (slug, status, original_locale, organisation_id) VALUES ($1, $2, 'en', $3) RETURNING id`,
        [slug, status, organisationId],
      );
      return row.id;
    };
    // A draft of its own, and the funder named on a published, an archived and a draft case study.
    await study('owned-draft', 'DRAFT', owner);
    for (const [slug, status] of [
      ['funded-published', 'PUBLISHED'],
      ['funded-archived', 'ARCHIVED'],
      ['funded-draft', 'DRAFT'],
    ]) {
      const id = await study(slug, status, null);
      await db.query(
        `INSERT INTO case_study_organisation (case_study_id, organisation_id, role) VALUES ($1, $2, $3), ($1, $2, 'PARTNER')`,
        [id, funder, slug === 'funded-draft' ? 'IMPLEMENTER' : 'FUNDER'],
      );
    }

    const ownerRefused = await t.gql(DELETE, { id: owner }, { token: tokens.admin });
    expect(ownerRefused.errors?.[0].extensions.code).toBe('CONFLICT');
    expect(ownerRefused.errors?.[0].message).toBe(
      'This organisation is named in 1 case study (as its organisation, implementer, funder or partner). Remove it from that case study first.',
    );
    const messages: Record<string, string> = {};
    for (const lang of ['en', 'ru', 'es', 'nl']) {
      const refused = await t.gql(DELETE, { id: funder }, { token: tokens.admin, lang });
      expect(refused.errors?.[0].extensions.code).toBe('CONFLICT');
      messages[lang] = refused.errors![0].message;
    }
    expect(messages).toEqual({
      en: expect.stringMatching(/^This organisation is named in 3 case studies /),
      ru: expect.stringMatching(/^Эта организация указана в 3 кейсах /),
      es: expect.stringMatching(/^Esta organización figura en 3 estudios de caso /),
      nl: expect.stringMatching(/^Deze organisatie wordt genoemd in 3 casestudy’s /),
    });
    const links = await db.query(`SELECT 1 FROM case_study_organisation WHERE organisation_id = $1`, [
      funder,
    ]);
    expect(links).toHaveLength(6);

    const byCoordinator = await t.gql(DELETE, { id: owner }, { token: tokens.kg });
    expect(byCoordinator.errors?.[0].extensions.code).toBe('FORBIDDEN');
    await db.query(`DELETE FROM case_study WHERE slug = 'owned-draft'`);
    expect(await t.gql(DELETE, { id: owner }, { token: tokens.admin })).toEqual({
      data: { deleteOrganisation: true },
    });
    const gone = await t.gql(DELETE, { id: owner }, { token: tokens.admin });
    expect(gone.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  it('refuses a blank description, and a translation of an organisation without one', async () => {
    const translate = `mutation ($id: ID!, $input: OrganisationTranslationInput!) { translateOrganisation(id: $id, input: $input) { description availableLocales } }`;
    for (const description of [' \n\t ', '\u200b\u00a0']) {
      const blank = await t.gql(
        translate,
        { id: ids.org, input: { locale: 'es', description } },
        { token: tokens.kg },
      );
      expect(blank.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ path: 'input.description', code: 'isNotEmpty' }],
      });
    }
    const spanish = await t.gql<{ organisation: { locale: string } }>(ORG, { id: ids.org }, { lang: 'es' });
    expect(spanish.data?.organisation.locale).toBe('ru');

    const created = await t.gql<{ createOrganisation: { id: string; availableLocales: string[] } }>(
      CREATE_ORG,
      {
        input: {
          name: 'Not yet described',
          kind: 'CBO',
          countryCode: 'KG',
          originalLocale: 'ru',
          description: ' ',
        },
      },
      { token: tokens.kg },
    );
    expect(created.data?.createOrganisation.availableLocales).toEqual([]);
    const id = created.data!.createOrganisation.id;
    const early = await t.gql(
      translate,
      { id, input: { locale: 'en', description: 'A translation of nothing' } },
      { token: tokens.kg, lang: 'es' },
    );
    expect(early.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      fields: [{ path: 'input.locale', code: 'noOriginal' }],
    });
    expect(early.errors?.[0].message).toBe(
      'Esta organización aún no tiene descripción. Escríbala en su idioma original antes de traducirla.',
    );
    // The original itself can be written later, and then translated.
    const original = await t.gql(
      translate,
      { id, input: { locale: 'ru', description: '  Описание  ' } },
      { token: tokens.kg },
    );
    expect(original).toEqual({
      data: { translateOrganisation: { description: 'Описание', availableLocales: ['ru'] } },
    });
    const english = await t.gql(
      translate,
      { id, input: { locale: 'en', description: 'A description' } },
      { token: tokens.kg },
    );
    expect(english.errors).toBeUndefined();
  });

  it('refuses text-direction overrides in the region and the description, as in the name', async () => {
    const reversed = '\u202eAFAR';
    const created = await t.gql(
      CREATE_ORG,
      {
        input: {
          name: 'Direction test',
          kind: 'NGO',
          originalLocale: 'en',
          countryCode: 'KG',
          region: reversed,
          description: reversed,
        },
      },
      { token: tokens.kg },
    );
    expect(created.errors?.[0].extensions.fields).toEqual([
      expect.objectContaining({ path: 'input.region', code: 'noBidiControls' }),
      expect.objectContaining({ path: 'input.description', code: 'noBidiControls' }),
    ]);
    const updated = await t.gql(
      `mutation ($id: ID!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, input: $input) { region } }`,
      { id: ids.org, input: { region: `Naryn\u2067` } },
      { token: tokens.kg },
    );
    expect(updated.errors?.[0].extensions.fields).toEqual([
      expect.objectContaining({ path: 'input.region', code: 'noBidiControls' }),
    ]);
    const translated = await t.gql(
      `mutation ($id: ID!, $input: OrganisationTranslationInput!) { translateOrganisation(id: $id, input: $input) { id } }`,
      { id: ids.org, input: { locale: 'es', description: reversed } },
      { token: tokens.kg },
    );
    expect(translated.errors?.[0].extensions.fields).toEqual([
      expect.objectContaining({ path: 'input.description', code: 'noBidiControls' }),
    ]);
  });
});

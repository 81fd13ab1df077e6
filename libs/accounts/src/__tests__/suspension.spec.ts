import { t as translate } from '@ashar/i18n';
import { startTestApp, type TestApp } from '@ashar/transport/testing';
import { AccountsModule } from '../accounts.module';
import { AccountsService } from '../accounts.service';
import { Role } from '../role';
import { RoleChangeListeners, type RoleChange } from '../role-change';

const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { accessToken } }`;
const ME = `{ me { id } }`;
const FIELDS = 'id suspendedAt suspensionReason roles';
const SUSPEND = `mutation ($input: SuspendAccountInput!) { suspendAccount(input: $input) { ${FIELDS} } }`;
const RESTORE = `mutation ($userId: ID!) { restoreAccount(userId: $userId) { ${FIELDS} } }`;
const PASSWORD = 'suspension password 1';

interface Suspendable {
  id: string;
  suspendedAt: string | null;
  suspensionReason: string | null;
  roles: string[];
}

describe('suspending accounts', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp([AccountsModule], {
      loginRateLimit: { perAccount: 100, perAddress: 1000, windowSeconds: 60 },
    });
    const accounts = t.app.get(AccountsService);
    const people: [string, Role][] = [
      ['admin', Role.ADMIN],
      ['admin2', Role.ADMIN],
      ['steering', Role.STEERING_GROUP],
      ['steering2', Role.STEERING_GROUP],
      ['coordinator', Role.NATIONAL_COORDINATOR],
      ['member', Role.MEMBER],
      ['other', Role.MEMBER],
    ];
    for (const [name, role] of people) {
      const user = await accounts.createUser({
        email: `${name}@suspension.example`,
        password: PASSWORD,
        displayName: name,
        preferredLocale: 'en',
        grants: [{ role, countryCode: role === Role.NATIONAL_COORDINATOR ? 'KG' : null }],
      });
      ids[name] = user.id;
      tokens[name] = (await login(name)).data!.login.accessToken;
    }
  });
  afterAll(() => t.close());

  function login(name: string, password = PASSWORD, lang?: string) {
    return t.gql<{ login: { accessToken: string } }>(
      LOGIN,
      { input: { email: `${name}@suspension.example`, password } },
      { lang },
    );
  }
  const suspend = (by: string, input: Record<string, unknown>, lang?: string) =>
    t.gql<{ suspendAccount: Suspendable }>(SUSPEND, { input }, { token: tokens[by], lang });
  const restore = (by: string, userId: string, lang?: string) =>
    t.gql<{ restoreAccount: Suspendable }>(RESTORE, { userId }, { token: tokens[by], lang });

  it('keeps a suspended person out, ending their sessions and telling their sockets to close, until the suspension is lifted', async () => {
    const changes: RoleChange[] = [];
    t.app.get(RoleChangeListeners).add(async (change) => void changes.push(change));

    const suspended = await suspend('steering', { userId: ids.member, reason: '  Spam in three rooms  ' });
    expect(suspended.errors).toBeUndefined();
    expect(suspended.data?.suspendAccount).toMatchObject({
      id: ids.member,
      suspensionReason: 'Spam in three rooms',
      roles: ['MEMBER'],
    });
    const since = suspended.data!.suspendAccount.suspendedAt;
    expect(Date.now() - Date.parse(since!)).toBeLessThan(60_000);

    // The session they had ends, and their open sockets are told to close.
    const me = await t.gql(ME, {}, { token: tokens.member });
    expect(me.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(changes).toEqual([{ userId: ids.member, granted: [], revoked: [], tokenVersion: 1 }]);

    // The right password is told why, in the person's language; a wrong one learns nothing new.
    const refused = await login('member', PASSWORD, 'ru');
    expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0].message).toBe(translate('ru', 'errors:accountSuspended'));
    expect(refused.data).toBeNull();
    const guessed = await login('member', 'not the password', 'ru');
    expect(guessed.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(guessed.errors?.[0].message).toBe(translate('ru', 'errors:invalidCredentials'));

    // Those who may lift it see it, with the reason; suspending again keeps the date, not the reason.
    const PEOPLE = `query ($search: String!) { people(search: $search) { ${FIELDS} } }`;
    const found = await t.gql<{ people: Suspendable[] }>(
      PEOPLE,
      { search: 'member@suspension' },
      { token: tokens.admin },
    );
    expect(found.data?.people).toEqual([suspended.data?.suspendAccount]);
    const again = await suspend('steering2', { userId: ids.member });
    expect(again.data?.suspendAccount).toMatchObject({ suspendedAt: since, suspensionReason: null });

    const restored = await restore('steering', ids.member);
    expect(restored.data?.restoreAccount).toMatchObject({ suspendedAt: null, suspensionReason: null });
    const back = await login('member');
    expect(back.errors).toBeUndefined();
    expect((await t.gql(ME, {}, { token: back.data!.login.accessToken })).data).toEqual({
      me: { id: ids.member },
    });
    // A token from before the suspension stays revoked.
    expect((await t.gql(ME, {}, { token: tokens.member })).errors?.[0].extensions.code).toBe(
      'UNAUTHENTICATED',
    );
    tokens.member = back.data!.login.accessToken;
    // Restoring an account that is not suspended changes nothing.
    expect((await restore('steering', ids.member)).data?.restoreAccount.suspendedAt).toBeNull();
  });

  it('lets the steering group and admins suspend, but nobody themselves or an admin, and only admins the steering group', async () => {
    const code = (answer: { errors?: { extensions: Record<string, unknown> }[] }) =>
      answer.errors?.[0].extensions.code;
    // Everyone else is refused, whoever the target.
    expect(code(await suspend('coordinator', { userId: ids.other }))).toBe('FORBIDDEN');
    expect(code(await suspend('member', { userId: ids.other }))).toBe('FORBIDDEN');
    expect(code(await restore('coordinator', ids.other))).toBe('FORBIDDEN');

    const self = await suspend('admin', { userId: ids.admin }, 'es');
    expect(self.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.userId', code: 'invalid' }],
    });
    expect(self.errors?.[0].message).toBe(translate('es', 'errors:cannotSuspendSelf'));
    const admin = await suspend('admin', { userId: ids.admin2 }, 'nl');
    expect(code(admin)).toBe('FORBIDDEN');
    expect(admin.errors?.[0].message).toBe(translate('nl', 'errors:cannotSuspendAdmin'));
    const peer = await suspend('steering', { userId: ids.steering2 }, 'ru');
    expect(code(peer)).toBe('FORBIDDEN');
    expect(peer.errors?.[0].message).toBe(translate('ru', 'errors:adminsOnlySuspension'));

    // An admin may suspend a steering-group member; only an admin lifts it, even once the role is gone.
    expect((await suspend('admin', { userId: ids.steering2 })).errors).toBeUndefined();
    expect(code(await login('steering2'))).toBe('FORBIDDEN');
    expect(code(await restore('steering', ids.steering2))).toBe('FORBIDDEN');
    const REVOKE = `mutation ($input: RoleGrantInput!) { revokeRole(input: $input) { roles } }`;
    const demoted = await t.gql<{ revokeRole: { roles: string[] } }>(
      REVOKE,
      { input: { userId: ids.steering2, role: 'STEERING_GROUP' } },
      { token: tokens.steering },
    );
    expect(demoted.data?.revokeRole.roles).toEqual(['MEMBER']);
    const byAdmin = await restore('steering', ids.steering2, 'es');
    expect(code(byAdmin)).toBe('FORBIDDEN');
    expect(byAdmin.errors?.[0].message).toBe(translate('es', 'errors:suspendedByAdmin'));
    expect(code(await suspend('steering', { userId: ids.steering2, reason: 'Mine now' }))).toBe('FORBIDDEN');
    // A suspended account gets no new role: an admin's role would put it beyond anyone's reach.
    const GRANT = `mutation ($input: RoleGrantInput!) { grantRole(input: $input) { roles } }`;
    const granted = await t.gql(
      GRANT,
      { input: { userId: ids.steering2, role: 'ADMIN' } },
      { token: tokens.admin, lang: 'ru' },
    );
    expect(granted.errors?.[0].extensions).toMatchObject({
      code: 'CONFLICT',
      fields: [
        { path: 'input.userId', code: 'suspended', message: 'принадлежит приостановленной учётной записи' },
      ],
    });
    expect(granted.errors?.[0].message).toBe(translate('ru', 'errors:suspendedGetsNoRole'));
    expect((await restore('admin', ids.steering2)).data?.restoreAccount.suspendedAt).toBeNull();
    const back = await login('steering2');
    expect(back.errors).toBeUndefined();
    tokens.steering2 = back.data!.login.accessToken;
    expect(
      (
        await t.gql(
          GRANT,
          { input: { userId: ids.steering2, role: 'STEERING_GROUP' } },
          { token: tokens.admin },
        )
      ).errors,
    ).toBeUndefined();
    // What the steering group suspends, it may lift.
    expect((await suspend('steering', { userId: ids.other })).errors).toBeUndefined();
    expect((await restore('steering2', ids.other)).data?.restoreAccount.suspendedAt).toBeNull();

    // Unknown, malformed and nasty input: a clear error, and nobody suspended.
    expect(code(await suspend('admin', { userId: '00000000-0000-4000-8000-000000000000' }))).toBe(
      'NOT_FOUND',
    );
    expect(code(await restore('admin', '00000000-0000-4000-8000-000000000000'))).toBe('NOT_FOUND');
    expect(code(await suspend('admin', { userId: 'nobody' }))).toBe('BAD_USER_INPUT');
    for (const reason of [' \u00a0 ', 'x'.repeat(501), 'Spam \u202egnp.exe'])
      expect((await suspend('admin', { userId: ids.other, reason })).errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ path: 'input.reason' }],
      });
    expect((await login('other')).errors).toBeUndefined();
  });

  it('keeps a suspension an admin made for admins to lift, after that admin has lost the role', async () => {
    expect((await suspend('admin2', { userId: ids.member, reason: 'Spam' })).errors).toBeUndefined();
    const REVOKE = `mutation ($input: RoleGrantInput!) { revokeRole(input: $input) { roles } }`;
    const demoted = await t.gql<{ revokeRole: { roles: string[] } }>(
      REVOKE,
      { input: { userId: ids.admin2, role: 'ADMIN' } },
      { token: tokens.admin },
    );
    expect(demoted.data?.revokeRole.roles).toEqual(['MEMBER']);
    const bySteering = await restore('steering', ids.member, 'nl');
    expect(bySteering.errors?.[0]).toMatchObject({
      message: translate('nl', 'errors:suspendedByAdmin'),
      extensions: { code: 'FORBIDDEN' },
    });
    expect((await login('member')).errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await restore('admin', ids.member)).data?.restoreAccount.suspendedAt).toBeNull();
    expect((await login('member')).errors).toBeUndefined();
    // Lifted, it is gone with who made it: a new suspension by the steering group is theirs to lift.
    expect((await suspend('steering', { userId: ids.member })).errors).toBeUndefined();
    expect((await restore('steering2', ids.member)).data?.restoreAccount.suspendedAt).toBeNull();
  });
});

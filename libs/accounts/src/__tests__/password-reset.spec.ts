import { createHash } from 'node:crypto';
import { t as translate, type Locale } from '@ashar/i18n';
import { readMailFiles, startSmtpInbox, waitForMailFile, type SmtpInbox } from '@ashar/mail/testing';
import { startTestApp, type TestApp } from '@ashar/transport/testing';
import type { ParsedMail } from 'mailparser';
import { DataSource } from 'typeorm';
import { AccountsModule } from '../accounts.module';
import { AccountsService } from '../accounts.service';
import { Role } from '../role';
import { RoleChangeListeners, type RoleChange } from '../role-change';

const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { accessToken } }`;
const ME = `{ me { id email } }`;
const REQUEST = `mutation ($email: String!) { requestPasswordReset(email: $email) }`;
const RESET = `mutation ($token: String!, $newPassword: String!) {
  resetPassword(token: $token, newPassword: $newPassword) { accessToken user { id email preferredLocale } }
}`;

const PUBLIC_URL = 'https://ashar.example.org';
const LINK = /https:\/\/ashar\.example\.org\/reset-password\?lang=(\w\w)#token=([\w-]+)/;

type ResetAnswer = { resetPassword: { accessToken: string; user: { id: string; email: string } } };

/** The reset link's language and token, found in the text part and the very same in the HTML part. */
function linkIn(mail: ParsedMail): { lang: string; token: string } {
  const [link, lang, token] = LINK.exec(mail.text ?? '') ?? [];
  expect(link).toBeDefined();
  expect(mail.html).toContain(`href="${link}"`);
  return { lang, token };
}

describe('password reset by e-mail', () => {
  let inbox: SmtpInbox;
  let t: TestApp;
  let db: DataSource;

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    t = await startTestApp([AccountsModule], {
      publicUrl: PUBLIC_URL,
      mail: {
        smtpUrl: inbox.url,
        from: 'Ashar <no-reply@example.org>',
        fileDir: '/nonexistent/mail',
        worker: true,
      },
      loginRateLimit: { perAccount: 100, perAddress: 1000, windowSeconds: 60 },
      passwordResetLimit: { perEmail: 3, perAddress: 1000 },
    });
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t.close();
    await inbox.close();
  });

  /** An account as signing up makes it, and a session of it. */
  async function account(email: string, preferredLocale: Locale = 'en', password = 'the old password') {
    const accounts = t.app.get(AccountsService);
    const user = await accounts.createUser({
      email,
      password,
      displayName: 'Айгуль <b>&</b>',
      preferredLocale,
      grants: [{ role: Role.MEMBER, countryCode: null }],
    });
    return accounts.signedIn(user.id);
  }
  const request = (email: unknown, lang?: string) => t.gql(REQUEST, { email }, { lang });
  const reset = (token: unknown, newPassword: unknown, lang?: string) =>
    t.gql<ResetAnswer>(RESET, { token, newPassword }, { lang });
  const login = (email: string, password: string) => t.gql(LOGIN, { input: { email, password } });

  /** Asks for a link for `email` and returns the token from the e-mail that arrives. */
  async function tokenFor(email: string): Promise<string> {
    expect(await request(email)).toEqual({ data: { requestPasswordReset: true } });
    const { recipients, mail } = await inbox.next();
    expect(recipients).toEqual([email]);
    return linkIn(mail).token;
  }

  it('e-mails the owner a link in their own language that sets a new password and ends every session', async () => {
    const changes: RoleChange[] = [];
    t.app.get(RoleChangeListeners).add(async (change) => void changes.push(change));
    const { user, accessToken: oldToken } = await account('aigul@example.org', 'ru');

    // Asked in English, with the address spelled another way: the mail goes to the account's own
    // address, in the account's own language.
    const asked = await request('AIGUL@Example.org', 'en-GB');
    expect(asked).toEqual({ data: { requestPasswordReset: true } });
    const { recipients, mail } = await inbox.next();
    expect(recipients).toEqual(['aigul@example.org']);
    expect(mail.from?.value).toEqual([{ name: 'Ashar', address: 'no-reply@example.org' }]);
    expect(mail.subject).toBe('Выберите новый пароль для Ашара');
    expect(mail.headers.get('content-language')).toBe('ru');
    expect(mail.text).toContain('Здравствуйте, Айгуль <b>&</b>!');
    expect(mail.text).toContain('Ссылка действует один раз и только 60 минут.');
    expect(mail.html).toContain('<html lang="ru">');
    // The person's name is text in the HTML part, not markup.
    expect(mail.html).toContain('Здравствуйте, Айгуль &lt;b&gt;&amp;&lt;/b&gt;!');
    expect(mail.html).not.toContain('<b>');
    const { lang, token } = linkIn(mail);
    expect(lang).toBe('ru');
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);

    // Only the token's SHA-256 is stored, with an expiry an hour away.
    const [row] = await db.query<{ hash: Buffer; minutes: number; used_at: Date | null }[]>(
      `SELECT token_hash AS hash, round(extract(epoch FROM expires_at - now()) / 60) AS minutes, used_at
       FROM password_reset WHERE user_id = $1`,
      [user.id],
    );
    expect(row.hash.equals(createHash('sha256').update(token).digest())).toBe(true);
    expect(Number(row.minutes)).toBe(60);
    expect(row.used_at).toBeNull();

    const done = await reset(token, 'the brand new password');
    expect(done.errors).toBeUndefined();
    expect(done.data?.resetPassword.user).toEqual({
      id: user.id,
      email: 'aigul@example.org',
      preferredLocale: 'ru',
    });
    // The answer signs the person in; the token from before the reset works no more, and the sockets of
    // every older token are told to close.
    const me = await t.gql(ME, {}, { token: done.data!.resetPassword.accessToken });
    expect(me.data).toEqual({ me: { id: user.id, email: 'aigul@example.org' } });
    const revoked = await t.gql(ME, {}, { token: oldToken, lang: 'ru' });
    expect(revoked.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(revoked.errors?.[0].message).toBe('Сеанс недействителен или истёк. Войдите снова.');
    expect(changes).toEqual([{ userId: user.id, granted: [], revoked: [], tokenVersion: 1 }]);

    expect((await login('aigul@example.org', 'the old password')).errors?.[0].extensions.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await login('aigul@example.org', 'the brand new password')).errors).toBeUndefined();

    // The link works once.
    const again = await reset(token, 'yet another password', 'nl');
    expect(again.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'token', code: 'invalid' }],
    });
    expect(again.errors?.[0].message).toBe(translate('nl', 'errors:invalidResetToken'));
    expect((await login('aigul@example.org', 'yet another password')).errors?.[0].extensions.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('refuses an expired link, and one that a newer request replaced', async () => {
    await account('expiring@example.org');
    const first = await tokenFor('expiring@example.org');
    const second = await tokenFor('expiring@example.org');
    const replaced = await reset(first, 'a password of my own', 'es');
    expect(replaced.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(replaced.errors?.[0].message).toBe(translate('es', 'errors:invalidResetToken'));

    await db.query(
      `UPDATE password_reset SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
      [createHash('sha256').update(second).digest()],
    );
    const expired = await reset(second, 'a password of my own');
    expect(expired.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'token', code: 'invalid' }],
    });
    expect((await login('expiring@example.org', 'the old password')).errors).toBeUndefined();
  });

  it('cancels a link not yet used once the password is changed, or every session ended', async () => {
    const CHANGE = `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken } }`;
    const session = await account('changing@example.org');
    const beforeChange = await tokenFor('changing@example.org');
    const changed = await t.gql<{ changePassword: { accessToken: string } }>(
      CHANGE,
      { input: { currentPassword: 'the old password', newPassword: 'a newer password' } },
      { token: session.accessToken },
    );
    expect(changed.errors).toBeUndefined();
    const stale = await reset(beforeChange, 'the intruder password');
    expect(stale.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'token' }],
    });

    const beforeSignOut = await tokenFor('changing@example.org');
    const signedOut = await t.gql(
      `mutation { signOutEverywhere }`,
      {},
      { token: changed.data!.changePassword.accessToken },
    );
    expect(signedOut.errors).toBeUndefined();
    expect((await reset(beforeSignOut, 'the intruder password')).errors?.[0].extensions.code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await login('changing@example.org', 'a newer password')).errors).toBeUndefined();
  });

  it('answers true for an address without an account, and sends nothing', async () => {
    expect(await request('nobody.here@example.org')).toEqual({ data: { requestPasswordReset: true } });
    await account('somebody@example.org');
    expect(await request('somebody@example.org')).toEqual({ data: { requestPasswordReset: true } });
    // The next message to arrive is the second request's: the first sent none.
    expect((await inbox.next()).recipients).toEqual(['somebody@example.org']);
    const [{ count }] = await db.query<{ count: string }[]>(
      `SELECT count(*) FROM password_reset r JOIN app_user u ON u.id = r.user_id WHERE u.email LIKE 'nobody%'`,
    );
    expect(count).toBe('0');
  });

  it('rate-limits requests per email address, account or not, whatever its spelling', async () => {
    for (let attempt = 0; attempt < 3; attempt++)
      expect((await request('flooded@example.org')).data).toEqual({ requestPasswordReset: true });
    for (const email of ['flooded@example.org', 'FLOODED@example.org', 'Flooded@Example.ORG']) {
      const refused = await request(email, 'ru');
      expect(refused.errors?.[0].extensions.code).toBe('RATE_LIMITED');
      expect(refused.errors?.[0].extensions.retryAfter).toBeGreaterThan(0);
      expect(refused.errors?.[0].message).toMatch(/^Слишком много попыток\. Повторите через \d+ секунд/);
    }
    // Another address has a budget of its own.
    expect((await request('not.flooded@example.org')).data).toEqual({ requestPasswordReset: true });
  });

  it('lets one of two resets with the same link win', async () => {
    await account('twice@example.org');
    const token = await tokenFor('twice@example.org');
    const answers = await Promise.all([
      reset(token, 'first new password'),
      reset(token, 'second new password'),
    ]);
    expect(answers.filter((answer) => answer.errors === undefined)).toHaveLength(1);
    expect(answers.filter((answer) => answer.errors?.[0].extensions.code === 'BAD_USER_INPUT')).toHaveLength(
      1,
    );
    const signedIn = await Promise.all(
      ['first new password', 'second new password'].map((password) => login('twice@example.org', password)),
    );
    expect(signedIn.filter((answer) => answer.errors === undefined)).toHaveLength(1);
  });

  it("neither sets a suspended account's password nor signs it in, and keeps the link for after", async () => {
    const { user } = await account('suspended@example.org');
    const admin = await t.app.get(AccountsService).createUser({
      email: 'suspender@example.org',
      password: 'the admin password',
      displayName: 'Admin',
      preferredLocale: 'en',
      grants: [{ role: Role.ADMIN, countryCode: null }],
    });
    const accounts = t.app.get(AccountsService);
    await accounts.suspendAccount(admin, { userId: user.id });
    // The request is answered as any other (it says nothing of the account), and the link is mailed.
    const token = await tokenFor('suspended@example.org');
    const refused = await reset(token, 'a password of my own', 'ru');
    expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0].message).toBe(translate('ru', 'errors:accountSuspended'));
    await accounts.restoreAccount(admin, user.id);
    expect((await login('suspended@example.org', 'a password of my own')).errors?.[0].extensions.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await login('suspended@example.org', 'the old password')).errors).toBeUndefined();
    expect((await reset(token, 'a password of my own')).errors).toBeUndefined();
  });

  it('answers bad input with translated messages on the field, never a 500, and keeps the link', async () => {
    const invalid = await request('not-an-email', 'es');
    expect(invalid.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'email', code: 'isEmail', message: 'debe ser un correo electrónico válido' }],
    });
    for (const email of [
      '',
      `${'a'.repeat(100_000)}@example.org`,
      'a\u0000@example.org',
      '\ud800@example.org',
    ])
      expect((await request(email)).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    for (const email of [42, null, ['a@example.org'], { email: 'a@example.org' }])
      expect((await request(email)).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const missing = await t.gql(`mutation { requestPasswordReset }`);
    expect(missing.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');

    await account('careful@example.org');
    const token = await tokenFor('careful@example.org');
    const short = await reset(token, 'short', 'ru');
    expect(short.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'newPassword', code: 'minLength', message: 'должно содержать не менее 10 символов' }],
    });
    const long = await reset(token, 'x'.repeat(201));
    expect(long.errors?.[0].extensions.fields).toEqual([
      expect.objectContaining({ path: 'newPassword', code: 'maxLength' }),
    ]);
    for (const bad of ['', 'x'.repeat(43), `${token}x`, token.toUpperCase(), 'a\u0000b']) {
      const refused = await reset(bad, 'a good new password');
      expect(refused.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ path: 'token', code: 'invalid' }],
      });
    }
    const huge = await reset('x'.repeat(100_000), 'a good new password');
    expect(huge.errors?.[0].extensions.fields).toEqual([
      expect.objectContaining({ path: 'token', code: 'maxLength' }),
    ]);
    for (const [badToken, badPassword] of [
      [42, 'a good new password'],
      [token, 12345678901],
      [null, 'a good new password'],
    ])
      expect((await reset(badToken, badPassword)).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');

    // None of that used the link up.
    expect((await reset(token, 'a good new password')).errors).toBeUndefined();
  });
});

describe('password reset without an SMTP server', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp([AccountsModule], { publicUrl: 'http://localhost:3999' });
  });
  afterAll(() => t.close());

  it('writes the e-mail to an .eml file in the mail folder, whose link works', async () => {
    await t.app.get(AccountsService).createUser({
      email: 'offline@example.org',
      password: 'the old password',
      displayName: 'Offline',
      preferredLocale: 'es',
      grants: [{ role: Role.MEMBER, countryCode: null }],
    });
    expect(await t.gql(REQUEST, { email: 'offline@example.org' })).toEqual({
      data: { requestPasswordReset: true },
    });
    const mail = await waitForMailFile(t.config.mail.fileDir, 'offline@example.org');
    expect(mail.subject).toBe('Elija una nueva contraseña para Ashar');
    const [, token] =
      /http:\/\/localhost:3999\/reset-password\?lang=es#token=([\w-]+)/.exec(mail.text ?? '') ?? [];
    const done = await t.gql<ResetAnswer>(RESET, { token, newPassword: 'the brand new password' });
    expect(done.errors).toBeUndefined();
    // Nobody else was written to.
    expect(await readMailFiles(t.config.mail.fileDir)).toHaveLength(1);
  });
});

describe('password reset limits per client address', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp([AccountsModule], {
      passwordResetLimit: { perEmail: 10, perAddress: 2 },
    });
  });
  afterAll(() => t.close());

  it('counts every request from one client address, whatever the email', async () => {
    for (const email of ['one@example.org', 'two@example.org'])
      expect((await t.gql(REQUEST, { email })).data).toEqual({ requestPasswordReset: true });
    const refused = await t.gql(REQUEST, { email: 'three@example.org' }, { lang: 'nl' });
    expect(refused.errors?.[0].extensions.code).toBe('RATE_LIMITED');
    expect(refused.errors?.[0].message).toMatch(/^Te veel pogingen/);
  });
});

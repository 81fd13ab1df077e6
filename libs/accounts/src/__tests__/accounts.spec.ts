import { createHash } from 'node:crypto';
import bcrypt from 'bcryptjs';
import jwt from 'jsonwebtoken';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '@ashar/database';
import { MailQueue } from '@ashar/mail';
import { readMailFiles, recipientsOf, waitForMailFile } from '@ashar/mail/testing';
import { startTestApp, type TestApp } from '@ashar/transport/testing';
import { AccountsModule } from '../accounts.module';
import { AccountsService } from '../accounts.service';
import { CONFIRM_REGISTRATION, isSignUpMail, REGISTER, registrationToken, signUp } from '../testing';
import { Role } from '../role';

const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { accessToken user { id email roles } } }`;
const ME = `{ me { id email displayName roles grants { role countryCode } } }`;

describe('accounts over GraphQL', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp([AccountsModule], {
      loginRateLimit: { perAccount: 3, perAddress: 1000, windowSeconds: 60 },
      registerLimit: { perEmail: 1000, perAddress: 1000 },
    });
  });
  afterAll(() => t.close());

  it('registers, logs in and answers me with the same user', async () => {
    const registered = await signUp(t, {
      email: 'Aigul@Example.org',
      password: 'correct horse battery',
      displayName: 'Aigul',
    });
    expect(registered.user.roles).toEqual(['MEMBER']);

    const login = await t.gql<{ login: { accessToken: string; user: { id: string } } }>(LOGIN, {
      input: { email: 'aigul@example.org', password: 'correct horse battery' },
    });
    expect(login.data?.login.user.id).toBe(registered.user.id);

    const me = await t.gql<{ me: { email: string } }>(ME, {}, { token: login.data?.login.accessToken });
    expect(me.data?.me.email).toBe('Aigul@Example.org');
    expect((await t.gql(ME)).data).toEqual({ me: null });

    // A profile field sent as null is left as it is; a blank name is refused on its field.
    const UPDATE = `mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { displayName } }`;
    const token = login.data?.login.accessToken;
    const nulls = await t.gql(UPDATE, { input: { displayName: null, preferredLocale: null } }, { token });
    expect(nulls).toEqual({ data: { updateProfile: { displayName: 'Aigul' } } });
    const blank = await t.gql(UPDATE, { input: { displayName: '\u200b \u00a0' } }, { token });
    expect(blank.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ path: 'input.displayName', code: 'isNotEmpty' }],
    });
    // A name that would read reversed ("\u202eniugA" shows as "Aguin…") cannot pass for someone else.
    const reversed = await t.gql(UPDATE, { input: { displayName: '\u202eluigA' } }, { token, lang: 'ru' });
    expect(reversed.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        {
          path: 'input.displayName',
          code: 'noBidiControls',
          message: 'не должно содержать невидимых символов, меняющих направление текста',
        },
      ],
    });
  });

  it('refuses line breaks, controls and invisible marks in a display name, on sign-up and in the profile', async () => {
    const UPDATE = `mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { displayName } }`;
    const person = await signUp(t, {
      email: 'visible@example.org',
      password: 'visible name password',
      displayName: 'Visible',
    });
    const token = person.accessToken;
    const hidden = [
      'Bob\r\nClick https://example.com',
      'Tab\tName',
      'Bell\u0007',
      'Del\u007f',
      'C1\u0085',
      'Mark\u200e',
      'Mark\u200f',
      'Arabic\u061c',
      'Zero\u200bWidth',
      '\u200dJoined',
      'Joiner \u200c',
      'Word\u2060Joiner',
      '\ufeffBom',
    ];
    for (const displayName of hidden) {
      const profile = await t.gql(UPDATE, { input: { displayName } }, { token, lang: 'nl' });
      expect(profile.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [
          {
            path: 'input.displayName',
            code: 'noInvisibleCharacters',
            message: 'mag geen regeleinden, stuurtekens of onzichtbare tekens bevatten',
          },
        ],
      });
      const registered = await t.gql(REGISTER, {
        input: { email: 'hidden@example.org', password: 'hidden name password', displayName },
      });
      expect(registered.errors?.[0].extensions.fields).toEqual([
        expect.objectContaining({ path: 'input.displayName', code: 'noInvisibleCharacters' }),
      ]);
    }
    // Joiners inside a word or an emoji are how some scripts and emoji are written.
    for (const displayName of ['👩\u200d💻 Dev', 'می\u200cخواهم', 'Ana María']) {
      const kept = await t.gql(UPDATE, { input: { displayName } }, { token });
      expect(kept).toEqual({ data: { updateProfile: { displayName } } });
    }
  });

  it('creates an account only through the e-mailed link, once, in the language chosen', async () => {
    const input = { email: 'link@example.org', password: 'long enough password', displayName: 'Link <b>' };
    const first = await t.gql(REGISTER, { input: { ...input, preferredLocale: 'nl' } });
    expect(first).toEqual({ data: { register: true } });
    // No account until the link is opened.
    const early = await t.gql(LOGIN, { input: { email: input.email, password: input.password } });
    expect(early.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const mail = await waitForMailFile(t.config.mail.fileDir, input.email);
    expect(mail.subject).toBe('Rond uw registratie bij Ashar af');
    expect(mail.text).toContain('De link werkt één keer, 24 uur lang.');
    // The name typed stays out of a mail to an address nobody has shown they read.
    expect(mail.text).toMatch(/^Hallo,/);
    expect(`${mail.text} ${mail.html} ${JSON.stringify(mail.to)}`).not.toContain('Link');
    const token = registrationToken(mail.text);
    expect(mail.html).toContain(`href="http://localhost:3000/confirm-registration?lang=nl#token=${token}"`);
    // Only the token's digest is stored, with the password hashed.
    const [row] = await t.app
      .get(DataSource)
      .query(`SELECT token_hash, password_hash FROM registration WHERE email = $1`, [input.email]);
    expect(row.token_hash).toEqual(createHash('sha256').update(token).digest());
    expect(row.password_hash).not.toContain(input.password);

    const confirmed = await t.gql<{
      confirmRegistration: { user: { email: string; preferredLocale: string } };
    }>(CONFIRM_REGISTRATION, { token });
    expect(confirmed.data?.confirmRegistration.user).toMatchObject({
      email: input.email,
      preferredLocale: 'nl',
    });
    const login = await t.gql(LOGIN, { input: { email: input.email, password: input.password } });
    expect(login.errors).toBeUndefined();
    for (const used of [token, 'no-such-token', 'x'.repeat(200)]) {
      const again = await t.gql(CONFIRM_REGISTRATION, { token: used }, { lang: 'ru' });
      expect(again.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ path: 'token', code: 'invalid' }],
      });
      expect(again.errors?.[0].message).toMatch(/^Эта ссылка для регистрации больше не действует/);
    }
  });

  it('answers a sign-up for a taken address like any other, and tells the owner by mail instead', async () => {
    const owner = { email: 'dup@example.org', password: 'long enough password', displayName: 'Dup' };
    await signUp(t, { ...owner, preferredLocale: 'ru' });
    const again = await t.gql(
      REGISTER,
      { input: { ...owner, email: 'DUP@example.org', password: 'another long password' } },
      { lang: 'es' },
    );
    expect(again).toEqual({ data: { register: true } });
    const dir = t.config.mail.fileDir;
    const notice = await waitForMailFile(dir, 'dup@example.org', 10_000, (mail) => !isSignUpMail(mail));
    // In the owner's language, to the owner's address, with a way in and no sign-up link.
    expect(notice.subject).toBe('У вас уже есть учётная запись в Ашаре');
    expect(notice.text).toContain('http://localhost:3000/sign-in?lang=ru');
    expect(notice.text).not.toContain('confirm-registration');
    expect(
      await t.app.get(DataSource).query(`SELECT 1 FROM registration WHERE lower(email) = 'dup@example.org'`),
    ).toEqual([]);
    const [{ accounts }] = await t.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS accounts FROM app_user WHERE lower(email) = 'dup@example.org'`);
    expect(accounts).toBe(1);
    // The old password still signs in; the one typed in the second sign-up does not.
    const old = await t.gql(LOGIN, { input: { email: owner.email, password: owner.password } });
    expect(old.errors).toBeUndefined();
  });

  it('reads an address with a decomposed accent as the same address, on sign-up and sign-in', async () => {
    const composed = 'jos\u00e9@example.org';
    const decomposed = 'jose\u0301@example.org';
    const owner = await signUp(t, { email: composed, password: 'long enough password', displayName: 'José' });
    const again = await t.gql(REGISTER, {
      input: { email: decomposed, password: 'another long password', displayName: 'José again' },
    });
    expect(again).toEqual({ data: { register: true } });
    const [{ accounts, pending }] = await t.app.get(DataSource).query(
      `SELECT (SELECT count(*)::int FROM app_user WHERE email LIKE 'jos%@example.org') AS accounts,
              (SELECT count(*)::int FROM registration WHERE email LIKE 'jos%@example.org') AS pending`,
    );
    expect({ accounts, pending }).toEqual({ accounts: 1, pending: 0 });
    const login = await t.gql<{ login: { user: { id: string; email: string } } }>(LOGIN, {
      input: { email: decomposed, password: 'long enough password' },
    });
    expect(login.data?.login.user).toEqual({ ...login.data?.login.user, id: owner.user.id, email: composed });
  });

  it('composes the addresses stored decomposed before, unless two accounts would then share one', async () => {
    const db = t.app.get(DataSource);
    const accounts = t.app.get(AccountsService);
    const create = (email: string, displayName: string) =>
      accounts.createUser({
        email,
        password: 'long enough password',
        displayName,
        preferredLocale: 'es',
        grants: [],
      });
    const lone = await create('maria@example.org', 'María');
    const pair = await create('zoe@example.org', 'Zoë');
    const twin = await create('zoe-twin@example.org', 'Zoë twin');
    // As stored before addresses were read composed: two of them decomposed, as a client sent them.
    const decomposed = ['mari\u0301a@example.org', 'zoe\u0308@example.org', 'ZO\u00cb@example.org'];
    for (const [i, id] of [lone.id, pair.id, twin.id].entries())
      await db.query(`UPDATE app_user SET email = $2 WHERE id = $1`, [id, decomposed[i]]);
    // Zoë's twin has the same address composed (in capitals): Zoë's stays as it is. María's is
    // refused as she types it until it is composed.
    const refused = await t.gql(LOGIN, {
      input: { email: 'mar\u00eda@example.org', password: 'long enough password' },
    });
    expect(refused.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');

    await db.query(
      `INSERT INTO registration (email, display_name, password_hash, preferred_locale, token_hash, expires_at)
       VALUES ('rene\u0301@example.org', 'René', 'x', 'en', decode(repeat('ab', 32), 'hex'), now() + interval '1 day')`,
    );
    // María was invited under her address as typed (composed): her decomposed account was not found.
    const [organisation] = await db.query(
      `INSERT INTO organisation (name, kind, original_locale) VALUES ('Cooperativa Andina', 'CBO', 'es') RETURNING id`,
    );
    await db.query(
      `INSERT INTO organisation_invitation (organisation_id, email, expires_at)
       VALUES ($1, 'mar\u00eda@example.org', now() + interval '1 day')`,
      [organisation.id],
    );
    const repair = MIGRATIONS.find((migration) => migration.name === 'ComposedEmailAddresses1765400000000');
    const runner = db.createQueryRunner();
    try {
      await new repair!().up(runner);
    } finally {
      await runner.release();
    }
    const stored = await db.query(`SELECT id, email FROM app_user WHERE id = ANY($1) ORDER BY display_name`, [
      [lone.id, pair.id, twin.id],
    ]);
    expect(stored).toEqual([
      { id: lone.id, email: 'mar\u00eda@example.org' },
      { id: pair.id, email: 'zoe\u0308@example.org' },
      { id: twin.id, email: 'ZO\u00cb@example.org' },
    ]);
    // Her address now names her account: the invitation became a membership.
    expect(
      await db.query(
        `SELECT (SELECT count(*)::int FROM organisation_invitation WHERE organisation_id = $1) AS invited,
                (SELECT array_agg(user_id) FROM membership WHERE organisation_id = $1) AS members`,
        [organisation.id],
      ),
    ).toEqual([{ invited: 0, members: [lone.id] }]);
    expect(await db.query(`SELECT email FROM registration WHERE display_name = 'René'`)).toEqual([
      { email: 'ren\u00e9@example.org' },
    ]);
    const signedIn = await t.gql(LOGIN, {
      input: { email: 'mari\u0301a@example.org', password: 'long enough password' },
    });
    expect(signedIn.errors).toBeUndefined();
  });

  it('keeps only the newest sign-up link for an address, and refuses one whose address was taken meanwhile', async () => {
    const input = { email: 'twice@example.org', password: 'long enough password', displayName: 'Twice' };
    const dir = t.config.mail.fileDir;
    await t.gql(REGISTER, { input });
    const firstToken = registrationToken((await waitForMailFile(dir, input.email)).text);
    await t.gql(REGISTER, { input: { ...input, displayName: 'Twice again' } });
    const secondMail = await waitForMailFile(
      dir,
      input.email,
      10_000,
      (mail) => registrationToken(mail.text) !== firstToken,
    );
    const secondToken = registrationToken(secondMail.text);
    // Two at once (a double click) leave one sign-up, not two live links.
    const both = await Promise.all(
      [1, 2].map(() => t.gql(REGISTER, { input: { ...input, email: 'Both@example.org' } })),
    );
    expect(both).toEqual([{ data: { register: true } }, { data: { register: true } }]);
    const [{ pending }] = await t.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS pending FROM registration WHERE lower(email) = 'both@example.org'`);
    expect(pending).toBe(1);
    const stale = await t.gql(CONFIRM_REGISTRATION, { token: firstToken });
    expect(stale.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    // Someone made an account for the address in between (an administrator, say).
    await t.app.get(AccountsService).createUser({
      email: 'TWICE@example.org',
      password: 'set by an administrator',
      displayName: 'Made by admin',
      preferredLocale: 'en',
      grants: [],
    });
    const taken = await t.gql(CONFIRM_REGISTRATION, { token: secondToken }, { lang: 'ru' });
    expect(taken.errors?.[0].extensions.code).toBe('CONFLICT');
    expect(taken.errors?.[0].message).toBe('Учётная запись с этим адресом электронной почты уже существует.');
  });

  it('says which fields are wrong and why, in Spanish', async () => {
    const result = await t.gql(
      REGISTER,
      { input: { email: 'not-an-email', password: 'short', displayName: 'x'.repeat(101) } },
      { lang: 'es-PE,es;q=0.9' },
    );
    const error = result.errors?.[0];
    expect(error?.extensions.code).toBe('BAD_USER_INPUT');
    expect(error?.extensions.fields).toEqual(
      expect.arrayContaining([
        { path: 'input.email', code: 'isEmail', message: 'debe ser un correo electrónico válido' },
        { path: 'input.password', code: 'minLength', message: 'debe tener al menos 10 caracteres' },
        { path: 'input.displayName', code: 'maxLength', message: 'debe tener como máximo 100 caracteres' },
      ]),
    );
    // A name and a password of spaces only are refused, both in the same answer as the address.
    const blank = await t.gql(
      REGISTER,
      { input: { email: 'bad', password: ' '.repeat(12), displayName: ' \u200b ' } },
      { lang: 'es' },
    );
    expect(
      (blank.errors?.[0].extensions.fields as { path: string; code: string }[]).map((f) => [f.path, f.code]),
    ).toEqual([
      ['input.email', 'isEmail'],
      ['input.password', 'isNotEmpty'],
      ['input.displayName', 'isNotEmpty'],
    ]);
  });

  it('answers wrong types, missing fields and huge strings with BAD_USER_INPUT, never a 500', async () => {
    const wrongType = await t.gql(REGISTER, { input: { email: 42, password: true, displayName: [] } });
    expect(wrongType.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const missing = await t.gql(REGISTER, { input: { email: 'a@b.org' } }, { lang: 'nl' });
    expect(missing.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    // Refused by GraphQL before any resolver, and still told on the field, in the caller's language.
    expect(missing.errors?.map((e) => e.extensions.fields)).toEqual(
      expect.arrayContaining([
        [{ path: 'input.password', code: 'isDefined', message: 'is verplicht' }],
        [{ path: 'input.displayName', code: 'isDefined', message: 'is verplicht' }],
      ]),
    );
    expect(missing.errors?.[0].message).toMatch(/^Verbeter deze velden: input\.\w+: is verplicht$/);
    const huge = await t.gql(REGISTER, {
      input: { email: `${'a'.repeat(100_000)}@example.org`, password: 'x'.repeat(10), displayName: 'Big' },
    });
    expect(huge.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const unknownField = await t.gql(`{ me { id password } }`);
    expect(unknownField.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');

    // A malformed query is the client's mistake: HTTP 400, as docs/api.md says, never a 500.
    for (const [query, code] of [
      ['{ me { id password } }', 'GRAPHQL_VALIDATION_FAILED'],
      ['{ me { id ', 'GRAPHQL_PARSE_FAILED'],
    ]) {
      const response = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': 'ru' },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as { errors: { message: string; extensions: object }[] };
      expect({ status: response.status, extensions: body.errors[0].extensions }).toEqual({
        status: 400,
        extensions: { code },
      });
      expect(body.errors[0].message).toMatch(/^Не удалось разобрать запрос/);
    }
  });

  it('gives a wrong password and an unknown email the same answer', async () => {
    await signUp(t, { email: 'same@example.org', password: 'the right password', displayName: 'Same' });
    const wrong = await t.gql(LOGIN, {
      input: { email: 'same@example.org', password: 'the wrong password' },
    });
    const unknown = await t.gql(LOGIN, {
      input: { email: 'nobody@example.org', password: 'the wrong password' },
    });
    expect(wrong.errors?.[0].extensions).toEqual(unknown.errors?.[0].extensions);
    expect(wrong.errors?.[0].message).toEqual(unknown.errors?.[0].message);
    expect(wrong.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('rate-limits logins per account and says when to retry, with Russian plurals', async () => {
    await signUp(t, { email: 'limited@example.org', password: 'the right password', displayName: 'L' });
    for (let attempt = 0; attempt < 3; attempt++) {
      const result = await t.gql(LOGIN, {
        input: { email: 'limited@example.org', password: 'guess number ' + attempt },
      });
      expect(result.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    const blocked = await t.gql(
      LOGIN,
      { input: { email: 'limited@example.org', password: 'the right password' } },
      { lang: 'ru' },
    );
    expect(blocked.errors?.[0].extensions.code).toBe('RATE_LIMITED');
    expect(blocked.errors?.[0].extensions.retryAfter).toBeGreaterThan(0);
    expect(blocked.errors?.[0].message).toMatch(/Повторите через \d+ секунд/);
    // The same account spelled with other case or spaces shares the budget, also with a letter that
    // PostgreSQL folds to it but JavaScript does not ('İ').
    for (const email of [' limited@example.org', 'LIMITED@example.org  ', 'lİmited@example.org']) {
      const respelled = await t.gql(LOGIN, { input: { email, password: 'the right password' } });
      expect(respelled.errors?.[0].extensions.code).toBe('RATE_LIMITED');
    }
    // Another account from the same address is not affected.
    await signUp(t, { email: 'other@example.org', password: 'the right password', displayName: 'O' });
    const other = await t.gql(LOGIN, {
      input: { email: 'other@example.org', password: 'the right password' },
    });
    expect(other.errors).toBeUndefined();
  });

  it('logs in with the very email an account registered with, whatever letters it holds', async () => {
    // JavaScript lower-cases 'İ' to 'i̇' and a final 'Σ' to 'ς'; PostgreSQL (which keeps emails unique)
    // to 'i' and 'σ'.
    for (const email of ['İlkin@example.org', 'ΟΔΟΣ@example.org']) {
      const input = { email, password: 'the right password', displayName: 'Unicode' };
      const registered = await signUp(t, input);
      const login = await t.gql<{ login: { user: { id: string } } }>(LOGIN, {
        input: { email, password: 'the right password' },
      });
      expect(login.errors).toBeUndefined();
      expect(login.data?.login.user.id).toBe(registered.user.id);
    }
  });

  it('checks every character of a long password, not only its first 72 bytes', async () => {
    // 36 Cyrillic letters are 72 bytes of UTF-8, all that bcrypt itself reads.
    const start = 'ж'.repeat(36);
    await signUp(t, { email: 'passphrase@example.org', password: `${start} тайная фраза`, displayName: 'P' });
    for (const password of [start, `${start} другая фраза`]) {
      const login = await t.gql(LOGIN, { input: { email: 'passphrase@example.org', password } });
      expect(login.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    const right = await t.gql(LOGIN, {
      input: { email: 'passphrase@example.org', password: `${start} тайная фраза` },
    });
    expect(right.errors).toBeUndefined();
  });

  it('still accepts a password stored before passwords were digested, and stores it anew', async () => {
    const registered = await signUp(t, {
      email: 'legacy@example.org',
      password: 'an older password',
      displayName: 'Legacy',
    });
    const id = registered.user.id;
    const sql = `SELECT password_hash AS hash FROM app_user WHERE id = $1`;
    const legacy = await bcrypt.hash('an older password', 4);
    const db = t.app.get(DataSource);
    await db.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [id, legacy]);
    const login = await t.gql(LOGIN, {
      input: { email: 'legacy@example.org', password: 'an older password' },
    });
    expect(login.errors).toBeUndefined();
    const [{ hash }] = await db.query<{ hash: string }[]>(sql, [id]);
    expect(hash).not.toBe(legacy);
    const again = await t.gql(LOGIN, {
      input: { email: 'legacy@example.org', password: 'an older password' },
    });
    expect(again.errors).toBeUndefined();
  });

  it('refuses forged, expired and malformed tokens with UNAUTHENTICATED', async () => {
    const registered = await signUp(t, {
      email: 'tokens@example.org',
      password: 'the right password',
      displayName: 'T',
    });
    const id = registered.user.id;
    const forged = jwt.sign({}, 'some-other-secret-of-sufficient-length!!', { subject: id, issuer: 'ashar' });
    const expired = jwt.sign({ exp: Math.floor(Date.now() / 1000) - 10 }, t.config.jwtSecret, {
      subject: id,
      issuer: 'ashar',
    });
    const none = jwt.sign({}, '', { subject: id, issuer: 'ashar', algorithm: 'none' });
    for (const token of [forged, expired, none, 'garbage']) {
      const result = await t.gql(ME, {}, { token, lang: 'es' });
      expect(result.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(result.errors?.[0].message).toBe(
        'Su sesión no es válida o ha caducado. Vuelva a iniciar sesión.',
      );
    }
  });

  describe('password changes and signing out everywhere', () => {
    const CHANGE = `mutation ($input: ChangePasswordInput!) { changePassword(input: $input) { accessToken user { id email } } }`;
    const SIGN_OUT = `mutation { signOutEverywhere }`;

    async function account(email: string, password = 'the first password') {
      return signUp(t, { email, password, displayName: email });
    }
    const login = async (email: string, password: string) =>
      t.gql<{ login: { accessToken: string } }>(LOGIN, { input: { email, password } });
    const expectRevoked = async (token: string) => {
      const result = await t.gql(ME, {}, { token, lang: 'nl' });
      expect(result.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(result.errors?.[0].message).toBe('Uw sessie is ongeldig of verlopen. Log opnieuw in.');
    };

    it('changes the password, answers with a working token and revokes every other one', async () => {
      const first = await account('changer@example.org');
      const second = (await login('changer@example.org', 'the first password')).data!.login.accessToken;
      const changed = await t.gql<{ changePassword: { accessToken: string; user: { id: string } } }>(
        CHANGE,
        { input: { currentPassword: 'the first password', newPassword: 'the second password' } },
        { token: first.accessToken },
      );
      expect(changed.errors).toBeUndefined();
      expect(changed.data?.changePassword.user.id).toBe(first.user.id);
      const fresh = changed.data!.changePassword.accessToken;

      const me = await t.gql<{ me: { id: string } }>(ME, {}, { token: fresh });
      expect(me.data?.me.id).toBe(first.user.id);
      await expectRevoked(first.accessToken);
      await expectRevoked(second);
      expect((await login('changer@example.org', 'the first password')).errors?.[0].extensions.code).toBe(
        'UNAUTHENTICATED',
      );
      expect((await login('changer@example.org', 'the second password')).errors).toBeUndefined();
    });

    it('refuses a wrong current password on its field, in the caller language, and keeps the old one', async () => {
      const { accessToken } = await account('forgetful@example.org');
      const wrong = await t.gql(
        CHANGE,
        { input: { currentPassword: 'not the password', newPassword: 'the second password' } },
        { token: accessToken, lang: 'ru' },
      );
      expect(wrong.errors?.[0].extensions).toMatchObject({
        code: 'UNAUTHENTICATED',
        fields: [{ path: 'input.currentPassword', code: 'wrongPassword', message: 'указан неверно' }],
      });
      expect(wrong.errors?.[0].message).toBe('Текущий пароль указан неверно.');
      // Nothing changed: the token still works and the old password still signs in.
      expect((await t.gql(ME, {}, { token: accessToken })).errors).toBeUndefined();
      expect((await login('forgetful@example.org', 'the first password')).errors).toBeUndefined();
    });

    it('checks a new password with the rules and messages of registration', async () => {
      const { accessToken } = await account('rules@example.org');
      const short = await t.gql(
        CHANGE,
        { input: { currentPassword: 'the first password', newPassword: 'short' } },
        { token: accessToken, lang: 'es' },
      );
      expect(short.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [
          { path: 'input.newPassword', code: 'minLength', message: 'debe tener al menos 10 caracteres' },
        ],
      });
      const long = await t.gql(
        CHANGE,
        { input: { currentPassword: 'the first password', newPassword: 'x'.repeat(201) } },
        { token: accessToken, lang: 'es' },
      );
      expect(long.errors?.[0].extensions.fields).toEqual([
        { path: 'input.newPassword', code: 'maxLength', message: 'debe tener como máximo 200 caracteres' },
      ]);
      const guest = await t.gql(CHANGE, {
        input: { currentPassword: 'the first password', newPassword: 'the second password' },
      });
      expect(guest.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('counts wrong current passwords against the account’s login budget', async () => {
      const { accessToken } = await account('guessed@example.org');
      for (let attempt = 0; attempt < 3; attempt++) {
        const guess = await t.gql(
          CHANGE,
          { input: { currentPassword: `guess ${attempt}`, newPassword: 'the second password' } },
          { token: accessToken },
        );
        expect(guess.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      }
      const right = await t.gql(
        CHANGE,
        { input: { currentPassword: 'the first password', newPassword: 'the second password' } },
        { token: accessToken },
      );
      expect(right.errors?.[0].extensions.code).toBe('RATE_LIMITED');
      const signIn = await login('GUESSED@example.org', 'the first password');
      expect(signIn.errors?.[0].extensions.code).toBe('RATE_LIMITED');
    });

    it('signs out everywhere: every token of the person stops working, this one included', async () => {
      const first = await account('everywhere@example.org');
      const second = (await login('everywhere@example.org', 'the first password')).data!.login.accessToken;
      const other = await account('bystander@example.org');
      const out = await t.gql(SIGN_OUT, {}, { token: second });
      expect(out).toEqual({ data: { signOutEverywhere: true } });
      await expectRevoked(first.accessToken);
      await expectRevoked(second);
      expect((await t.gql(ME, {}, { token: other.accessToken })).errors).toBeUndefined();
      const again = (await login('everywhere@example.org', 'the first password')).data!.login.accessToken;
      expect((await t.gql(ME, {}, { token: again })).errors).toBeUndefined();
      expect((await t.gql(SIGN_OUT)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('reads a token issued before token versions as version 0, until the first revocation', async () => {
      const { user } = await account('veteran@example.org');
      const unversioned = jwt.sign({}, t.config.jwtSecret, {
        subject: user.id,
        issuer: 'ashar',
        expiresIn: 60,
      });
      expect((await t.gql(ME, {}, { token: unversioned })).errors).toBeUndefined();
      const fresh = (await login('veteran@example.org', 'the first password')).data!.login.accessToken;
      await t.gql(SIGN_OUT, {}, { token: fresh });
      await expectRevoked(unversioned);
    });
  });

  describe('roles', () => {
    let adminToken: string;
    let steeringToken: string;
    let memberId: string;
    let memberToken: string;

    beforeAll(async () => {
      const accounts = t.app.get(AccountsService);
      const make = async (email: string, role: Role) => {
        await accounts.createUser({
          email,
          password: 'role password 123',
          displayName: email,
          preferredLocale: 'en',
          grants: [{ role, countryCode: null }],
        });
        const login = await t.gql<{ login: { accessToken: string; user: { id: string } } }>(LOGIN, {
          input: { email, password: 'role password 123' },
        });
        return login.data!.login;
      };
      adminToken = (await make('root@example.org', Role.ADMIN)).accessToken;
      steeringToken = (await make('steer@example.org', Role.STEERING_GROUP)).accessToken;
      const member = await make('plain@example.org', Role.MEMBER);
      memberId = member.user.id;
      memberToken = member.accessToken;
    });

    const GRANT = `mutation ($input: RoleGrantInput!) { grantRole(input: $input) { roles grants { role countryCode } } }`;

    it('looks a person up by id for an admin, and refuses an id that cannot exist', async () => {
      const USER = `query ($id: ID!) { user(id: $id) { id displayName } }`;
      const found = await t.gql<{ user: { id: string } }>(USER, { id: memberId }, { token: adminToken });
      expect(found.data?.user.id).toBe(memberId);
      const bad = await t.gql(USER, { id: 'not-a-uuid' }, { token: adminToken });
      expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      const missing = await t.gql(
        USER,
        { id: '00000000-0000-4000-8000-000000000000' },
        { token: adminToken },
      );
      expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
    });

    it('finds people by part of their address or name for those who grant roles, and for nobody else', async () => {
      const PEOPLE = `query ($search: String!, $first: Int) { people(search: $search, first: $first) { email roles } }`;
      const people = async (search: string, token = adminToken, first?: number) =>
        (await t.gql<{ people: { email: string }[] }>(PEOPLE, { search, first }, { token })).data?.people.map(
          (person) => person.email,
        );
      const accounts = t.app.get(AccountsService);
      for (const [email, displayName] of [
        ['b.zarina@roles.example', 'Zarina Roles'],
        ['yusuf@roles.example', 'Yusuf Roles'],
        ['a.yusuf@roles.example.net', 'Another Yusuf'],
      ])
        await accounts.createUser({
          email,
          password: 'role password 123',
          displayName,
          preferredLocale: 'en',
          grants: [{ role: Role.MEMBER, countryCode: null }],
        });
      // By name, any case, spaces around ignored; the account using exactly the address comes first.
      expect(await people(' @ROLES.example', steeringToken)).toEqual([
        'a.yusuf@roles.example.net',
        'yusuf@roles.example',
        'b.zarina@roles.example',
      ]);
      expect(await people('YUSUF@roles.example')).toEqual([
        'yusuf@roles.example',
        'a.yusuf@roles.example.net',
      ]);
      expect(await people('zarina roles')).toEqual(['b.zarina@roles.example']);
      expect(await people('roles.example', adminToken, 1)).toEqual(['a.yusuf@roles.example.net']);
      expect(await people('%')).toEqual([]);
      expect(await people("' OR 1=1 --")).toEqual([]);
      expect(await people('   ')).toEqual([]);

      const byMember = await t.gql(PEOPLE, { search: 'example' }, { token: memberToken });
      expect(byMember.errors?.[0].extensions.code).toBe('FORBIDDEN');
      const byGuest = await t.gql(PEOPLE, { search: 'example' });
      expect(byGuest.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      const tooMany = await t.gql(PEOPLE, { search: 'example', first: 51 }, { token: adminToken });
      expect(tooMany.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      const empty = await t.gql(PEOPLE, { search: '' }, { token: adminToken });
      expect(empty.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      const nul = await t.gql(PEOPLE, { search: 'a\u0000b' }, { token: adminToken });
      expect(nul.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      const long = await t.gql(PEOPLE, { search: 'x'.repeat(255) }, { token: adminToken });
      expect(long.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('lets the steering group make a national coordinator for a country', async () => {
      const result = await t.gql<{ grantRole: { grants: { role: string; countryCode: string | null }[] } }>(
        GRANT,
        { input: { userId: memberId, role: 'NATIONAL_COORDINATOR', countryCode: 'KG' } },
        { token: steeringToken },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.grantRole.grants).toContainEqual({
        role: 'NATIONAL_COORDINATOR',
        countryCode: 'KG',
      });
      // The person hears of it, the country named in their language.
      const mail = await waitForMailFile(
        t.config.mail.fileDir,
        'plain@example.org',
        10_000,
        (sent) => !!sent.subject?.includes('role'),
      );
      expect(mail.subject).toBe('Your new role on Ashar: National coordinator (Kyrgyzstan)');
      expect(mail.text).toContain('steer@example.org gave you the role National coordinator (Kyrgyzstan)');
      // Granted again: nothing changes, and nobody is told twice.
      const again = await t.gql(
        GRANT,
        { input: { userId: memberId, role: 'NATIONAL_COORDINATOR', countryCode: 'KG' } },
        { token: steeringToken },
      );
      expect(again.errors).toBeUndefined();
      await t.app.get(MailQueue).drain();
      const told = (await readMailFiles(t.config.mail.fileDir)).filter(
        (sent) => recipientsOf(sent).includes('plain@example.org') && !!sent.subject?.includes('role'),
      );
      expect(told).toHaveLength(1);
    });

    it('refuses a coordinator role without a country, and an unknown country', async () => {
      const noCountry = await t.gql(
        GRANT,
        { input: { userId: memberId, role: 'NATIONAL_COORDINATOR' } },
        { token: adminToken },
      );
      expect(noCountry.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      const unknown = await t.gql(
        GRANT,
        { input: { userId: memberId, role: 'NATIONAL_COORDINATOR', countryCode: 'XX' } },
        { token: adminToken },
      );
      expect(unknown.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('lets only an admin grant ADMIN, and no member grant anything', async () => {
      const bySteering = await t.gql(
        GRANT,
        { input: { userId: memberId, role: 'ADMIN' } },
        { token: steeringToken },
      );
      expect(bySteering.errors?.[0].extensions.code).toBe('FORBIDDEN');
      const byMember = await t.gql(
        GRANT,
        { input: { userId: memberId, role: 'FACILITATOR' } },
        { token: memberToken },
      );
      expect(byMember.errors?.[0].extensions.code).toBe('FORBIDDEN');
      const byGuest = await t.gql(GRANT, { input: { userId: memberId, role: 'FACILITATOR' } });
      expect(byGuest.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      const unknownUser = await t.gql(
        GRANT,
        { input: { userId: '00000000-0000-4000-8000-000000000000', role: 'FACILITATOR' } },
        { token: adminToken },
      );
      expect(unknownUser.errors?.[0].extensions.code).toBe('NOT_FOUND');
    });

    it('never takes ADMIN from the last admin, but lets an admin step down while another remains', async () => {
      const REVOKE = `mutation ($input: RoleGrantInput!) { revokeRole(input: $input) { id roles } }`;
      const me = async (token: string) =>
        (await t.gql<{ me: { id: string } }>(ME, {}, { token })).data!.me.id;
      const rootId = await me(adminToken);
      const alone = await t.gql(
        REVOKE,
        { input: { userId: rootId, role: 'ADMIN' } },
        { token: adminToken, lang: 'es' },
      );
      expect(alone.errors?.[0].extensions.code).toBe('CONFLICT');
      expect(alone.errors?.[0].message).toBe(
        'El último administrador no puede perder el rol ADMIN. Primero nombre administrador a otra persona.',
      );

      const granted = await t.gql(
        GRANT,
        { input: { userId: memberId, role: 'ADMIN' } },
        { token: adminToken },
      );
      expect(granted.errors).toBeUndefined();
      const steppedDown = await t.gql<{ revokeRole: { roles: string[] } }>(
        REVOKE,
        { input: { userId: rootId, role: 'ADMIN' } },
        { token: adminToken },
      );
      expect(steppedDown.errors).toBeUndefined();
      expect(steppedDown.data?.revokeRole.roles).not.toContain('ADMIN');
      // Nobody is left without a role, and the member role itself stays.
      expect(steppedDown.data?.revokeRole.roles).toContain('MEMBER');
      const memberRole = await t.gql(
        REVOKE,
        { input: { userId: rootId, role: 'MEMBER' } },
        { token: memberToken, lang: 'nl' },
      );
      expect(memberRole.errors?.[0]).toMatchObject({
        message: 'Elk account houdt de rol van lid: dat is wat iedereen die is ingelogd toch al mag.',
        extensions: { code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ path: 'input.role' })] },
      });
      const nobody = await t.gql(
        REVOKE,
        { input: { userId: '00000000-0000-4000-8000-000000000000', role: 'FACILITATOR' } },
        { token: memberToken },
      );
      expect(nobody.errors?.[0].extensions.code).toBe('NOT_FOUND');

      // The member is now the only admin, and cannot step down either.
      const last = await t.gql(
        REVOKE,
        { input: { userId: memberId, role: 'ADMIN' } },
        { token: memberToken },
      );
      expect(last.errors?.[0].extensions.code).toBe('CONFLICT');
      const stillAdmin = await t.gql<{ me: { roles: string[] } }>(ME, {}, { token: memberToken });
      expect(stillAdmin.data?.me.roles).toContain('ADMIN');
    });
  });
});

describe('registration limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp([AccountsModule], {
      loginRateLimit: { perAccount: 10, perAddress: 1000, windowSeconds: 60 },
      registerLimit: { perEmail: 2, perAddress: 3 },
    });
  });
  afterAll(() => t.close());

  it('rate-limits sign-ups per client address and per e-mail address, and says when to retry', async () => {
    const register = (email: string, lang?: string) =>
      t.gql(REGISTER, { input: { email, password: 'long enough password', displayName: 'R' } }, { lang });
    expect(await register('first@example.org')).toEqual({ data: { register: true } });
    expect(await register('FIRST@example.org')).toEqual({ data: { register: true } });
    // Two mails to one address in the window; a refusal costs no budget.
    expect((await register('first@example.org')).errors?.[0].extensions.code).toBe('RATE_LIMITED');
    expect(await register('second@example.org')).toEqual({ data: { register: true } });
    // Three sign-ups from one client address.
    const refused = await register('third@example.org', 'nl');
    expect(refused.errors?.[0].extensions.code).toBe('RATE_LIMITED');
    expect(refused.errors?.[0].extensions.retryAfter).toBeGreaterThan(0);
    expect(refused.errors?.[0].message).toMatch(/^Te veel pogingen/);
    // Nothing was kept for the refused one.
    const [{ pending }] = await t.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS pending FROM registration WHERE email = 'third@example.org'`);
    expect(pending).toBe(0);
  });
});

describe('login limits per client address', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp([AccountsModule], {
      loginRateLimit: { perAccount: 100, perAddress: 3, windowSeconds: 60 },
    });
    for (const name of ['one', 'two'])
      await t.app.get(AccountsService).createUser({
        email: `${name}@example.org`,
        password: 'the right password',
        displayName: name,
        preferredLocale: 'en',
        grants: [{ role: Role.MEMBER, countryCode: null }],
      });
  });
  afterAll(() => t.close());

  it('lets people behind one address sign in, and refuses it after three wrong passwords, whichever account', async () => {
    const login = (email: string, password: string, lang?: string) =>
      t.gql(LOGIN, { input: { email, password } }, { lang });
    // A room of people signing in through one Wi-Fi: the right password spends nothing of its budget.
    for (let i = 0; i < 6; i++)
      expect(
        (await login(i % 2 ? 'one@example.org' : 'two@example.org', 'the right password')).errors,
      ).toBeUndefined();
    for (const email of ['two@example.org', 'one@example.org', 'two@example.org'])
      expect((await login(email, 'a wrong password')).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const refused = await login('one@example.org', 'the right password', 'ru');
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refused.errors?.[0].extensions.retryAfter).toBeGreaterThan(0);
    expect(refused.errors?.[0].message).toMatch(/^Слишком много попыток/);
  });
});

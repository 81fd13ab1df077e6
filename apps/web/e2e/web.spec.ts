import { readFileSync } from 'node:fs';
import { t } from '@ashar/i18n';
import { linkToken, waitForMailFile } from '@ashar/mail/testing';
import type { ParsedMail } from 'mailparser';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  DESKTOP,
  PHONE,
  buildPlatform,
  findChromium,
  launchChromium,
  screenshots,
  seriousA11yViolations,
  startServer,
  type RunningServer,
} from './browser-harness';

const executablePath = findChromium();
if (!executablePath) {
  console.warn(
    'SKIPPED the browser tests of the web client: no Chromium found. Install Debian\'s "chromium" package ' +
      '(.ci/run does) or set CHROMIUM_PATH to a Chromium or Chrome executable.',
  );
}
const inBrowser = executablePath ? describe : describe.skip;

jest.setTimeout(180_000);

inBrowser('the web client in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await buildPlatform();
    server = await startServer();
    browser = await launchChromium(executablePath as string);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    expect(pageErrors.splice(0)).toEqual([]);
  });

  async function open(path: string, locale = 'en-GB', viewport = PHONE): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url, locale, viewport });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    await page.goto(path);
    await settled(page);
    return page;
  }

  /** The page has its heading and nothing is loading any more. */
  async function settled(page: Page): Promise<void> {
    await page.locator('main h1').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('main .loading'));
  }

  async function gql<T>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'accept-language': 'ru',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }

  /** Whether a mail holds a sign-up link. */
  const isSignUpMail = (mail: ParsedMail) => !!linkToken(mail.text, 'confirm-registration');

  /** Signs up through the API and the link in the e-mail the server wrote; the new account's token. */
  async function signUpByMail(input: {
    email: string;
    password: string;
    displayName: string;
    preferredLocale: string;
  }): Promise<string> {
    await gql(`mutation ($input: RegisterInput!) { register(input: $input) }`, { input });
    const mail = await waitForMailFile(server.mailDir, input.email, 10_000, isSignUpMail);
    const { confirmRegistration } = await gql<{ confirmRegistration: { accessToken: string } }>(
      `mutation ($token: String!) { confirmRegistration(token: $token) { accessToken } }`,
      { token: linkToken(mail.text, 'confirm-registration') },
    );
    return confirmRegistration.accessToken;
  }

  async function tokenOf(email: string, password = 'ashar-demo-2026'): Promise<string> {
    const { login } = await gql<{ login: { accessToken: string } }>(
      `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`,
      { input: { email, password } },
    );
    return login.accessToken;
  }

  /** The demo network's Kyrgyz country room, as `token`'s holder finds it. */
  /** A one-hour workshop in Kyrgyzstan from `start` (ms), in English unless `input` says otherwise. */
  async function scheduleWorkshop(
    token: string,
    start: number,
    input: Record<string, unknown>,
  ): Promise<{ id: string }> {
    const { createEvent } = await gql<{ createEvent: { id: string } }>(
      `mutation($input: EventInput!) { createEvent(input: $input) { id } }`,
      {
        input: {
          kind: 'WORKSHOP',
          originalLocale: 'en',
          countryCodes: ['KG'],
          startsAt: new Date(start).toISOString(),
          endsAt: new Date(start + 3600_000).toISOString(),
          timeZone: 'Asia/Bishkek',
          ...input,
        },
      },
      token,
    );
    return createEvent;
  }

  async function kgRoomId(token: string): Promise<string> {
    const { rooms } = await gql<{ rooms: { edges: { node: { id: string } }[] } }>(
      `{ rooms(first: 5, filter: { scope: COUNTRY, countryCode: "KG" }) { edges { node { id } } } }`,
      {},
      token,
    );
    return rooms.edges[0].node.id;
  }

  /** A page in a fresh browser context where an account (a demo one unless told) is already signed in. */
  async function openAs(
    email: string,
    path: string,
    locale = 'ru-RU',
    viewport = PHONE,
    password?: string,
  ): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url, locale, viewport });
    contexts.push(context);
    const token = await tokenOf(email, password);
    await context.addInitScript((stored) => localStorage.setItem('ashar.token', stored), token);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    await page.goto(path);
    await settled(page);
    return page;
  }

  /** The text the page shows next to a form field, found the way a screen reader finds it. */
  function fieldError(page: Page, name: string): Promise<string | null> {
    return page.evaluate((field) => {
      const input = document.querySelector(`[name="${field}"]`);
      const ids = input?.getAttribute('aria-describedby')?.split(' ') ?? [];
      const error = ids
        .map((id) => document.getElementById(id))
        .find((el) => el?.className === 'field-error');
      return input?.getAttribute('aria-invalid') === 'true' ? (error?.textContent ?? null) : null;
    }, name);
  }

  /** axe-core at phone and desktop width (no serious or critical violations), then the screenshots. */
  async function checkPage(page: Page, name: string): Promise<void> {
    const original = page.viewportSize() ?? PHONE;
    const found: Record<string, unknown> = {};
    for (const viewport of [PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      const violations = await seriousA11yViolations(page);
      if (violations.length) found[`${name} at ${viewport.width}px`] = violations;
    }
    await page.setViewportSize(original);
    expect(found).toEqual({});
    await screenshots(page, name);
  }

  const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);

  it("opens in the browser's language, lets a link's ?lang= win, and remembers the switch", async () => {
    const page = await open('/', 'nl-NL');
    expect(await htmlLang(page)).toBe('nl');
    await page
      .getByRole('heading', { level: 1, name: 'Leer van gemeenschappen die het al eerder deden' })
      .waitFor();
    expect(new URL(page.url()).searchParams.get('lang')).toBe('nl');

    await page.goto('/directory?lang=ru');
    await settled(page);
    expect(await htmlLang(page)).toBe('ru');
    await page.getByRole('heading', { level: 1, name: 'Справочник' }).waitFor();

    await page.getByLabel('Язык').selectOption('es');
    await page.getByRole('heading', { level: 1, name: 'Directorio' }).waitFor();
    expect(await htmlLang(page)).toBe('es');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('es');

    await page.goto('/');
    await settled(page);
    expect(await htmlLang(page)).toBe('es');
    await page.getByRole('link', { name: 'Iniciar sesión' }).waitFor();
  });

  it('shows each registration error in Spanish next to its field, then registers and keeps a preferred language', async () => {
    const page = await open('/register', 'es-PE');
    // The account's language follows the page's until one is picked.
    expect(await page.getByLabel('Idioma preferido').inputValue()).toBe('es');
    await page.getByLabel('Idioma', { exact: true }).selectOption('nl');
    expect(await page.getByLabel('Voorkeurstaal').inputValue()).toBe('nl');
    await page.getByLabel('Taal', { exact: true }).selectOption('es');
    expect(await page.getByLabel('Idioma preferido').inputValue()).toBe('es');
    await page.getByLabel('Su nombre').fill('Ana Quispe');
    await page.getByLabel('Correo electrónico').fill('not-an-email');
    await page.getByLabel('Contraseña').fill('short');
    await page.getByRole('button', { name: 'Crear cuenta' }).click();
    await page.locator('.field-error').first().waitFor();
    expect(await fieldError(page, 'email')).toBe(t('es', 'validation:isEmail'));
    expect(await fieldError(page, 'password')).toBe(t('es', 'validation:minLength', { count: 10 }));
    expect(await fieldError(page, 'displayName')).toBeNull();

    const email = `ana.${Date.now()}@example.org`;
    await page.getByLabel('Correo electrónico').fill(email);
    await page.getByLabel('Contraseña').fill('a long enough password');
    await page.getByRole('button', { name: 'Crear cuenta' }).click();
    // No account yet: a link went to the address.
    await page
      .getByRole('status')
      .filter({ hasText: t('es', 'web:auth.registerSent', { email }) })
      .waitFor();
    // The form is gone: the keyboard focus is on what replaced it, not left on the page.
    await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'status');
    await checkPage(page, 'register-sent');
    const mail = await waitForMailFile(server.mailDir, email, 10_000, isSignUpMail);
    expect(mail.subject).toBe('Termine de registrarse en Ashar');
    const link = new RegExp(`${server.url}/confirm-registration\\?lang=es#token=[\\w-]+`).exec(
      mail.text ?? '',
    )?.[0];
    expect(link).toBeDefined();
    await page.goto(link as string);
    await page.getByRole('heading', { level: 1, name: t('es', 'web:auth.confirmTitle') }).waitFor();
    await checkPage(page, 'confirm-registration');
    await page.getByRole('button', { name: t('es', 'web:auth.confirmSubmit') }).click();
    await page.getByRole('heading', { level: 1, name: 'Su perfil' }).waitFor();
    await page.getByText(`Sesión iniciada como ${email}.`).waitFor();
    // The link opened again, signed in: it says the account is ready, not to sign up again.
    await page.goto(link as string);
    await page.getByRole('button', { name: t('es', 'web:auth.confirmSubmit') }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Ha iniciado sesión como / })
      .waitFor();
    expect(await page.getByRole('link', { name: t('es', 'web:auth.signUpAgain') }).count()).toBe(0);
    await page.getByRole('link', { name: 'Perfil' }).last().click();
    await page.getByRole('heading', { level: 1, name: 'Su perfil' }).waitFor();

    await page.getByLabel('Idioma preferido').selectOption('nl');
    await page.getByRole('button', { name: 'Guardar cambios' }).click();
    await page.getByRole('status').filter({ hasText: 'Uw profiel is opgeslagen.' }).waitFor();
    expect(await htmlLang(page)).toBe('nl');
    await checkPage(page, 'profile');

    await page.reload();
    await settled(page);
    expect(await page.getByLabel('Voorkeurstaal').inputValue()).toBe('nl');

    // The same address again: the same answer as for any address (nobody learns who has an account);
    // its owner gets a note in Dutch, their language now, instead of a link.
    await page.getByRole('button', { name: 'Uitloggen', exact: true }).click();
    await page.getByRole('link', { name: 'Registreren' }).click();
    await settled(page);
    await page.getByLabel('Uw naam').fill('Ana again');
    await page.getByLabel('E-mailadres').fill(email);
    await page.getByLabel('Wachtwoord').fill('a long enough password');
    await page.getByRole('button', { name: 'Account aanmaken' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: t('nl', 'web:auth.registerSent', { email }) })
      .waitFor();
    const notice = await waitForMailFile(server.mailDir, email, 10_000, (sent) => !isSignUpMail(sent));
    expect(notice.subject).toBe('U hebt al een Ashar-account');

    // The link works once: opened again, it says so and offers to sign up again.
    const again = await open(link as string, 'es-PE');
    await again.getByRole('button', { name: t('es', 'web:auth.confirmSubmit') }).click();
    await again
      .getByRole('alert')
      .filter({ hasText: t('es', 'errors:invalidRegistrationToken') })
      .waitFor();
    await again.getByRole('link', { name: t('es', 'web:auth.signUpAgain') }).waitFor();
    // Only the way on is left: no button that would be refused again.
    expect(await again.getByRole('button', { name: t('es', 'web:auth.confirmSubmit') }).count()).toBe(0);
  });

  it('signs a demo member in, and says in Russian when the password is wrong', async () => {
    const page = await open('/sign-in?lang=ru', 'en-GB');
    await page.getByLabel('Адрес электронной почты').fill('member@example.org');
    await page.getByLabel('Пароль').fill('not the password');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: t('ru', 'errors:invalidCredentials') })
      .waitFor();

    await page.getByLabel('Пароль').fill('ashar-demo-2026');
    await page.getByRole('button', { name: 'Войти' }).click();
    // Signed in, the page leaves the form (for the home page here) before the profile is opened.
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await settled(page);
    await page.getByRole('link', { name: 'Профиль' }).click();
    await page.getByText('Вы вошли как member@example.org.').waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Участник' }).first().waitFor();
  });

  it('stays signed in when the first check of the session gets no answer, and checks again', async () => {
    const context = await browser.newContext({ baseURL: server.url, locale: 'en-GB', viewport: PHONE });
    contexts.push(context);
    await context.addInitScript(
      (token) => localStorage.setItem('ashar.token', token),
      await tokenOf('member@example.org'),
    );
    // The network drops the first `me` request (a page left mid-request ends it the same way).
    let dropped = 0;
    await context.route('**/graphql', (route) =>
      route.request().postData()?.includes('query Me') && dropped++ === 0
        ? route.abort('internetdisconnected')
        : route.continue(),
    );
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    await page.goto('/?lang=en');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(dropped).toBe(2);
    expect(await page.evaluate(() => localStorage.getItem('ashar.token'))).toBeTruthy();
  });

  it('resets a forgotten password through the e-mailed link, which opens in the owner’s language and works once', async () => {
    const email = `forgetful.${Date.now()}@example.org`;
    await signUpByMail({
      email,
      password: 'the password I forgot',
      displayName: 'Гульнара',
      preferredLocale: 'ru',
    });

    const page = await open('/sign-in', 'en-GB');
    // The address already typed comes along, and not through the address bar.
    await page.getByLabel('Email address').fill(` ${email}`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reset your password' }).waitFor();
    expect(await page.getByLabel('Email address').inputValue()).toBe(email);
    expect(page.url()).not.toContain('forgetful');
    await page.getByLabel('Email address').fill('not-an-email');
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await page.locator('.field-error').first().waitFor();
    expect(await fieldError(page, 'email')).toBe(t('en', 'validation:isEmail'));
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Send me a link' }).click();
    const sent = page.getByRole('status').filter({ hasText: t('en', 'web:auth.forgotSent', { email }) });
    await sent.waitFor();
    // The keyboard focus is on the answer, so that a screen reader reads it.
    expect(await sent.evaluate((element) => element === document.activeElement)).toBe(true);
    await checkPage(page, 'forgot-password');

    // The server has no SMTP server here: the mail is in its mail folder, written in Russian.
    const mail = await waitForMailFile(server.mailDir, email, 10_000, (sent) => !isSignUpMail(sent));
    expect(mail.subject).toBe('Выберите новый пароль для Ашара');
    const link = new RegExp(`${server.url}/reset-password\\?lang=ru#token=[\\w-]+`).exec(
      mail.text ?? '',
    )?.[0];
    expect(link).toBeDefined();

    const reset = await open(link as string, 'en-GB');
    expect(await htmlLang(reset)).toBe('ru');
    await reset.getByRole('heading', { level: 1, name: 'Выберите новый пароль' }).waitFor();
    await checkPage(reset, 'reset-password');
    await reset.getByLabel('Новый пароль', { exact: true }).fill('short');
    await reset.getByLabel('Новый пароль ещё раз').fill('shorter');
    await reset.getByRole('button', { name: 'Сохранить новый пароль' }).click();
    await reset.locator('.field-error').first().waitFor();
    expect(await fieldError(reset, 'confirmPassword')).toBe(t('ru', 'web:profile.passwordMismatch'));
    await reset.getByLabel('Новый пароль ещё раз').fill('short');
    await reset.getByRole('button', { name: 'Сохранить новый пароль' }).click();
    await reset.locator('[name="newPassword"][aria-invalid="true"]').waitFor();
    expect(await fieldError(reset, 'newPassword')).toBe(t('ru', 'validation:minLength', { count: 10 }));
    await reset.getByLabel('Новый пароль', { exact: true }).fill('the password I chose');
    await reset.getByLabel('Новый пароль ещё раз').fill('the password I chose');
    await reset.getByRole('button', { name: 'Сохранить новый пароль' }).click();
    await reset
      .getByRole('status')
      .filter({ hasText: t('ru', 'web:auth.resetDone') })
      .waitFor();
    await reset.waitForFunction(() => document.activeElement?.getAttribute('role') === 'status');
    // Signed in: the profile shows who.
    await reset.getByRole('link', { name: 'Перейти в профиль' }).click();
    await reset.getByText(`Вы вошли как ${email}.`).waitFor();

    const signIn = (password: string) =>
      fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `mutation ($input: LoginInput!) { login(input: $input) { accessToken } }`,
          variables: { input: { email, password } },
        }),
      }).then((response) => response.json() as Promise<{ errors?: unknown[] }>);
    expect((await signIn('the password I forgot')).errors).toBeDefined();
    expect((await signIn('the password I chose')).errors).toBeUndefined();

    // The link works once: opened again, it says so and offers a new one.
    const again = await open(link as string, 'en-GB');
    await again.getByLabel('Новый пароль', { exact: true }).fill('one more password');
    await again.getByLabel('Новый пароль ещё раз').fill('one more password');
    await again.getByRole('button', { name: 'Сохранить новый пароль' }).click();
    await again
      .getByRole('alert')
      .filter({ hasText: t('ru', 'errors:invalidResetToken') })
      .waitFor();
    expect(await again.getByRole('button', { name: 'Сохранить новый пароль' }).count()).toBe(0);
    await again.getByRole('link', { name: 'Запросить новую ссылку' }).click();
    await again.getByRole('heading', { level: 1, name: 'Сброс пароля' }).waitFor();
  });

  it('lists the national networks, filters organisations by country and type, and names the language shown', async () => {
    const page = await open('/directory?lang=ru', 'ru-RU', DESKTOP);
    await page.getByRole('heading', { level: 3, name: 'Киргизия' }).waitFor();

    await page.getByLabel('Страна').selectOption('KG');
    await page.getByRole('link', { name: 'Ak-Suu Village Water Committee (demo)' }).waitFor();
    await page.getByLabel('Тип организации').selectOption('NGO');
    // As many as the directory holds: the demo's own and the NGOs its import placed in Kyrgyzstan.
    const { organisations } = await gql<{ organisations: { totalCount: number } }>(
      `{ organisations(filter: { countryCodes: ["KG"], kinds: [NGO] }) { totalCount } }`,
    );
    expect(organisations.totalCount).toBeGreaterThan(1);
    const found = t('ru', 'web:directory.found', { count: organisations.totalCount });
    await page.getByRole('status').filter({ hasText: found }).waitFor();
    await page.getByRole('link', { name: 'Counterpart Sheriktesh' }).click();
    await settled(page);
    await page.getByText('Показано на английском языке: на русском этого пока нет.').waitFor();
    await page.getByText('television', { exact: false }).waitFor();
    // The case studies it took part in, in the reader's language.
    await page
      .getByRole('region', { name: 'Описания проектов' })
      .getByRole('link', { name: /^Сеть расширения прав и возможностей сообществ \(CEN\)/ })
      .waitFor();

    // The filters live in the address: Back brings the filtered list again, and a name typed joins them.
    await page.goBack();
    await page.getByRole('status').filter({ hasText: found }).waitFor();
    // The country list comes with the networks, which may arrive after the organisations.
    await page.getByRole('heading', { level: 3, name: 'Киргизия' }).waitFor();
    expect(await page.getByLabel('Страна').inputValue()).toBe('KG');
    await page.getByLabel('Название содержит').fill('Sheriktesh');
    await page.waitForURL((url) => url.searchParams.get('q') === 'Sheriktesh');
    expect(new URL(page.url()).searchParams.get('kind')).toBe('NGO');
    // Each filter chosen is a step Back undoes, as on the search page.
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('country') === 'KG' && !url.searchParams.has('kind'));
    expect(await page.getByLabel('Тип организации').inputValue()).toBe('');
  });

  it('a coordinator adds a newly signed-up person to an organisation by e-mail, then removes them', async () => {
    await signUpByMail({
      email: 'Aigul.New@example.org',
      password: 'a new member password',
      displayName: 'Aigul Newmember',
      preferredLocale: 'ru',
    });
    const { organisations } = await gql<{ organisations: { edges: { node: { id: string } }[] } }>(
      `{ organisations(filter: { search: "Ak-Suu Village Water" }) { edges { node { id } } } }`,
    );
    const path = `/organisations/${organisations.edges[0].node.id}`;

    // A member sees who belongs, and nothing to change it with.
    const member = await openAs('member@example.org', path);
    await member.getByRole('heading', { level: 2, name: 'Участники' }).waitFor();
    await member.getByRole('listitem').filter({ hasText: 'Marat Member' }).waitFor();
    expect(await member.getByRole('button', { name: 'Добавить' }).count()).toBe(0);
    expect(await member.getByRole('button', { name: 'Удалить: Marat Member' }).count()).toBe(0);

    const page = await openAs('coordinator.kg@example.org', path);
    const email = page.getByLabel('Адрес электронной почты учётной записи в Ашаре');
    await email.fill('nobody.yet@example.org');
    await page.getByRole('button', { name: 'Добавить', exact: true }).click();
    await page.getByText('Пригласите человека по электронной почте').first().waitFor();
    expect(await fieldError(page, 'email')).toContain('ещё нет учётной записи');
    // Such a person is invited by e-mail instead, and waits in a list until they sign up.
    await page
      .getByRole('button', { name: 'Пригласить nobody.yet@example.org по электронной почте' })
      .click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Приглашение отправлено на nobody.yet@example.org' })
      .waitFor();
    await page.getByRole('heading', { level: 3, name: 'Приглашены, но ещё не зарегистрировались' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'nobody.yet@example.org' }).waitFor();
    const invitation = await waitForMailFile(server.mailDir, 'nobody.yet@example.org', 10_000);
    expect(invitation.subject).toBe(
      'Приглашение в организацию «Ak-Suu Village Water Committee (demo)» в Ашаре',
    );
    const signUpLink = /https?:\/\/\S+\/register\?\S+/.exec(invitation.text ?? '')?.[0];
    expect(signUpLink).toContain('#email=nobody.yet%40example.org');

    // The address as the person gave it, in another case: it is the same account.
    await email.fill(' aigul.new@EXAMPLE.org ');
    await page.getByRole('button', { name: 'Добавить', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'aigul.new@EXAMPLE.org теперь участник' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Aigul Newmember' }).waitFor();
    expect(await email.inputValue()).toBe('');
    expect(await fieldError(page, 'email')).toBeNull();
    await checkPage(page, 'organisation-members');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Удалить: Aigul Newmember' }).click();
    await page.getByRole('status').filter({ hasText: 'Aigul Newmember больше не участник' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Aigul Newmember' }).waitFor({ state: 'detached' });

    // The invitation's link opens the sign-up form with the address filled in; the new account joins.
    const linked = new URL(signUpLink as string);
    const invitee = await open(linked.pathname + linked.search + linked.hash, 'ru-RU');
    expect(await invitee.getByLabel('Адрес электронной почты', { exact: true }).inputValue()).toBe(
      'nobody.yet@example.org',
    );
    await signUpByMail({
      email: 'Nobody.Yet@example.org',
      password: 'an invited password',
      displayName: 'Nurgul Invited',
      preferredLocale: 'ru',
    });
    await page.reload();
    await settled(page);
    await page.getByRole('listitem').filter({ hasText: 'Nurgul Invited' }).waitFor();
    expect(
      await page.getByRole('heading', { name: 'Приглашены, но ещё не зарегистрировались' }).count(),
    ).toBe(0);
    await page.getByRole('listitem').filter({ hasText: 'Marat Member' }).waitFor();
  });

  it('a coordinator adds an organisation of their country to the directory, then edits it', async () => {
    const page = await openAs('coordinator.kg@example.org', '/directory');
    await page.getByRole('link', { name: 'Добавить организацию' }).click();
    await page.getByRole('heading', { level: 1, name: 'Добавить организацию' }).waitFor();
    // A coordinator adds organisations in their own country only.
    const countries = page.getByLabel('Страна', { exact: true });
    await countries.locator('option').first().waitFor({ state: 'attached' });
    expect(await countries.locator('option').allTextContents()).toEqual(['Киргизия']);

    await page.getByLabel('Название').fill('Таш-Булак: женский совет');
    await page.getByLabel('Область или район (необязательно)').fill('Чуйская область');
    await page.getByRole('checkbox', { name: 'Русский' }).check();
    await page.getByRole('checkbox', { name: 'English' }).check();
    await page.getByLabel('Описание (необязательно)').fill('Совет <b>женщин</b> села ведёт учёт воды.');
    await page.getByLabel('Сайт').fill('tash-bulak.example.org');
    await page.getByRole('button', { name: 'Добавить в справочник' }).click();
    await page.locator('[name="website"][aria-invalid="true"]').waitFor();

    await page.getByLabel('Сайт').fill('https://tash-bulak.example.org');
    await page.getByRole('button', { name: 'Добавить в справочник' }).click();
    await page.getByRole('heading', { level: 1, name: 'Таш-Булак: женский совет' }).waitFor();
    await page.getByText('Опубликованных описаний проектов этой организации пока нет.').waitFor();
    // Text typed as markup stays text.
    await page.getByText('Совет <b>женщин</b> села ведёт учёт воды.').waitFor();
    await page
      .getByText('Общественная организация на уровне сообщества · Киргизия · Чуйская область')
      .waitFor();
    await page.getByText(/^(Русский, Английский|Английский, Русский)$/).waitFor();

    await page.getByRole('link', { name: 'Изменить организацию' }).click();
    await page.getByText('Язык описания: Русский.').waitFor();
    expect(await page.getByLabel('Название').inputValue()).toBe('Таш-Булак: женский совет');
    // Someone else changes the website while the form is open: saving other fields keeps it.
    const organisationId = /\/organisations\/([^/]+)\/edit/.exec(page.url())![1];
    const coordinatorToken = await tokenOf('coordinator.kg@example.org');
    await gql(
      `mutation ($id: ID!) { updateOrganisation(id: $id, input: { website: "https://tash-bulak.example.org/new" }) { id } }`,
      { id: organisationId },
      coordinatorToken,
    );
    await page.getByLabel('Область или район (необязательно)').fill('');
    await page.getByLabel('Описание (необязательно)').fill(' ');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    expect(await fieldError(page, 'description')).toBe(t('ru', 'web:organisationForm.descriptionKept'));
    await page
      .getByLabel('Описание (необязательно)')
      .fill('Совет женщин села ведёт учёт воды и ремонтирует арыки.');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('ремонтирует арыки').waitFor();
    await page
      .getByText('Общественная организация на уровне сообщества · Киргизия', { exact: true })
      .waitFor();
    const { organisation } = await gql<{ organisation: { website: string; region: string | null } }>(
      `query ($id: ID!) { organisation(id: $id) { website region } }`,
      { id: organisationId },
      coordinatorToken,
    );
    expect(organisation).toEqual({ website: 'https://tash-bulak.example.org/new', region: null });
    await checkPage(page, 'organisation-created');

    // The description in English, next to the Russian original; read in English once translated.
    await page.getByRole('link', { name: 'Перевести описание' }).click();
    await page.getByText('Совет женщин села ведёт учёт воды и ремонтирует арыки.').waitFor();
    expect(await page.getByLabel('Язык перевода').inputValue()).toBe('en');
    expect(await page.getByLabel('Перевод', { exact: true }).inputValue()).toBe('');
    await page.getByRole('button', { name: 'Сохранить перевод' }).click();
    expect(await fieldError(page, 'description')).toBe(t('ru', 'web:organisationForm.translationRequired'));
    // The keyboard focus goes to the field to correct.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('description');
    await page
      .getByLabel('Перевод', { exact: true })
      .fill('The village women’s council keeps water records.');
    await page.getByRole('button', { name: 'Сохранить перевод' }).click();
    await page.getByText('Доступно на языках: English, Русский').waitFor();
    await page.getByLabel('Язык', { exact: true }).selectOption('en');
    await page.getByText('The village women’s council keeps water records.').waitFor();
    await page.getByRole('link', { name: 'Translate the description' }).click();
    await page.getByLabel('Translate into').waitFor();
    expect(await page.getByLabel('Translation', { exact: true }).inputValue()).toBe(
      'The village women’s council keeps water records.',
    );
    // Another language starts empty: Spanish has no translation yet.
    await page.getByLabel('Translate into').selectOption('es');
    await page.getByLabel('Translation', { exact: true }).waitFor();
    expect(await page.getByLabel('Translation', { exact: true }).inputValue()).toBe('');
    await checkPage(page, 'organisation-translation');
    // Back to English: its translation fills the box again.
    await page.getByLabel('Translate into').selectOption('en');
    await page.waitForFunction(
      (text) => document.querySelector<HTMLTextAreaElement>('textarea[name="description"]')?.value === text,
      'The village women’s council keeps water records.',
    );
    // Switching the page's language while typing keeps what is typed, and the language translated into.
    await page.getByLabel('Translation', { exact: true }).fill('Being rewritten, not saved yet.');
    await page.getByLabel('Language', { exact: true }).selectOption('nl');
    await page.getByLabel('Taal', { exact: true }).waitFor();
    await settled(page); // what the page reads again in Dutch has arrived
    expect(await page.locator('select[name="locale"]').inputValue()).toBe('en');
    expect(await page.locator('textarea[name="description"]').inputValue()).toBe(
      'Being rewritten, not saved yet.',
    );
  });

  it('the steering group finds a person and makes them national coordinator for a country, then revokes it', async () => {
    await signUpByMail({
      email: 'nurlan.roles@example.org',
      password: 'a coordinator password',
      displayName: 'Nurlan Rolesov',
      preferredLocale: 'ru',
    });
    const member = await openAs('member@example.org', '/people');
    await member.getByText('Ролями управляют только руководящая группа и администраторы.').waitFor();
    expect(await member.getByRole('link', { name: 'Люди' }).count()).toBe(0);

    const page = await openAs('steering@example.org', '/');
    await page.getByRole('link', { name: 'Люди' }).click();
    await page.getByRole('heading', { level: 1, name: 'Люди и роли' }).waitFor();
    await page.getByLabel('Адрес электронной почты или имя').fill('rolesov');
    await page.waitForURL((url) => url.searchParams.get('q') === 'rolesov');
    await page.getByRole('status').filter({ hasText: 'Найден 1 человек' }).waitFor();
    const person = page.getByRole('listitem', { name: 'Nurlan Rolesov' });
    await person.getByText('nurlan.roles@example.org').waitFor();
    await person.getByRole('list').getByText('Участник', { exact: true }).waitFor();
    // Only administrators grant the administrator role.
    const roles = await person.getByLabel('Выдать роль').locator('option').allTextContents();
    expect(roles).not.toContain('Администратор');

    await person.getByLabel('Выдать роль').selectOption('NATIONAL_COORDINATOR');
    await person.getByRole('button', { name: 'Выдать роль: Nurlan Rolesov' }).click();
    await person.locator('[name="countryCode"][aria-invalid="true"]').waitFor();
    expect(await fieldError(page, 'countryCode')).toBe(t('ru', 'errors:countryScopeRequired'));
    await person.getByLabel('Страна').selectOption('KG');
    await person.getByRole('button', { name: 'Выдать роль: Nurlan Rolesov' }).click();
    await person
      .getByRole('status')
      .filter({ hasText: 'Роль выдана: Национальный координатор (Киргизия).' })
      .waitFor();
    expect(await person.getByLabel('Страна').getAttribute('aria-invalid')).toBeNull();
    await checkPage(page, 'people');

    // The new coordinator now sees what coordinators see.
    const coordinator = await openAs(
      'nurlan.roles@example.org',
      '/',
      'ru-RU',
      PHONE,
      'a coordinator password',
    );
    await coordinator.getByRole('link', { name: 'Импорт' }).waitFor();

    // A reload keeps the search; revoking asks first.
    await page.reload();
    await settled(page);
    page.once('dialog', (dialog) => void dialog.accept());
    await page
      .getByRole('listitem', { name: 'Nurlan Rolesov' })
      .getByRole('button', { name: 'Отозвать роль «Национальный координатор (Киргизия)» у Nurlan Rolesov' })
      .click();
    await page
      .getByRole('listitem', { name: 'Nurlan Rolesov' })
      .getByRole('status')
      .filter({ hasText: 'Роль отозвана' })
      .waitFor();
    const held = page.getByRole('listitem', { name: 'Nurlan Rolesov' }).getByRole('list');
    expect(await held.getByText('Национальный координатор (Киргизия)', { exact: true }).count()).toBe(0);
    await held.getByText('Участник', { exact: true }).waitFor();

    // Suspended, the person is out at once; the reason (shown as text) stays with those who may lift it.
    const nurlan = page.getByRole('listitem', { name: 'Nurlan Rolesov' });
    await nurlan.getByText('Приостановить учётную запись').click();
    await nurlan.getByLabel('Причина (необязательно)').fill('Рассылал рекламу <b>удобрений</b>');
    page.once('dialog', (dialog) => void dialog.accept());
    await nurlan.getByRole('button', { name: 'Приостановить: Nurlan Rolesov' }).click();
    await nurlan
      .getByRole('status')
      .filter({ hasText: 'Учётная запись приостановлена: Nurlan Rolesov.' })
      .waitFor();
    await nurlan.getByText(/Причина: Рассылал рекламу <b>удобрений<\/b>$/).waitFor();
    // The focus goes to what took the place of the form: the notice saying so.
    await page.waitForFunction(() => document.activeElement?.id.endsWith('-suspended'));
    await checkPage(page, 'people-suspended');
    await coordinator.reload();
    await settled(coordinator);
    await coordinator.getByRole('link', { name: 'Войти' }).waitFor();
    expect(await coordinator.getByRole('link', { name: 'Импорт' }).count()).toBe(0);
    await coordinator.getByRole('link', { name: 'Войти' }).click();
    await coordinator.getByLabel('Адрес электронной почты').fill('nurlan.roles@example.org');
    await coordinator.getByLabel('Пароль').fill('a coordinator password');
    await coordinator.getByRole('button', { name: 'Войти' }).click();
    await coordinator
      .getByRole('alert')
      .filter({ hasText: t('ru', 'errors:accountSuspended') })
      .waitFor();

    await nurlan.getByRole('button', { name: 'Снять приостановку: Nurlan Rolesov' }).click();
    await nurlan.getByRole('status').filter({ hasText: 'Nurlan Rolesov снова может войти.' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent === 'Приостановить учётную запись');
    await coordinator.getByRole('button', { name: 'Войти' }).click();
    await coordinator.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  });

  it('two people in the same room: one posts, the other sees it live, and after going offline sees what it missed, once and in order', async () => {
    const member = await tokenOf('member@example.org');
    const roomId = await kgRoomId(member);
    const host = await openAs('coordinator.kg@example.org', `/rooms/${roomId}?lang=ru`);
    const reader = await openAs('member@example.org', `/rooms/${roomId}?lang=ru`);
    for (const page of [host, reader]) page.on('dialog', (dialog) => void dialog.accept());
    const messages = (page: Page) => page.locator('ol.messages > li');
    const bodyOf = (page: Page, text: string) =>
      messages(page).filter({ has: page.locator('.message-body', { hasText: text }) });

    // The demo thread and its Markdown are there, and each sees the other present.
    await reader.locator('.message-body strong', { hasText: 'по сезону' }).waitFor();
    await reader.getByText('Nurlan Coordinator (KG)', { exact: false }).first().waitFor();
    await host.locator('.presence').filter({ hasText: 'Marat Member' }).waitFor();

    await host.getByLabel('Ваше сообщение').fill('Собрание в четверг');
    await reader.getByText('Nurlan Coordinator (KG) печатает…').waitFor();
    await host.getByRole('button', { name: 'Отправить' }).click();
    await bodyOf(reader, 'Собрание в четверг').waitFor();

    // The reader's phone loses its network; two messages are sent meanwhile, and one said before is
    // deleted: the deletion reaches the reader too once back, although it brings no new seq.
    await host.getByLabel('Ваше сообщение').fill('Ошибся комнатой');
    await host.getByRole('button', { name: 'Отправить' }).click();
    await bodyOf(reader, 'Ошибся комнатой').waitFor();
    await reader.context().setOffline(true);
    await reader.getByRole('alert').filter({ hasText: 'Нет соединения' }).waitFor();
    for (const text of ['Пропущенное первое', 'Пропущенное второе']) {
      await host.getByLabel('Ваше сообщение').fill(text);
      await host.getByRole('button', { name: 'Отправить' }).click();
      await bodyOf(host, text).waitFor();
    }
    await bodyOf(host, 'Ошибся комнатой').getByRole('button', { name: 'Удалить', exact: true }).click();
    await bodyOf(host, 'Ошибся комнатой').waitFor({ state: 'detached' });
    await reader.context().setOffline(false);
    await bodyOf(reader, 'Пропущенное второе').waitFor();
    await bodyOf(reader, 'Ошибся комнатой').waitFor({ state: 'detached' });
    await reader.getByRole('alert').filter({ hasText: 'Нет соединения' }).waitFor({ state: 'detached' });
    const readerSeqs = await messages(reader).evaluateAll((items) =>
      items.map((li) => Number(li.getAttribute('data-seq'))),
    );
    expect(readerSeqs).toEqual([...readerSeqs].sort((a, b) => a - b));
    expect(new Set(readerSeqs).size).toBe(readerSeqs.length);
    expect(await bodyOf(reader, 'Пропущенное первое').count()).toBe(1);
    expect(await bodyOf(reader, 'Пропущенное второе').count()).toBe(1);
    expect(readerSeqs).toEqual(
      await messages(host).evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-seq')))),
    );

    // A reply, a reaction, an edit and a delete travel live too.
    await bodyOf(reader, 'Пропущенное первое').getByRole('button', { name: 'Ответить' }).click();
    await reader.getByLabel('Ваше сообщение').fill('Буду обязательно');
    await reader.getByRole('button', { name: 'Отправить' }).click();
    await bodyOf(host, 'Буду обязательно')
      .locator('blockquote')
      .filter({ hasText: 'Пропущенное первое' })
      .waitFor();
    await bodyOf(host, 'Буду обязательно').getByRole('button', { name: '👍: 0 реакций' }).click();
    await bodyOf(reader, 'Буду обязательно').getByRole('button', { name: '👍: 1 реакция' }).waitFor();
    await bodyOf(reader, 'Буду обязательно').getByRole('button', { name: 'Изменить' }).click();
    await reader.getByLabel('Изменить сообщение').fill('Буду обязательно, с отчётом');
    await reader.getByRole('button', { name: 'Сохранить' }).click();
    await bodyOf(host, 'Буду обязательно, с отчётом').getByText('изменено').waitFor();
    await bodyOf(host, 'Пропущенное второе').getByRole('button', { name: 'Удалить' }).click();
    await bodyOf(reader, 'Пропущенное второе').waitFor({ state: 'detached' });
    await reader.getByText('Сообщение удалено.').first().waitFor();
    // Only the host still reads what was said: the text an edit replaced, and the deleted message.
    expect(await reader.locator('.message-history').count()).toBe(0);
    const edited = bodyOf(host, 'Буду обязательно, с отчётом');
    await edited.getByText('Предыдущие версии').click();
    await edited
      .locator('.message-history li')
      .filter({ hasText: /^Изменено .+ · Marat Member/ })
      .locator('.message-body', { hasText: /^Буду обязательно$/ })
      .waitFor();
    const removed = host.locator('li.message-deleted').last();
    await removed.getByText('Что было написано').click();
    await removed
      .locator('.message-history li')
      .filter({ hasText: /^Удалено .+ · Nurlan Coordinator \(KG\)/ })
      .locator('.message-body', { hasText: 'Пропущенное второе' })
      .waitFor();

    // The host locks the thread; the member's next message is refused in Russian, next to the box.
    await host.getByRole('button', { name: 'Закрыть тему' }).click();
    await host.getByText(t('ru', 'web:rooms.threadLockedForOthers')).waitFor();
    await reader.getByLabel('Ваше сообщение').fill('Ещё вопрос');
    await reader.getByRole('button', { name: 'Отправить' }).click();
    await reader.locator('.composer .field-error').waitFor();
    expect(await bodyOf(host, 'Ещё вопрос').count()).toBe(0);
    // The host still writes in the locked thread, as the server allows.
    await host.getByLabel('Ваше сообщение').fill('Итог: тему закрываю');
    await host.getByRole('button', { name: 'Отправить' }).click();
    await bodyOf(reader, 'Итог: тему закрываю').waitFor();
    await host.getByRole('button', { name: 'Открыть тему' }).click();
    await host.getByRole('button', { name: 'Закрыть тему' }).waitFor();

    // The host mutes the member from the moderation menu on their message, with the keyboard only.
    const menuOf = (page: Page, text: string) => bodyOf(page, text).locator('details.moderation-menu');
    expect(await bodyOf(reader, 'Буду обязательно, с отчётом').locator('details').count()).toBe(0);
    await menuOf(host, 'Буду обязательно, с отчётом').locator('summary').focus();
    await host.keyboard.press('Enter');
    const muteForAnHour = host.getByRole('button', { name: 'Запретить писать на 1 час' });
    await host.getByRole('button', { name: 'Запретить писать на 24 часа' }).waitFor();
    expect(await host.getByRole('button', { name: 'Снова разрешить писать' }).count()).toBe(0);
    await muteForAnHour.focus();
    await host.keyboard.press('Enter');
    await host
      .getByRole('status')
      .filter({ hasText: /^Marat Member не может писать до / })
      .waitFor();
    await muteForAnHour.waitFor({ state: 'detached' });
    // The member's open page is told at once, and until when, instead of offering the message box.
    await reader
      .getByRole('alert')
      .filter({ hasText: /Вы не можете писать в этой комнате до .*Читать по-прежнему можно/ })
      .waitFor();
    expect(await reader.getByLabel('Ваше сообщение').count()).toBe(0);
    // Opened again, the room still says until when.
    await reader.reload();
    await reader.getByText(/^Вы не можете писать в этой комнате до \d/).waitFor();
    expect(await reader.getByLabel('Ваше сообщение').count()).toBe(0);
    // Now the menu offers to lift the mute (checked by axe while open); Escape closes it.
    await menuOf(host, 'Буду обязательно, с отчётом').locator('summary').click();
    await host.getByRole('button', { name: 'Снова разрешить писать' }).waitFor();
    await checkPage(host, 'room');
    await host.keyboard.press('Escape');
    await host.getByRole('button', { name: 'Снова разрешить писать' }).waitFor({ state: 'hidden' });
    await menuOf(host, 'Буду обязательно, с отчётом').locator('summary').click();
    await host.getByRole('button', { name: 'Снова разрешить писать' }).click();
    await host.getByRole('status').filter({ hasText: 'Marat Member снова может писать.' }).waitFor();
    // The member's page offers the message box again by itself, with the focus in it.
    await reader.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
    await reader.getByLabel('Ваше сообщение').fill('Можно ещё вопрос?');
    await reader.getByRole('button', { name: 'Отправить' }).click();
    await bodyOf(host, 'Можно ещё вопрос?').waitFor();

    // A ban asks first ("Отмена" goes back to the menu); once confirmed, the member cannot open the
    // room, until the host gives access back.
    await menuOf(host, 'Буду обязательно, с отчётом').locator('summary').click();
    await host.getByRole('button', { name: 'Закрыть доступ к обсуждению…' }).click();
    await host.getByText('Закрыть доступ к этому обсуждению для Marat Member?', { exact: false }).waitFor();
    await host.getByRole('button', { name: 'Отмена' }).click();
    await host.getByRole('button', { name: 'Закрыть доступ к обсуждению…' }).click();
    await host.getByRole('button', { name: 'Закрыть доступ', exact: true }).click();
    await host
      .getByRole('status')
      .filter({ hasText: 'Доступ к обсуждению для Marat Member закрыт.' })
      .waitFor();
    // The member's open page says so at once, without waiting for them to try to send.
    await reader.getByText('Вам закрыт доступ в эту комнату.').waitFor();
    expect(await reader.getByLabel('Ваше сообщение').count()).toBe(0);
    await reader.reload();
    await reader.getByText('Вам закрыт доступ в эту комнату.').waitFor();
    expect(await bodyOf(reader, 'Собрание в четверг').count()).toBe(0);
    await menuOf(host, 'Буду обязательно, с отчётом').locator('summary').click();
    await host.getByText('Доступ к обсуждению закрыт.').waitFor();
    await host.getByRole('button', { name: 'Вернуть доступ' }).click();
    await host
      .getByRole('status')
      .filter({ hasText: 'Доступ к обсуждению для Marat Member снова открыт.' })
      .waitFor();
    await reader.reload();
    await bodyOf(reader, 'Собрание в четверг').waitFor();
    // Banned and let back in while the page stays open: the message box goes, then comes back by itself.
    const ban = (banned: boolean) =>
      gql(
        `mutation ($input: BanMemberInput!) { banMember(input: $input) { banned } }`,
        { input: { roomId, userId: memberId, banned } },
        hostToken,
      );
    const hostToken = await tokenOf('coordinator.kg@example.org');
    const { me } = await gql<{ me: { id: string } }>(`{ me { id } }`, {}, member);
    const memberId = me.id;
    await ban(true);
    await reader.getByText('Вам закрыт доступ в эту комнату.').waitFor();
    await ban(false);
    await reader.getByLabel('Ваше сообщение').waitFor();
    expect(await reader.getByText('Вам закрыт доступ в эту комнату.').count()).toBe(0);

    // Unread badges: the member leaves, the host posts, the member's list counts it until they read it.
    await reader.goto('/rooms');
    await settled(reader);
    await host.getByLabel('Ваше сообщение').fill('Итоги собрания будут завтра');
    await host.getByRole('button', { name: 'Отправить' }).click();
    await bodyOf(host, 'Итоги собрания').waitFor();
    const { room } = await gql<{ room: { unreadCount: number; title: string } }>(
      `query($id: ID!) { room(id: $id) { unreadCount title } }`,
      { id: roomId },
      member,
    );
    expect(room.unreadCount).toBeGreaterThan(0);
    await reader.reload();
    await settled(reader);
    const card = reader.locator('.card').filter({ has: reader.getByRole('link', { name: room.title }) });
    await card
      .locator('.badge')
      .filter({ hasText: String(room.unreadCount) })
      .waitFor();
    await checkPage(reader, 'rooms');
    const markedRead = reader.waitForResponse(
      (r) => r.url().endsWith('/graphql') && !!r.request().postData()?.includes('MarkRead'),
    );
    await card.getByRole('link', { name: room.title }).click();
    await bodyOf(reader, 'Итоги собрания').waitFor();
    await markedRead;
    await reader.goto('/rooms');
    await settled(reader);
    expect(await card.locator('.badge').count()).toBe(0);
  });

  /** Case studies of our own, so the test does not depend on what the demo content contains. */
  async function importCaseStudies(): Promise<void> {
    const admin = await tokenOf('admin@example.org');
    const translations = (en: [string, string, string], ru?: [string, string, string]) => ({
      en: { title: en[0], summary: en[1], body: en[2] },
      ...(ru ? { ru: { title: ru[0], summary: ru[1], body: ru[2] } } : {}),
    });
    const { importCaseStudies: report } = await gql<{ importCaseStudies: { failed: unknown[] } }>(
      `mutation($d: JSON!) { importCaseStudies(document: $d) { created updated failed { index errors { path message } } } }`,
      {
        d: {
          caseStudies: [
            {
              slug: 'browser-village-water-committees',
              status: 'PUBLISHED',
              originalLocale: 'en',
              countries: ['KG'],
              themes: ['water-sanitation', 'community-driven-development'],
              approaches: ['user-fees'],
              period: { start: 2010, end: 2014 },
              reach: { communities: 12, households: 3400 },
              translations: translations(
                [
                  'Village water committees that pay for their own repairs',
                  'Twelve villages collect seasonal fees and keep their water supply running.',
                  'Each household paid **after the harvest**.',
                ],
                [
                  'Сельские водные комитеты, которые сами оплачивают ремонт',
                  'Двенадцать сёл собирают сезонные взносы и поддерживают водопровод.',
                  'Каждая семья платила **после урожая**.',
                ],
              ),
              results: [
                {
                  value: 64,
                  unit: '%',
                  baseline: 20,
                  year: 2014,
                  translations: {
                    en: { label: 'Households with piped water' },
                    ru: { label: 'Семьи с водопроводом' },
                  },
                },
                {
                  value: 3400,
                  unit: 'households',
                  translations: {
                    en: { label: 'Households paying seasonal fees' },
                    ru: { label: 'Семьи, платящие сезонные взносы' },
                  },
                },
              ],
              lessons: [
                {
                  themes: ['local-governance'],
                  translations: {
                    en: { text: 'Fees collected after the harvest are paid more reliably.' },
                    ru: { text: 'Взносы после урожая платят надёжнее.' },
                  },
                },
              ],
              sources: [{ title: 'Browser test source', url: 'https://example.org/report', year: 2015 }],
            },
            {
              slug: 'browser-water-users-association',
              status: 'PUBLISHED',
              originalLocale: 'ru',
              countries: ['KG'],
              themes: ['water-sanitation'],
              translations: {
                ru: {
                  title: 'Ассоциация водопользователей в долине',
                  summary: 'Жители распределяют поливную воду и поддерживают водопровод сами.',
                  body: 'Ассоциация собирает взносы на ремонт каналов.',
                },
              },
            },
          ],
        },
      },
      admin,
    );
    expect(report.failed).toEqual([]);
    // Search is fed through an outbox after the commit: wait until both are findable.
    for (let attempt = 0; attempt < 120; attempt += 1) {
      const { search } = await gql<{ search: { hits: { slug: string }[] } }>(
        `{ search(query: "водопровод", first: 50) { hits { slug } } }`,
      );
      const slugs = search.hits.map((hit) => hit.slug);
      if (
        ['browser-village-water-committees', 'browser-water-users-association'].every((s) =>
          slugs.includes(s),
        )
      )
        return;
      await new Promise((done) => setTimeout(done, 500));
    }
    throw new Error('The imported case studies never became searchable');
  }

  it('a member reports a message in Spanish; the steering group reads why in Russian and dismisses it', async () => {
    const member = await tokenOf('member@example.org');
    const roomId = await kgRoomId(member);
    const reader = await openAs('member@example.org', `/rooms/${roomId}?lang=es`);
    const reported = reader
      .locator('ol.messages > li')
      .filter({ has: reader.locator('.message-body strong', { hasText: 'по сезону' }) });
    // Nobody reports their own words: the member's own messages offer no report.
    await reported.waitFor();
    const own = reader.locator('ol.messages > li').filter({ hasText: 'копает траншею' });
    expect(await own.getByRole('button', { name: 'Denunciar' }).count()).toBe(0);
    // The steering group has the room open (and has joined it live) before the report comes in.
    const steering = await openAs('steering@example.org', `/rooms/${roomId}?lang=ru`);
    await steering.locator('.presence').filter({ hasText: 'Marat Member' }).waitFor();
    expect(await steering.locator('.reported-messages').count()).toBe(0);

    await reported.getByRole('button', { name: 'Denunciar' }).click();
    const reason = reported.getByLabel('¿Por qué denuncia este mensaje? (opcional)');
    await reader.waitForFunction(() => !!document.activeElement?.closest('.report-form'));
    await reason.fill('Parece publicidad');
    await reported.getByRole('button', { name: 'Enviar denuncia' }).click();
    const thanks = reported.getByRole('status').filter({ hasText: 'Gracias.' });
    await thanks.waitFor();
    await reader.waitForFunction(() => !!document.activeElement?.classList.contains('report-sent'));

    // Told live: the reports appear on the open page without reading it again.
    await steering.getByText('1 сообщение с жалобой').click();
    const item = steering.locator('.reported-list > li');
    await item.getByText(/^Жалоба от Marat Member, .+: «?Parece publicidad»?$/).waitFor();
    await item.locator('.message-body strong', { hasText: 'по сезону' }).waitFor();
    await checkPage(steering, 'room with reports');
    // The link in a mail about reports opens the room with its reports shown.
    const fromMail = await openAs('steering@example.org', `/rooms/${roomId}?reports=open&lang=ru`);
    await fromMail
      .locator('.reported-list > li')
      .getByText(/Parece publicidad/)
      .waitFor();
    await item.getByRole('button', { name: 'Отклонить жалобы' }).click();
    await steering.getByText('Жалоб нет.').waitFor();
    await steering.getByRole('status').filter({ hasText: 'Жалобы отклонены.' }).waitFor();
    const steeringToken = await tokenOf('steering@example.org');
    const left = await gql<{ reportedMessages: unknown[] }>(
      `query($roomId: ID!) { reportedMessages(roomId: $roomId) { message { id } } }`,
      { roomId },
      steeringToken,
    );
    expect(left.reportedMessages).toEqual([]);
  });

  it('shows which other thread holds an unread mention, and marks the whole room read on request', async () => {
    const member = await tokenOf('member@example.org');
    const coordinator = await tokenOf('coordinator.kg@example.org');
    const roomId = await kgRoomId(member);
    const { me } = await gql<{ me: { id: string } }>(`{ me { id } }`, {}, member);
    const { createThread } = await gql<{ createThread: { id: string } }>(
      `mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }`,
      { input: { roomId, title: 'Отчёт за квартал' } },
      coordinator,
    );
    await gql(
      `mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`,
      {
        input: {
          roomId,
          threadId: createThread.id,
          body: '@Marat Member пришлите цифры, пожалуйста',
          clientId: `unread-elsewhere-${createThread.id}`,
          mentions: [me.id],
        },
      },
      coordinator,
    );
    // The member opens another thread: the new one shows its unread mention in the list, and stays unread.
    const page = await openAs('member@example.org', '/rooms?lang=ru');
    // Once the page has marked the thread it shows as read, the other thread's mention is still unread.
    const marked = page.waitForResponse(
      (response) => !!response.request().postData()?.includes('mutation MarkRead('),
    );
    await page.goto(`/rooms/${roomId}?lang=ru`);
    const listed = page.locator('.thread-list li').filter({ hasText: 'Отчёт за квартал' });
    await listed.locator('.badge-mention').waitFor();
    await marked;
    const { threads } = await gql<{ threads: { edges: { node: { id: string; unreadMentions: number } }[] } }>(
      `query($id: ID!) { threads(roomId: $id, first: 50) { edges { node { id unreadMentions } } } }`,
      { id: roomId },
      member,
    );
    expect(threads.edges.find(({ node }) => node.id === createThread.id)?.node.unreadMentions).toBe(1);
    // The room is read again after marking it; when that read fails (the connection dropped), the room
    // stays on the page, with the error and a retry above it.
    await page.route('**/graphql', (route) =>
      route.request().postData()?.includes('query Room(')
        ? route.abort('internetdisconnected')
        : route.continue(),
    );
    await page.getByRole('button', { name: 'Отметить всё как прочитанное' }).click();
    const failed = page.getByRole('alert').filter({ hasText: 'Сервер недоступен' });
    await failed.waitFor();
    expect(await listed.count()).toBe(1);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.unroute('**/graphql');
    await failed.getByRole('button', { name: 'Повторить' }).click();
    await failed.waitFor({ state: 'detached' });
    await listed.locator('.badge-mention').waitFor({ state: 'detached' });
    expect(await listed.locator('.badge').count()).toBe(0);
    await page.getByRole('button', { name: 'Отметить всё как прочитанное' }).waitFor({ state: 'detached' });

    // A new mention there while the page is open shows at once, counted on the page (the room is not
    // asked for again); reading that thread clears it.
    const roomReads: string[] = [];
    const countRoomReads = (request: { postData(): string | null }) => {
      if (request.postData()?.includes('query Room(')) roomReads.push('Room');
    };
    page.on('request', countRoomReads);
    await gql(
      `mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`,
      {
        input: {
          roomId,
          threadId: createThread.id,
          body: '@Marat Member и ещё одно',
          clientId: `unread-live-${createThread.id}`,
          mentions: [me.id],
        },
      },
      coordinator,
    );
    await listed.locator('.badge-mention').waitFor();
    expect(await listed.locator('.badge [aria-hidden="true"]').first().textContent()).toBe('1');
    await page.waitForTimeout(1500);
    expect(roomReads).toEqual([]);
    const shown = new URL(page.url()).searchParams.get('thread');
    const read = page.waitForResponse(
      (response) => !!response.request().postData()?.includes('mutation MarkRead('),
    );
    await listed.getByRole('link', { name: 'Отчёт за квартал' }).click();
    await page.getByRole('heading', { level: 2, name: 'Отчёт за квартал' }).waitFor();
    await read;
    await page.locator('.thread-list a').filter({ hasNotText: 'Отчёт за квартал' }).first().click();
    await page.waitForURL((url) => url.searchParams.get('thread') !== createThread.id);
    await listed.locator('.badge').first().waitFor({ state: 'detached' });
    expect(shown).not.toBe(createThread.id);

    // A thread started while the page is open joins the list, with what was written in it.
    const started = await gql<{ createThread: { id: string } }>(
      `mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }`,
      { input: { roomId, title: 'Новый сезон' } },
      coordinator,
    );
    await gql(
      `mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`,
      {
        input: {
          roomId,
          threadId: started.createThread.id,
          body: 'Начинаем',
          clientId: `new-${started.createThread.id}`,
        },
      },
      coordinator,
    );
    const fresh = page.locator('.thread-list li').filter({ hasText: 'Новый сезон' });
    await fresh.locator('.badge').waitFor();
    expect(await fresh.locator('.badge [aria-hidden="true"]').first().textContent()).toBe('1');
    page.off('request', countRoomReads);
  });

  it('mentions someone who wrote in the room by picking their name after an @, with the keyboard', async () => {
    const ru = (key: string, options?: Record<string, unknown>) => t('ru', key, options);
    const member = await tokenOf('member@example.org');
    const roomId = await kgRoomId(member);
    const reader = await openAs('member@example.org', `/rooms/${roomId}?lang=ru`);
    const host = await openAs('coordinator.kg@example.org', `/rooms/${roomId}?lang=ru`);
    const item = (page: Page, text: string) =>
      page.locator('ol.messages > li').filter({ has: page.locator('.message-body', { hasText: text }) });

    await reader.getByLabel('Ваше сообщение').fill('Вопрос о насосах');
    await reader.getByRole('button', { name: 'Отправить' }).click();
    await item(host, 'Вопрос о насосах').waitFor();
    // Marat leaves the room (an open room marks what arrives read).
    await reader.close();

    const box = host.getByLabel('Ваше сообщение');
    await box.fill('');
    await box.pressSequentially('Спасибо, @mar');
    const offer = host.getByRole('listbox', { name: ru('web:rooms.mentionList') });
    await offer.getByRole('option', { name: 'Marat Member' }).waitFor();
    // Each person is shown with their organisation, so two people of one name can be told apart (once
    // the room's list has come; until then the writers of the messages shown are offered by name).
    await offer
      .getByRole('option', { name: 'Marat Member · Ak-Suu Village Water Committee (demo)', exact: true })
      .waitFor();
    expect(await box.getAttribute('aria-activedescendant')).toBe(
      await offer.getByRole('option', { name: 'Marat Member' }).getAttribute('id'),
    );
    await host
      .getByRole('status')
      .filter({ hasText: /для упоминания/ })
      .waitFor();
    await checkPage(host, 'room-mention-offer');
    // Escape closes the offer for this @: Enter then starts a new line.
    await box.press('Escape');
    await offer.waitFor({ state: 'detached' });
    await box.pressSequentially('a');
    expect(await offer.count()).toBe(0);
    // A new @ offers again; Enter puts the whole name in and closes the offer.
    await box.fill('Спасибо, ');
    await box.pressSequentially('@Mar');
    await offer.getByRole('option', { name: 'Marat Member' }).waitFor();
    await box.press('Enter');
    await offer.waitFor({ state: 'detached' });
    expect(await box.inputValue()).toBe('Спасибо, @Marat Member ');
    await host
      .getByRole('status')
      .filter({ hasText: ru('web:rooms.mentionPicked', { name: 'Marat Member' }) })
      .waitFor();
    // Enter now is a new line again, and Tab leaves the box.
    await box.press('Enter');
    expect(await box.inputValue()).toBe('Спасибо, @Marat Member \n');
    await box.pressSequentially('ответ ниже');
    await host.getByRole('button', { name: 'Отправить' }).click();

    await item(host, 'ответ ниже').waitFor();
    // Marat's list of rooms counts the mention; in the room the message is marked as mentioning him,
    // and the host's own view shows no such mark.
    const marat = await openAs('member@example.org', '/rooms?lang=ru');
    await marat
      .locator('li')
      .filter({ has: marat.locator(`a[href="/rooms/${roomId}"]`) })
      .locator('.badge-mention')
      .filter({ hasText: ru('web:rooms.unreadMentions', { count: 1 }) })
      .waitFor();
    await marat.goto(`/rooms/${roomId}?lang=ru`);
    const mentioned = item(marat, 'ответ ниже');
    await mentioned.locator('.mention-badge', { hasText: ru('web:rooms.mentionsYou') }).waitFor();
    expect(await item(host, 'ответ ниже').locator('.mention-badge').count()).toBe(0);
    // The server stored the mention (it is what the e-mail about unread mentions reads).
    const threadId = new URL(marat.url()).searchParams.get('thread') ?? (await firstThread(roomId, member));
    const { messages } = await gql<{
      messages: { body: string | null; mentions: { displayName: string }[] }[];
    }>(
      `query ($threadId: ID!) { messages(threadId: $threadId, first: 200) { body mentions { displayName } } }`,
      { threadId },
      member,
    );
    expect(messages.find((message) => message.body?.includes('ответ ниже'))?.mentions).toEqual([
      { displayName: 'Marat Member' },
    ]);

    // The host edits the name out: the message stops marking Marat, live, and is no longer a mention.
    await item(host, 'ответ ниже')
      .getByRole('button', { name: ru('web:rooms.edit'), exact: true })
      .click();
    await host.getByLabel(ru('web:rooms.editLabel')).fill('Спасибо, ответ ниже');
    await host.getByRole('button', { name: ru('web:rooms.save') }).click();
    // The edited text first: until it arrives no item has it, and "no badge in it" would hold at once.
    await item(marat, 'Спасибо, ответ ниже').waitFor();
    await item(marat, 'Спасибо, ответ ниже').locator('.mention-badge').waitFor({ state: 'detached' });
    const after = await gql<{ messages: { body: string | null; mentions: unknown[] }[] }>(
      `query ($threadId: ID!) { messages(threadId: $threadId, first: 200) { body mentions { id } } }`,
      { threadId },
      member,
    );
    expect(after.messages.find((message) => message.body === 'Спасибо, ответ ниже')?.mentions).toEqual([]);

    // Editing again, the host picks Marat in the edit box the same way: he is mentioned once more.
    await item(host, 'Спасибо, ответ ниже')
      .getByRole('button', { name: ru('web:rooms.edit'), exact: true })
      .click();
    const editBox = host.getByLabel(ru('web:rooms.editLabel'));
    await editBox.press('End');
    await editBox.pressSequentially(', @Mar');
    await host
      .getByRole('listbox', { name: ru('web:rooms.mentionList') })
      .getByRole('option', { name: 'Marat Member' })
      .waitFor();
    await editBox.press('Enter');
    expect(await editBox.inputValue()).toBe('Спасибо, ответ ниже, @Marat Member ');
    await host.getByRole('button', { name: ru('web:rooms.save') }).click();
    await item(marat, 'ответ ниже, @Marat Member')
      .locator('.mention-badge', { hasText: ru('web:rooms.mentionsYou') })
      .waitFor();
    const again = await gql<{ messages: { body: string | null; mentions: { displayName: string }[] }[] }>(
      `query ($threadId: ID!) { messages(threadId: $threadId, first: 200) { body mentions { displayName } } }`,
      { threadId },
      member,
    );
    expect(again.messages.find((message) => message.body?.includes('@Marat Member'))?.mentions).toEqual([
      { displayName: 'Marat Member' },
    ]);
  });

  it('offers to mention people invited to a private room who have not written in it yet', async () => {
    const host = await tokenOf('coordinator.kg@example.org');
    const { createRoom } = await gql<{ createRoom: { id: string } }>(
      `mutation ($input: CreateRoomInput!) { createRoom(input: $input) { id } }`,
      {
        input: {
          scope: 'COUNTRY',
          countryCode: 'KG',
          visibility: 'PRIVATE',
          title: 'Комитет по насосам',
          originalLocale: 'ru',
        },
      },
      host,
    );
    const { me } = await gql<{ me: { id: string } }>(
      `{ me { id } }`,
      {},
      await tokenOf('member@example.org'),
    );
    await gql(
      `mutation ($input: RoomMemberInput!) { addRoomMember(input: $input) { role } }`,
      { input: { roomId: createRoom.id, userId: me.id, role: 'MEMBER' } },
      host,
    );
    await gql(
      `mutation ($input: CreateThreadInput!) { createThread(input: $input) { id } }`,
      { input: { roomId: createRoom.id, title: 'График ремонта' } },
      host,
    );
    const page = await openAs('coordinator.kg@example.org', `/rooms/${createRoom.id}?lang=ru`);
    const box = page.getByLabel('Ваше сообщение');
    await box.pressSequentially('@MAR');
    // Nobody has written here: the name comes from the server's list, found without matching case.
    await page
      .getByRole('listbox', { name: t('ru', 'web:rooms.mentionList') })
      .getByRole('option', { name: 'Marat Member' })
      .waitFor();
    await box.press('Enter');
    expect(await box.inputValue()).toBe('@Marat Member ');
  });

  async function firstThread(roomId: string, token: string): Promise<string> {
    const { threads } = await gql<{ threads: { edges: { node: { id: string } }[] } }>(
      `query ($roomId: ID!) { threads(roomId: $roomId, first: 1) { edges { node { id } } } }`,
      { roomId },
      token,
    );
    return threads.edges[0].node.id;
  }

  it('keeps what is typed through a reload, and sends a message written offline once the network is back, once', async () => {
    const token = await tokenOf('facilitator@example.org');
    const roomId = await kgRoomId(token);
    const page = await openAs('facilitator@example.org', `/rooms/${roomId}?lang=en`, 'en-GB');
    const box = page.getByLabel('Your message');
    const posted = (text: string) =>
      page.locator('ol.messages > li').filter({ has: page.locator('.message-body', { hasText: text }) });

    await box.fill('Half a thought, then the tab reloads');
    await page.reload();
    await settled(page);
    expect(await box.inputValue()).toBe('Half a thought, then the tab reloads');

    await page.context().setOffline(true);
    await page.getByRole('alert').filter({ hasText: 'You are offline.' }).waitFor();
    await box.fill('Written on the bus, with no signal');
    await page.getByRole('button', { name: 'Send' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Not sent yet: it will go out as soon as the connection is back.' })
      .waitFor();
    expect(await posted('Written on the bus').count()).toBe(0);
    // It left the box for the line: the next message is written meanwhile, and stays.
    expect(await box.inputValue()).toBe('');
    await box.fill('And the next thought');
    await page.context().setOffline(false);
    await posted('Written on the bus, with no signal').waitFor();
    expect(await box.inputValue()).toBe('And the next thought');
    // Stored once: a reload shows the message once, and the box what was typed after it.
    await page.reload();
    await settled(page);
    await posted('Written on the bus, with no signal').waitFor();
    expect(await posted('Written on the bus, with no signal').count()).toBe(1);
    expect(await box.inputValue()).toBe('And the next thought');
  });

  it('sends a message written offline also when its writer reloads or opens another thread before the network is back', async () => {
    const token = await tokenOf('facilitator@example.org');
    const roomId = await kgRoomId(token);
    const thread = async (title: string) =>
      (
        await gql<{ createThread: { id: string } }>(
          `mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }`,
          { input: { roomId, title } },
          token,
        )
      ).createThread.id;
    const first = await thread(`Bus notes ${Date.now()}`);
    const second = await thread(`Other notes ${Date.now()}`);
    const stored = async (threadId: string, text: string) =>
      (
        await gql<{ messages: { body: string }[] }>(
          `query($threadId: ID!) { messages(threadId: $threadId) { body } }`,
          { threadId },
          token,
        )
      ).messages.filter((message) => message.body === text).length;
    const page = await openAs(
      'facilitator@example.org',
      `/rooms/${roomId}?thread=${first}&lang=en`,
      'en-GB',
      DESKTOP,
    );
    const box = page.getByLabel('Your message');
    const waiting = page
      .getByRole('status')
      .filter({ hasText: 'Not sent yet: it will go out as soon as the connection is back.' });
    await settled(page);

    // Sent offline, then the tab reloads the moment the network is back.
    await page.context().setOffline(true);
    await page.getByRole('alert').filter({ hasText: 'You are offline.' }).waitFor();
    await box.fill('Sent on the bus, reloaded at the stop');
    await page.getByRole('button', { name: 'Send' }).click();
    await waiting.waitFor();
    await page.context().setOffline(false);
    await page.reload();
    await settled(page);
    for (let i = 0; i < 100 && (await stored(first, 'Sent on the bus, reloaded at the stop')) === 0; i++)
      await page.waitForTimeout(100);
    expect(await stored(first, 'Sent on the bus, reloaded at the stop')).toBe(1);
    await box.evaluate(
      (element) =>
        new Promise<void>((resolve) => {
          const check = () =>
            (element as HTMLTextAreaElement).value === '' ? resolve() : setTimeout(check, 50);
          check();
        }),
    );

    // Sent offline, then another thread is opened: it goes out from there, once.
    await page.context().setOffline(true);
    await page.getByRole('alert').filter({ hasText: 'You are offline.' }).waitFor();
    await box.fill('Sent on the bus, then I read the other thread');
    await page.getByRole('button', { name: 'Send' }).click();
    await waiting.waitFor();
    await page
      .getByRole('navigation', { name: 'Threads' })
      .getByRole('link', { name: /^Other notes/ })
      .click();
    await page.waitForURL((url) => url.searchParams.get('thread') === second);
    // Signing out would lose it: asked first, and staying keeps it waiting.
    const question = new Promise<string>((resolve) =>
      page.once('dialog', (dialog) => {
        resolve(dialog.message());
        void dialog.dismiss();
      }),
    );
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(await question).toBe(t('en', 'web:rooms.unsentOnSignOut'));
    await page.context().setOffline(false);
    for (
      let i = 0;
      i < 100 && (await stored(first, 'Sent on the bus, then I read the other thread')) === 0;
      i++
    )
      await page.waitForTimeout(100);
    expect(await stored(first, 'Sent on the bus, then I read the other thread')).toBe(1);
    // Back in its thread: the message is there once, and the box is empty.
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('thread') === first);
    const posted = page.locator('ol.messages > li').filter({
      has: page.locator('.message-body', { hasText: 'Sent on the bus, then I read the other thread' }),
    });
    await posted.waitFor();
    expect(await posted.count()).toBe(1);
    expect(await box.inputValue()).toBe('');
    // Right-to-left words are laid out right to left, in the box and in the thread.
    await box.fill('שלום לכולם!');
    await page.getByRole('button', { name: 'Send' }).click();
    const hebrew = page.locator('.message-body', { hasText: 'שלום לכולם!' });
    await hebrew.waitFor();
    expect(await hebrew.evaluate((element) => getComputedStyle(element).direction)).toBe('rtl');
    expect(await stored(first, 'Sent on the bus, then I read the other thread')).toBe(1);
  });

  it('takes the message box away from an open page as soon as a host locks the thread, and keeps what was typed in sight', async () => {
    const coordinator = await tokenOf('coordinator.kg@example.org');
    const roomId = await kgRoomId(coordinator);
    const { createThread } = await gql<{ createThread: { id: string } }>(
      `mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }`,
      { input: { roomId, title: `Closing soon ${Date.now()}` } },
      coordinator,
    );
    const page = await openAs('member@example.org', `/rooms/${roomId}?thread=${createThread.id}&lang=en`);
    await page.getByLabel('Your message').waitFor();
    await settled(page);
    await page.getByLabel('Your message').fill('A thought, half written');
    await gql(
      `mutation ($id: ID!) { lockThread(threadId: $id) { locked } }`,
      { id: createThread.id },
      coordinator,
    );
    await page.getByText(t('en', 'web:rooms.threadLocked')).waitFor();
    expect(await page.getByLabel('Your message').count()).toBe(0);
    // What was typed is not lost from sight: shown to keep, until discarded.
    const kept = page.locator('.unsent-draft');
    await kept.getByText('A thought, half written').waitFor();
    await kept.getByRole('button', { name: t('en', 'web:rooms.discardUnsent') }).click();
    await kept.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByText(t('en', 'web:rooms.threadLocked')).waitFor();
    expect(await page.locator('.unsent-draft').count()).toBe(0);
  });

  it('searches in Russian with a typo, filters by a theme, opens a case study and switches to Spanish', async () => {
    await importCaseStudies();
    const page = await open('/search?lang=ru', 'ru-RU');
    await page.getByLabel('Поиск по проектам, урокам и материалам').fill('водопровд');
    const title = 'Сельские водные комитеты, которые сами оплачивают ремонт';
    const caseStudyHit = page.locator('.hits a[href="/case-studies/browser-village-water-committees"]');
    await caseStudyHit.waitFor();
    await page.locator('.snippet mark').first().waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toBe('водопровд');

    await page.getByText('Фильтры').click();
    await page.getByRole('checkbox', { name: /Водоснабжение и санитария/ }).click();
    await page.waitForURL(/theme=water-sanitation/);
    expect(await page.getByRole('checkbox', { name: /Водоснабжение и санитария/ }).isChecked()).toBe(true);
    await caseStudyHit.waitFor();
    await page.getByRole('checkbox', { name: /Киргизия/ }).click();
    await page.waitForURL(/country=KG/);
    await settled(page);
    const hits = await page.locator('.hits .hit-title').allTextContents();
    expect(hits).toContain(title);
    await checkPage(page, 'search');

    // Years: the project ran 2010–2014. From 2015 on it is not there; 2012–2013 find it again.
    const from = page.getByRole('textbox', { name: 'С', exact: true });
    await from.fill('201');
    expect(new URL(page.url()).searchParams.get('from')).toBeNull();
    await from.fill('2015');
    await page.waitForURL(/from=2015/);
    await caseStudyHit.waitFor({ state: 'detached' });
    await from.fill('2012');
    await page.getByRole('textbox', { name: 'По', exact: true }).fill('2013');
    await page.waitForURL(/from=2012&to=2013|to=2013.*from=2012/);
    await caseStudyHit.waitFor();
    await from.fill('');
    await page.getByRole('textbox', { name: 'По', exact: true }).fill('');
    await page.waitForURL((url) => !url.searchParams.has('from') && !url.searchParams.has('to'));

    await caseStudyHit.click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page
      .getByRole('img', { name: 'Диаграмма результатов; те же цифры приведены в таблице ниже.' })
      .waitFor();
    await page.getByRole('row', { name: /Семьи с водопроводом/ }).waitFor();
    // Units and approaches in Russian, the unit in the form its number takes.
    await page.getByRole('row', { name: /Семьи, платящие сезонные взносы.*3\s400 домохозяйств/ }).waitFor();
    await page.getByText('Плата пользователей').waitFor();
    await page.getByText('Взносы после урожая платят надёжнее.').waitFor();
    await page.getByRole('heading', { name: 'Похожие проекты' }).waitFor();
    await page.getByRole('link', { name: 'Ассоциация водопользователей в долине' }).waitFor();
    await checkPage(page, 'case-study');

    await page.getByLabel('Язык').selectOption('es');
    await page.getByText('Se muestra en inglés: todavía no está disponible en español.').waitFor();
    await page
      .getByRole('heading', { level: 1, name: 'Village water committees that pay for their own repairs' })
      .waitFor();
    await page.getByRole('heading', { name: 'Proyectos comparables' }).waitFor();
    expect(new URL(page.url()).searchParams.get('lang')).toBe('es');

    // A search nothing matches says what to try next.
    await page.goto('/search?q=zzqxv&lang=es');
    await settled(page);
    await page.getByText('Todavía no hay coincidencias. Puede:').waitFor();

    // Chosen filters nothing matches any more keep their names, not their codes.
    await page.goto('/search?q=zzqxv&theme=water-sanitation&country=KG&type=CASE_STUDY&in=ru&lang=es');
    await settled(page);
    await page.locator('summary', { hasText: 'Filtros' }).click();
    for (const name of ['Agua y saneamiento (0)', 'Kirguistán (0)', 'Estudio de caso (0)', 'Ruso (0)'])
      expect(await page.getByRole('checkbox', { name, exact: true }).isChecked()).toBe(true);
  });

  it("shows a workshop's agenda in the viewer's time zone, registers a member and offers the .ics file", async () => {
    const facilitator = await tokenOf('facilitator@example.org');
    const start = new Date(Date.now() + 20 * 86_400_000);
    start.setUTCHours(3, 0, 0, 0); // 09:00 in Bishkek, 22:00 the day before in Lima
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000).toISOString();
    const { createEvent } = await gql<{ createEvent: { id: string } }>(
      `mutation($input: EventInput!) { createEvent(input: $input) { id } }`,
      {
        input: {
          kind: 'WORKSHOP',
          originalLocale: 'ru',
          title: 'Региональный семинар по водным комитетам',
          description: 'Обмен опытом между сёлами.',
          countryCodes: ['KG'],
          startsAt: at(0),
          endsAt: at(8 * 60),
          timeZone: 'Asia/Bishkek',
          place: 'Бишкек',
          capacity: 30,
          visibility: 'MEMBERS',
          agenda: [
            { startsAt: at(0), title: 'Открытие', speakers: ['Farida Facilitator'] },
            { startsAt: at(90), title: 'Опыт Ак-Суу' },
          ],
        },
      },
      facilitator,
    );
    const context = await browser.newContext({
      baseURL: server.url,
      locale: 'ru-RU',
      timezoneId: 'America/Lima',
      viewport: PHONE,
    });
    contexts.push(context);
    await context.addInitScript(
      (token) => localStorage.setItem('ashar.token', token),
      await tokenOf('member@example.org'),
    );
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));

    await page.goto('/events?lang=ru');
    await settled(page);
    await page.getByText('Время указано в вашем часовом поясе (America/Lima).').waitFor();
    await page.getByRole('link', { name: 'Региональный семинар по водным комитетам' }).first().waitFor();
    // 22:00 to 06:00 in Lima: the end names its day, so that it does not read as a few hours.
    const ends = page
      .locator('li')
      .filter({ has: page.getByRole('link', { name: 'Региональный семинар по водным комитетам' }) })
      .locator(`time[datetime="${at(8 * 60)}"]`);
    expect(await ends.textContent()).toMatch(/^\d+ \S+ 0?6:00$/);
    await checkPage(page, 'events');
    const month = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/Lima',
      year: 'numeric',
      month: '2-digit',
    })
      .format(start)
      .slice(0, 7);
    await page.goto(`/events?lang=ru&view=calendar&month=${month}`);
    await settled(page);
    const inCalendar = page.locator('table.calendar').getByRole('link', { name: /Региональный семинар/ });
    await inCalendar.first().waitFor();
    expect(await inCalendar.first().textContent()).toContain('22:00');
    // It lasts into a second day in Lima, which shows it as continued (in that day's month).
    const endMonth = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/Lima',
      year: 'numeric',
      month: '2-digit',
    })
      .format(new Date(at(8 * 60)))
      .slice(0, 7);
    if (endMonth !== month) {
      await page.goto(`/events?lang=ru&view=calendar&month=${endMonth}`);
      await settled(page);
    }
    await inCalendar.filter({ hasText: '(продолжение)' }).waitFor();
    expect(await inCalendar.count()).toBe(endMonth === month ? 2 : 1);
    await checkPage(page, 'events-calendar');

    await page.goto(`/events/${createEvent.id}?lang=ru`);
    await settled(page);
    await page
      .getByRole('row', { name: /Открытие/ })
      .getByText(/22:00/)
      .waitFor();
    await page
      .getByRole('row', { name: /Опыт Ак-Суу/ })
      .getByText(/23:30/)
      .waitFor();
    await page.getByRole('button', { name: 'Зарегистрироваться' }).click();
    await page.getByText('Вы зарегистрированы.').waitFor();
    // The focus moves to the button that took the pressed one's place.
    await page.waitForFunction(() => document.activeElement?.id === 'event-unregister');
    await page.getByText('Осталось 29 мест из 30').waitFor();
    // A members-only event's file is there for the member, in the site's language; without the session
    // it is not found.
    const link = page.getByRole('link', { name: 'Добавить в календарь (.ics)' });
    expect((await fetch(`${server.url}${await link.getAttribute('href')}`)).status).toBe(404);
    const [calendar] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const ics = readFileSync(await calendar.path())
      .toString()
      .replace(/\r\n[ \t]/g, ''); // unfolded
    expect(ics).toContain('BEGIN:VEVENT');
    expect(ics).toContain('SUMMARY:Региональный семинар по водным комитетам');
    expect(calendar.suggestedFilename()).toMatch(/^event-.+\.ics$/);
    await checkPage(page, 'event');

    // An event with its discussion room and its materials (the demo workshop has both).
    const { events } = await gql<{ events: { edges: { node: { id: string; roomId: string | null } }[] } }>(
      `{ events(first: 50) { edges { node { id roomId } } } }`,
    );
    let linked: { id: string; roomId: string; material: string } | undefined;
    for (const { node } of events.edges) {
      if (!node.roomId) continue;
      const { materials } = await gql<{ materials: { edges: { node: { title: string } }[] } }>(
        `query($id: ID!) { materials(first: 1, filter: { eventId: $id }) { edges { node { title } } } }`,
        { id: node.id },
      );
      if (materials.edges[0])
        linked = { id: node.id, roomId: node.roomId, material: materials.edges[0].node.title };
      if (linked) break;
    }
    if (!linked) throw new Error('No event with a room and materials to show');
    await page.goto(`/events/${linked.id}?lang=ru`);
    await settled(page);
    await page.getByRole('heading', { name: 'Материалы' }).waitFor();
    await page.getByRole('link', { name: linked.material }).waitFor();
    await page.getByRole('link', { name: 'Обсуждение' }).click();
    await page.waitForURL(new RegExp(`/rooms/${linked.roomId}`));
    await settled(page);
  });

  it('a facilitator schedules a Russian workshop in Bishkek through the form, then edits, translates and cancels it', async () => {
    const ru = (key: string, options?: Record<string, unknown>) => t('ru', key, options);
    /** A page signed in as a demo account, in a browser set to a time zone. */
    async function signedIn(email: string, timezoneId: string, path: string): Promise<Page> {
      const context = await browser.newContext({
        baseURL: server.url,
        locale: 'ru-RU',
        timezoneId,
        viewport: PHONE,
      });
      contexts.push(context);
      await context.addInitScript(
        (token) => localStorage.setItem('ashar.token', token),
        await tokenOf(email),
      );
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
      await page.goto(path);
      await settled(page);
      return page;
    }

    // A member is offered no way to schedule, and the form's address tells them why.
    const member = await signedIn('member@example.org', 'America/Lima', '/events?lang=ru');
    expect(await member.getByRole('link', { name: ru('web:eventForm.scheduleAction') }).count()).toBe(0);
    await member.goto('/events/new?lang=ru');
    await settled(member);
    await member.getByText(ru('web:eventForm.notAllowed')).waitFor();
    expect(await member.locator('form').count()).toBe(0);

    // The facilitator, in Amsterdam, schedules a workshop in Bishkek.
    const page = await signedIn('facilitator@example.org', 'Europe/Amsterdam', '/events?lang=ru');
    await page.getByRole('link', { name: ru('web:eventForm.scheduleAction') }).click();
    await page.waitForURL(/\/events\/new/);
    await settled(page);
    expect(await page.locator('[name="timeZone"]').inputValue()).toBe('Europe/Amsterdam');
    const date = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel(ru('web:eventForm.writtenIn')).selectOption('ru');
    await page.locator('[name="title"]').fill('Семинар по водным комитетам: опыт сёл');
    await page.locator('[name="description"]').fill('Обмен опытом между сёлами Иссык-Куля.');
    await page.locator('input[name="countryCodes"][value="KG"]').check();
    await page.getByLabel(ru('web:eventForm.timeZone')).selectOption('Asia/Bishkek');
    await page.locator('[name="startDate"]').fill(date);
    await page.locator('[name="startTime"]').fill('09:00');
    await page.locator('[name="endTime"]').fill('17:00');
    await page.getByText(ru('web:eventForm.timeZoneHint', { offset: 'UTC+06:00' })).waitFor();
    await page.locator('[name="place"]').fill('Бишкек');
    await page.locator('[name="capacity"]').fill('25');
    // The facilitator scheduling it is named already; a coordinator is found by name and named too.
    expect(await page.getByLabel('Farida Facilitator').isChecked()).toBe(true);
    const findFacilitator = page.getByLabel(ru('web:eventForm.findFacilitator'));
    await findFacilitator.fill('zzz');
    await page.getByText(ru('web:eventForm.noFacilitatorFound', { name: 'zzz' })).waitFor();
    await findFacilitator.fill('nurlan');
    await page.getByLabel('Nurlan Coordinator (KG)').check();
    expect(await page.getByLabel('Marat Member').count()).toBe(0);
    // The agenda, by keyboard: two items, a third added by mistake and removed.
    const addItem = page.getByRole('button', { name: ru('web:eventForm.addItem') });
    for (const [time, title, speakers] of [
      ['09:00', 'Открытие', 'Farida Facilitator'],
      ['10:30', 'Опыт Ак-Суу', ''],
      ['12:00', 'Лишний пункт', ''],
    ]) {
      await addItem.press('Enter');
      const index = (await page.locator('ol.agenda-editor > li').count()) - 1;
      await page.waitForFunction(
        (name) => document.activeElement?.getAttribute('name') === name,
        `agenda.${index}.time`,
      );
      await page.locator(`[name="agenda.${index}.time"]`).fill(time);
      await page.locator(`[name="agenda.${index}.title"]`).fill(title);
      await page.locator(`[name="agenda.${index}.speakers"]`).fill(speakers);
    }
    await page
      .locator('ol.agenda-editor > li')
      .nth(2)
      .getByRole('button', { name: ru('web:eventForm.removeItem') })
      .press('Enter');
    expect(await page.locator('ol.agenda-editor > li').count()).toBe(2);
    expect(await page.locator('[name="agenda.1.time"]').inputValue()).toBe('10:30');
    // Reordering keeps the focus on the item moved, so Enter moves it back.
    const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    await page
      .locator('ol.agenda-editor > li')
      .nth(1)
      .getByRole('button', { name: ru('web:eventForm.moveUp') })
      .press('Enter');
    expect(await page.locator('[name="agenda.0.title"]').inputValue()).toBe('Опыт Ак-Суу');
    expect(await focusedText()).toBe(ru('web:eventForm.moveDown'));
    await page.keyboard.press('Enter');
    expect(await page.locator('[name="agenda.1.title"]').inputValue()).toBe('Опыт Ак-Суу');
    expect(await focusedText()).toBe(ru('web:eventForm.moveUp'));

    // The form's own check, then the server's, each next to its field.
    const submit = page.getByRole('button', { name: ru('web:eventForm.schedule') });
    await page.locator('[name="endTime"]').fill('08:00');
    await submit.click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'endTime');
    expect(await fieldError(page, 'endTime')).toBe(ru('web:eventForm.errors.endBeforeStart'));
    await page.locator('[name="endTime"]').fill('17:00');
    const tampered: ((input: Record<string, unknown>) => void)[] = [
      // An end before the start, past the form's check.
      (input) => (input.endsAt = new Date(Date.parse(input.startsAt as string) - 3_600_000).toISOString()),
      // An agenda item after the end.
      (input) => {
        const agenda = input.agenda as { startsAt: string }[];
        agenda[1].startsAt = new Date(Date.parse(input.endsAt as string) + 3_600_000).toISOString();
      },
    ];
    await page.route('**/graphql', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as {
        query: string;
        variables: { input: Record<string, unknown> };
      };
      if (!body.query.includes('createEvent')) return route.continue();
      tampered.shift()?.(body.variables.input);
      return route.continue({ postData: JSON.stringify(body) });
    });
    await submit.click();
    await page.getByText(ru('events:errors.endBeforeStart')).waitFor();
    expect(await fieldError(page, 'endTime')).toBe(ru('events:errors.endBeforeStart'));
    await submit.click();
    await page.getByText(ru('events:errors.agendaOutside')).waitFor();
    expect(await fieldError(page, 'agenda.1.time')).toBe(ru('events:errors.agendaOutside'));
    expect(await fieldError(page, 'endTime')).toBeNull();
    await checkPage(page, 'event-new-errors');
    // The whole form, errors and agenda included, fits a phone without scrolling sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await submit.click();
    await page.waitForURL(/\/events\/[0-9a-f-]{36}/);
    const id = /\/events\/([0-9a-f-]{36})/.exec(page.url())![1];

    const { event } = await gql<{
      event: {
        timeZone: string;
        originalLocale: string;
        localStartsAt: string;
        agenda: { localStartsAt: string }[];
        facilitators: { displayName: string }[];
      };
    }>(
      `query($id: ID!) { event(id: $id) { timeZone originalLocale localStartsAt agenda { localStartsAt } facilitators { displayName } } }`,
      { id },
    );
    expect(event.facilitators.map((person) => person.displayName).sort()).toEqual([
      'Farida Facilitator',
      'Nurlan Coordinator (KG)',
    ]);
    expect({ ...event, facilitators: undefined }).toEqual({
      facilitators: undefined,
      timeZone: 'Asia/Bishkek',
      originalLocale: 'ru',
      localStartsAt: `${date}T09:00:00+06:00`,
      agenda: [{ localStartsAt: `${date}T09:00:00+06:00` }, { localStartsAt: `${date}T10:30:00+06:00` }],
    });

    // A member in Lima sees it in their own time: 09:00 in Bishkek is 22:00 the day before.
    await member.goto(`/events/${id}?lang=ru`);
    await settled(member);
    await member.getByRole('heading', { level: 1, name: 'Семинар по водным комитетам: опыт сёл' }).waitFor();
    await member
      .getByRole('row', { name: /Открытие/ })
      .getByText(/22:00/)
      .waitFor();
    await member
      .getByRole('row', { name: /Опыт Ак-Суу/ })
      .getByText(/23:30/)
      .waitFor();
    expect(await member.getByRole('link', { name: ru('web:eventForm.edit') }).count()).toBe(0);

    // Edit: the form starts from the event as written; a new capacity is saved, the agenda kept.
    await page.unroute('**/graphql');
    await settled(page);
    await page.getByRole('link', { name: ru('web:eventForm.edit') }).click();
    await page.waitForURL(/\/edit/);
    await settled(page);
    expect(await page.locator('[name="title"]').inputValue()).toBe('Семинар по водным комитетам: опыт сёл');
    expect(await page.locator('[name="timeZone"]').inputValue()).toBe('Asia/Bishkek');
    expect(await page.locator('[name="startTime"]').inputValue()).toBe('09:00');
    expect(await page.locator('[name="agenda.1.title"]').inputValue()).toBe('Опыт Ак-Суу');
    await page.locator('[name="capacity"]').fill('30');
    await page.getByRole('button', { name: ru('web:eventForm.save') }).click();
    await page.waitForURL(new RegExp(`/events/${id}\\?`));
    await page.getByText(ru('web:events.spotsLeft', { count: 30, capacity: 30 })).waitFor();

    // A translation into English, agenda titles included.
    await page.getByRole('link', { name: ru('web:eventForm.addTranslation') }).click();
    await page.waitForURL(/\/translate/);
    await settled(page);
    await page.getByLabel(ru('web:eventForm.translateInto')).selectOption('en');
    await page.locator('[name="title"]').fill('Workshop on water committees: what villages learnt');
    await page.locator('[name="agendaTitles.0"]').fill('Opening');
    await page.locator('[name="agendaTitles.1"]').fill('The Ak-Suu experience');
    // The first item's speakers as English writes them; the second names none, so it asks for none.
    await page
      .getByLabel(ru('web:eventForm.agendaSpeakersOf', { number: 1, original: 'Farida Facilitator' }))
      .fill('Farida, facilitator\na guest from Ak-Suu');
    expect(await page.locator('[name="agendaSpeakers.1"]').count()).toBe(0);
    // The place too, next to the original's.
    await page.getByLabel(ru('web:eventForm.placeIn', { original: 'Бишкек' })).fill('Bishkek');
    await page.getByRole('button', { name: ru('web:eventForm.saveTranslation') }).click();
    await page.waitForURL(new RegExp(`/events/${id}\\?`));
    await settled(page);
    const english = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: JSON.stringify({ query: `{ event(id: "${id}") { title place agenda { title speakers } } }` }),
    }).then(
      (r) =>
        r.json() as Promise<{
          data: { event: { title: string; place: string; agenda: { title: string; speakers: string[] }[] } };
        }>,
    );
    expect(english.data.event).toEqual({
      title: 'Workshop on water committees: what villages learnt',
      place: 'Bishkek',
      agenda: [
        { title: 'Opening', speakers: ['Farida, facilitator', 'a guest from Ak-Suu'] },
        { title: 'The Ak-Suu experience', speakers: [] },
      ],
    });
    // In Russian the place stays as written.
    const russian = await gql<{ event: { place: string } }>(`{ event(id: "${id}") { place } }`);
    expect(russian.event.place).toBe('Бишкек');

    // Cancelling asks first.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: ru('web:eventForm.cancelEvent') }).click();
    await page.getByText(ru('web:events.cancelledNotice')).waitFor();
    expect(await page.getByRole('button', { name: ru('web:eventForm.cancelEvent') }).count()).toBe(0);
  });

  it('a member writes a Russian case study with a result and a lesson; the KG coordinator translates and publishes it', async () => {
    const ru = (key: string, options?: Record<string, unknown>) => t('ru', key, options);
    const title = 'Водные комитеты Нарына сами платят за ремонт';
    const page = await openAs('member@example.org', '/profile?lang=ru');
    // The profile names the member's organisation, with its page.
    await page.getByRole('heading', { level: 2, name: ru('web:profile.organisations') }).waitFor();
    await page.getByRole('link', { name: 'Ak-Suu Village Water Committee (demo)' }).waitFor();
    await page.getByRole('link', { name: ru('web:caseStudyForm.writeAction') }).click();
    await page.waitForURL(/\/case-studies\/new/);
    await settled(page);
    await page.locator('input[name="countries"][value="KG"]').waitFor();

    expect(await page.locator('[name="originalLocale"]').inputValue()).toBe('ru');
    await page.locator('[name="title"]').fill(title);
    // The web address is made from the Russian title.
    expect(await page.locator('[name="slug"]').inputValue()).toBe(
      'vodnye-komitety-naryna-sami-platiat-za-remont',
    );
    await page.locator('[name="summary"]').fill('Сёла Нарына собирают взносы и чинят водопровод сами.');
    await page
      .locator('[name="body"]')
      .fill('Каждая семья платила **после урожая**.\n\n- сбор взносов\n- ремонт');
    await page.getByText(ru('web:caseStudyForm.preview')).click();
    await page.locator('.markdown-preview strong', { hasText: 'после урожая' }).waitFor();
    await page.locator('input[name="countries"][value="KG"]').check();
    await page.locator('input[name="themes"][value="water-sanitation"]').check();
    await page.locator('[name="approaches"]').fill('user-fees, peer-support');
    await page.locator('[name="periodStart"]').fill('2021');
    await page.locator('[name="periodEnd"]').fill('2018');
    await page.locator('[name="fundingAmount"]').fill('15000');
    await page.locator('[name="fundingCurrency"]').fill('usd');
    await page.locator('[name="reach.households"]').fill('320');
    await page.getByRole('button', { name: ru('web:caseStudyForm.addOrganisation') }).press('Enter');
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'organisations.0.name');
    await page.locator('[name="organisations.0.name"]').fill('Нет такой организации в справочнике');

    // The form's own check first, with the focus on the field to correct.
    const submit = page.getByRole('button', { name: ru('web:caseStudyForm.create') });
    await submit.click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'periodEnd');
    expect(await fieldError(page, 'periodEnd')).toBe(ru('web:caseStudyForm.errors.endBeforeStart'));
    await page.locator('[name="periodStart"]').fill('2018');
    await page.locator('[name="periodEnd"]').fill('2021');
    // Then the server's: a member may only name organisations of the directory.
    await submit.click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'organisations.0.name');
    expect(await fieldError(page, 'organisations.0.name')).toContain(ru('validation:unknownOrganisation'));
    // Typing part of a name offers the directory's organisations that contain it.
    await page.locator('[name="organisations.0.name"]').fill('');
    await page.locator('[name="organisations.0.name"]').pressSequentially('Ak-Su');
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll<HTMLOptionElement>('#directory-organisations option')).some(
        (option) => option.value === 'Ak-Suu Village Water Committee (demo)',
      ),
    );
    // An end before the start, past the form's check, is also shown next to its field.
    await page.locator('[name="organisations.0.name"]').fill('Ak-Suu Village Water Committee (demo)');
    let tamper = true;
    await page.route('**/graphql', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as {
        query: string;
        variables: { input: { period: { start: number; end: number } } };
      };
      if (!tamper || !body.query.includes('createCaseStudy')) return route.continue();
      tamper = false;
      body.variables.input.period = { start: 2021, end: 2018 };
      return route.continue({ postData: JSON.stringify(body) });
    });
    await submit.click();
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'periodEnd');
    expect(await fieldError(page, 'periodEnd')).not.toBeNull();
    expect(await fieldError(page, 'organisations.0.name')).toBeNull();
    await checkPage(page, 'case-study-new-errors');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.unroute('**/graphql');

    await submit.click();
    await page.waitForURL(/\/case-studies\/vodnye-komitety-naryna-sami-platiat-za-remont/);
    await settled(page);
    const slug = 'vodnye-komitety-naryna-sami-platiat-za-remont';
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByText(ru('web:caseStudyForm.statuses.DRAFT'), { exact: true }).waitFor();
    // The member may edit their draft but not publish it.
    await page.getByRole('link', { name: ru('web:caseStudyForm.edit') }).waitFor();
    expect(await page.getByRole('button', { name: ru('web:caseStudyForm.publish') }).count()).toBe(0);

    // One result and one lesson, by keyboard.
    await page.getByText(ru('web:caseStudyForm.addResult')).press('Enter');
    await page.locator('[name="result.label"]').fill('Семьи с исправным водопроводом');
    await page.locator('[name="result.value"]').fill('320');
    await page.locator('[name="result.unit"]').fill('households');
    await page.locator('[name="result.year"]').fill('2021');
    await page.locator('[name="result.baseline"]').fill('40');
    await page.locator('[name="result.baselineYear"]').fill('2018');
    await page.getByRole('button', { name: ru('web:caseStudyForm.saveResult') }).press('Enter');
    await page.getByRole('row', { name: /Семьи с исправным водопроводом/ }).waitFor();
    await page.getByText(ru('web:caseStudyForm.addLesson')).press('Enter');
    await page.locator('[name="lesson.text"]').fill('Взносы после урожая собираются надёжнее ежемесячных.');
    await page.locator('input[name="lesson.themes"][value="water-sanitation"]').check();
    await page.getByRole('button', { name: ru('web:caseStudyForm.saveLesson') }).press('Enter');
    await page
      .locator('ul.lessons')
      .getByText('Взносы после урожая собираются надёжнее ежемесячных.')
      .waitFor();
    await checkPage(page, 'case-study-draft');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    // Edit: the form starts from the draft as written; only the changed region is sent.
    await page.getByRole('link', { name: ru('web:caseStudyForm.edit') }).click();
    await page.waitForURL(/\/edit/);
    await settled(page);
    expect(await page.locator('[name="title"]').inputValue()).toBe(title);
    expect(await page.locator('[name="organisations.0.name"]').inputValue()).toBe(
      'Ak-Suu Village Water Committee (demo)',
    );
    const sent: string[] = [];
    page.on('request', (request) => {
      const data = request.postData();
      if (data?.includes('updateCaseStudy')) sent.push(data);
    });
    await page.locator('[name="region"]').fill('Нарынская область');
    await page.getByRole('button', { name: ru('web:caseStudyForm.save') }).click();
    await page.waitForURL(/\/case-studies\/vodnye-komitety-naryna-sami-platiat-za-remont\?/);
    await page.getByText(/Нарынская область/).waitFor();
    // Only the field changed, with the version it was changed from.
    expect(JSON.parse(sent[0]).variables.input).toEqual({
      region: 'Нарынская область',
      expectedUpdatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    // The draft is among the member's drafts, and a guest cannot see it.
    await page.goto('/case-studies/drafts?lang=ru');
    await settled(page);
    await page.getByRole('link', { name: title }).waitFor();
    const guest = await open(`/case-studies/${slug}?lang=en`);
    await guest.getByRole('heading', { level: 1, name: t('en', 'web:notFound.title') }).waitFor();

    // The coordinator of Kyrgyzstan adds an English translation, then publishes.
    const coordinator = await openAs('coordinator.kg@example.org', `/case-studies/${slug}?lang=ru`);
    await coordinator.getByRole('link', { name: ru('web:caseStudyForm.addTranslation') }).click();
    await coordinator.waitForURL(/\/translate/);
    await settled(coordinator);
    await coordinator.getByLabel(ru('web:caseStudyForm.translateInto')).selectOption('en');
    await coordinator.locator('[name="title"]').fill('Naryn water committees pay for their own repairs');
    await coordinator
      .locator('[name="summary"]')
      .fill('Villages in Naryn collect fees and repair their water supply.');
    await coordinator.locator('[name="body"]').fill('Each family paid **after the harvest**.');
    // The region too, next to the original's.
    await coordinator
      .getByLabel(ru('web:caseStudyForm.regionIn', { original: 'Нарынская область' }))
      .fill('Naryn Region');
    await coordinator.getByRole('button', { name: ru('web:caseStudyForm.saveTranslation') }).click();
    await coordinator.waitForURL(new RegExp(`/case-studies/${slug}\\?`));
    await settled(coordinator);
    coordinator.once('dialog', (dialog) => void dialog.accept());
    await coordinator.getByRole('button', { name: ru('web:caseStudyForm.publish') }).click();
    // Published: the badge and the button go, archiving stays possible.
    await coordinator.locator('.status-badge').waitFor({ state: 'detached' });
    expect(await coordinator.getByRole('button', { name: ru('web:caseStudyForm.publish') }).count()).toBe(0);
    await coordinator.getByRole('button', { name: ru('web:caseStudyForm.archive') }).waitFor();

    // A guest finds it by search in English once the outbox has fed the index.
    for (let attempt = 0; ; attempt++) {
      const { search } = await gql<{ search: { hits: { slug: string }[] } }>(
        `{ search(query: "Naryn repairs", first: 20) { hits { slug } } }`,
      );
      if (search.hits.some((hit) => hit.slug === slug)) break;
      if (attempt > 60) throw new Error('The published case study never became searchable');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await guest.goto('/search?q=Naryn%20repairs&lang=en');
    await settled(guest);
    await guest.locator(`.hits a[href="/case-studies/${slug}"]`).click();
    await guest
      .getByRole('heading', { level: 1, name: 'Naryn water committees pay for their own repairs' })
      .waitFor();
    await guest.getByRole('row', { name: /Семьи с исправным водопроводом/ }).waitFor();
    // The English reader reads the region in English; the Russian one, as written.
    await guest.getByText(/Naryn Region/).waitFor();
    expect(await guest.getByText(/Нарынская область/).count()).toBe(0);
    const { caseStudy } = await gql<{ caseStudy: { region: string } }>(
      `query ($slug: String!) { caseStudy(slug: $slug) { region } }`,
      { slug },
    );
    expect(caseStudy.region).toBe('Нарынская область');
  });

  it('two people translating the same results and lessons at once lose nothing of each other', async () => {
    const ru = (key: string, options?: Record<string, unknown>) => t('ru', key, options);
    const token = await tokenOf('admin@example.org');
    const slug = 'batken-wells-shared-by-three-villages';
    const { createCaseStudy } = await gql<{ createCaseStudy: { id: string } }>(
      `mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { id } }`,
      {
        input: {
          slug,
          originalLocale: 'en',
          title: 'Batken wells shared by three villages',
          summary: 'Three villages dug and keep two wells together.',
          body: 'A joint committee sets the turns for drawing water in summer.',
          countries: ['KG'],
          themes: ['water-sanitation'],
        },
      },
      token,
    );
    const id = createCaseStudy.id;
    const { addResultIndicator: result } = await gql<{ addResultIndicator: { id: string } }>(
      `mutation($id: ID!, $input: ResultIndicatorInput!) { addResultIndicator(caseStudyId: $id, input: $input) { id } }`,
      { id, input: { label: 'Wells in use all year', value: 2, unit: 'wells', originalLocale: 'en' } },
      token,
    );
    const addLesson = async (text: string) =>
      (
        await gql<{ addLesson: { id: string } }>(
          `mutation($id: ID!, $input: LessonInput!) { addLesson(caseStudyId: $id, input: $input) { id } }`,
          { id, input: { text, originalLocale: 'en' } },
          token,
        )
      ).addLesson;
    const first = await addLesson('Agree on the turns before the dry months.');
    const second = await addLesson('Let each village name one keeper.');
    const translate = (mutation: string, itemId: string, locale: string, text: string) =>
      gql(
        `mutation($id: ID!, $input: TextTranslationInput!) { ${mutation}(id: $id, input: $input) { id } }`,
        { id: itemId, input: { locale, text } },
        token,
      );
    // A lesson already in Russian, whose translation this person only marks as made by a machine.
    const third = await addLesson('Write the turns on the well house door.');
    await translate('translateLesson', third.id, 'ru', 'Напишите очерёдность на двери');

    const page = await openAs(
      'coordinator.kg@example.org',
      `/case-studies/${slug}/translate-items?into=ru&lang=ru`,
    );
    await settled(page);
    const field = (name: string) => page.locator(`[name="${name}"]`);
    await field(`result.${result.id}`).fill('Колодцы работают круглый год');
    await field(`lesson.${first.id}`).fill('Договоритесь об очерёдности до засушливых месяцев.');
    await field(`lesson.${second.id}`).fill('Пусть каждое село назовёт одного смотрителя.');
    await field(`machine.${third.id}`).check();
    // Meanwhile someone else saves another Russian label, a Spanish lesson, a new English original and
    // a better Russian text of the lesson only ticked here.
    await translate('translateResultIndicator', result.id, 'ru', 'Круглогодичные колодцы');
    await translate('translateLesson', first.id, 'es', 'Acuerden los turnos antes de los meses secos.');
    await translate('translateLesson', second.id, 'en', 'Let each village name one keeper of the well.');
    await translate('translateLesson', third.id, 'ru', 'Напишите очерёдность на двери колодезного домика');

    await page.getByRole('button', { name: ru('web:translateItems.save') }).press('Enter');
    // Only a Spanish text was saved with the first lesson: its Russian one goes through at once.
    await page.getByText(ru('web:translateItems.saved', { count: 1 })).waitFor();
    // The label both translated keeps this person's, with the other one shown beside it.
    expect(await fieldError(page, `result.${result.id}`)).toBe(ru('web:translateItems.savedMeanwhile'));
    await page.getByText(ru('web:translateItems.theirs')).waitFor();
    await page.locator('blockquote', { hasText: 'Круглогодичные колодцы' }).waitFor();
    expect(await field(`result.${result.id}`).inputValue()).toBe('Колодцы работают круглый год');
    // The second lesson's original changed: the new one shows, and the translation waits to be checked.
    expect(await fieldError(page, `lesson.${second.id}`)).toBe(ru('web:edits.originalChangedAbove'));
    await page.locator('blockquote', { hasText: 'one keeper of the well' }).waitFor();
    expect(await field(`lesson.${second.id}`).inputValue()).toBe(
      'Пусть каждое село назовёт одного смотрителя.',
    );
    // Only its box was ticked here: the lesson saved meanwhile takes the field, still ticked, to be checked.
    expect(await fieldError(page, `lesson.${third.id}`)).toBe(ru('web:translateItems.replacedMeanwhile'));
    await page.waitForFunction(
      ([name, text]) =>
        (document.querySelector(`[name="${name}"]`) as HTMLTextAreaElement | null)?.value === text,
      [`lesson.${third.id}`, 'Напишите очерёдность на двери колодезного домика'],
    );
    expect(await field(`machine.${third.id}`).isChecked()).toBe(true);
    await checkPage(page, 'translate-items-saved-meanwhile');

    // Saving again, having seen both, stores this person's texts over the latest ones.
    await field(`lesson.${second.id}`).fill('Пусть каждое село назовёт одного смотрителя колодца.');
    await page.getByRole('button', { name: ru('web:translateItems.save') }).press('Enter');
    await page.getByText(ru('web:translateItems.saved', { count: 3 })).waitFor();
    const stored = await gql<{
      caseStudy: Record<
        'results' | 'lessons',
        { id: string; text?: string; label?: string; outdated: boolean }[]
      >;
    }>(
      `query($slug: String!) { caseStudy(slug: $slug) { results { id label outdated } lessons { id text outdated } } }`,
      { slug },
      token,
    );
    expect(stored.caseStudy.results).toEqual([
      { id: result.id, label: 'Колодцы работают круглый год', outdated: false },
    ]);
    expect(stored.caseStudy.lessons).toEqual([
      { id: first.id, text: 'Договоритесь об очерёдности до засушливых месяцев.', outdated: false },
      { id: second.id, text: 'Пусть каждое село назовёт одного смотрителя колодца.', outdated: false },
      { id: third.id, text: 'Напишите очерёдность на двери колодезного домика', outdated: false },
    ]);
  });

  it('keeps a translation saved while the page saves again, and what was typed for a lesson removed meanwhile', async () => {
    const ru = (key: string, options?: Record<string, unknown>) => t('ru', key, options);
    const token = await tokenOf('admin@example.org');
    const slug = 'osh-canal-repairs-in-turns';
    const { createCaseStudy } = await gql<{ createCaseStudy: { id: string } }>(
      `mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { id } }`,
      {
        input: {
          slug,
          originalLocale: 'en',
          title: 'Osh canal repairs in turns',
          summary: 'Four villages repair one canal, a stretch each.',
          body: 'Each spring the council sets the stretches.',
          countries: ['KG'],
          themes: ['water-sanitation'],
        },
      },
      token,
    );
    const addLesson = async (text: string) =>
      (
        await gql<{ addLesson: { id: string } }>(
          `mutation($id: ID!, $input: LessonInput!) { addLesson(caseStudyId: $id, input: $input) { id } }`,
          { id: createCaseStudy.id, input: { text, originalLocale: 'en' } },
          token,
        )
      ).addLesson;
    const kept = await addLesson('Mark each stretch with the village that repairs it.');
    const removed = await addLesson('Pay the mason from the common fund.');
    const translate = (itemId: string, locale: string, text: string) =>
      gql(
        `mutation($id: ID!, $input: TextTranslationInput!) { translateLesson(id: $id, input: $input) { id } }`,
        { id: itemId, input: { locale, text } },
        token,
      );
    const page = await openAs(
      'coordinator.kg@example.org',
      `/case-studies/${slug}/translate-items?into=ru&lang=ru`,
    );
    await settled(page);
    const field = (name: string) => page.locator(`[name="${name}"]`);
    await field(`lesson.${kept.id}`).fill('Отметьте каждый участок селом, которое его чинит.');
    await field(`lesson.${removed.id}`).fill('Платите каменщику из общего фонда.');
    // Meanwhile a Spanish text of the first lesson is saved (the page will save its own again at once)
    // and the second lesson is removed.
    await translate(kept.id, 'es', 'Marquen cada tramo con el pueblo que lo repara.');
    await gql(`mutation($id: ID!) { removeLesson(id: $id) }`, { id: removed.id }, token);
    // Just before the page's second try reaches the server, someone saves another Russian text.
    let sends = 0;
    await page.route('**/graphql', async (route) => {
      const body = route.request().postData() ?? '';
      if (body.includes('TranslateItem') && body.includes(kept.id) && ++sends === 2)
        await translate(kept.id, 'ru', 'Подпишите участки названиями сёл.');
      return route.continue();
    });
    await page.getByRole('button', { name: ru('web:translateItems.save') }).press('Enter');
    // Theirs is shown under the field; this person's words stay in it, and nothing of theirs was overwritten.
    await page.waitForFunction(
      (name) => document.querySelector(`[name="${name}"]`)?.getAttribute('aria-invalid') === 'true',
      `lesson.${kept.id}`,
    );
    expect(await fieldError(page, `lesson.${kept.id}`)).toBe(ru('web:translateItems.savedMeanwhile'));
    await page.locator('blockquote', { hasText: 'Подпишите участки названиями сёл.' }).waitFor();
    expect(await field(`lesson.${kept.id}`).inputValue()).toBe(
      'Отметьте каждый участок селом, которое его чинит.',
    );
    // The removed lesson is named by its words, and what was typed for it can still be copied.
    await page
      .locator('p.meta', { hasText: ru('web:translateItems.lessonKind') })
      .locator('q[lang="en"]', { hasText: 'Pay the mason from the common fund.' })
      .waitFor();
    await page.locator('blockquote', { hasText: 'Платите каменщику из общего фонда.' }).waitFor();
    await page.unroute('**/graphql');
    const stored = await gql<{ caseStudy: { lessons: { text: string }[] } }>(
      `query($slug: String!) { caseStudy(slug: $slug) { lessons { text } } }`,
      { slug },
      token,
    );
    expect(stored.caseStudy.lessons).toEqual([{ text: 'Подпишите участки названиями сёл.' }]);

    // While a save is on its way, the form takes no input: nothing typed then is thrown away unseen.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/graphql', async (route) => {
      if ((route.request().postData() ?? '').includes('TranslateItem')) await held;
      return route.continue();
    });
    const save = page.getByRole('button', { name: ru('web:translateItems.save') });
    await save.press('Enter');
    await page.locator('form[aria-busy="true"]').waitFor();
    const takesFocus = () =>
      field(`lesson.${kept.id}`).evaluate((box) => {
        (box as HTMLElement).focus();
        return document.activeElement === box;
      });
    expect(await takesFocus()).toBe(false);
    release();
    await page.getByText(ru('web:translateItems.saved', { count: 1 })).waitFor();
    await page.waitForFunction(() => !document.querySelector('form[aria-busy]'));
    // The focus is back on Save, and the form takes input again.
    await page.waitForFunction(() => document.activeElement?.getAttribute('type') === 'submit');
    expect(await takesFocus()).toBe(true);
    await page.unroute('**/graphql');
  });

  it('a coordinator works through the translation list: a result label and a lesson text into Russian', async () => {
    const ru = (key: string, options?: Record<string, unknown>) => t('ru', key, options);
    const token = await tokenOf('coordinator.kg@example.org');
    const slug = 'talas-school-gardens-feed-pupils';
    const title = 'Talas school gardens feed their pupils';
    const label = 'Schools with a working garden';
    const lessonText = 'Parents keep a garden going when the harvest stays in the school kitchen.';
    const { createCaseStudy } = await gql<{ createCaseStudy: { id: string } }>(
      `mutation($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { id } }`,
      {
        input: {
          slug,
          originalLocale: 'en',
          title,
          summary: 'Twelve schools in Talas grow vegetables for their own lunches.',
          body: 'Each school chose a plot and a parents’ committee to run it.',
          countries: ['KG'],
          themes: ['water-sanitation'],
        },
      },
      token,
    );
    const caseStudyId = createCaseStudy.id;
    const { addResultIndicator: result } = await gql<{ addResultIndicator: { id: string } }>(
      `mutation($id: ID!, $input: ResultIndicatorInput!) { addResultIndicator(caseStudyId: $id, input: $input) { id } }`,
      { id: caseStudyId, input: { label, value: 12, unit: 'schools', year: 2024, originalLocale: 'en' } },
      token,
    );
    const { addLesson: lesson } = await gql<{ addLesson: { id: string } }>(
      `mutation($id: ID!, $input: LessonInput!) { addLesson(caseStudyId: $id, input: $input) { id } }`,
      { id: caseStudyId, input: { text: lessonText, themes: ['water-sanitation'], originalLocale: 'en' } },
      token,
    );

    // The work list, in Russian and for Russian only: the case study's texts, its result and its lesson.
    const page = await openAs('coordinator.kg@example.org', '/profile?lang=ru');
    // Their role names their country, as the People page does, not its code.
    const role = ru('web:people.roleIn', {
      role: ru('common:roles.NATIONAL_COORDINATOR'),
      country: 'Киргизия',
    });
    await page.getByText(role, { exact: true }).waitFor();
    await page.getByRole('link', { name: ru('web:nav.translations') }).press('Enter');
    await page.waitForURL(/\/translations/);
    await settled(page);
    await page.getByLabel(ru('web:translations.languageFilter')).selectOption('ru');
    await page.waitForURL(/[?&]into=ru/);
    const group = page.locator('section.task-group', { has: page.getByRole('link', { name: title }) });
    await group.waitFor();
    const task = (text: string) => group.locator('li', { hasText: text });
    await task(ru('web:translations.what.CASE_STUDY')).waitFor();
    await task(label).getByText(ru('web:translations.missing')).waitFor();
    await task(lessonText).waitFor();
    expect(await group.locator('li').count()).toBe(3);
    expect(await group.locator('.meta').first().textContent()).toContain(
      ru('web:translations.groupCount', { count: 3 }),
    );
    expect(await group.locator('li', { hasText: 'English' }).count()).toBe(0);
    await checkPage(page, 'translation-tasks');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    // The result's task leads to the form for results and lessons, in Russian, with the originals shown.
    const russian = ru('web:translations.translateInto', { language: 'русский' });
    await task(label).getByRole('link', { name: russian }).press('Enter');
    await page.waitForURL(/\/translate-items\?.*into=ru/);
    await settled(page);
    await page.locator('blockquote', { hasText: label }).waitFor();
    await page.locator('blockquote', { hasText: lessonText }).waitFor();
    await page.locator(`[name="result.${result.id}"]`).fill('Школы с работающим огородом');
    await page
      .locator(`[name="lesson.${lesson.id}"]`)
      .fill('Родители поддерживают огород, когда урожай остаётся в школьной столовой.');
    // The server refuses an over-long lesson (past the form): its message shows next to the lesson.
    let tamper = true;
    await page.route('**/graphql', async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as {
        query: string;
        variables: { input: { text: string } };
      };
      if (!tamper || !body.query.includes('translateLesson')) return route.continue();
      tamper = false;
      body.variables.input.text = 'x'.repeat(20_001);
      return route.continue({ postData: JSON.stringify(body) });
    });
    const save = page.getByRole('button', { name: ru('web:translateItems.save') });
    await save.press('Enter');
    await page.waitForFunction(
      (name) => document.activeElement?.getAttribute('name') === name,
      `lesson.${lesson.id}`,
    );
    expect(await fieldError(page, `lesson.${lesson.id}`)).not.toBeNull();
    expect(await fieldError(page, `result.${result.id}`)).toBeNull();
    await page.getByText(ru('web:translateItems.saved', { count: 1 })).waitFor();
    await checkPage(page, 'translate-items-errors');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.unroute('**/graphql');
    await save.press('Enter');
    await page.waitForFunction(
      (name) => document.querySelector(`[name="${name}"]`)?.getAttribute('aria-invalid') !== 'true',
      `lesson.${lesson.id}`,
    );
    await page.getByText(ru('web:translateItems.saved', { count: 1 })).waitFor();
    expect(await page.locator(`[name="lesson.${lesson.id}"]`).inputValue()).toBe(
      'Родители поддерживают огород, когда урожай остаётся в школьной столовой.',
    );

    // The English label changes, so its Russian one is outdated. Still right, it is confirmed as it
    // stands, and the lesson's translation is marked as made by a machine: both saved without retyping.
    await gql(
      `mutation($id: ID!, $input: TextTranslationInput!) { translateResultIndicator(id: $id, input: $input) { id } }`,
      { id: result.id, input: { locale: 'en', text: 'Schools with a working vegetable garden' } },
      token,
    );
    await page.reload();
    await settled(page);
    // Marking it machine-made alone would save it as current: the form asks for one or the other.
    await page.locator(`[name="machine.${result.id}"]`).check();
    await save.press('Enter');
    await page.waitForFunction(
      (name) => document.querySelector(`[name="${name}"]`)?.getAttribute('aria-invalid') === 'true',
      `result.${result.id}`,
    );
    expect(await fieldError(page, `result.${result.id}`)).toBe(ru('web:translateItems.confirmToSave'));
    await page.locator(`[name="machine.${result.id}"]`).uncheck();
    const confirm = page.locator(`[name="confirm.${result.id}"]`);
    await confirm.check();
    await page.locator(`[name="machine.${lesson.id}"]`).check();
    await save.press('Enter');
    await page.getByText(ru('web:translateItems.saved', { count: 2 })).waitFor();
    await confirm.waitFor({ state: 'detached' });
    expect(await page.locator(`[name="machine.${lesson.id}"]`).isChecked()).toBe(true);
    const stored = await gql<{
      caseStudy: Record<'results' | 'lessons', { translations: Record<string, unknown>[] }[]>;
    }>(
      `query($slug: String!) { caseStudy(slug: $slug) {
         results { translations { locale outdated machineTranslated } }
         lessons { translations { locale outdated machineTranslated } } } }`,
      { slug },
      token,
    );
    expect(stored.caseStudy.results[0].translations).toContainEqual({
      locale: 'ru',
      outdated: false,
      machineTranslated: false,
    });
    expect(stored.caseStudy.lessons[0].translations).toContainEqual({
      locale: 'ru',
      outdated: false,
      machineTranslated: true,
    });

    // Done: only the case study's own texts are left on the list, and the page shows the Russian label.
    await page.goto('/translations?lang=ru&into=ru');
    await settled(page);
    await group.waitFor();
    await task(ru('web:translations.what.CASE_STUDY')).waitFor();
    expect(await group.locator('li').count()).toBe(1);
    expect(await task(label).count()).toBe(0);
    expect(await task(lessonText).count()).toBe(0);
    // The case study's own texts open its translation form with Russian chosen.
    await task(ru('web:translations.what.CASE_STUDY')).getByRole('link', { name: russian }).press('Enter');
    await page.waitForURL(/\/translate\?.*into=ru/);
    await settled(page);
    await page.locator('[name="title"]').waitFor();
    expect(await page.getByLabel(ru('web:caseStudyForm.translateInto')).inputValue()).toBe('ru');
    // The original's language named as a Russian sentence names it, not sent back to this very form.
    await page.getByText(ru('web:caseStudyForm.writtenInOnly', { language: 'английский' })).waitFor();
    // Switching the page's language while typing keeps what is typed, and the language translated into.
    await page.locator('[name="title"]').fill('Черновик перевода');
    await page.getByLabel('Язык', { exact: true }).selectOption('es');
    await page.getByLabel('Idioma', { exact: true }).waitFor();
    await settled(page);
    expect(await page.locator('[name="title"]').inputValue()).toBe('Черновик перевода');
    expect(await page.getByLabel(t('es', 'web:caseStudyForm.translateInto')).inputValue()).toBe('ru');
    await page.goto(`/case-studies/${slug}?lang=ru`);
    await settled(page);
    await page.getByRole('row', { name: /Школы с работающим огородом/ }).waitFor();
    await page.locator('ul.lessons').getByText('Родители поддерживают огород').waitFor();

    // Someone who may not call the work list is told so.
    const member = await openAs('member@example.org', '/translations?lang=ru');
    await member.getByText(ru('web:translations.notAllowed')).waitFor();
    expect(await member.getByRole('link', { name: ru('web:nav.translations') }).count()).toBe(0);
  });

  it('a facilitator uploads a presentation in two languages, and a member downloads the Russian one', async () => {
    const facilitator = await openAs('facilitator@example.org', '/materials?lang=ru');
    await facilitator.getByRole('heading', { name: 'Добавить материал' }).waitFor();
    await facilitator.getByLabel('Название').fill('Презентация: водные комитеты');
    await facilitator.getByLabel('Язык оригинала').selectOption('ru');
    await facilitator.getByRole('button', { name: 'Создать материал' }).click();
    await facilitator.getByRole('heading', { level: 1, name: 'Презентация: водные комитеты' }).waitFor();
    const pdf = (text: string) =>
      Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n`);
    for (const [locale, name, text] of [
      ['en', 'water-committees.pdf', 'English deck'],
      ['ru', 'водные-комитеты.pdf', 'Русская версия'],
    ] as const) {
      await facilitator.getByLabel('Язык файла').selectOption(locale);
      await facilitator
        .getByLabel('Файл', { exact: true })
        .setInputFiles({ name, mimeType: 'application/pdf', buffer: pdf(text) });
      await facilitator.getByRole('button', { name: 'Загрузить', exact: true }).click();
      await facilitator
        .getByRole('status')
        .filter({ hasText: /Загружено/ })
        .waitFor();
    }
    await facilitator.getByRole('heading', { level: 3, name: 'English' }).waitFor();
    await facilitator.getByRole('heading', { level: 3, name: 'Русский' }).waitFor();
    // A program disguised as a PDF is refused by its content; the file field says why and has the focus.
    const fileField = facilitator.getByLabel('Файл', { exact: true });
    await fileField.setInputFiles({
      name: 'slides.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00 not a deck', 'latin1'),
    });
    await facilitator.getByRole('button', { name: 'Загрузить', exact: true }).click();
    await facilitator.waitForFunction(() => document.activeElement?.getAttribute('name') === 'file');
    expect(await fieldError(facilitator, 'file')).toMatch(/^Такой тип файла не принимается/);
    await checkPage(facilitator, 'material');
    const materialPath = new URL(facilitator.url()).pathname;

    const member = await openAs('member@example.org', `${materialPath}?lang=ru`);
    const [download] = await Promise.all([
      member.waitForEvent('download'),
      member.getByRole('link', { name: 'Скачать (русский)' }).click(),
    ]);
    const file = await download.path();
    expect(readFileSync(file).toString()).toContain('Русская версия');
    await member.goto('/materials?lang=ru&fileLang=ru');
    await settled(member);
    await member.getByRole('link', { name: 'Презентация: водные комитеты' }).waitFor();
    await checkPage(member, 'materials');
  });

  it("a member proposes a material for an event in Spanish; the coordinator edits, translates and publishes it, it shows on the event's page, and is deleted", async () => {
    const es = (key: string, options?: Record<string, unknown>) => t('es', key, options);
    const ru = (key: string, options?: Record<string, unknown>) => t('ru', key, options);
    // The member starts from the workshop's page, which offers to add a material for it.
    const { events } = await gql<{ events: { edges: { node: { id: string; title: string } }[] } }>(
      `{ events(first: 50) { edges { node { id title } } } }`,
      {},
      await tokenOf('member@example.org'),
    );
    // (Titles come in Russian, the language this helper asks in.)
    const eventId = events.edges.find(({ node }) => node.title.startsWith('Сообщества за рулём'))!.node.id;
    const member = await openAs('member@example.org', `/events/${eventId}?lang=es`, 'es-PE');
    await member.getByRole('link', { name: 'Añadir un material a este evento' }).click();
    await member.getByRole('heading', { name: 'Añadir un material' }).waitFor();
    await member.waitForFunction(() => document.activeElement?.textContent === 'Añadir un material');
    // A member's material is about their organisation's country, so its coordinator can publish it.
    await member.locator('input[name="countryCodes"][value="KG"]:checked').waitFor();
    expect(await member.locator('input[name="published"]').count()).toBe(0);
    await member.getByText(es('web:materials.proposalNote')).waitFor();
    await member.getByLabel('Título', { exact: true }).fill('P');
    await member.getByRole('button', { name: 'Crear material' }).click();
    await member.locator('.field-error').first().waitFor();
    expect(await fieldError(member, 'title')).toBe(es('web:materials.errors.minLength', { count: 2 }));
    expect(await member.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('title');

    await member.getByLabel('Título', { exact: true }).fill('Plan de acción: comités de agua');
    // Text pasted past the limit is kept whole, counted, and refused on its field: nothing is cut off.
    const description = member.getByLabel('Descripción');
    await description.fill('Qué haremos. '.repeat(769) + '👍👍👍👍');
    await member.getByText(es('web:common.charactersOver', { count: 1 })).waitFor();
    await member.getByRole('button', { name: 'Crear material' }).click();
    await member.locator('.field-error').first().waitFor();
    expect(await fieldError(member, 'description')).toBe(es('validation:maxLength', { count: 10000 }));
    expect(await description.inputValue()).toHaveLength(13 * 769 + 8);
    await description.fill('Qué haremos. '.repeat(700));
    await member.getByText(es('web:common.charactersLeft', { count: 900 })).waitFor();
    await description.fill('Qué haremos <b>después</b> del taller.');
    expect(await member.locator('.field-count').count()).toBe(0);
    // The workshop is already ticked.
    const workshop = member.getByRole('checkbox', {
      name: /Communities in the driving seat: regional CDD workshop/,
    });
    expect(await workshop.isChecked()).toBe(true);
    expect(await workshop.getAttribute('value')).toBe(eventId);
    // Finding an event asks the server, which reads titles in every language: a Russian word finds
    // the monthly call, and what finds nothing says so while the ticked workshop stays listed.
    const findEvent = member.getByLabel(es('web:materials.findEvent'));
    await findEvent.fill('СОЗВОН');
    await member.getByRole('checkbox', { name: /Monthly network call|Ежемесячный созвон/ }).waitFor();
    await findEvent.fill('zzzz');
    await member.getByText(es('web:materials.noEventFound', { text: 'zzzz' })).waitFor();
    expect(await workshop.isChecked()).toBe(true);
    await findEvent.fill('');
    await member.getByRole('button', { name: 'Crear material' }).click();
    await member.getByRole('heading', { level: 1, name: 'Plan de acción: comités de agua' }).waitFor();
    // What people write is shown as text, never as markup.
    await member.getByText('Qué haremos <b>después</b> del taller.').waitFor();
    expect(await member.locator('main .prose b').count()).toBe(0);
    await member.getByText(es('web:materials.proposedNotice')).waitFor();
    const manage = member.getByRole('group', { name: 'Gestionar este material' });
    await manage.getByRole('link', { name: 'Editar' }).waitFor();
    expect(await manage.getByRole('button', { name: 'Publicar' }).count()).toBe(0);
    const materialPath = new URL(member.url()).pathname;

    // The Kyrgyz coordinator sees the proposal as such, and edits it: the texts as written, in Spanish.
    const coordinator = await openAs('coordinator.kg@example.org', `${materialPath}?lang=ru`);
    await coordinator.locator('.facts .tag', { hasText: 'Предложен' }).waitFor();
    // Who will see it, once it is published: for now only its author and those who may publish it.
    await coordinator
      .locator('.facts dd', { hasText: t('ru', 'web:materials.visibilityOncePublished') })
      .waitFor();
    // The event, linked and named in the reader's language.
    await coordinator
      .getByRole('link', { name: 'Сообщества за рулём: региональный семинар по РУС' })
      .waitFor();
    await checkPage(coordinator, 'material-proposed');
    const actions = coordinator.getByRole('group', { name: 'Управление материалом' });
    await actions.getByRole('link', { name: 'Изменить' }).click();
    await coordinator.getByRole('heading', { level: 1, name: 'Изменить материал' }).waitFor();
    await settled(coordinator);
    expect(await coordinator.getByLabel('Название', { exact: true }).inputValue()).toBe(
      'Plan de acción: comités de agua',
    );
    expect(await coordinator.locator('input[name="eventIds"]:checked').getAttribute('value')).toBe(eventId);
    await checkPage(coordinator, 'material-edit');
    await coordinator
      .getByLabel('Название', { exact: true })
      .fill('Plan de acción regional: comités de agua');
    await coordinator.getByLabel('Кто видит').selectOption('MEMBERS');
    // Still a proposal: publishing is left to the button on the page.
    expect(await coordinator.getByLabel('Опубликован', { exact: true }).isChecked()).toBe(false);
    await coordinator.getByRole('button', { name: 'Сохранить изменения' }).click();
    await coordinator
      .getByRole('status')
      .filter({ hasText: ru('web:materials.saved') })
      .waitFor();
    await coordinator
      .getByRole('heading', { level: 1, name: 'Plan de acción regional: comités de agua' })
      .waitFor();
    expect(await coordinator.evaluate(() => document.activeElement?.id)).toBe('main');
    await coordinator.getByText('Только вошедшие участники').waitFor();

    // A translation into Russian, the page's language.
    await actions.getByRole('link', { name: 'Добавить перевод' }).click();
    await coordinator.getByRole('heading', { level: 1, name: 'Добавить перевод' }).waitFor();
    await settled(coordinator);
    expect(await coordinator.getByLabel('Язык перевода').inputValue()).toBe('ru');
    await coordinator
      .getByLabel('Название', { exact: true })
      .fill('Региональный план действий: водные комитеты');
    await coordinator.getByLabel('Описание').fill('Что мы сделаем после семинара.');
    await coordinator.getByRole('button', { name: 'Сохранить перевод' }).click();
    await coordinator
      .getByRole('heading', { level: 1, name: 'Региональный план действий: водные комитеты' })
      .waitFor();
    await coordinator.getByText('Перевод на русский сохранён.').waitFor();

    await actions.getByRole('button', { name: 'Опубликовать' }).click();
    const published = coordinator
      .getByRole('status')
      .filter({ hasText: ru('web:materials.publishedNotice') });
    await published.waitFor();
    await coordinator.locator('.facts dd', { hasText: 'Опубликован' }).waitFor();
    expect(await actions.getByRole('button', { name: 'Опубликовать' }).count()).toBe(0);
    expect(await published.evaluate((element) => element === document.activeElement)).toBe(true);

    // Published, it is among the event's materials.
    await coordinator.goto(`/events/${eventId}?lang=ru`);
    await settled(coordinator);
    await coordinator.getByRole('link', { name: 'Региональный план действий: водные комитеты' }).click();
    await coordinator
      .getByRole('heading', { level: 1, name: 'Региональный план действий: водные комитеты' })
      .waitFor();
    await settled(coordinator);

    coordinator.once('dialog', (dialog) => void dialog.accept());
    await actions.getByRole('button', { name: 'Удалить' }).click();
    await coordinator.getByRole('heading', { level: 1, name: 'Материалы' }).waitFor();
    await coordinator
      .getByRole('status')
      .filter({ hasText: 'Материал «Региональный план действий: водные комитеты» удалён.' })
      .waitFor();
    expect(new URL(coordinator.url()).pathname).toBe('/materials');
    const token = await tokenOf('coordinator.kg@example.org');
    const { materials } = await gql<{ materials: { edges: { node: { id: string } }[] } }>(
      `query($id: ID!) { materials(first: 50, filter: { eventId: $id }) { edges { node { id } } } }`,
      { id: eventId },
      token,
    );
    expect(materials.edges.map((edge) => `/materials/${edge.node.id}`)).not.toContain(materialPath);
  });

  it("keeps the header and offers a reload, in the page's language, when a page's code cannot be downloaded", async () => {
    const page = await open('/?lang=ru', 'ru-RU');
    const nav = page.getByRole('navigation', { name: 'Основные разделы' });
    // As after a redeploy (the old chunk is gone) or with the network down.
    const roomsChunk = /\/assets\/rooms-page-[\w-]+\.js$/;
    await page.route(roomsChunk, (route) => route.abort('internetdisconnected'));
    await nav.getByRole('link', { name: 'Обсуждения' }).click();
    await page.getByRole('heading', { level: 1, name: 'Не удалось загрузить страницу' }).waitFor();
    expect(await page.getByText(/Unexpected Application Error|Hey developer/).count()).toBe(0);
    expect(await nav.isVisible()).toBe(true);
    expect(await page.title()).toBe('Не удалось загрузить страницу · Ашар');
    await checkPage(page, 'route-error');

    // The rest of the site still works from the navigation.
    await nav.getByRole('link', { name: 'Справочник' }).click();
    await page.getByRole('heading', { level: 1, name: 'Справочник' }).waitFor();
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Не удалось загрузить страницу' }).waitFor();

    // Once the code can be had again, the offered reload brings the page.
    await page.unroute(roomsChunk);
    await page.getByRole('button', { name: 'Перезагрузить страницу' }).click();
    await page.getByRole('heading', { level: 1, name: 'Обсуждения' }).waitFor();
  });

  it('never shows one search\'s count or hits as another\'s: a late "Show more", an offline search', async () => {
    const page = await open('/search?lang=en', 'en-GB', DESKTOP);
    const status = page.locator('.search-results [role="status"]');
    const hits = page.locator('.hits > li');
    await page.getByRole('button', { name: 'Show more' }).waitFor();

    // "Show more" is slow to answer; meanwhile the person searches for something else.
    let release: () => void = () => undefined;
    const held = new Promise<void>((done) => (release = done));
    const isMore = (body: string | null) =>
      !!body && body.includes('query Search') && body.includes('"after":"');
    await page.route('**/graphql', async (route) => {
      if (isMore(route.request().postData())) await held;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Show more' }).click();
    await page.getByLabel('Search case studies, lessons and materials').fill('water');
    await status.filter({ hasText: '“water”' }).waitFor();
    await settled(page);
    const waterStatus = await status.textContent();
    const waterHits = await hits.allTextContents();
    expect(waterHits.length).toBeGreaterThan(0);

    const lateAnswer = page.waitForResponse((r) => isMore(r.request().postData()));
    release();
    await lateAnswer;
    await page.waitForTimeout(300);
    expect(await status.textContent()).toBe(waterStatus);
    expect(await hits.allTextContents()).toEqual(waterHits);
    await page.unroute('**/graphql');

    // Offline, a new search fails: the error shows, and no count or hits of "water" pose as its own.
    await page.context().setOffline(true);
    await page.getByLabel('Search case studies, lessons and materials').fill('вода');
    await page.getByRole('alert').filter({ hasText: 'The server cannot be reached' }).waitFor();
    expect(await status.textContent()).toBe('');
    expect(await hits.count()).toBe(0);
    await page.context().setOffline(false);
    await page.getByRole('button', { name: 'Try again' }).click();
    await status.filter({ hasText: '“вода”' }).waitFor();

    // With the keyboard, "Show more" leaves the focus on the first result it added.
    await page.getByLabel('Search case studies, lessons and materials').fill('');
    await page.getByRole('button', { name: 'Show more' }).focus();
    const before = await hits.count();
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (index) =>
        document.activeElement === document.querySelectorAll('.hits > li')[index]?.querySelector('a'),
      before,
    );
  });

  it('comes back from a result to the list as it was left: every page shown, at the same place', async () => {
    const page = await open('/search?lang=en', 'en-GB', DESKTOP);
    const hits = page.locator('.hits > li');
    const more = page.getByRole('button', { name: 'Show more' });
    await more.waitFor();
    for (const count of [40, 60]) {
      await more.click();
      await page.waitForFunction((n) => document.querySelectorAll('.hits > li').length >= n, count);
    }
    const titles = await hits.locator('a').allTextContents();
    const chosen = hits.nth(45).locator('a');
    await chosen.scrollIntoViewIfNeeded();
    const scrolled = await page.evaluate(() => window.scrollY);
    expect(scrolled).toBeGreaterThan(0);
    await chosen.click();
    await page.waitForURL((url) => url.pathname !== '/search');
    await settled(page);

    await page.goBack();
    await page.waitForFunction((n) => document.querySelectorAll('.hits > li').length === n, titles.length);
    expect(await hits.locator('a').allTextContents()).toEqual(titles);
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 5, scrolled);
    // Forward and Back again, through the browser's history only: still there.
    await page.goForward();
    await page.waitForURL((url) => url.pathname !== '/search');
    await settled(page);
    await page.goBack();
    await page.waitForFunction((n) => document.querySelectorAll('.hits > li').length === n, titles.length);
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 5, scrolled);
    // And "Show more" goes on from there.
    if (await more.isVisible()) {
      await more.click();
      await page.waitForFunction((n) => document.querySelectorAll('.hits > li').length > n, titles.length);
    }
  });

  it('keeps the search box in step with the address bar: Back, and the navigation link', async () => {
    const page = await open('/search?q=water&lang=en', 'en-GB', DESKTOP);
    const box = page.getByLabel('Search case studies, lessons and materials');
    const q = () => new URL(page.url()).searchParams.get('q');
    expect(await box.inputValue()).toBe('water');

    await page.getByRole('group', { name: 'Theme' }).getByRole('checkbox').first().click();
    await page.waitForURL(/theme=/);
    await box.fill('forest');
    await page.waitForURL(/q=forest/);
    await settled(page);

    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('q') === 'water' && !url.searchParams.has('theme'));
    await page.waitForFunction(
      () => (document.querySelector('input[type="search"]') as HTMLInputElement | null)?.value === 'water',
    );
    await page.waitForTimeout(800); // longer than the box's pause before it writes the address
    expect(q()).toBe('water');
    expect(await box.inputValue()).toBe('water');

    await page
      .getByRole('navigation', { name: 'Main sections' })
      .getByRole('link', { name: 'Search' })
      .click();
    await page.waitForFunction(
      () => (document.querySelector('input[type="search"]') as HTMLInputElement | null)?.value === '',
    );
    await page.waitForTimeout(800);
    expect(q()).toBeNull();
  });

  it('shows an event in the language switched to after registering for it', async () => {
    const facilitator = await tokenOf('facilitator@example.org');
    const start = new Date(Date.now() + 30 * 86_400_000);
    start.setUTCHours(4, 0, 0, 0);
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000).toISOString();
    const { createEvent } = await gql<{ createEvent: { id: string } }>(
      `mutation($input: EventInput!) { createEvent(input: $input) { id } }`,
      {
        input: {
          kind: 'WORKSHOP',
          originalLocale: 'en',
          title: 'Exchange visit of water committees',
          description: 'Villages show each other how they collect fees.',
          countryCodes: ['KG'],
          startsAt: at(0),
          endsAt: at(6 * 60),
          timeZone: 'Asia/Bishkek',
          capacity: 40,
          agenda: [{ startsAt: at(0), title: 'Welcome and introductions' }],
        },
      },
      facilitator,
    );
    await gql(
      `mutation($id: ID!, $input: EventTranslationInput!) { translateEvent(id: $id, input: $input) { id } }`,
      {
        id: createEvent.id,
        input: {
          locale: 'ru',
          title: 'Обмен опытом между водными комитетами',
          agendaTitles: ['Открытие и знакомство'],
        },
      },
      facilitator,
    );

    const page = await openAs('member@example.org', `/events/${createEvent.id}?lang=en`, 'en-GB');
    await page.getByRole('heading', { level: 1, name: 'Exchange visit of water committees' }).waitFor();
    await page.getByRole('button', { name: 'Register for this event' }).click();
    await page.getByText('You are registered.').waitFor();

    await page.getByLabel('Language').selectOption('ru');
    await page.getByRole('heading', { level: 1, name: 'Обмен опытом между водными комитетами' }).waitFor();
    await page.getByRole('row', { name: /Открытие и знакомство/ }).waitFor();
    await page.getByText('Вы зарегистрированы.').waitFor();
    await page.getByText('Осталось 39 мест из 40').waitFor();
    expect(await page.getByText(/Показано на английском/).count()).toBe(0);
    expect(await page.title()).toBe('Обмен опытом между водными комитетами · Ашар');
  });

  it('pages back through a long thread and through many threads, and says when a thread is not there', async () => {
    const [member, facilitator, admin] = await Promise.all(
      ['member@example.org', 'facilitator@example.org', 'admin@example.org'].map((email) => tokenOf(email)),
    );
    const { rooms } = await gql<{ rooms: { edges: { node: { id: string } }[] } }>(
      `{ rooms(first: 1, filter: { scope: NETWORK }) { edges { node { id } } } }`,
    );
    const roomId = rooms.edges[0].node.id;
    const { threads: before } = await gql<{ threads: { edges: { node: { id: string } }[] } }>(
      `query($id: ID!) { threads(roomId: $id, first: 100) { edges { node { id } } } }`,
      { id: roomId },
    );
    const oldest = before.edges[before.edges.length - 1].node.id;
    const createThread = async (title: string) =>
      (
        await gql<{ createThread: { id: string } }>(
          `mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }`,
          { input: { roomId, title } },
          member,
        )
      ).createThread.id;
    const threadId = await createThread('A long history');
    // Sixty messages, from three people.
    const authors = [member, facilitator, admin];
    const ids: string[] = [];
    for (let n = 1; n <= 60; n += 1) {
      const { postMessage } = await gql<{ postMessage: { id: string } }>(
        `mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`,
        {
          input: {
            roomId,
            threadId,
            body: `History ${String(n).padStart(3, '0')}`,
            clientId: `history-${threadId}-${n}`,
          },
        },
        authors[n % 3],
      );
      ids.push(postMessage.id);
    }
    // Enough threads that the oldest is on the second page of the list.
    for (let n = 1; n <= 50; n += 1) await createThread(`Topic ${n}`);

    const page = await open(`/rooms/${roomId}?thread=${threadId}&lang=en`, 'en-GB', DESKTOP);
    const body = (n: number) =>
      page.locator('.message-body').getByText(`History ${String(n).padStart(3, '0')}`, { exact: true });
    await body(60).waitFor();
    await body(11).waitFor();
    expect(await body(10).count()).toBe(0);
    // With the keyboard: the last page takes the button away, and the focus goes to the messages.
    await page.getByRole('button', { name: 'Load earlier messages' }).focus();
    await page.keyboard.press('Enter');
    await body(1).waitFor();
    await page.getByRole('button', { name: 'Load earlier messages' }).waitFor({ state: 'detached' });
    expect(
      await page.getByRole('log', { name: 'Messages' }).evaluate((log) => log === document.activeElement),
    ).toBe(true);
    const seqs = await page
      .locator('ol.messages > li')
      .evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-seq'))));
    expect(seqs).toHaveLength(60);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

    // A reply to a message older than the page opened with still says what it answers.
    await gql(
      `mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`,
      {
        input: {
          roomId,
          threadId,
          body: 'Back to the very first one',
          clientId: `reply-${threadId}`,
          replyTo: ids[0],
        },
      },
      member,
    );
    await page.reload();
    const reply = page
      .locator('ol.messages > li')
      .filter({ has: page.locator('.message-body', { hasText: 'Back to the very first one' }) });
    await reply.locator('.reply-quote', { hasText: 'History 001' }).waitFor();
    expect(await body(1).count()).toBe(0);

    // The thread list pages too (this thread, older than the fifty after it, was fetched with the
    // second page to open it from its address).
    await page.goto(`/rooms/${roomId}?lang=en`);
    await settled(page);
    const threadLinks = page.locator('.thread-list li a');
    expect(await threadLinks.count()).toBe(50);
    await page.getByRole('button', { name: 'Show more threads' }).click();
    await page.locator('.thread-list a', { hasText: 'A long history' }).waitFor();
    expect(await threadLinks.count()).toBe(before.edges.length + 51);
    await page.getByRole('button', { name: 'Show more threads' }).waitFor({ state: 'detached' });
    await page.goto(`/rooms/${roomId}?thread=${oldest}&lang=en`);
    await settled(page);
    await page.locator(`.thread-list a[href$="thread=${oldest}"][aria-current="page"]`).waitFor();

    // An unknown thread says so instead of loading for ever.
    await page.goto(`/rooms/${roomId}?thread=00000000-0000-4000-8000-000000000000&lang=en`);
    await page.getByRole('heading', { level: 2, name: 'Thread not found' }).waitFor();
    await page.getByRole('link', { name: 'Open the latest thread' }).waitFor();
  });

  it("words a room's refusals in the language the reader switched to", async () => {
    const member = await tokenOf('member@example.org');
    const roomId = await kgRoomId(member);
    const { createThread } = await gql<{ createThread: { id: string } }>(
      `mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }`,
      { input: { roomId, title: 'The language of refusals' } },
      member,
    );
    const page = await openAs(
      'member@example.org',
      `/rooms/${roomId}?thread=${createThread.id}&lang=en`,
      'en-GB',
    );
    await page.getByLabel('Your message').waitFor();
    // The switch reads the room again in Russian, and so does the socket's rejoin in Russian (shortly
    // after it reconnects): those reads are over before the thread is locked below, or one landing
    // after the lock would show the thread locked before any message is refused.
    let roomReads = 0;
    const isRoomRead = (request: { postData(): string | null }) =>
      !!request.postData()?.includes('query Room(');
    page.on('request', (request) => void (isRoomRead(request) && roomReads++));
    page.on('requestfinished', (request) => void (isRoomRead(request) && roomReads--));
    page.on('requestfailed', (request) => void (isRoomRead(request) && roomReads--));
    await page.getByLabel('Language', { exact: true }).selectOption('ru');
    await page.getByLabel('Ваше сообщение').waitFor();
    await page.waitForFunction(() => {
      const send = document.querySelector<HTMLButtonElement>('.composer button[type="submit"]');
      return !!send && !send.disabled && !document.querySelector('.banner');
    });
    await page.waitForTimeout(600);
    for (let wait = 0; roomReads > 0 && wait < 100; wait++) await page.waitForTimeout(100);
    expect(roomReads).toBe(0);

    // Too long a message is refused before it is sent (a huge paste would break the connection).
    await page.getByLabel('Ваше сообщение').fill('я'.repeat(10_001));
    await page.getByRole('button', { name: 'Отправить' }).click();
    await page
      .locator('.composer .field-error')
      .filter({ hasText: t('ru', 'web:rooms.tooLong', { count: 10_000, length: 10_001 }) })
      .waitFor();
    // A refusal only the server knows of: the thread was locked after the page opened. In Russian.
    // The room tells open pages of the lock, which then read the room again and take the box away:
    // those reads are held until the send was refused.
    let release: () => void = () => undefined;
    const held = new Promise<void>((done) => (release = done));
    await page.route('**/graphql', async (route) => {
      if (isRoomRead(route.request())) await held;
      await route.continue();
    });
    const coordinator = await tokenOf('coordinator.kg@example.org');
    await gql(
      `mutation($id: ID!) { lockThread(threadId: $id) { id } }`,
      { id: createThread.id },
      coordinator,
    );
    await page.getByLabel('Ваше сообщение').fill('Коротко');
    await page.getByRole('button', { name: 'Отправить' }).click();
    await page
      .locator('.composer .field-error')
      .filter({ hasText: t('ru', 'discussions:errors.threadLocked') })
      .waitFor();
    release();
    await page.unroute('**/graphql');
    await page.getByText(t('ru', 'web:rooms.threadLocked')).waitFor();
    for (let wait = 0; roomReads > 0 && wait < 100; wait++) await page.waitForTimeout(100);
    // Signed out everywhere from another device: the page says so and offers to sign in, instead of
    // waiting for a connection that is there.
    await gql(`mutation { signOutEverywhere }`, {}, await tokenOf('member@example.org'));
    await page
      .getByRole('alert')
      .filter({ hasText: t('ru', 'web:rooms.signedOut') })
      .waitFor();
    await page.getByRole('link', { name: t('ru', 'web:rooms.signInAgain') }).waitFor();
  });

  it('answers unknown addresses with a not-found page, and brings a guest back to a closed room after signing in', async () => {
    const page = await open('/rooms/bogus?lang=en', 'en-GB');
    for (const [path, back] of [
      ['/rooms/bogus', 'See all rooms'],
      ['/materials/bogus', 'See all materials'],
      ['/organisations/bogus', 'Open the directory'],
      ['/events/00000000-0000-4000-8000-000000000000', 'See all events'],
      ['/case-studies/no-such-case-study', 'Search case studies'],
    ]) {
      await page.goto(path);
      await settled(page);
      await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
      await page.locator('main').getByRole('link', { name: back }).waitFor();
      expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
      expect(await page.title()).toBe('Page not found · Ashar');
    }

    const member = await tokenOf('member@example.org');
    const { rooms } = await gql<{
      rooms: { edges: { node: { id: string; visibility: string } }[] };
    }>(`{ rooms(first: 100) { edges { node { id visibility } } } }`, {}, member);
    const closed = rooms.edges.map((edge) => edge.node).find((room) => room.visibility === 'MEMBERS');
    if (!closed) throw new Error('No members-only room in the demo content');
    await page.goto(`/rooms/${closed.id}?lang=en`);
    await settled(page);
    await page.getByText('Please sign in to read this room.').waitFor();
    await page.locator('main').getByRole('link', { name: 'Sign in to continue' }).click();
    await page.getByLabel('Email address').fill('member@example.org');
    await page.getByLabel('Password').fill('ashar-demo-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === `/rooms/${closed.id}`);
    await page.getByRole('navigation', { name: 'Threads' }).waitFor();
    expect(await page.getByText('Please sign in to read this room.').count()).toBe(0);

    // A crafted ?next= pointing at another site lands on the home page instead.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto('/sign-in?next=//evil.example/x&lang=en');
    await settled(page);
    await page.getByLabel('Email address').fill('member@example.org');
    await page.getByLabel('Password').fill('ashar-demo-2026');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/' && url.host === new URL(server.url).host);
  });

  it('keeps the language shown when a profile is saved with an unchanged preferred language', async () => {
    const email = `lang.${Date.now()}@example.org`;
    const token = await signUpByMail({
      email,
      password: 'a long enough password',
      displayName: 'Lotte',
      preferredLocale: 'nl',
    });
    const context = await browser.newContext({ baseURL: server.url, locale: 'es-ES', viewport: PHONE });
    contexts.push(context);
    await context.addInitScript((stored) => localStorage.setItem('ashar.token', stored), token);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    await page.goto('/profile?lang=es');
    await settled(page);
    await page.getByLabel('Su nombre').fill('Lotte de Vries');
    // Mention e-mails are on until turned off here.
    const mentionMail = page.getByLabel(t('es', 'web:profile.mentionMail'));
    expect(await mentionMail.isChecked()).toBe(true);
    await mentionMail.uncheck();
    // Saved with the keyboard, the focus stays on the button (disabled while saving, which drops it).
    await page.getByRole('button', { name: 'Guardar cambios' }).focus();
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: t('es', 'web:profile.saved') })
      .waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent === 'Guardar cambios');
    expect(await htmlLang(page)).toBe('es');
    expect(new URL(page.url()).searchParams.get('lang')).toBe('es');
    await page.reload();
    await settled(page);
    expect(await page.getByLabel(t('es', 'web:profile.mentionMail')).isChecked()).toBe(false);
  });

  it('changes the password on a 375 px profile page, keeps this session, ends the others, then signs out everywhere', async () => {
    const email = `changer.${Date.now()}@example.org`;
    const password = 'a long enough password';
    const signedUp = await signUpByMail({ email, password, displayName: 'Gulnara', preferredLocale: 'ru' });
    const { login: elsewhere } = await gql<{ login: { accessToken: string } }>(
      `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`,
      { input: { email, password } },
    );
    const stillValid = async (token: string) => {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ me { id } }' }),
      });
      return !((await response.json()) as { errors?: unknown[] }).errors;
    };
    const narrow = { width: 375, height: 740 };
    const context = await browser.newContext({ baseURL: server.url, locale: 'ru-RU', viewport: narrow });
    contexts.push(context);
    // Only the first visit starts signed in: a reload must keep whatever token the page stored since.
    await context.addInitScript((token) => {
      if (!sessionStorage.getItem('seeded')) {
        sessionStorage.setItem('seeded', '1');
        localStorage.setItem('ashar.token', token);
      }
    }, signedUp);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    await page.goto('/profile?lang=ru');
    await settled(page);
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Смена пароля' }) });
    const fill = async (current: string, next: string, again: string) => {
      await form.getByLabel('Текущий пароль').fill(current);
      await form.getByLabel('Новый пароль', { exact: true }).fill(next);
      await form.getByLabel('Новый пароль ещё раз').fill(again);
      await form.getByRole('button', { name: 'Сменить пароль' }).click();
    };

    await fill(password, 'совсем новый пароль', 'другой новый пароль');
    await form.locator('.field-error').first().waitFor();
    expect(await fieldError(page, 'confirmPassword')).toBe(t('ru', 'web:profile.passwordMismatch'));

    await fill('not the password', 'совсем новый пароль', 'совсем новый пароль');
    await page.waitForFunction(() => document.querySelector('[name="currentPassword"][aria-invalid="true"]'));
    expect(await fieldError(page, 'currentPassword')).toBe(t('ru', 'errors:wrongPassword'));
    expect(await fieldError(page, 'confirmPassword')).toBeNull();

    await fill(password, 'короткий', 'короткий');
    await page.waitForFunction(() => document.querySelector('[name="newPassword"][aria-invalid="true"]'));
    expect(await fieldError(page, 'newPassword')).toBe(t('ru', 'validation:minLength', { count: 10 }));

    await fill(password, 'совсем новый пароль', 'совсем новый пароль');
    await page
      .getByRole('status')
      .filter({ hasText: t('ru', 'web:profile.passwordChanged') })
      .waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const renewed = await page.evaluate(() => localStorage.getItem('ashar.token'));
    expect(renewed).not.toBe(signedUp);
    expect(await stillValid(elsewhere.accessToken)).toBe(false);
    expect(await stillValid(signedUp)).toBe(false);
    // This browser carries on with the new token, also after a reload.
    await page.reload();
    await settled(page);
    await page.getByText(`Вы вошли как ${email}.`).waitFor();

    await page.getByRole('button', { name: 'Выйти на всех устройствах' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(await page.evaluate(() => localStorage.getItem('ashar.token'))).toBeNull();
    expect(await stillValid(renewed as string)).toBe(false);
  });

  it('fits a 375 px phone: long filter options, a pasted address in search, the month calendar', async () => {
    const narrow = { width: 375, height: 740 };
    const page = await open('/?lang=en', 'en-GB', narrow);
    const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
    const pasted = `https://example.org/reports/WaterCommitteeFinalReport${'0123456789'.repeat(12)}.pdf`;
    const wide: Record<string, number> = {};
    for (const path of [
      '/materials?lang=ru',
      '/materials?lang=es',
      '/materials?lang=nl',
      '/directory?lang=es',
      '/directory?lang=ru',
      `/search?lang=en&q=${encodeURIComponent(pasted)}`,
      '/events?view=calendar&month=2027-01&lang=ru',
    ]) {
      await page.goto(path);
      await settled(page);
      if (path.startsWith('/materials')) await page.locator('.filters select').nth(2).waitFor();
      if (path.startsWith('/search'))
        await page.locator('.search-results [role="status"]').filter({ hasText: 'example.org' }).waitFor();
      const width = await pageWidth();
      if (width > narrow.width) wide[path] = width;
    }
    expect(wide).toEqual({});

    // The month is named as Russian writes it, and both month buttons are on the screen.
    await page.getByRole('heading', { level: 2, name: 'Январь 2027 г.' }).waitFor();
    for (const name of ['Предыдущий месяц', 'Следующий месяц']) {
      const box = await page.getByRole('button', { name }).boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= narrow.width).toBe(true);
    }
  });

  it('opens a lesson at the lessons, starts every new page at its top, and shows it is loading meanwhile', async () => {
    await importCaseStudies();
    const page = await open('/search?q=harvest&lang=en', 'en-GB');
    const lesson = page
      .locator('.hits a[href="/case-studies/browser-village-water-committees#lessons"]')
      .first();
    await lesson.click();
    await page.waitForURL((url) => url.hash === '#lessons' && url.searchParams.get('lang') === 'en');
    // In view (as near the top as the page's length allows).
    await page.waitForFunction(() => {
      const box = document.getElementById('lessons')?.getBoundingClientRect();
      return !!box && box.top >= 0 && box.bottom <= window.innerHeight;
    });
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);

    // A comparable project from the bottom of the page: the next one starts at its top, and until its
    // content is in, the page says it is loading instead of leaving the previous one up.
    let release: () => void = () => undefined;
    const held = new Promise<void>((done) => (release = done));
    await page.route('**/graphql', async (route) => {
      if (route.request().postData()?.includes('query CaseStudy(')) await held;
      await route.continue();
    });
    const comparable = page.locator('section[aria-labelledby="comparable"] .result-list a').first();
    await comparable.scrollIntoViewIfNeeded();
    const title = await comparable.textContent();
    await comparable.click();
    await page.locator('main .loading').waitFor();
    expect(
      await page
        .getByRole('heading', { level: 1, name: 'Village water committees that pay for their own repairs' })
        .count(),
    ).toBe(0);
    release();
    await page.getByRole('heading', { level: 1, name: title ?? '' }).waitFor();
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await page.unroute('**/graphql');
  });

  it('lets the first Tab reach the skip link, and names each page in the tab title', async () => {
    const page = await open('/directory?lang=ru', 'ru-RU');
    expect(await page.title()).toBe('Справочник · Ашар');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');

    // After moving within the site, the focus is on the new page's content.
    await page
      .getByRole('navigation', { name: 'Основные разделы' })
      .getByRole('link', { name: 'Мероприятия' })
      .click();
    // The directory's heading is still there while the events page loads: wait for the new title.
    await page.waitForFunction(() => document.title === 'Мероприятия · Ашар');
    await settled(page);
    await page.waitForFunction(() => document.activeElement?.id === 'main');
  });

  it('a coordinator checks a file in Russian, then imports it in English: only the record of their country goes in', async () => {
    const slug = `e2e-import-kg-${Date.now()}`;
    const record = (recordSlug: string, country: string, title: string) => ({
      slug: recordSlug,
      status: 'PUBLISHED',
      originalLocale: 'en',
      countries: [country],
      themes: ['water-sanitation'],
      translations: { en: { title, summary: 'Imported from the browser.' } },
    });
    const file = {
      name: 'case-studies.json',
      mimeType: 'application/json',
      buffer: Buffer.from(
        JSON.stringify({
          caseStudies: [
            record(slug, 'KG', 'Village water committees of Naryn'),
            record(`${slug}-pe`, 'PE', 'Not a Kyrgyz case study'),
          ],
        }),
      ),
    };
    const stored = async (which: string) => {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await tokenOf('admin@example.org')}`,
        },
        body: JSON.stringify({ query: `{ caseStudy(slug: "${which}") { slug } }` }),
      });
      const body = (await response.json()) as { data: { caseStudy: { slug: string } | null } | null };
      return body.data?.caseStudy?.slug ?? null;
    };

    const page = await openAs('coordinator.kg@example.org', '/?lang=ru');
    await page
      .getByRole('navigation')
      .getByRole('link', { name: t('ru', 'web:nav.import') })
      .click();
    await page.getByRole('heading', { level: 1, name: t('ru', 'web:import.title') }).waitFor();
    // JSON that is no document is told so before anything is sent.
    await page
      .getByLabel(t('ru', 'web:import.file'))
      .setInputFiles({ name: 'null.json', mimeType: 'application/json', buffer: Buffer.from('null') });
    await page.getByRole('button', { name: t('ru', 'web:import.checkOnly') }).click();
    await page.getByText(t('ru', 'web:import.notObject')).waitFor();

    await page.getByLabel(t('ru', 'web:import.file')).setInputFiles(file);
    await page.getByRole('button', { name: t('ru', 'web:import.checkOnly') }).click();
    const status = page.getByRole('status').filter({ hasText: t('ru', 'web:import.checkedNothingSaved') });
    await status.waitFor();
    const summary = t('ru', 'web:import.summary', {
      created: t('ru', 'web:import.wouldCreate', { count: 1 }),
      updated: t('ru', 'web:import.wouldUpdate', { count: 0 }),
      failed: t('ru', 'web:import.wouldFail', { count: 1 }),
    });
    // The sentence starts with a capital, though its first part alone does not.
    expect(await status.textContent()).toContain(
      summary.charAt(0).toLocaleUpperCase('ru') + summary.slice(1),
    );
    const failedRow = (lng: 'ru' | 'en') =>
      page
        .getByRole('table')
        .getByRole('row')
        .filter({
          hasText: t(lng, 'knowledge:import.countriesNotCoordinated', { count: 1, countries: 'PE' }),
        });
    await failedRow('ru').waitFor();
    expect(await page.getByRole('table').getByRole('row').count()).toBe(2);
    expect(await failedRow('ru').textContent()).toContain(`${slug}-pe`);
    expect(await failedRow('ru').textContent()).toContain('/caseStudies/1/countries');
    expect(await stored(slug)).toBeNull();

    await page.getByLabel('Язык').selectOption('en');
    await page.getByRole('heading', { level: 1, name: t('en', 'web:import.title') }).waitFor();
    await page.getByRole('button', { name: t('en', 'web:import.import'), exact: true }).click();
    await page
      .getByRole('status')
      .filter({ hasText: t('en', 'web:import.imported') })
      .filter({ hasText: t('en', 'web:import.created', { count: 1 }) })
      .waitFor();
    await failedRow('en').waitFor();
    expect(await stored(slug)).toBe(slug);
    expect(await stored(`${slug}-pe`)).toBeNull();
    await checkPage(page, 'import');

    await page.getByRole('link', { name: slug, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Village water committees of Naryn' }).waitFor();

    // A member has no link to the page, and a direct visit says why it is not theirs.
    const member = await openAs('member@example.org', '/import?lang=ru');
    await member.getByRole('heading', { level: 1, name: t('ru', 'web:pageError.refusedTitle') }).waitFor();
    await member
      .getByRole('alert')
      .filter({ hasText: t('ru', 'web:import.notAllowed') })
      .waitFor();
    expect(await member.getByRole('link', { name: t('ru', 'web:nav.import') }).count()).toBe(0);
  });

  it('has no serious or critical axe-core violations on any page, at phone and desktop width', async () => {
    const { organisations } = await gql<{ organisations: { edges: { node: { id: string } }[] } }>(
      `{ organisations(first: 1, filter: { countryCodes: ["KG"] }) { edges { node { id } } } }`,
    );
    const { rooms: networkRoom } = await gql<{ rooms: { edges: { node: { id: string } }[] } }>(
      `{ rooms(first: 1, filter: { scope: NETWORK }) { edges { node { id } } } }`,
    );
    const pages: [string, string][] = [
      ['home', '/'],
      ['sign-in', '/sign-in'],
      ['register', '/register'],
      ['directory', '/directory'],
      ['organisation', `/organisations/${organisations.edges[0].node.id}`],
      ['rooms-guest', '/rooms'],
      ['room-guest', `/rooms/${networkRoom.edges[0].node.id}`],
      ['not-found', '/no-such-page'],
      ['room-not-found', '/rooms/bogus'],
    ];
    const page = await open('/?lang=ru', 'ru-RU');
    const found: Record<string, unknown> = {};
    for (const [name, path] of pages) {
      await page.goto(path);
      await settled(page);
      for (const viewport of [PHONE, DESKTOP]) {
        await page.setViewportSize(viewport);
        const violations = await seriousA11yViolations(page);
        if (violations.length) found[`${name} at ${viewport.width}px`] = violations;
      }
      await screenshots(page, name);
    }
    expect(found).toEqual({});
  });

  it('takes the focus to what a refused sign-in or sign-up needs corrected, and keeps it in the member list', async () => {
    const focused = (page: Page) =>
      page.evaluate(() => {
        const active = document.activeElement as HTMLElement | null;
        return {
          name: active?.getAttribute('name') ?? null,
          id: active?.id ?? '',
          text: active?.innerText ?? '',
        };
      });
    const signIn = await open('/sign-in?lang=en');
    await signIn.getByLabel('Email').fill('nobody@example.org');
    await signIn.getByLabel('Password').fill('not the password');
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await signIn.getByRole('alert').waitFor();
    // No field to point at: the notice saying why has the focus.
    expect((await focused(signIn)).text).toContain(t('en', 'errors:invalidCredentials'));

    const register = await open('/register?lang=en');
    await register.getByLabel('Email').fill('not-an-address');
    await register.getByLabel('Password').fill('long enough password');
    await register.getByLabel('Name').fill('Bob\u200bby');
    await register.getByRole('button', { name: t('en', 'web:auth.registerSubmit') }).click();
    await register.waitForFunction(() => document.activeElement?.getAttribute('aria-invalid') === 'true');
    expect((await focused(register)).name).toBe('displayName');
    expect(await fieldError(register, 'displayName')).toBe(t('en', 'validation:noInvisibleCharacters'));
    expect(await fieldError(register, 'email')).toBe(t('en', 'validation:isEmail'));

    // An organisation without a description offers no translation and names no language it is shown in.
    const admin = await tokenOf('admin@example.org');
    const { createOrganisation: organisation } = await gql<{ createOrganisation: { id: string } }>(
      `mutation ($input: OrganisationInput!) { createOrganisation(input: $input) { id } }`,
      { input: { name: `Undescribed ${Date.now()}`, kind: 'NGO', countryCode: 'KG', originalLocale: 'ru' } },
      admin,
    );
    for (const email of ['member@example.org', 'facilitator@example.org'])
      await gql(
        `mutation ($input: MembershipInput!) { addMember(input: $input) { id } }`,
        { input: { organisationId: organisation.id, email } },
        admin,
      );
    const page = await openAs('admin@example.org', `/organisations/${organisation.id}?lang=nl`, 'nl-NL');
    expect(await page.locator('.notice-language').count()).toBe(0);
    expect(
      await page.getByRole('link', { name: t('nl', 'web:organisationForm.translateTitle') }).count(),
    ).toBe(0);
    const removeButtons = page.locator('.member-list button');
    await removeButtons.first().waitFor();
    const ids = await removeButtons.evaluateAll((buttons) => buttons.map((b) => b.id));
    expect(ids).toHaveLength(2);
    // The list is read again after each removal; the first time, that answer is held back.
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/graphql', async (route) => {
      if (route.request().postData()?.includes('OrganisationMembers')) await held;
      await route.continue();
    });
    for (const [i, next] of [ids[1], 'members-heading'].entries()) {
      page.once('dialog', (dialog) => void dialog.accept());
      await removeButtons.first().click();
      await page.waitForFunction((id) => document.activeElement?.id === id, next);
      // The removed member's row goes at once, before the list is read again: its button cannot be
      // pressed a second time, and the next click is for the member still listed.
      await page.locator(`[id="${ids[i]}"]`).waitFor({ state: 'detached' });
      release();
    }
    await page.unroute('**/graphql');
  });

  it('reads a busy month whole into the calendar, and a long list of events on "Show more"', async () => {
    // 105 one-hour workshops in March 2032, six hours apart: more than a page of the events list.
    const facilitator = await tokenOf('facilitator@example.org');
    const first = Date.UTC(2032, 2, 1, 6);
    for (let batch = 0; batch < 105; batch += 15)
      await Promise.all(
        Array.from({ length: 15 }, (_, i) => {
          const start = first + (batch + i) * 6 * 3600_000;
          return scheduleWorkshop(facilitator, start, { title: `Paging workshop ${batch + i + 1}` });
        }),
      );
    const page = await open('/events?lang=en&view=calendar&month=2032-03', 'en-GB');
    const inCalendar = page.locator('table.calendar a', { hasText: /Paging workshop \d+$/ });
    await page.waitForFunction(
      () =>
        document.querySelectorAll('table.calendar a').length >= 105 &&
        !document.querySelector('main .loading'),
    );
    expect(await inCalendar.count()).toBe(105);
    expect(await page.getByRole('button', { name: 'Show more' }).count()).toBe(0);

    // The list shows what the first page holds in full, then the rest on request.
    await page.goto('/events?lang=en');
    await settled(page);
    const more = page.getByRole('button', { name: 'Show more' });
    await more.waitFor();
    const last = page.getByRole('link', { name: 'Paging workshop 105', exact: true });
    expect(await last.count()).toBe(0);
    const shown = await page.locator('main a', { hasText: /^Paging workshop \d+$/ }).count();
    expect(shown).toBeLessThan(105);
    await more.click();
    await last.waitFor();
    expect(await page.locator('main a', { hasText: /^Paging workshop \d+$/ }).count()).toBe(105);
    expect(await more.count()).toBe(0);
    // The focus is on the first day the new page added.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Paging workshop \d+$/);
  });

  it('lists every room a guest may read, a page at a time on "Show more"', async () => {
    // More rooms than a page holds, the newest last (rooms are listed oldest first).
    const host = await tokenOf('coordinator.kg@example.org');
    for (let batch = 0; batch < 55; batch += 11)
      await Promise.all(
        Array.from({ length: 11 }, (_, i) =>
          gql(
            `mutation ($input: CreateRoomInput!) { createRoom(input: $input) { id } }`,
            {
              input: {
                scope: 'COUNTRY',
                countryCode: 'KG',
                visibility: 'PUBLIC',
                title: `Paging room ${batch + i + 1}`,
                originalLocale: 'en',
              },
            },
            host,
          ),
        ),
      );
    const { rooms } = await gql<{ rooms: { totalCount: number } }>(`{ rooms(first: 1) { totalCount } }`);
    const page = await open('/rooms?lang=en');
    await settled(page);
    const cards = page.locator('main li.card');
    const more = page.getByRole('button', { name: 'Show more' });
    await more.waitFor();
    expect(await cards.count()).toBeLessThan(rooms.totalCount);
    while ((await more.count()) > 0) {
      const before = await cards.count();
      await more.focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction((n) => document.querySelectorAll('main li.card').length > n, before);
      // The focus is on the first room the new page added.
      const added = await cards.nth(before).getByRole('link').textContent();
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(added);
    }
    expect(await cards.count()).toBe(rooms.totalCount);
    await page.getByRole('link', { name: 'Paging room 55', exact: true }).waitFor();
  });

  it('lists every material a guest may read, a page at a time on "Show more", however close together they were made', async () => {
    // Made in parallel, several in the same millisecond: paging must still bring each one once.
    const facilitator = await tokenOf('facilitator@example.org');
    for (let batch = 0; batch < 55; batch += 11)
      await Promise.all(
        Array.from({ length: 11 }, (_, i) =>
          gql(
            `mutation ($input: MaterialInput!) { createMaterial(input: $input) { id } }`,
            { input: { kind: 'REPORT', originalLocale: 'en', title: `Paging report ${batch + i + 1}` } },
            facilitator,
          ),
        ),
      );
    const { materials } = await gql<{ materials: { totalCount: number } }>(
      `{ materials(first: 1, filter: { kinds: [REPORT] }) { totalCount } }`,
    );
    const page = await open('/materials?lang=en&kind=REPORT');
    await settled(page);
    await page
      .getByRole('status')
      .filter({ hasText: `${materials.totalCount} ` })
      .waitFor();
    const items = page.locator('main ul.result-list > li');
    const more = page.getByRole('button', { name: 'Show more' });
    await more.waitFor();
    expect(await items.count()).toBe(50);
    await more.click();
    await page.waitForFunction(
      (n) => document.querySelectorAll('main ul.result-list > li').length === n,
      materials.totalCount,
    );
    expect(await more.count()).toBe(0);
    const titles = await items.getByRole('link').allTextContents();
    expect(new Set(titles).size).toBe(materials.totalCount);
    for (let n = 1; n <= 55; n++) expect(titles).toContain(`Paging report ${n}`);
  });

  it('keeps what two people save at once in one case study, and names the field both changed', async () => {
    const en = (key: string, options?: Record<string, unknown>) => t('en', key, options);
    const admin = await tokenOf('admin@example.org');
    const slug = 'two-editors-at-once';
    const { createCaseStudy } = await gql<{ createCaseStudy: { id: string } }>(
      `mutation ($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { id } }`,
      {
        input: {
          slug,
          originalLocale: 'en',
          title: 'Village water, as drafted',
          summary: 'First summary',
          body: 'First body',
          countries: ['KG'],
          themes: ['water-sanitation'],
        },
      },
      admin,
    );
    const id = createCaseStudy.id;
    const read = async () =>
      (
        await gql<{ caseStudy: Record<string, string> }>(
          `query ($slug: String!) { caseStudy(slug: $slug) { title summary body region } }`,
          { slug },
          admin,
        )
      ).caseStudy;
    const page = await openAs('coordinator.kg@example.org', `/case-studies/${slug}/edit`, 'en-GB', DESKTOP);
    const save = page.getByRole('button', { name: en('web:caseStudyForm.save') });

    // The admin names a region while the coordinator retitles it: both changes stay.
    await page.locator('[name="title"]').fill('Village water, retitled');
    await gql(
      `mutation ($id: ID!, $input: UpdateCaseStudyInput!) { updateCaseStudy(id: $id, input: $input) { id } }`,
      { id, input: { region: 'Naryn' } },
      admin,
    );
    await save.click();
    await page.waitForURL((url) => url.pathname === `/case-studies/${slug}`);
    expect(await read()).toEqual({
      title: 'Village water, retitled',
      summary: 'First summary',
      body: 'First body',
      region: 'Naryn',
    });

    // Both change the summary: the form takes their body, keeps this summary, and says so.
    await page.goto(`/case-studies/${slug}/edit`);
    await settled(page);
    await page.locator('[name="summary"]').fill('Summary from the form');
    await gql(
      `mutation ($id: ID!, $input: CaseStudyTranslationInput!) { translateCaseStudy(id: $id, input: $input) { id } }`,
      {
        id,
        input: {
          locale: 'en',
          title: 'Village water, retitled',
          summary: 'Their summary',
          body: 'Their body',
        },
      },
      admin,
    );
    await save.click();
    const said = en('web:edits.clashed', { fields: en('web:caseStudyForm.summary') });
    await page.locator('.notice-error', { hasText: said }).waitFor();
    await page.waitForFunction(() => !!document.activeElement?.querySelector('[role="alert"]'));
    expect(new URL(page.url()).pathname).toBe(`/case-studies/${slug}/edit`);
    expect(await page.locator('[name="summary"]').inputValue()).toBe('Summary from the form');
    expect(await page.locator('[name="body"]').inputValue()).toBe('Their body');
    expect(await read()).toMatchObject({ summary: 'Their summary', body: 'Their body' });
    await checkPage(page, 'case-study-edit-clash');
    // Saved again, this summary wins over theirs, and their body stays.
    await save.click();
    await page.waitForURL((url) => url.pathname === `/case-studies/${slug}`);
    expect(await read()).toEqual({
      title: 'Village water, retitled',
      summary: 'Summary from the form',
      body: 'Their body',
      region: 'Naryn',
    });
  });

  it('offers every country with a national network, and lists every network, past the API’s 100 a page', async () => {
    const admin = await tokenOf('admin@example.org');
    // Networks in 110 more countries: the first letters of the alphabet are not enough.
    interface CountryPage {
      countries: {
        edges: { node: { code: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    }
    const codes: string[] = [];
    for (let after: string | null = null, page = 0; page < 10; page++) {
      const { countries }: CountryPage = await gql<CountryPage>(
        `query ($after: String) { countries(first: 100, after: $after) { edges { node { code } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      codes.push(...countries.edges.map((edge) => edge.node.code));
      if (!countries.pageInfo.hasNextPage) break;
      after = countries.pageInfo.endCursor;
    }
    const { countries: networked } = await gql<{ countries: { edges: { node: { code: string } }[] } }>(
      `{ countries(first: 100, filter: { withNetwork: true }) { edges { node { code } } } }`,
    );
    const have = new Set(networked.edges.map((edge) => edge.node.code));
    const added = codes.filter((code) => !have.has(code)).slice(-110);
    for (const countryCode of added)
      await gql(
        `mutation ($input: CreateNationalNetworkInput!) { createNationalNetwork(input: $input) { id } }`,
        { input: { countryCode } },
        admin,
      );
    const last = added.at(-1) as string;

    const directory = await open('/directory?lang=en', 'en-GB', DESKTOP);
    expect(await directory.locator('ul.card-grid > li').count()).toBe(have.size + added.length);
    expect(
      await directory.getByLabel(t('en', 'web:directory.country')).locator(`option[value="${last}"]`).count(),
    ).toBe(1);

    const form = await openAs('facilitator@example.org', '/events/new', 'en-GB', DESKTOP);
    await form.locator(`input[name="countryCodes"][value="${last}"]`).waitFor();
    expect(await form.locator('input[name="countryCodes"]').count()).toBe(have.size + added.length);
  });

  it('holds a translation whose original changed while it was typed, and shows the new original', async () => {
    const en = (key: string, options?: Record<string, unknown>) => t('en', key, options);
    const admin = await tokenOf('admin@example.org');
    const slug = 'translated-while-changed';
    const { createCaseStudy } = await gql<{ createCaseStudy: { id: string } }>(
      `mutation ($input: CreateCaseStudyInput!) { createCaseStudy(input: $input) { id } }`,
      {
        input: {
          slug,
          originalLocale: 'en',
          title: 'Spring water',
          summary: 'First summary',
          body: 'First body',
          countries: ['KG'],
          themes: ['water-sanitation'],
        },
      },
      admin,
    );
    const TRANSLATE = `mutation ($id: ID!, $input: CaseStudyTranslationInput!) { translateCaseStudy(id: $id, input: $input) { id } }`;
    const page = await openAs(
      'coordinator.kg@example.org',
      `/case-studies/${slug}/translate?into=ru`,
      'en-GB',
      DESKTOP,
    );
    await page.locator('[name="title"]').fill('Родниковая вода');
    await page.locator('[name="summary"]').fill('Перевод первого описания');
    // Meanwhile the original is rewritten.
    await gql(
      TRANSLATE,
      {
        id: createCaseStudy.id,
        input: { locale: 'en', title: 'Spring water', summary: 'Rewritten summary' },
      },
      admin,
    );
    const save = page.getByRole('button', { name: en('web:caseStudyForm.saveTranslation') });
    await save.click();
    await page.locator('.notice-error', { hasText: en('web:edits.originalChanged') }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/case-studies/${slug}/translate`);
    expect(await page.locator('[name="summary"]').inputValue()).toBe('Перевод первого описания');
    // The new original is opened for the translator, not left folded away.
    await page.locator('details[open].markdown-preview').getByText('Rewritten summary').waitFor();
    // Nothing was saved: read in Russian, it is still served in English.
    const inRussian = async () =>
      (
        await gql<{ caseStudy: { locale: string; summary: string; outdated: boolean } }>(
          `query ($slug: String!) { caseStudy(slug: $slug) { locale summary outdated } }`,
          { slug },
          admin,
        )
      ).caseStudy;
    expect((await inRussian()).locale).toBe('en');
    // Checked against the new original, it is saved as a translation of that one.
    await page.locator('[name="summary"]').fill('Перевод нового описания');
    await save.click();
    await page.waitForURL(new RegExp(`/case-studies/${slug}(\\?|$)`));
    expect(await inRussian()).toEqual({ locale: 'ru', summary: 'Перевод нового описания', outdated: false });
  });

  it('holds a translation of an event, an organisation or a material whose original changed while it was typed', async () => {
    const en = (key: string, options?: Record<string, unknown>) => t('en', key, options);
    const facilitator = await tokenOf('facilitator@example.org');
    const admin = await tokenOf('admin@example.org');
    const start = Date.UTC(2033, 4, 10, 4);
    const event = await scheduleWorkshop(facilitator, start, {
      title: 'Spring maintenance day',
      description: 'We clean the intake together.',
    });
    const { createOrganisation: organisation } = await gql<{ createOrganisation: { id: string } }>(
      `mutation ($input: OrganisationInput!) { createOrganisation(input: $input) { id } }`,
      {
        input: {
          name: `Intake keepers ${Date.now()}`,
          kind: 'CBO',
          countryCode: 'KG',
          originalLocale: 'en',
          description: 'Volunteers who keep the intake clear.',
        },
      },
      admin,
    );
    const { createMaterial: material } = await gql<{ createMaterial: { id: string } }>(
      `mutation ($input: MaterialInput!) { createMaterial(input: $input) { id } }`,
      {
        input: {
          kind: 'REPORT',
          originalLocale: 'en',
          title: 'Intake report',
          description: 'What the spring clean found.',
        },
      },
      facilitator,
    );
    const cases = [
      {
        as: 'facilitator@example.org',
        path: `/events/${event.id}/translate?lang=en`,
        fill: { title: 'День обслуживания', description: 'Вместе чистим водозабор.' },
        rewrite: () =>
          gql(
            `mutation ($id: ID!) { updateEvent(id: $id, input: { description: "We clean the intake and the pipes." }) { id } }`,
            { id: event.id },
            facilitator,
          ),
        save: en('web:eventForm.saveTranslation'),
        notice: en('web:edits.originalChanged'),
        shown: (page: Page) =>
          page
            .locator('details[open].markdown-preview')
            .getByText(/the intake and the pipes/)
            .waitFor(),
        saved: (url: URL) => url.pathname === `/events/${event.id}`,
      },
      {
        as: 'admin@example.org',
        path: `/organisations/${organisation.id}/translate?lang=en`,
        fill: { description: 'Добровольцы, которые следят за водозабором.' },
        rewrite: () =>
          gql(
            `mutation ($id: ID!) { translateOrganisation(id: $id, input: { locale: "en", description: "Volunteers who keep the intake and the canal clear." }) { id } }`,
            { id: organisation.id },
            admin,
          ),
        save: en('web:organisationForm.saveTranslation'),
        notice: en('web:edits.originalChangedAbove'),
        shown: (page: Page) => page.locator('blockquote', { hasText: 'the intake and the canal' }).waitFor(),
        saved: (url: URL) => url.pathname === `/organisations/${organisation.id}`,
      },
      {
        as: 'facilitator@example.org',
        path: `/materials/${material.id}?action=translate&lang=en`,
        fill: { title: 'Отчёт о водозаборе', description: 'Что нашла весенняя чистка.' },
        rewrite: () =>
          gql(
            `mutation ($id: ID!) { updateMaterial(id: $id, input: { description: "What the spring clean found in the pipes." }) { id } }`,
            { id: material.id },
            facilitator,
          ),
        save: en('web:materials.saveTranslation'),
        notice: en('web:edits.originalChanged'),
        shown: (page: Page) =>
          page
            .locator('details[open].markdown-preview')
            .getByText(/found in the pipes/)
            .waitFor(),
        saved: (url: URL) => !url.searchParams.has('action'),
      },
    ];
    for (const { as, path, fill, rewrite, save, notice, shown, saved } of cases) {
      const page = await openAs(as, path, 'en-GB', DESKTOP);
      await settled(page);
      for (const [name, text] of Object.entries(fill)) await page.locator(`[name="${name}"]`).fill(text);
      // Choosing another language first asks before leaving what is typed; declined, all stays.
      const asked = new Promise<string>((resolve) =>
        page.once('dialog', (dialog) => {
          resolve(dialog.message());
          void dialog.dismiss();
        }),
      );
      await page.locator('[name="locale"]').selectOption('es');
      expect(await asked).toBe(en('web:edits.discardTyped', { language: 'Russian' }));
      expect(await page.locator('[name="locale"]').inputValue()).toBe('ru');
      await rewrite();
      const button = page.getByRole('button', { name: save });
      await button.click();
      // Nothing is saved yet: the translator sees the new original first, with their text kept.
      await page.locator('.notice-error', { hasText: notice }).waitFor();
      await shown(page);
      for (const [name, text] of Object.entries(fill))
        expect({ name, value: await page.locator(`[name="${name}"]`).inputValue() }).toEqual({
          name,
          value: text,
        });
      await button.click();
      await page.waitForURL(saved);
      await page.close();
    }
  });

  it('keeps what is typed in a material’s edit and translation forms when the page’s language is switched', async () => {
    const facilitator = await tokenOf('facilitator@example.org');
    const { createMaterial } = await gql<{ createMaterial: { id: string } }>(
      `mutation ($input: MaterialInput!) { createMaterial(input: $input) { id } }`,
      { input: { kind: 'REPORT', originalLocale: 'en', title: 'Language switch report' } },
      facilitator,
    );
    const page = await openAs(
      'facilitator@example.org',
      `/materials/${createMaterial.id}?action=edit&lang=en`,
      'en-GB',
      DESKTOP,
    );
    await page.locator('[name="title"]').fill('Typed before the switch');
    await page.getByLabel('Language', { exact: true }).selectOption('ru');
    await page.locator('html[lang="ru"]').waitFor();
    await settled(page);
    expect(await page.locator('[name="title"]').inputValue()).toBe('Typed before the switch');

    await page.goto(`/materials/${createMaterial.id}?action=translate&lang=en`);
    await settled(page);
    await page.locator('[name="locale"]').selectOption('es');
    await page.locator('[name="title"]').fill('Informe escrito antes');
    await page.getByLabel('Language', { exact: true }).selectOption('nl');
    await page.locator('html[lang="nl"]').waitFor();
    await settled(page);
    expect(await page.locator('[name="locale"]').inputValue()).toBe('es');
    expect(await page.locator('[name="title"]').inputValue()).toBe('Informe escrito antes');
  });

  it('asks before leaving a form with unsaved changes, and lets an untouched or saved form go', async () => {
    const facilitator = await tokenOf('facilitator@example.org');
    const start = Date.UTC(2034, 2, 7, 4);
    const event = await scheduleWorkshop(facilitator, start, { title: 'Pump repair day' });
    const { createMaterial: material } = await gql<{ createMaterial: { id: string } }>(
      `mutation ($input: MaterialInput!) { createMaterial(input: $input) { id } }`,
      { input: { kind: 'REPORT', originalLocale: 'en', title: 'Pump report' } },
      facilitator,
    );
    const page = await openAs('facilitator@example.org', '/events/new?lang=en', 'en-GB', DESKTOP);
    const asked: string[] = [];
    /** Answers the next question with `answer`; any other question is recorded and refused. */
    let answer: boolean | undefined;
    page.on('dialog', (dialog) => {
      asked.push(dialog.message());
      void (answer ? dialog.accept() : dialog.dismiss());
      answer = undefined;
    });
    /** Waits (at most 5 s) until `count` questions were asked. */
    const questions = async (count: number) => {
      for (let i = 0; i < 100 && asked.length < count; i++) await page.waitForTimeout(50);
      expect(asked).toHaveLength(count);
    };
    const nav = page.getByRole('navigation', { name: 'Main sections' });
    const question = t('en', 'web:edits.leaveUnsaved');

    // Nothing typed: the form goes without a question.
    await settled(page);
    answer = true; // were it asked, it would go on, and the check below says so
    await nav.getByRole('link', { name: 'Events' }).click();
    await page.getByRole('heading', { level: 1, name: t('en', 'web:events.title') }).waitFor();
    expect(asked).toEqual([]);
    answer = undefined;

    // Something typed: staying keeps it; leaving on a second try goes.
    await page.goto('/events/new');
    await settled(page);
    await page.locator('[name="title"]').click();
    await page.keyboard.type('Wells that last');
    answer = false;
    await nav.getByRole('link', { name: 'Search' }).click();
    await questions(1);
    expect(asked[0]).toBe(question);
    expect(new URL(page.url()).pathname).toBe('/events/new');
    expect(await page.locator('[name="title"]').inputValue()).toBe('Wells that last');
    // Signing out would lose it too.
    answer = false;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await questions(2);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    answer = true;
    await nav.getByRole('link', { name: 'Search' }).click();
    await page.getByRole('heading', { level: 1, name: t('en', 'web:search.title') }).waitFor();
    expect(asked).toEqual([question, question, question]);

    // A save leaves freely, to the page it opens.
    await page.goto(`/events/${event.id}/edit`);
    await settled(page);
    await page.locator('[name="title"]').fill('Pump repair day (moved)');
    await page.getByRole('button', { name: t('en', 'web:eventForm.save') }).click();
    await page.waitForURL((url) => url.pathname === `/events/${event.id}`);
    await page.getByRole('heading', { name: 'Pump repair day (moved)' }).waitFor();
    expect(asked).toHaveLength(3);

    // Another view of the same page (a material's edit form, left by its link back) asks too.
    await page.goto(`/materials/${material.id}?action=edit`);
    await settled(page);
    await page.locator('[name="title"]').fill('Pump report, draft two');
    answer = false;
    await page.getByRole('link', { name: t('en', 'web:materials.cancelEditing') }).click();
    await questions(4);
    expect(new URL(page.url()).searchParams.get('action')).toBe('edit');

    // Closing the tab asks through the browser's own question.
    const closing = new Promise<string>((resolve) => page.once('dialog', (dialog) => resolve(dialog.type())));
    await page.locator('[name="title"]').click();
    await page.keyboard.type(' and three');
    answer = true;
    const closed = page.waitForEvent('close');
    await page.close({ runBeforeUnload: true });
    expect(await closing).toBe('beforeunload');
    await closed;
  });
});

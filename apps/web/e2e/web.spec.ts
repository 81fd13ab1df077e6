import { readFileSync } from 'node:fs';
import { t } from '@ashar/i18n';
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
    buildPlatform();
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

  async function tokenOf(email: string): Promise<string> {
    const { login } = await gql<{ login: { accessToken: string } }>(
      `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`,
      { input: { email, password: 'ashar-demo-2026' } },
    );
    return login.accessToken;
  }

  /** A page in a fresh browser context where a demo account is already signed in. */
  async function openAs(email: string, path: string, locale = 'ru-RU', viewport = PHONE): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url, locale, viewport });
    contexts.push(context);
    await context.addInitScript((token) => localStorage.setItem('ashar.token', token), await tokenOf(email));
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
    await page.getByRole('heading', { level: 1, name: 'Su perfil' }).waitFor();
    await page.getByText(`Sesión iniciada como ${email}.`).waitFor();

    await page.getByLabel('Idioma preferido').selectOption('nl');
    await page.getByRole('button', { name: 'Guardar cambios' }).click();
    await page.getByRole('status').filter({ hasText: 'Uw profiel is opgeslagen.' }).waitFor();
    expect(await htmlLang(page)).toBe('nl');
    await checkPage(page, 'profile');

    await page.reload();
    await settled(page);
    expect(await page.getByLabel('Voorkeurstaal').inputValue()).toBe('nl');

    // The same address again: the API's conflict message, in the language now shown.
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.getByRole('link', { name: 'Registreren' }).click();
    await settled(page);
    await page.getByLabel('Uw naam').fill('Ana again');
    await page.getByLabel('E-mailadres').fill(email);
    await page.getByLabel('Wachtwoord').fill('a long enough password');
    await page.getByRole('button', { name: 'Account aanmaken' }).click();
    await page.locator('.field-error').first().waitFor();
    expect(await fieldError(page, 'email')).toBe(t('nl', 'errors:emailTaken'));
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
    await page.getByRole('link', { name: 'Профиль' }).click();
    await page.getByText('Вы вошли как member@example.org.').waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Участник' }).first().waitFor();
  });

  it('lists the national networks, filters organisations by country and type, and names the language shown', async () => {
    const page = await open('/directory?lang=ru', 'ru-RU', DESKTOP);
    await page.getByRole('heading', { level: 3, name: 'Киргизия' }).waitFor();

    await page.getByLabel('Страна').selectOption('KG');
    await page.getByRole('link', { name: 'Ak-Suu Village Water Committee (demo)' }).waitFor();
    await page.getByLabel('Тип организации').selectOption('NGO');
    await page.getByRole('status').filter({ hasText: 'Найдена 1 организация' }).waitFor();
    await page.getByRole('link', { name: 'Counterpart Sheriktesh' }).click();
    await settled(page);
    await page.getByText('Показано на английском языке: на русском этого пока нет.').waitFor();
    await page.getByText('television', { exact: false }).waitFor();
  });

  it('two people in the same room: one posts, the other sees it live, and after going offline sees what it missed, once and in order', async () => {
    const member = await tokenOf('member@example.org');
    const { rooms } = await gql<{ rooms: { edges: { node: { id: string } }[] } }>(
      `{ rooms(first: 5, filter: { scope: COUNTRY, countryCode: "KG" }) { edges { node { id } } } }`,
      {},
      member,
    );
    const roomId = rooms.edges[0].node.id;
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

    // The reader's phone loses its network; two messages are sent meanwhile.
    await reader.context().setOffline(true);
    await reader.getByRole('alert').filter({ hasText: 'Нет соединения' }).waitFor();
    for (const text of ['Пропущенное первое', 'Пропущенное второе']) {
      await host.getByLabel('Ваше сообщение').fill(text);
      await host.getByRole('button', { name: 'Отправить' }).click();
      await bodyOf(host, text).waitFor();
    }
    await reader.context().setOffline(false);
    await bodyOf(reader, 'Пропущенное второе').waitFor();
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

    // The host locks the thread; the member's next message is refused in Russian, next to the box.
    await host.getByRole('button', { name: 'Закрыть тему' }).click();
    await host.getByText('Тема закрыта: новые сообщения добавлять нельзя.').waitFor();
    await reader.getByLabel('Ваше сообщение').fill('Ещё вопрос');
    await reader.getByRole('button', { name: 'Отправить' }).click();
    await reader.locator('.composer .field-error').waitFor();
    expect(await bodyOf(host, 'Ещё вопрос').count()).toBe(0);
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
    // The member is told why instead of being offered the message box again.
    await reader.getByLabel('Ваше сообщение').fill('Можно ещё вопрос?');
    await reader.getByRole('button', { name: 'Отправить' }).click();
    await reader
      .getByRole('alert')
      .filter({ hasText: /Вы не можете писать в этой комнате до .*Читать по-прежнему можно/ })
      .waitFor();
    expect(await reader.getByLabel('Ваше сообщение').count()).toBe(0);
    expect(await bodyOf(host, 'Можно ещё вопрос?').count()).toBe(0);
    // Now the menu offers to lift the mute (checked by axe while open); Escape closes it.
    await menuOf(host, 'Буду обязательно, с отчётом').locator('summary').click();
    await host.getByRole('button', { name: 'Снова разрешить писать' }).waitFor();
    await checkPage(host, 'room');
    await host.keyboard.press('Escape');
    await host.getByRole('button', { name: 'Снова разрешить писать' }).waitFor({ state: 'hidden' });
    await menuOf(host, 'Буду обязательно, с отчётом').locator('summary').click();
    await host.getByRole('button', { name: 'Снова разрешить писать' }).click();
    await host.getByRole('status').filter({ hasText: 'Marat Member снова может писать.' }).waitFor();

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

    await caseStudyHit.click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page
      .getByRole('img', { name: 'Диаграмма результатов; те же цифры приведены в таблице ниже.' })
      .waitFor();
    await page.getByRole('row', { name: /Семьи с водопроводом/ }).waitFor();
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
    await page
      .locator('table.calendar')
      .getByRole('link', { name: /Региональный семинар/ })
      .waitFor();
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
    await page.getByText('Осталось 29 мест из 30').waitFor();
    const ics = await page.getByRole('link', { name: 'Добавить в календарь (.ics)' }).getAttribute('href');
    const calendar = await fetch(`${server.url}${ics}`);
    expect(calendar.headers.get('content-type')).toMatch(/text\/calendar/);
    expect(await calendar.text()).toContain('BEGIN:VEVENT');
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
    await checkPage(facilitator, 'material');
    const materialPath = new URL(facilitator.url()).pathname;

    const member = await openAs('member@example.org', `${materialPath}?lang=ru`);
    const [download] = await Promise.all([
      member.waitForEvent('download'),
      member.getByRole('link', { name: 'Скачать (Русский)' }).click(),
    ]);
    const file = await download.path();
    expect(readFileSync(file).toString()).toContain('Русская версия');
    await member.goto('/materials?lang=ru&fileLang=ru');
    await settled(member);
    await member.getByRole('link', { name: 'Презентация: водные комитеты' }).waitFor();
    await checkPage(member, 'materials');
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
});

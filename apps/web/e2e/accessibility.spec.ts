import { t } from '@ashar/i18n';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import {
  DESKTOP,
  buildPlatform,
  findChromium,
  launchChromium,
  startServer,
  type RunningServer,
} from './browser-harness';

const executablePath = findChromium();
if (!executablePath) {
  console.warn(
    'SKIPPED the accessibility tests of the web client: no Chromium found. Install Debian\'s "chromium" ' +
      'package (.ci/run does) or set CHROMIUM_PATH to a Chromium or Chrome executable.',
  );
}
const inBrowser = executablePath ? describe : describe.skip;

jest.setTimeout(120_000);

/** axe-core's rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA (its best practices are left out). */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const NARROW_PHONE = { width: 375, height: 740 };
const LANGUAGES = ['en', 'ru'] as const;

interface Violation {
  rule: string;
  impact: string | null;
  targets: string[];
}

/** Runs axe-core's WCAG A/AA rules in the page and returns what is serious or critical. */
async function wcagViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async (tags) => {
    const { run } = (window as unknown as { axe: typeof axe }).axe;
    const result = await run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? null,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  }, WCAG_AA);
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

inBrowser('the web client meets WCAG 2 A/AA as axe-core checks it', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  /** Addresses of demo content, found once through the API. */
  let demo: { caseStudy: string; event: string; month: string; material: string };
  let organisation: string;
  let room: string;
  let memberToken: string;
  let coordinatorToken: string;
  let facilitatorToken: string;

  async function gql<T>(query: string, token?: string): Promise<T> {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { data: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }

  beforeAll(async () => {
    await buildPlatform();
    server = await startServer();
    browser = await launchChromium(executablePath as string);
    const context = await browser.newContext({
      baseURL: server.url,
      locale: 'en-GB',
      timezoneId: 'UTC',
      viewport: DESKTOP,
    });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));

    const { login } = await gql<{ login: { accessToken: string } }>(
      `mutation { login(input: { email: "member@example.org", password: "ashar-demo-2026" }) { accessToken } }`,
    );
    memberToken = login.accessToken;
    const coordinator = await gql<{ login: { accessToken: string } }>(
      `mutation { login(input: { email: "coordinator.kg@example.org", password: "ashar-demo-2026" }) { accessToken } }`,
    );
    coordinatorToken = coordinator.login.accessToken;
    const facilitator = await gql<{ login: { accessToken: string } }>(
      `mutation { login(input: { email: "facilitator@example.org", password: "ashar-demo-2026" }) { accessToken } }`,
    );
    facilitatorToken = facilitator.login.accessToken;
    const content = await gql<{
      caseStudies: { edges: { node: { slug: string } }[] };
      events: { edges: { node: { id: string; startsAt: string } }[] };
      materials: { edges: { node: { id: string } }[] };
      organisations: { edges: { node: { id: string } }[] };
    }>(`{
      caseStudies(first: 1) { edges { node { slug } } }
      events(first: 1) { edges { node { id startsAt } } }
      materials(first: 1) { edges { node { id } } }
      organisations(first: 1) { edges { node { id } } }
    }`);
    const event = content.events.edges[0].node;
    demo = {
      caseStudy: content.caseStudies.edges[0].node.slug,
      event: event.id,
      month: event.startsAt.slice(0, 7),
      material: content.materials.edges[0].node.id,
    };
    organisation = content.organisations.edges[0].node.id;
    const { rooms } = await gql<{ rooms: { edges: { node: { id: string } }[] } }>(
      // The member's own country room: rooms made in the same millisecond come in any order, and
      // in another country's room the member may read but not write.
      `{ rooms(first: 1, filter: { scope: COUNTRY, countryCode: "KG" }) { edges { node { id } } } }`,
      memberToken,
    );
    room = rooms.edges[0].node.id;
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  /** The page has its heading, not one of the page before, and nothing is loading any more. */
  async function settled(ready?: string): Promise<void> {
    await page.locator('main h1:not([data-left])').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('main .loading'));
    if (ready) await page.locator(ready).first().waitFor();
  }

  /**
   * Moves within the app as its own links do, so that axe-core, once injected, stays in the page:
   * injecting it again on each full load would take longer than checking the page.
   */
  async function visit(path: string, ready?: string): Promise<void> {
    await page.evaluate((to) => {
      // The same page with other parameters keeps its heading; the ready selector tells it is done.
      if (new URL(to, location.href).pathname !== location.pathname)
        document.querySelectorAll('main h1').forEach((heading) => heading.setAttribute('data-left', ''));
      history.pushState(null, '', to);
      dispatchEvent(new PopStateEvent('popstate'));
    }, path);
    await settled(ready);
  }

  async function check(found: Record<string, Violation[]>, name: string): Promise<void> {
    const where = new URL(page.url()).pathname;
    for (const viewport of [NARROW_PHONE, DESKTOP]) {
      await page.setViewportSize(viewport);
      const violations = await wcagViolations(page);
      if (violations.length) found[`${name} (${where}) at ${viewport.width}px`] = violations;
    }
  }

  function report(found: Record<string, Violation[]>): string {
    return Object.entries(found)
      .flatMap(([where, violations]) =>
        violations.map((v) => `${where}: ${v.rule} [${v.impact}] at ${v.targets.join(', ')}`),
      )
      .join('\n');
  }

  it.each(LANGUAGES)('has no serious or critical violation on any main page in %s', async (lang) => {
    const found: Record<string, Violation[]> = {};
    await page.goto(`/?lang=${lang}`);
    await settled();
    await check(found, 'home');

    await visit('/search?q=water', '.search-status');
    await check(found, 'search with a query');
    await page.locator('.facet input[type="checkbox"]').nth(0).check();
    await page.waitForURL(/[?&](type|theme|country|in)=/);
    await settled('.search-status');
    await check(found, 'search with a facet');

    for (const [name, path, ready] of [
      ['case study', `/case-studies/${demo.caseStudy}`],
      ['events', '/events'],
      ['events calendar', `/events?view=calendar&month=${demo.month}`, 'table.calendar'],
      ['event', `/events/${demo.event}`],
      ['materials', '/materials'],
      ['material', `/materials/${demo.material}`],
      ['directory', '/directory'],
      ['organisation', `/organisations/${organisation}`],
      ['sign-in', '/sign-in'],
      ['forgotten password', '/forgot-password'],
      ['password reset', '/reset-password#token=from-an-email'],
      ['sign-up confirmation', '/confirm-registration#token=from-an-email'],
      ['password reset without a token', '/reset-password'],
      ['not found', '/no-such-page'],
    ]) {
      await visit(path, ready);
      await check(found, name);
    }

    // A room needs someone signed in, and the session is read when the app starts; the composer
    // shows the room is ready to write in.
    await page.evaluate((token) => localStorage.setItem('ashar.token', token), memberToken);
    try {
      await page.goto(`/rooms/${room}?lang=${lang}`);
      await settled('form.composer textarea');
      await check(found, 'room');
    } finally {
      await page.evaluate(() => localStorage.removeItem('ashar.token'));
    }

    // The import page is for national coordinators; its report shows after a check of a file with
    // one record outside the coordinator's country (nothing is written).
    await page.evaluate((token) => localStorage.setItem('ashar.token', token), coordinatorToken);
    try {
      // The translation work list, with the tasks of the coordinator's countries.
      await page.goto(`/translations?lang=${lang}`);
      await settled('.translation-count');
      await check(found, 'translation work list');
      await page.goto(`/import?lang=${lang}`);
      await settled('input[type="file"]');
      await check(found, 'import');
      await page.locator('input[type="file"]').setInputFiles({
        name: 'case-studies.json',
        mimeType: 'application/json',
        buffer: Buffer.from(
          JSON.stringify({
            caseStudies: [
              {
                slug: 'a11y-import-check',
                originalLocale: 'en',
                countries: ['PE'],
                translations: { en: { title: 'Checked only' } },
              },
            ],
          }),
        ),
      });
      await page.getByRole('button', { name: t(lang, 'web:import.checkOnly') }).click();
      await page.locator('table.import-failures').waitFor();
      await check(found, 'import report');
    } finally {
      await page.evaluate(() => localStorage.removeItem('ashar.token'));
    }

    // Scheduling an event needs a facilitator (or another role that may), with an agenda item open.
    await page.evaluate((token) => localStorage.setItem('ashar.token', token), facilitatorToken);
    try {
      await page.goto(`/events/new?lang=${lang}`);
      await settled('form select[name="timeZone"]');
      await page.getByRole('button', { name: t(lang, 'web:eventForm.addItem') }).click();
      await page.locator('[name="agenda.0.title"]').waitFor();
      await check(found, 'schedule an event');
    } finally {
      await page.evaluate(() => localStorage.removeItem('ashar.token'));
    }

    // Writing a case study needs a member of an organisation, with an organisation and a source open.
    await page.evaluate((token) => localStorage.setItem('ashar.token', token), memberToken);
    try {
      await page.goto(`/case-studies/new?lang=${lang}`);
      await settled('form input[name="countries"]');
      await page.getByRole('button', { name: t(lang, 'web:caseStudyForm.addOrganisation') }).click();
      await page.getByRole('button', { name: t(lang, 'web:caseStudyForm.addSource') }).click();
      await page.locator('[name="sources.0.title"]').waitFor();
      await check(found, 'write a case study');
    } finally {
      await page.evaluate(() => localStorage.removeItem('ashar.token'));
    }

    expect(report(found)).toBe('');
  });

  it('keeps the keyboard focus in a room when sending, replying, editing and deleting', async () => {
    const focused = () =>
      page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        return element?.id ? `#${element.id}` : (element?.textContent?.trim() ?? '');
      });
    await page.goto('/?lang=en');
    await page.evaluate((token) => localStorage.setItem('ashar.token', token), memberToken);
    try {
      await page.goto(`/rooms/${room}?lang=en`);
      await settled('form.composer textarea');
      const button = (name: string) => ({ name: t('en', `web:rooms.${name}`), exact: true });
      const composer = page.getByLabel(t('en', 'web:rooms.yourMessage'));
      const composerId = `#${await composer.getAttribute('id')}`;

      // Sending with the button (disabled while it sends) leaves the focus where the next one is written.
      await composer.fill('Written without a mouse');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      const mine = page.locator('li.message').filter({ hasText: 'Written without a mouse' });
      await mine.waitFor();
      await page.waitForFunction((id) => document.activeElement?.id === id.slice(1), composerId);

      // Cancelling a reply removes the button pressed: the focus stays in the composer.
      await mine.getByRole('button', button('reply')).press('Enter');
      expect(await focused()).toBe(composerId);
      await page.locator('form.composer').getByRole('button', button('cancel')).press('Enter');
      expect(await focused()).toBe(composerId);

      // Edit opens the editor with the focus in it; Escape, or saving, closes it and gives the focus
      // back to Edit.
      await mine.getByRole('button', button('edit')).press('Enter');
      expect(await focused()).toBe(`#${await mine.locator('textarea').getAttribute('id')}`);
      await page.keyboard.press('Escape');
      expect(await focused()).toBe(t('en', 'web:rooms.edit'));
      await page.keyboard.press('Enter');
      await page.keyboard.type(', and edited the same way');
      await mine.getByRole('button', button('save')).press('Enter');
      await mine.filter({ hasText: 'edited the same way' }).locator('.message-actions').waitFor();
      await page.waitForFunction(
        (name) => document.activeElement?.textContent?.trim() === name,
        t('en', 'web:rooms.edit'),
      );

      // Deleting removes the buttons too: the focus stays on what stands in the message's place.
      const seq = await mine.getAttribute('data-seq');
      page.once('dialog', (dialog) => void dialog.accept());
      await mine.getByRole('button', button('delete')).press('Enter');
      await page.locator(`li.message-deleted[data-seq="${seq}"]`).waitFor();
      await page.waitForFunction(
        (deleted) => document.activeElement?.getAttribute('data-seq') === deleted,
        seq,
      );
    } finally {
      await page.evaluate(() => localStorage.removeItem('ashar.token'));
    }
  });
});

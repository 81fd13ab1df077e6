import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { loadConfig, type AppConfig } from '@ashar/config';
import { simpleParser } from 'mailparser';
import { escapeHtml, type MailMessage } from '../mail-message';
import { Mailer } from '../mailer';
import { startSmtpInbox, type SmtpInbox } from '../testing';

const message: MailMessage = {
  to: { name: 'Айгуль "Ай" <Осмонова>', address: 'aigul@example.org' },
  subject: 'Сброс пароля Ashar',
  text: 'Откройте ссылку: http://localhost:3000/reset-password',
  html: `<!doctype html><html lang="ru"><body><p>${escapeHtml('Откройте <ссылку> & "всё"')}</p></body></html>`,
  locale: 'ru',
};

function config(env: Record<string, string>, dataDir: string): AppConfig {
  return loadConfig({ DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(32), ...env });
}

describe('the mailer', () => {
  let inbox: SmtpInbox;
  let dataDir: string;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    inbox = await startSmtpInbox();
  });
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ashar-mailer-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));
  afterAll(() => inbox.close());

  it('sends through the SMTP server in SMTP_URL, signed in with its credentials', async () => {
    const mailer = new Mailer(
      config({ SMTP_URL: inbox.url, MAIL_FROM: 'Ashar <no-reply@example.org>' }, dataDir),
    );
    await mailer.send(message);
    const { recipients, user, mail } = await inbox.next();
    expect(recipients).toEqual(['aigul@example.org']);
    expect(user).toBe('ashar');
    expect(mail.from?.value).toEqual([{ name: 'Ashar', address: 'no-reply@example.org' }]);
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    expect(to?.value).toEqual([{ name: 'Айгуль "Ай" <Осмонова>', address: 'aigul@example.org' }]);
    expect(mail.subject).toBe('Сброс пароля Ashar');
    expect(mail.text?.trim()).toBe(message.text);
    expect(mail.html).toContain('Откройте &lt;ссылку&gt; &amp; &quot;всё&quot;');
    expect(mail.headers.get('content-language')).toBe('ru');
    // Nothing was written to files meanwhile.
    expect(() => readdirSync(join(dataDir, 'mail'))).toThrow();
    await mailer.onApplicationShutdown();
  });

  it('writes each message to an .eml file under the data directory when there is no SMTP server', async () => {
    const mailer = new Mailer(config({}, dataDir));
    await mailer.send(message);
    await mailer.send({ ...message, subject: 'Second' });
    const dir = join(dataDir, 'mail');
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    expect(files.every((file) => file.endsWith('.eml'))).toBe(true);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, files[0])).mode & 0o777).toBe(0o600);
    // Readable as it is, in a text editor: the link is there to copy.
    expect(readFileSync(join(dir, files[0]), 'utf8')).toContain(message.text);
    const first = await simpleParser(readFileSync(join(dir, files[0])));
    expect(first.subject).toBe('Сброс пароля Ashar');
    expect(first.from?.value).toEqual([{ name: 'Ashar', address: 'ashar@localhost' }]);
    expect(first.text?.trim()).toBe(message.text);
    expect((await simpleParser(readFileSync(join(dir, files[1])))).subject).toBe('Second');
    await mailer.onApplicationShutdown();
  });

  it('logs a message it could not send instead of failing the caller, and shuts down after it', async () => {
    const refusing = inbox.url.replace(/:[^:@/]+@/, ':wrong@');
    const mailer = new Mailer(config({ SMTP_URL: refusing, MAIL_FROM: 'no-reply@example.org' }, dataDir));
    await expect(mailer.send(message)).rejects.toThrow(/Invalid username or password/);
    const errors: string[] = [];
    (mailer as unknown as { logger: { error(text: string): void } }).logger = {
      error: (text) => errors.push(text),
    };
    mailer.sendLater(message);
    await mailer.onApplicationShutdown();
    expect(errors).toEqual([
      expect.stringMatching(/^sending an e-mail failed: .*Invalid username or password/),
    ]);
    expect(inbox.received).toHaveLength(1);
  });

  /** The mailer's log, as lines per level. */
  function listen(mailer: Mailer): { warn: string[]; error: string[] } {
    const lines = { warn: [] as string[], error: [] as string[] };
    (mailer as unknown as { logger: object }).logger = {
      log: () => undefined,
      warn: (text: string) => lines.warn.push(text),
      error: (text: string) => lines.error.push(text),
    };
    return lines;
  }

  it('tries again a message the server could not take for now, and gives up on one it refuses', async () => {
    const mailer = new Mailer(config({ SMTP_URL: inbox.url, MAIL_FROM: 'no-reply@example.org' }, dataDir));
    const log = listen(mailer);
    const refusedBefore = inbox.refused;
    inbox.refuse(1, 451);
    mailer.sendLater({ ...message, subject: 'Greylisted' });
    expect((await inbox.next(5_000)).mail.subject).toBe('Greylisted');
    expect(inbox.refused).toBe(refusedBefore + 1);
    expect(log.warn).toEqual([
      expect.stringMatching(/^sending an e-mail failed \(.*451.*\); trying again in 1 s$/),
    ]);

    inbox.refuse(1, 550);
    mailer.sendLater({ ...message, subject: 'No such mailbox' });
    await mailer.settled();
    expect(inbox.refused).toBe(refusedBefore + 2);
    expect(log.warn).toHaveLength(1);
    expect(log.error).toEqual([expect.stringMatching(/^sending an e-mail failed: .*550/)]);
    await mailer.onApplicationShutdown();
  });

  it('gives a message waiting to be tried again its last try at shutdown, and logs it if that fails', async () => {
    const mailer = new Mailer(config({ SMTP_URL: inbox.url, MAIL_FROM: 'no-reply@example.org' }, dataDir));
    const log = listen(mailer);
    const refusedBefore = inbox.refused;
    inbox.refuse(5, 421);
    mailer.sendLater(message);
    // Refused once, and now waiting to try again (a send still under way at shutdown gets no retry).
    for (let wait = 0; wait < 100 && log.warn.length === 0; wait++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(inbox.refused).toBe(refusedBefore + 1);
    await mailer.onApplicationShutdown();
    expect(inbox.refused).toBe(refusedBefore + 2);
    expect(log.error).toEqual([expect.stringMatching(/^sending an e-mail failed: .*421/)]);
    inbox.refuse(0, 0);
  });

  it('escapes every character that means something in HTML', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });
});

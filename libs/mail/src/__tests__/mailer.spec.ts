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
    mailer.close();
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
    mailer.close();
  });

  it('rejects when the SMTP server refuses the credentials', async () => {
    const refusing = inbox.url.replace(/:[^:@/]+@/, ':wrong@');
    const mailer = new Mailer(config({ SMTP_URL: refusing, MAIL_FROM: 'no-reply@example.org' }, dataDir));
    await expect(mailer.send(message)).rejects.toThrow(/Invalid username or password/);
    mailer.close();
  });

  it('escapes every character that means something in HTML', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });
});

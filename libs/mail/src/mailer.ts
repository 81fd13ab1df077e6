import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, redactSmtpUrl, type AppConfig } from '@ashar/config';
import { createTransport, type Transporter } from 'nodemailer';
import type { MailMessage } from './mail-message';

const eightBitPart = (type: string, content: string) =>
  `Content-Type: ${type}; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n${content}`;

/** How long a silent SMTP server may keep a send waiting (nodemailer waits up to 10 minutes). */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * Sends e-mail through the SMTP server in SMTP_URL or, without one, writes each message as an .eml
 * file under the data directory (`mail.fileDir`) and logs where, so that on a developer's machine the
 * links in it can be opened. Features queue their mail with `MailQueue`, which sends it through this.
 */
@Injectable()
export class Mailer implements OnModuleInit {
  private readonly logger = new Logger('Mailer');
  private readonly smtp?: Transporter;
  /** Renders a message to its bytes, for the file fallback. */
  private readonly renderer = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const { smtpUrl } = config.mail;
    if (smtpUrl) this.smtp = createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS });
  }

  onModuleInit(): void {
    const { smtpUrl, fileDir } = this.config.mail;
    if (smtpUrl) {
      this.logger.log(`sending e-mail through ${redactSmtpUrl(smtpUrl)}`);
      return;
    }
    // With an external database this is a real deployment, where mail nobody receives is a problem.
    const note = `SMTP_URL is not set: e-mail is not sent but written to ${fileDir}`;
    if (this.config.databaseUrl) this.logger.warn(note);
    else this.logger.log(note);
  }

  /** Sends (or writes) the message; rejects when the SMTP server refuses it or cannot be reached. */
  async send(message: MailMessage): Promise<void> {
    const mail = {
      from: this.config.mail.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: { 'Content-Language': message.locale },
    };
    if (this.smtp) {
      await this.smtp.sendMail(mail);
      return;
    }
    // The parts as UTF-8 themselves rather than base64, so that the file shows its links in a text
    // editor too (nodemailer picks the encoding of a text part itself unless given the part whole).
    const { message: bytes } = await this.renderer.sendMail({
      ...mail,
      text: { raw: eightBitPart('text/plain', message.text) },
      html: { raw: eightBitPart('text/html', message.html) },
    });
    const { fileDir } = this.config.mail;
    await mkdir(fileDir, { recursive: true, mode: 0o700 });
    // Sorted by name is sorted by time; the file holds live links, so only this account reads it.
    const file = join(fileDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.eml`);
    await writeFile(file, bytes as Buffer, { mode: 0o600 });
    this.logger.log(`wrote an e-mail ("${message.subject}") to ${file}`);
  }

  /** Lets go of the SMTP transport (after the last send). */
  close(): void {
    this.smtp?.close();
  }
}

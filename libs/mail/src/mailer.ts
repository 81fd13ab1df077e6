import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, redactSmtpUrl, type AppConfig } from '@ashar/config';
import { createTransport, type Transporter } from 'nodemailer';
import type { MailMessage } from './mail-message';

const eightBitPart = (type: string, content: string) =>
  `Content-Type: ${type}; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n${content}`;

/** How long a silent SMTP server may keep a send waiting (nodemailer waits up to 10 minutes). */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** Waits before the second, third and fourth try of a message `sendLater` could not send for now. */
const RETRY_DELAYS_MS = [1_000, 10_000, 60_000];

/** Connection failures nodemailer reports (no SMTP reply at all): worth trying again. */
const CONNECTION_ERRORS = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS']);

/**
 * Whether a failed send may succeed later: the server could not be reached, or answered with a 4xx
 * reply ("try again later": busy, greylisting, mailbox temporarily unavailable). A 5xx reply, or
 * credentials the server refuses, will fail the same way again.
 */
function transient(error: unknown): boolean {
  const { responseCode, code } = (error ?? {}) as { responseCode?: number; code?: string };
  if (typeof responseCode === 'number') return responseCode >= 400 && responseCode < 500;
  return code !== undefined && CONNECTION_ERRORS.has(code);
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Sends e-mail through the SMTP server in SMTP_URL or, without one, writes each message as an .eml
 * file under the data directory (`mail.fileDir`) and logs where, so that on a developer's machine the
 * links in it can be opened.
 */
@Injectable()
export class Mailer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Mailer');
  private readonly smtp?: Transporter;
  /** Renders a message to its bytes, for the file fallback. */
  private readonly renderer = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  private readonly inFlight = new Set<Promise<void>>();
  /** Retries waiting for their time; shutdown ends the waits (each message then has a last try). */
  private readonly waits = new Set<() => void>();
  private shuttingDown = false;

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

  /**
   * Sends without keeping the caller waiting, so that how long an answer takes tells nothing about the
   * message (for example whether an account exists). A send that may succeed later (the server could
   * not be reached, or said "try again later") is tried again after RETRY_DELAYS_MS; one that cannot,
   * or still fails after the last try, is logged as an error. The message (which may hold a live link)
   * is kept in memory only: a restart in the meantime loses it. Shutdown waits for the sends under
   * way, giving each waiting retry its try at once.
   */
  sendLater(message: MailMessage): void {
    const sending = this.sendTrying(message)
      .catch((error: unknown) => this.logger.error(`sending an e-mail failed: ${reason(error)}`))
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  private async sendTrying(message: MailMessage): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.send(message);
      } catch (error) {
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined || this.shuttingDown || !transient(error)) throw error;
        this.logger.warn(`sending an e-mail failed (${reason(error)}); trying again in ${delay / 1000} s`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            clearTimeout(timer);
            this.waits.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, delay);
          this.waits.add(wake);
        });
      }
    }
  }

  /** Resolves once every message handed to `sendLater` so far has been sent or has failed. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    [...this.waits].forEach((wake) => wake());
    await this.settled();
    this.smtp?.close();
  }
}

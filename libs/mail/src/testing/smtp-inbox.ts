import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message as the SMTP server received it: the envelope's recipients and the parsed message. */
export interface ReceivedMail {
  recipients: string[];
  /** The SMTP user that sent it. */
  user?: string;
  mail: ParsedMail;
}

export interface SmtpInbox {
  /** `smtp://user:password@127.0.0.1:<port>`, for SMTP_URL. */
  url: string;
  /** Every message received so far, oldest first. */
  received: ReceivedMail[];
  /** The first message received after the ones already taken, waiting for it up to `timeoutMs`. */
  next(timeoutMs?: number): Promise<ReceivedMail>;
  /** Answers the next `times` messages with the SMTP reply `code` (421 "try later", 550 "refused") and keeps none of them. */
  refuse(times: number, code: number): void;
  /** Messages refused so far. */
  refused: number;
  close(): Promise<void>;
}

const USER = 'ashar';
const PASSWORD = 'inbox password';

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1 and a free port, that demands the
 * credentials in its `url` and keeps what it receives, parsed by `mailparser`. No STARTTLS: it has no
 * certificate a client would accept.
 */
export async function startSmtpInbox(): Promise<SmtpInbox> {
  const received: ReceivedMail[] = [];
  let taken = 0;
  const refusal = { left: 0, code: 0, count: 0 };
  const waiting: (() => void)[] = [];
  const server = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          if (refusal.left > 0) {
            refusal.left -= 1;
            refusal.count += 1;
            callback(Object.assign(new Error('Refused by the test inbox'), { responseCode: refusal.code }));
            return;
          }
          received.push({
            recipients: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            user: session.user as string | undefined,
            mail,
          });
          waiting.splice(0).forEach((wake) => wake());
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`,
    received,
    refuse(times, code) {
      Object.assign(refusal, { left: times, code });
    },
    get refused() {
      return refusal.count;
    },
    async next(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length <= taken) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no e-mail arrived within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiting.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return received[taken++];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';

/** The .eml files the Mailer wrote to `dir`, oldest first, parsed; none while the folder does not exist. */
export async function readMailFiles(dir: string): Promise<ParsedMail[]> {
  const files = await readdir(dir).catch(() => [] as string[]);
  return Promise.all(
    files
      .filter((file) => file.endsWith('.eml'))
      .sort()
      .map(async (file) => simpleParser(await readFile(join(dir, file)))),
  );
}

/**
 * The token of a link in `text` to the web client's `page` (`/<page>?lang=xx#token=…`, as account
 * e-mails write them), or undefined when there is none.
 */
export function linkToken(text: string | undefined, page: string): string | undefined {
  return new RegExp(`/${page}\\?lang=\\w\\w#token=([\\w-]+)`).exec(text ?? '')?.[1];
}

/** The addresses a parsed message is sent to. */
export const recipientsOf = (mail: ParsedMail): string[] =>
  [mail.to ?? []].flat().flatMap((to) => to.value.map((address) => address.address ?? ''));

/**
 * Waits up to `timeoutMs` for a message to `address` (any case) in `dir` that is `matching`, and
 * returns the newest such one.
 */
export async function waitForMailFile(
  dir: string,
  address: string,
  timeoutMs = 10_000,
  matching: (mail: ParsedMail) => boolean = () => true,
): Promise<ParsedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Compared whole but without case: mail software may write the domain in lower case.
    const mine = (await readMailFiles(dir)).filter(
      (mail) => recipientsOf(mail).some((to) => to.toLowerCase() === address.toLowerCase()) && matching(mail),
    );
    if (mine.length > 0) return mine[mine.length - 1];
    if (Date.now() > deadline) throw new Error(`no e-mail to ${address} in ${dir} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

import { t, type Locale } from '@ashar/i18n';
import { escapeHtml, type MailMessage } from '@ashar/mail';

export interface MailRecipient {
  email: string;
  displayName: string;
  preferredLocale: Locale;
}

/**
 * The e-mails Ashar sends a person, each a greeting, a line saying why it came, a link (as a button and
 * written out), how long the link works when it expires, and what to do if it was not asked for:
 * `accounts:<kind>.*` in the person's own language.
 */
export type AccountMailKind =
  | 'passwordResetMail'
  | 'registrationMail'
  | 'alreadyRegisteredMail'
  | 'membershipMail'
  | 'invitationMail'
  | 'roleMail'
  | 'mentionMail'
  | 'mentionsMail'
  | 'reportsMail'
  | 'eventCancelledMail'
  | 'eventChangedMail'
  | 'eventReminderMail';

/**
 * An account e-mail as text and as simple HTML; `expiry` fills the kind's `expiry` line, `params` its
 * other lines (names and counts, escaped in the HTML like every line). `quote`, someone's words the
 * mail is about, follows the intro, as text.
 */
export function accountMail(
  kind: AccountMailKind,
  to: MailRecipient,
  link: string,
  {
    expiry,
    params = {},
    quote,
  }: { expiry?: { count: number }; params?: Record<string, string | number>; quote?: string } = {},
): MailMessage {
  const lng = to.preferredLocale;
  // Names stay on their line, whatever an older account or an organisation holds: a line break in a
  // name must not add lines (a link, say) to a mail Ashar sends.
  const flat = Object.fromEntries(
    Object.entries(params).map(([key, value]) => [key, typeof value === 'string' ? oneLine(value) : value]),
  );
  const name = oneLine(to.displayName);
  const text = (key: string, extra: Record<string, unknown> = {}) =>
    t(lng, `accounts:${key}`, { ...flat, ...extra });
  // Translated with the raw values, then escaped whole: a translation may hold an "&" of its own.
  const html = (key: string, params: Record<string, unknown> = {}) => escapeHtml(text(key, params));
  const href = escapeHtml(link);
  // A sign-up mail goes to an address nobody has yet shown they read, with a name whoever typed it
  // chose: that name stays out of it, so that nobody can have Ashar mail their words to anyone. An
  // invitation goes to an address without an account, whose owner's name nobody knows.
  const named = kind !== 'registrationMail' && kind !== 'invitationMail';
  const lines = {
    greeting: named ? text('mail.greeting', { name }) : text('mail.greetingUnnamed'),
    intro: text(`${kind}.intro`, { email: to.email }),
    expiry: expiry ? text(`${kind}.expiry`, expiry) : null,
    ignore: text(`${kind}.ignore`),
  };
  const paragraph = (line: string | null) => (line === null ? '' : `<p>${escapeHtml(line)}</p>\n`);
  return {
    to: named ? { name, address: to.email } : to.email,
    locale: lng,
    subject: text(`${kind}.subject`),
    text: [
      lines.greeting,
      lines.intro,
      quote === undefined ? null : `> ${quote.replace(/\n/g, '\n> ')}`,
      link,
      lines.expiry,
      lines.ignore,
      `— ${text('mail.signature')}`,
    ]
      .filter((line) => line !== null)
      .join('\n\n'),
    html: `<!doctype html>
<html lang="${lng}">
<head><meta charset="utf-8"><title>${html(`${kind}.subject`)}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1b1f1d">
${paragraph(lines.greeting)}${paragraph(lines.intro)}${quote === undefined ? '' : `<blockquote style="margin: 0 0 16px; padding-left: 12px; border-left: 3px solid #9bb5aa; white-space: pre-wrap">${escapeHtml(quote)}</blockquote>\n`}<p><a href="${href}" style="display: inline-block; padding: 10px 18px; background: #1f5f4a; color: #ffffff; text-decoration: none; border-radius: 4px">${html(`${kind}.button`)}</a></p>
<p>${html('mail.linkFallback')}<br><a href="${href}">${href}</a></p>
${paragraph(lines.expiry)}${paragraph(lines.ignore)}<p>— ${html('mail.signature')}</p>
</body>
</html>
`,
  };
}

/** `text` on one line: every run of control characters and line or paragraph separators becomes a space. */
const oneLine = (text: string): string => text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').trim();

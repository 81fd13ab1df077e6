import { t, type Locale } from '@ashar/i18n';
import { escapeHtml, type MailMessage } from '@ashar/mail';

export interface ResetMailRecipient {
  email: string;
  displayName: string;
  preferredLocale: Locale;
}

/** The password reset e-mail, in the person's own language, as text and as simple HTML. */
export function passwordResetMail(to: ResetMailRecipient, link: string, minutes: number): MailMessage {
  const lng = to.preferredLocale;
  const text = (key: string, params: Record<string, unknown> = {}) =>
    t(lng, `accounts:passwordResetMail.${key}`, params);
  // Translated with the raw values, then escaped whole: a translation may hold an "&" of its own.
  const html = (key: string, params: Record<string, unknown> = {}) => escapeHtml(text(key, params));
  const href = escapeHtml(link);
  const lines = {
    greeting: text('greeting', { name: to.displayName }),
    intro: text('intro', { email: to.email }),
    expiry: text('expiry', { count: minutes }),
  };
  return {
    to: { name: to.displayName, address: to.email },
    locale: lng,
    subject: text('subject'),
    text: [lines.greeting, lines.intro, link, lines.expiry, text('ignore'), `— ${text('signature')}`].join(
      '\n\n',
    ),
    html: `<!doctype html>
<html lang="${lng}">
<head><meta charset="utf-8"><title>${html('subject')}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1b1f1d">
<p>${escapeHtml(lines.greeting)}</p>
<p>${escapeHtml(lines.intro)}</p>
<p><a href="${href}" style="display: inline-block; padding: 10px 18px; background: #1f5f4a; color: #ffffff; text-decoration: none; border-radius: 4px">${html('button')}</a></p>
<p>${html('linkFallback')}<br><a href="${href}">${href}</a></p>
<p>${escapeHtml(lines.expiry)}</p>
<p>${html('ignore')}</p>
<p>— ${html('signature')}</p>
</body>
</html>
`,
  };
}

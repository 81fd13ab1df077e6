/** One message to one person, in one language, as plain text and as HTML. */
export interface MailMessage {
  /** The address, with the person's name when it may be shown. */
  to: { name: string; address: string } | string;
  subject: string;
  text: string;
  /** Whole HTML document: every piece of text in it must have gone through `escapeHtml`. */
  html: string;
  /** The language the message is written in, sent as its Content-Language. */
  locale: string;
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe to place in HTML, between tags or inside a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

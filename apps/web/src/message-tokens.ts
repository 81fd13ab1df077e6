/** A piece of a chat message as the page shows it. */
export type MessageToken =
  { kind: 'text' | 'strong' | 'code'; text: string } | { kind: 'link'; text: string; href: string };

/** An address in a link's parentheses: no spaces, at most one level of balanced parentheses. */
const TARGET = String.raw`(?:[^\s()<>]|\([^\s()<>]*\))+`;
/**
 * The Markdown people actually use in a chat message, read as the API's `bodyHtml` reads it:
 * **bold**, `code`, [a link](…) to a web address, a mailto: address or a page of this site (an image,
 * `![…](…)`, is shown as a link too, never loaded), and bare http(s) and mailto: addresses.
 */
const TOKEN = new RegExp(
  String.raw`(\*\*[^*\n]+\*\*|` +
    '`[^`\\n]+`' +
    String.raw`|!?\[[^\]\n]+\]\(${TARGET}\)|(?:https?:\/\/|mailto:)[^\s<>"')\]]+)`,
  'gi',
);
const LINKED = /^!?\[([^\]\n]+)\]\((\S+)\)$/;
/** Where a link may lead: the web, mail, or a page of this site (never `//elsewhere`). */
const SAFE_TARGET = /^(https?:\/\/|mailto:|\/(?!\/))/i;
/** A bare address does not take the punctuation that ends its sentence. */
const TRAILING = /[.,;:!?]+$/;

export function messageTokens(text: string): MessageToken[] {
  const tokens: MessageToken[] = [];
  const pushText = (value: string) => {
    if (!value) return;
    const last = tokens.at(-1);
    if (last?.kind === 'text') last.text += value;
    else tokens.push({ kind: 'text', text: value });
  };
  text.split(TOKEN).forEach((part, index) => {
    if (index % 2 === 0) return pushText(part);
    if (part.startsWith('**')) return tokens.push({ kind: 'strong', text: part.slice(2, -2) });
    if (part.startsWith('`')) return tokens.push({ kind: 'code', text: part.slice(1, -1) });
    const linked = LINKED.exec(part);
    if (linked)
      return SAFE_TARGET.test(linked[2])
        ? tokens.push({ kind: 'link', text: linked[1], href: linked[2] })
        : pushText(part);
    const trailing = TRAILING.exec(part)?.[0] ?? '';
    const address = part.slice(0, part.length - trailing.length);
    tokens.push({ kind: 'link', text: address, href: address });
    pushText(trailing);
  });
  return tokens;
}

import { isSafeLinkTarget } from './safe-links';
/** A piece of a chat message as the page shows it. */
export type MessageToken =
  { kind: 'text' | 'strong' | 'code'; text: string } | { kind: 'link'; text: string; href: string };

/** An address in a link's parentheses: no spaces, at most one level of balanced parentheses. */
const TARGET = String.raw`(?:[^\s()<>]|\([^\s()<>]*\))+`;
/**
 * The Markdown people actually use in a chat message, read as the API's `bodyHtml` reads it:
 * **bold**, `code`, [a link](…) to a web address, a mailto: address or a page of this site (an image,
 * `![…](…)`, is shown as a link too, never loaded), and bare http(s) and mailto: addresses, also
 * written between angle brackets.
 */
const TOKEN = new RegExp(
  String.raw`(\*\*[^*\n]+\*\*|` +
    '`[^`\\n]+`' +
    String.raw`|!?\[[^\]\n]+\]\(${TARGET}\)|<(?:https?:\/\/|mailto:)[^\s<>]+>|(?:https?:\/\/|mailto:)[^\s<>"]+)`,
  'gi',
);
const LINKED = /^!?\[([^\]\n]+)\]\((\S+)\)$/;
/**
 * Where a link may lead: what isSafeLinkTarget allows (the web, mail, a page of this site, never
 * `//elsewhere` nor `/\elsewhere`, which browsers read as another site), or a place on this page.
 */
const safeTarget = (href: string) => isSafeLinkTarget(href) || /^#[^\s\\]*$/.test(href);

/**
 * The length of a bare address without what ends its sentence: trailing punctuation, and a closing
 * bracket it did not open ("(see https://example.org/a_(b))" keeps the address's own parenthesis).
 */
function addressLength(part: string): number {
  let end = part.length;
  const count = (char: string) => part.slice(0, end).split(char).length - 1;
  for (;;) {
    const last = part[end - 1];
    if ('.,;:!?\'"'.includes(last)) end -= 1;
    else if (last === ')' && count('(') < count(')')) end -= 1;
    else if (last === ']' && count('[') < count(']')) end -= 1;
    else return end;
  }
}

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
      return safeTarget(linked[2])
        ? tokens.push({ kind: 'link', text: linked[1], href: linked[2] })
        : pushText(part);
    // <https://…>: the brackets only mark where the address ends.
    if (part.startsWith('<'))
      return tokens.push({ kind: 'link', text: part.slice(1, -1), href: part.slice(1, -1) });
    const address = part.slice(0, addressLength(part));
    tokens.push({ kind: 'link', text: address, href: address });
    pushText(part.slice(address.length));
  });
  return tokens;
}

/** A piece of a chat message as the page shows it. */
export type MessageToken =
  { kind: 'text' | 'strong' | 'code'; text: string } | { kind: 'link'; text: string; href: string };

/**
 * The Markdown people actually use in a chat message, as the API's `bodyHtml` reads it too: **bold**,
 * `code`, [a link](https://…) (also written as an image, `![…](…)`: shown as a link, never loaded),
 * and bare web addresses, with or without `https://`. Only http(s) addresses become links.
 */
const TOKEN =
  /(\*\*[^*\n]+\*\*|`[^`\n]+`|!?\[[^\]\n]+\]\(https?:\/\/[^\s()<>]+\)|https?:\/\/[^\s<>"')\]]+|\bwww\.[^\s<>"')\]]+)/g;
const LINKED = /^!?\[([^\]\n]+)\]\((\S+)\)$/;
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
    if (linked) return tokens.push({ kind: 'link', text: linked[1], href: linked[2] });
    const trailing = TRAILING.exec(part)?.[0] ?? '';
    const address = part.slice(0, part.length - trailing.length);
    tokens.push({
      kind: 'link',
      text: address,
      href: address.startsWith('www.') ? `https://${address}` : address,
    });
    pushText(trailing);
  });
  return tokens;
}

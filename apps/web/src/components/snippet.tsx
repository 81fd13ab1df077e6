import type { ReactNode } from 'react';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, code: string) => {
    if (code[0] === '#') {
      const point =
        code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(point) && point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : entity;
    }
    return ENTITIES[code.toLowerCase()] ?? entity;
  });
}

/**
 * The search engine's snippet: HTML-escaped text with the matched words in `<mark>`. Only `<mark>`
 * becomes markup; any other tag that might slip through is shown as the text it is, never parsed.
 */
export function Snippet({ html, lang }: { html: string; lang?: string }) {
  const parts: ReactNode[] = [];
  let marked = false;
  html.split(/(<\/?mark>)/i).forEach((part, index) => {
    if (/^<mark>$/i.test(part)) marked = true;
    else if (/^<\/mark>$/i.test(part)) marked = false;
    else if (part) parts.push(marked ? <mark key={index}>{decode(part)}</mark> : decode(part));
  });
  return (
    <p className="snippet" lang={lang}>
      {parts}
    </p>
  );
}

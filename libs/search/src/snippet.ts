import type { AggregateDocuments } from './search-document';

/**
 * Markers ts_headline / engines put around matches. They never occur in indexed text: `indexable`
 * takes them out of every document before an engine sees it, so that text cannot fake a match.
 */
export const MARK_START = '\u0001';
export const MARK_END = '\u0002';

const MARKERS = new RegExp(`[${MARK_START}${MARK_END}]`, 'g');
const unmarked = <T extends string | null>(text: T): T => (text?.replace(MARKERS, '') ?? text) as T;

/** `batch` with the match markers taken out of every text (a title typed with U+0001 in it). */
export function indexable(batch: AggregateDocuments[]): AggregateDocuments[] {
  return batch.map((entry) => ({
    ...entry,
    documents: entry.documents.map((document) => ({
      ...document,
      texts: document.texts.map((text) => ({
        ...text,
        displayTitle: unmarked(text.displayTitle),
        title: unmarked(text.title),
        summary: unmarked(text.summary),
        body: unmarked(text.body),
      })),
    })),
  }));
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

const SPECIAL = new RegExp(`[&<>"'${MARK_START}${MARK_END}]`, 'g');

/**
 * Turns engine output with match markers into safe HTML: everything is escaped, then only the
 * markers become `<mark>`…`</mark>`. Unbalanced markers are closed so the HTML stays well-formed.
 */
export function markedSnippet(text: string): string {
  let open = false;
  const html = text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(SPECIAL, (char) => {
      if (char === MARK_START) {
        const tag = open ? '' : '<mark>';
        open = true;
        return tag;
      }
      if (char === MARK_END) {
        const tag = open ? '</mark>' : '';
        open = false;
        return tag;
      }
      return ESCAPES[char];
    });
  return open ? `${html}</mark>` : html;
}

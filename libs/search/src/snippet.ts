/** Markers ts_headline / engines put around matches; they cannot occur in indexed text. */
export const MARK_START = '\u0001';
export const MARK_END = '\u0002';

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

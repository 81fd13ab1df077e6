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

/**
 * Turns engine output with match markers into safe HTML: everything is escaped, then only the
 * markers become `<mark>`…`</mark>`. Unbalanced markers are closed so the HTML stays well-formed.
 */
export function markedSnippet(text: string): string {
  let open = false;
  let html = '';
  for (const char of text.replace(/\s+/g, ' ').trim()) {
    if (char === MARK_START) {
      if (!open) html += '<mark>';
      open = true;
    } else if (char === MARK_END) {
      if (open) html += '</mark>';
      open = false;
    } else {
      html += ESCAPES[char] ?? char;
    }
  }
  return open ? `${html}</mark>` : html;
}

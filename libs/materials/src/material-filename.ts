import { extname } from 'node:path';

/**
 * A filename that is safe to store and to send back: no path, no control characters, no quotes,
 * at most 150 characters, ending in the extension of the type we found in the content. A name that
 * was not sent in UTF-8 (Latin-1 or Windows-1251 from an old program) arrives with U+FFFD in place of
 * its letters; what is left of it would be garbled, so the file takes the fallback name instead.
 */
export function safeFilename(
  clientName: string | undefined,
  extension: string,
  fallbackStem: string,
): string {
  const sent = (clientName ?? '').split(/[\\/]/).pop() ?? '';
  const base = sent.includes('\uFFFD') ? '' : sent;
  const cleaned = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}"\\*:<>?|]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const currentExt = extname(cleaned).slice(1).toLowerCase();
  let stem = currentExt ? cleaned.slice(0, -(currentExt.length + 1)) : cleaned;
  if (currentExt && currentExt !== extension && !(currentExt === 'jpeg' && extension === 'jpg'))
    stem = cleaned;
  stem = [...stem].slice(0, 140).join('').trim() || fallbackStem;
  const ext = currentExt === 'jpeg' && extension === 'jpg' ? 'jpeg' : extension;
  return `${stem}.${ext}`;
}

/** `Content-Disposition` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 5987). */
export function contentDisposition(filename: string): string {
  const ascii = filename
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

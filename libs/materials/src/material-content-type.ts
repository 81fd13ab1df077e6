import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { fromFile } from 'file-type';

/** What uploads may be, by the type found in their content: MIME type → file extension. */
export const ALLOWED_TYPES: Record<string, string> = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.oasis.opendocument.presentation': 'odp',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'text/plain': 'txt',
  'text/csv': 'csv',
};

/** True when the file is valid UTF-8 without NUL bytes: what we accept as plain text or CSV. */
async function isText(path: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path)) {
      const buffer = chunk as Buffer;
      if (buffer.includes(0)) return false;
      decoder.decode(buffer, { stream: true });
    }
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

/**
 * The real type of an uploaded file, from its bytes: magic numbers (file-type) for binary formats,
 * else a text check. The client's name and header only choose between plain text and CSV, which
 * the bytes cannot tell apart. Undefined when the content is none of the allowed types.
 */
export async function detectContentType(
  path: string,
  clientName: string,
  clientType: string,
): Promise<string | undefined> {
  const found = await fromFile(path);
  if (found) return ALLOWED_TYPES[found.mime] ? found.mime : undefined;
  if (!(await isText(path))) return undefined;
  const saysCsv = extname(clientName).toLowerCase() === '.csv' || /^text\/csv\b/i.test(clientType);
  return saysCsv ? 'text/csv' : 'text/plain';
}

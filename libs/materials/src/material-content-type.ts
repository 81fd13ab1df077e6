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
 * The type file-type reads from the magic numbers, if any. A file cut short inside a header it
 * recognises (a PNG signature alone) makes file-type 16 throw instead of answering: no type.
 */
async function magicType(path: string): Promise<string | undefined> {
  try {
    return (await fromFile(path))?.mime;
  } catch (error) {
    // strtok3's EndOfStreamError, which file-type does not export.
    if (error instanceof Error && error.constructor.name === 'EndOfStreamError') return undefined;
    throw error;
  }
}

/**
 * The real type of an uploaded file, from its bytes: magic numbers (file-type) for binary formats,
 * else a text check. The client's name and header only choose between plain text and CSV, which
 * the bytes cannot tell apart. Undefined when the content is none of the allowed types. A few
 * letters are some binary format's magic number ("BM" is a bitmap's, "ID3" an MP3's): text that
 * begins with them is still text.
 */
export async function detectContentType(
  path: string,
  clientName: string,
  clientType: string,
): Promise<string | undefined> {
  const found = await magicType(path);
  if (found && ALLOWED_TYPES[found]) return found;
  if (!(await isText(path))) return undefined;
  const saysCsv = extname(clientName).toLowerCase() === '.csv' || /^text\/csv\b/i.test(clientType);
  return saysCsv ? 'text/csv' : 'text/plain';
}

import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { AppError } from '@ashar/errors';
import { isLocale, type Locale } from '@ashar/i18n';
import { ALLOWED_TYPES, detectContentType } from './material-content-type';
import { safeFilename } from './material-filename';

/** An upload received completely into a temporary file, checked and hashed on the way. */
export interface ReceivedUpload {
  locale: Locale;
  tempPath: string;
  size: number;
  sha256: string;
  contentType: string;
  filename: string;
}

class UploadAborted extends Error {}

const tooLarge = (maxBytes: number) =>
  new AppError('PAYLOAD_TOO_LARGE', 'materials:errors.tooLarge', { max: Math.round(maxBytes / 1024 / 1024) });

/**
 * The filename as the user's system spelled it. Browsers escape the three characters a quoted
 * multipart parameter cannot hold as `%22`, `%0D` and `%0A` (the HTML standard's form-data
 * encoding) and leave every other `%` as it is, so a name can mean either. A quote is turned back
 * (and then left out of the stored name, as every quote is); `%0D` and `%0A` stay as written: no file
 * picker lets a line break into a name, while names saved from web addresses do hold such text.
 */
const formDataFilename = (sent: string): string => sent.replace(/%22/gi, '"');

/**
 * Streams a multipart upload (fields `locale` and `file`) to a temporary file, never holding it in
 * memory: counts and hashes the bytes as they pass, stops at the size limit, and then checks the
 * real type from the content. On any problem the temporary file is removed before the error is
 * thrown; on success the caller owns it (and removes it after storing it).
 */
export async function receiveUpload(
  req: IncomingMessage,
  tempDir: string,
  maxBytes: number,
): Promise<ReceivedUpload> {
  if (!/^multipart\/form-data\b/i.test(req.headers['content-type'] ?? ''))
    throw new AppError('BAD_USER_INPUT', 'materials:errors.notMultipart');
  const declared = Number(req.headers['content-length']);
  // The multipart envelope adds a few hundred bytes; anything far beyond the limit is refused unread.
  if (Number.isFinite(declared) && declared > maxBytes + 64 * 1024) throw tooLarge(maxBytes);

  await mkdir(tempDir, { recursive: true });
  const tempPath = join(tempDir, `${randomUUID()}.part`);
  let locale: string | undefined;
  let clientName = '';
  let clientType = '';
  let size = 0;
  let truncated = false;
  let sawFile = false;
  /** Another file part than the one `file` (a second one, or one under another name). */
  let extraFile = false;
  const hash = createHash('sha256');
  let file: Readable | undefined;
  let sink: WriteStream | undefined;

  try {
    await new Promise<void>((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({
          headers: req.headers,
          // Browsers send UTF-8 filenames raw; busboy would read them as Latin-1.
          defParamCharset: 'utf8',
          // busboy stops at the limit itself, so a file of exactly maxBytes would count as cut off:
          // one byte more tells a file at the limit from one over it.
          limits: { files: 1, fileSize: maxBytes + 1, fields: 5, fieldSize: 1024, parts: 8 },
        });
      } catch {
        reject(new AppError('BAD_USER_INPUT', 'materials:errors.notMultipart'));
        return;
      }
      let writing: Promise<void> = Promise.resolve();
      const fail = (error: unknown) => {
        req.unpipe(parser);
        // An unpiped parser never ends the file stream, so the pipeline would keep the temporary
        // file open forever: destroy both ends (the catch below waits for the file to close).
        file?.destroy();
        sink?.destroy();
        reject(error);
      };
      req.on('close', () => {
        if (!req.complete) fail(new UploadAborted('client disconnected'));
      });
      parser.on('field', (name, value) => {
        if (name === 'locale') locale = value.trim();
      });
      // Past the limit of one file, busboy drops further files and says so.
      parser.on('filesLimit', () => {
        extraFile = true;
      });
      parser.on('file', (name, stream: Readable, info) => {
        if (name !== 'file' || sawFile) {
          extraFile = true;
          stream.resume();
          return;
        }
        sawFile = true;
        clientName = formDataFilename(info.filename ?? '');
        clientType = info.mimeType ?? '';
        stream.on('limit', () => {
          truncated = true;
        });
        const meter = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            size += chunk.length;
            hash.update(chunk);
            done(null, chunk);
          },
        });
        file = stream;
        sink = createWriteStream(tempPath, { flags: 'wx' });
        writing = pipeline(stream, meter, sink);
        writing.catch(fail);
      });
      parser.on('error', (error) =>
        fail(
          req.complete
            ? new AppError('BAD_USER_INPUT', 'materials:errors.badMultipart')
            : new UploadAborted(String(error)),
        ),
      );
      parser.on('close', () => {
        writing.then(() => resolve(), fail);
      });
      req.pipe(parser);
    });

    if (truncated) throw tooLarge(maxBytes);
    if (!locale)
      throw new AppError('BAD_USER_INPUT', 'materials:errors.localeMissing', {}, [
        { path: 'locale', code: 'isDefined' },
      ]);
    if (!isLocale(locale))
      throw new AppError('BAD_USER_INPUT', 'materials:errors.localeMissing', {}, [
        { path: 'locale', code: 'isLocale' },
      ]);
    if (extraFile)
      throw new AppError('BAD_USER_INPUT', 'materials:errors.oneFile', {}, [
        { path: 'file', code: 'max', params: { max: 1 } },
      ]);
    if (!sawFile)
      throw new AppError('BAD_USER_INPUT', 'materials:errors.fileMissing', {}, [
        { path: 'file', code: 'isDefined' },
      ]);
    if (size === 0)
      throw new AppError('BAD_USER_INPUT', 'materials:errors.empty', {}, [
        { path: 'file', code: 'isNotEmpty' },
      ]);
    const contentType = await detectContentType(tempPath, clientName, clientType);
    if (!contentType) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'materials:errors.unsupportedType');
    return {
      locale,
      tempPath,
      size,
      sha256: hash.digest('hex'),
      contentType,
      filename: safeFilename(clientName, ALLOWED_TYPES[contentType], `material-${locale}`),
    };
  } catch (error) {
    await closed(sink);
    await rm(tempPath, { force: true });
    if (error instanceof UploadAborted) {
      req.destroy();
      throw new AppError('BAD_USER_INPUT', 'materials:errors.aborted');
    }
    throw error;
  }
}

/** Waits until the temporary file's handle is closed: a deleted file still open keeps its bytes and descriptor. */
async function closed(sink: WriteStream | undefined): Promise<void> {
  if (!sink || sink.closed) return;
  const done = new Promise<void>((resolve) => sink.once('close', () => resolve()));
  sink.destroy();
  await done;
}

export const openTemp = (upload: ReceivedUpload) => createReadStream(upload.tempPath);

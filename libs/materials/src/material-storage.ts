import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline, Transform, type Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { S3Settings } from '@ashar/config';

/** Inclusive byte positions, as in HTTP Range. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where uploaded files live. Keys are opaque, made by the caller (`materials/<id>/<uuid>`); an
 * object is either completely stored or absent, never half-written.
 */
export interface MaterialStorage {
  readonly kind: 'local' | 's3';
  put(key: string, content: Readable, size: number): Promise<void>;
  /** The object's bytes (or a range of them); rejects with StorageMissError when absent. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** The object's size, or undefined when absent. */
  size(key: string): Promise<number | undefined>;
  /** Removes the object; removing an absent one is not an error. */
  delete(key: string): Promise<void>;
}

export const MATERIAL_STORAGE = Symbol('MATERIAL_STORAGE');

export class StorageMissError extends Error {}

const KEY = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/i;

function checkKey(key: string): string {
  if (!KEY.test(key) || key.length > 300) throw new Error(`invalid storage key: ${key}`);
  return key;
}

/**
 * Files under `<DATA_DIR>/files`. Each object is written to a temporary name inside the same
 * directory tree, flushed to disk (fsync), then renamed into place, so a crash or a failed write
 * never leaves a partial file under a real key.
 */
export class LocalMaterialStorage implements MaterialStorage {
  readonly kind = 'local' as const;
  readonly root: string;
  readonly tempDir: string;

  constructor(root: string) {
    this.root = resolve(root);
    this.tempDir = join(this.root, '.incoming');
  }

  private path(key: string): string {
    const path = resolve(this.root, checkKey(key));
    if (!path.startsWith(this.root + sep)) throw new Error(`invalid storage key: ${key}`);
    return path;
  }

  async put(key: string, content: Readable, size: number): Promise<void> {
    const target = this.path(key);
    await mkdir(this.tempDir, { recursive: true });
    const temp = join(this.tempDir, randomUUID());
    const handle = await open(temp, 'wx', 0o640);
    let written = 0;
    try {
      for await (const chunk of content) {
        const buffer = chunk as Buffer;
        written += buffer.length;
        await handle.write(buffer);
      }
      if (written !== size) throw new Error(`expected ${size} bytes, got ${written}`);
      await handle.sync();
      await handle.close();
      await mkdir(dirname(target), { recursive: true });
      await rename(temp, target);
    } catch (error) {
      await handle.close().catch(() => undefined);
      await rm(temp, { force: true });
      content.destroy();
      throw error;
    }
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.path(key);
    if ((await this.size(key)) === undefined) throw new StorageMissError(key);
    return createReadStream(path, range ? { start: range.start, end: range.end } : {});
  }

  async size(key: string): Promise<number | undefined> {
    const path = this.path(key);
    try {
      const info = await stat(path);
      return info.isFile() ? info.size : undefined;
    } catch {
      return undefined;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
}

/** Any S3-compatible store (AWS S3, MinIO, Garage, Ceph RGW…) through the official client. */
export class S3MaterialStorage implements MaterialStorage {
  readonly kind = 's3' as const;
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      ...(settings.checksums
        ? {}
        : { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }),
      ...(settings.accessKeyId && settings.secretAccessKey
        ? { credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } }
        : {}),
    });
  }

  async put(key: string, content: Readable, size: number): Promise<void> {
    // A single PUT is atomic in S3: the object appears complete or not at all. A body that fails (the
    // client dropped, or fewer bytes than announced) would leave the request waiting for the rest, so
    // the failure aborts it.
    const body = exactly(content, size);
    const abort = new AbortController();
    body.once('error', (error) => abort.abort(error));
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: checkKey(key),
        Body: body,
        ContentLength: size,
      }),
      { abortSignal: abort.signal },
    );
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const result = await this.client.send(
        new GetObjectCommand({
          Bucket: this.settings.bucket,
          Key: checkKey(key),
          Range: range ? `bytes=${range.start}-${range.end}` : undefined,
        }),
      );
      return result.Body as Readable;
    } catch (error) {
      if (isMissing(error)) throw new StorageMissError(key);
      throw error;
    }
  }

  async size(key: string): Promise<number | undefined> {
    try {
      const head = await this.client.send(
        new HeadObjectCommand({ Bucket: this.settings.bucket, Key: checkKey(key) }),
      );
      return head.ContentLength;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: checkKey(key) }));
  }
}

/** `content` as it is read, failing as soon as it holds more bytes than `size` or ends with fewer. */
function exactly(content: Readable, size: number): Readable {
  let seen = 0;
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > size ? new Error(`expected ${size} bytes, got more`) : null, chunk);
    },
    flush(done) {
      done(seen === size ? null : new Error(`expected ${size} bytes, got ${seen}`));
    },
  });
  pipeline(content, guard, () => undefined); // an error of either reaches the upload through `guard`
  return guard;
}

function isMissing(error: unknown): boolean {
  const candidate = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    candidate?.name === 'NoSuchKey' ||
    candidate?.name === 'NotFound' ||
    candidate?.$metadata?.httpStatusCode === 404
  );
}

/** S3 when S3_ENDPOINT and S3_BUCKET are set, else local files under `<dataDir>/files`. */
export function createMaterialStorage(config: { dataDir: string; s3?: S3Settings }): MaterialStorage {
  return config.s3
    ? new S3MaterialStorage(config.s3)
    : new LocalMaterialStorage(join(config.dataDir, 'files'));
}

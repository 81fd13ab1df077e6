import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { loadConfig } from '@ashar/config';
import S3rver from 's3rver';
import {
  LocalMaterialStorage,
  S3MaterialStorage,
  StorageMissError,
  type MaterialStorage,
} from '../material-storage';

const read = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

/** A stream that yields some bytes, then fails, like a client that drops mid-upload. */
function failing(after: Buffer): Readable {
  return new Readable({
    read() {
      this.push(after);
      this.destroy(new Error('connection lost'));
    },
  });
}

interface Subject {
  storage: MaterialStorage;
  leftovers: () => string[];
  /**
   * Whether a PUT that fails leaves no object at all. S3, MinIO and the local store write the object
   * whole or not at all; s3rver writes straight into the object's file, so an aborted upload leaves
   * what arrived. There the contract still holds our side: the upload fails and never stores the
   * announced size (the upload endpoint deletes the key after a failed put).
   */
  atomicPut: boolean;
  cleanup: () => Promise<void>;
}

function contract(name: string, make: () => Subject | Promise<Subject>) {
  describe(`material storage contract: ${name}`, () => {
    let subject: Subject;
    const prefix = `contract/${Date.now().toString(36)}`;
    const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 256));

    beforeAll(async () => {
      subject = await make();
    });
    afterAll(() => subject.cleanup());

    const expectNotStored = async (key: string, announced: number) => {
      const size = await subject.storage.size(key);
      if (subject.atomicPut) expect(size).toBeUndefined();
      else expect(size ?? 0).toBeLessThan(announced);
    };

    it('stores an object and reads it back whole and by byte range', async () => {
      await subject.storage.put(
        `${prefix}/a`,
        Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]),
        bytes.length,
      );
      expect(await subject.storage.size(`${prefix}/a`)).toBe(bytes.length);
      expect((await read(await subject.storage.read(`${prefix}/a`))).equals(bytes)).toBe(true);
      const middle = await read(await subject.storage.read(`${prefix}/a`, { start: 100, end: 199 }));
      expect(middle.equals(bytes.subarray(100, 200))).toBe(true);
    });

    it('reports absent objects as absent', async () => {
      expect(await subject.storage.size(`${prefix}/missing`)).toBeUndefined();
      await expect(subject.storage.read(`${prefix}/missing`)).rejects.toBeInstanceOf(StorageMissError);
    });

    it('leaves nothing behind when the content fails half-way', async () => {
      await expect(
        subject.storage.put(`${prefix}/broken`, failing(bytes.subarray(0, 300)), bytes.length),
      ).rejects.toThrow();
      await expectNotStored(`${prefix}/broken`, bytes.length);
      expect(subject.leftovers()).toEqual([]);
    });

    it('refuses content shorter than announced and stores nothing', async () => {
      await expect(
        subject.storage.put(`${prefix}/short`, Readable.from([bytes.subarray(0, 10)]), 20),
      ).rejects.toThrow();
      await expectNotStored(`${prefix}/short`, 20);
    });

    it('deletes objects, and deleting twice is fine', async () => {
      await subject.storage.put(`${prefix}/gone`, Readable.from([bytes]), bytes.length);
      await subject.storage.delete(`${prefix}/gone`);
      await subject.storage.delete(`${prefix}/gone`);
      expect(await subject.storage.size(`${prefix}/gone`)).toBeUndefined();
    });

    it('refuses keys that try to leave the store', async () => {
      await expect(subject.storage.put('../outside', Readable.from([bytes]), bytes.length)).rejects.toThrow();
      await expect(subject.storage.size('/etc/passwd')).rejects.toThrow();
    });
  });
}

contract('local disk', () => {
  const root = mkdtempSync(join(tmpdir(), 'ashar-storage-'));
  const storage = new LocalMaterialStorage(join(root, 'files'));
  return {
    storage,
    leftovers: () => {
      try {
        return readdirSync(storage.tempDir);
      } catch {
        return [];
      }
    },
    atomicPut: true,
    cleanup: async () => rmSync(root, { recursive: true, force: true }),
  };
});

// s3rver is an S3-compatible server written in Node, standing in for MinIO or S3 (which cannot run
// here): the official client talks HTTP to it as to any store. It does not support the client's
// default checksums, like some self-hosted stores, so it also covers S3_CHECKSUMS=false.
contract('S3-compatible (s3rver on 127.0.0.1, checksums only where required)', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'ashar-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: 'materials', configs: [] }],
  });
  const { port } = await server.run();
  return {
    storage: new S3MaterialStorage({
      endpoint: `http://127.0.0.1:${port}`,
      bucket: 'materials',
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
      checksums: false,
    }),
    leftovers: () => [],
    atomicPut: false,
    cleanup: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
});

const s3 = loadConfig({ ...process.env, JWT_SECRET: 'x'.repeat(32) }).s3;
if (s3) {
  contract(`S3-compatible (${s3.endpoint}, bucket ${s3.bucket})`, () => ({
    storage: new S3MaterialStorage(s3),
    leftovers: () => [],
    atomicPut: true,
    cleanup: async () => undefined,
  }));
} else {
  describe.skip('material storage contract: S3-compatible — skipped because S3_ENDPOINT and S3_BUCKET are not set (set them, with S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, to run it against MinIO or S3)', () => {
    it('runs the same contract against S3', () => undefined);
  });
}

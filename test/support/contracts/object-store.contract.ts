import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ObjectRemover } from '../../../functions/core/control/ports';
import type { ObjectStore, StoredObject } from '../../../functions/core/ports';
import { SourceMissingError } from '../../../functions/core/errors';
import { freshId, type MakePort } from './fixtures';

async function bytesOf(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.isBuffer(part) ? part : Buffer.from(part as string));
  return Buffer.concat(parts);
}
async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
const md5 = (body: Buffer | string) => createHash('md5').update(body).digest('hex');

/**
 * The object store's contract, held by InMemoryObjects and S3ObjectStore (over fauxqs) alike: bytes come back as
 * written, a missing object is a SourceMissingError, listings are in key order under exactly the prefix, and the
 * headers of a presigned upload are the ones its signature needs.
 */
export function describeObjectStoreContract(name: string, makePort: MakePort<ObjectStore & ObjectRemover>): void {
  describe(`ObjectStore contract: ${name}`, () => {
    let objects: ObjectStore & ObjectRemover;
    let prefix: string;
    beforeEach(async () => {
      objects = await makePort();
      prefix = `contract/${freshId()}/`;
    });

    it('reads back the bytes written, text or binary, and the last write of a key', async () => {
      const binary = Buffer.from([0, 255, 1, 254, 0xef, 0xbb, 0xbf]);
      await objects.put(`${prefix}a.bin`, binary, 'application/octet-stream');
      await objects.put(`${prefix}b.csv`, 'id;name\n1;Zoë\n', 'text/csv');
      expect(await bytesOf(await objects.read(`${prefix}a.bin`))).toEqual(binary);
      expect((await bytesOf(await objects.read(`${prefix}b.csv`))).toString('utf8')).toBe('id;name\n1;Zoë\n');
      await objects.put(`${prefix}b.csv`, 'replaced', 'text/csv');
      expect((await bytesOf(await objects.read(`${prefix}b.csv`))).toString('utf8')).toBe('replaced');
    });

    it('answers a missing object with SourceMissingError, on read and as a copy source', async () => {
      await expect(objects.read(`${prefix}missing.csv`)).rejects.toBeInstanceOf(SourceMissingError);
      await expect(objects.copy(`${prefix}missing.csv`, `${prefix}to.csv`)).rejects.toBeInstanceOf(SourceMissingError);
      await expect(objects.read(`${prefix}to.csv`)).rejects.toBeInstanceOf(SourceMissingError);
    });

    it('writes a stream and reads it back whole', async () => {
      const pieces = Array.from({ length: 50 }, (_, i) => `row ${i};ü\n`);
      await objects.putStream(`${prefix}report.csv`, Readable.from(pieces), 'text/csv');
      expect((await bytesOf(await objects.read(`${prefix}report.csv`))).toString('utf8')).toBe(pieces.join(''));
    });

    it('lists the keys under exactly the prefix, in key order', async () => {
      // No upper-case key: fauxqs orders 'Z' after 'b' (S3 answers UTF-8 byte order, 'Z' first; InMemoryObjects too).
      const keys = ['b.csv', 'a/2.csv', 'a/10.csv', 'é.csv', 'a.csv'].map((key) => `${prefix}${key}`);
      for (const key of keys) await objects.put(key, 'x', 'text/csv');
      await objects.put(`${prefix.slice(0, -1)}-sibling/a.csv`, 'x', 'text/csv');
      const sorted = [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
      expect(await collect(objects.list(prefix))).toEqual(sorted);
      expect(await collect(objects.list(`${prefix}a/`))).toEqual([`${prefix}a/10.csv`, `${prefix}a/2.csv`]);
      expect(await collect(objects.list(`${prefix}nothing/`))).toEqual([]);
    });

    it('describes each listed object by its ETag (the MD5 of a single-part object), size and time', async () => {
      const before = Date.now();
      await objects.put(`${prefix}one.csv`, 'hello', 'text/csv');
      await objects.put(`${prefix}two.csv`, Buffer.from('hello, world'), 'text/csv');
      const listed: StoredObject[] = await collect(objects.listObjects(prefix));
      expect(listed.map(({ key, eTag, sizeBytes }) => ({ key, eTag, sizeBytes }))).toEqual([
        { key: `${prefix}one.csv`, eTag: md5('hello'), sizeBytes: 5 },
        { key: `${prefix}two.csv`, eTag: md5('hello, world'), sizeBytes: 12 },
      ]);
      for (const object of listed) {
        expect(object.lastModified).toBeInstanceOf(Date);
        // Second precision in S3: a second of slack either way.
        expect(object.lastModified.getTime()).toBeGreaterThanOrEqual(before - 1000);
        expect(object.lastModified.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
      }
    });

    it('copies an object inside the store, keys with spaces and accents included', async () => {
      const from = `${prefix}drops/Relevé de compte 1.csv`;
      await objects.put(from, 'a;b\n', 'text/csv');
      await objects.copy(from, `${prefix}uploads/0.csv`);
      expect((await bytesOf(await objects.read(`${prefix}uploads/0.csv`))).toString('utf8')).toBe('a;b\n');
      expect((await bytesOf(await objects.read(from))).toString('utf8')).toBe('a;b\n');
    });

    it('deletes an object, and a missing one without complaint', async () => {
      await objects.put(`${prefix}gone.csv`, 'x', 'text/csv');
      await objects.delete(`${prefix}gone.csv`);
      await objects.delete(`${prefix}gone.csv`);
      await expect(objects.read(`${prefix}gone.csv`)).rejects.toBeInstanceOf(SourceMissingError);
      expect(await collect(objects.list(prefix))).toEqual([]);
    });

    it('presigns an upload with the headers its signature needs, and a download of the key', async () => {
      const key = `${prefix}uploads/0.csv`;
      const plain = await objects.presignPut(key, { contentType: 'text/csv', expiresInSeconds: 300 });
      expect(plain.headers).toEqual({ 'content-type': 'text/csv' });
      const exact = await objects.presignPut(key, { contentType: 'text/csv', contentLength: 1234, expiresInSeconds: 300, createOnly: true });
      expect(exact.headers).toEqual({ 'content-type': 'text/csv', 'content-length': '1234', 'if-none-match': '*' });
      for (const url of [plain.url, exact.url, await objects.presignGet(key, { expiresInSeconds: 60, fileName: 'failures.csv', contentType: 'text/csv' })]) {
        expect(decodeURIComponent(new URL(url).pathname).endsWith(key)).toBe(true);
      }
    });
  });
}

import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { S3ObjectStore } from '../../../functions/adapters/s3/object-store';

const clients = createAwsClients();

describe('Class: S3ObjectStore, what the failure reports need (fauxqs)', () => {
  const objects = new S3ObjectStore(clients.s3, process.env.UPLOAD_BUCKET_NAME as string);

  it('lists every key under a prefix in order, across pages of 1,000', async () => {
    // Arrange
    const prefix = `failures/${randomUUID()}/`;
    const keys = Array.from({ length: 1_205 }, (_, i) => `${prefix}00-${String(i).padStart(7, '0')}.ndjson`);
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((key) => objects.put(key, '{}\n', 'application/x-ndjson')));
    }
    await objects.put(`${prefix.slice(0, -1)}-other/00-0000000.ndjson`, '{}\n', 'application/x-ndjson');
    // Act
    const listed: string[] = [];
    for await (const key of objects.list(prefix)) listed.push(key);
    // Assert
    expect(listed).toEqual(keys);
  });

  it('writes a generated stream of several parts and reads it back whole', async () => {
    // Arrange: 20 MiB, more than two 8 MiB parts, produced piece by piece.
    const key = `reports/${randomUUID()}/big.csv`;
    const piece = Buffer.alloc(1024 * 1024, 'x');
    const body = Readable.from((function* () {
      for (let i = 0; i < 20; i++) yield piece;
    })());
    // Act
    await objects.putStream(key, body, 'text/csv');
    // Assert
    let length = 0;
    for await (const part of await objects.read(key)) length += (part as Buffer).length;
    expect(length).toBe(20 * 1024 * 1024);
  });

  it('presigns a GET that answers the object, and signs the download headers into the URL', async () => {
    // Arrange
    const key = `reports/${randomUUID()}/failures.csv`;
    await objects.put(key, 'a,b\n1,2\n', 'text/csv');
    // Act
    const url = await objects.presignGet(key, { expiresInSeconds: 60, fileName: 'failures "x".csv', contentType: 'text/csv' });
    const response = await fetch(url);
    // Assert
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('a,b\n1,2\n');
    const query = new URL(url).searchParams;
    expect(query.get('response-content-disposition')).toBe('attachment; filename="failures _x_.csv"');
    expect(query.get('X-Amz-Expires')).toBe('60');
  });
});

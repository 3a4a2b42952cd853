import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, DeleteQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { S3ObjectStore } from '../../../functions/adapters/s3/object-store';
import { SqsChunkQueue } from '../../../functions/adapters/sqs/chunk-queue';
import { SourceMissingError } from '../../../functions/core/errors';
import type { Chunk } from '../../../functions/core/runs/chunk';
import { chunkFromBody, type ChunkBody } from '../../../functions/core/runs/chunk';

const clients = createAwsClients();

describe('Class: S3ObjectStore (fauxqs)', () => {
  const objects = new S3ObjectStore(clients.s3, process.env.UPLOAD_BUCKET_NAME as string);

  it('streams back what was stored', async () => {
    const key = `failures/${randomUUID()}/x.ndjson`;
    const body = Buffer.alloc(3 * 1024 * 1024, 'a');
    await objects.put(key, body, 'application/x-ndjson');
    let length = 0;
    for await (const part of await objects.read(key)) length += (part as Buffer).length;
    expect(length).toBe(body.length);
  });

  it('says a missing object is missing', async () => {
    await expect(objects.read(`uploads/${randomUUID()}/0`)).rejects.toBeInstanceOf(SourceMissingError);
  });
});

describe('Class: SqsChunkQueue (fauxqs)', () => {
  it('sends every chunk, batching by count and by size', async () => {
    const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: `chunks-${randomUUID()}` }));
    const queue = new SqsChunkQueue(clients.sqs, QueueUrl as string);
    const chunks: Chunk[] = Array.from({ length: 25 }, (_, i) => ({
      runId: 'j', chunkId: `00-${String(i).padStart(7, '0')}`, fileIndex: 0,
      rows: [{ n: i + 2, cells: ['x'.repeat(i % 5 === 0 ? 150_000 : 10)] }],
    }));
    await queue.send(chunks);
    const ids = new Set<string>();
    for (let i = 0; i < 20 && ids.size < 25; i++) {
      const { Messages } = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      for (const m of Messages ?? []) ids.add((chunkFromBody(JSON.parse(m.Body as string) as ChunkBody)).chunkId);
    }
    expect(ids.size).toBe(25);
    await clients.sqs.send(new DeleteQueueCommand({ QueueUrl }));
  });
});

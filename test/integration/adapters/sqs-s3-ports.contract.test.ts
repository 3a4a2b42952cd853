import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand, DeleteMessageBatchCommand, DeleteQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { S3UploadProbe } from '../../../functions/adapters/s3/upload-probe';
import { SqsChunkQueue } from '../../../functions/adapters/sqs/chunk-queue';
import { SqsSplitContinuationQueue } from '../../../functions/adapters/sqs/split-continuation-queue';
import { SqsUploadEvents } from '../../../functions/adapters/sqs/upload-event-queue';
import { parseUploadKey } from '../../../functions/core/files/object-keys';
import { chunkFromBody, type ChunkBody } from '../../../functions/core/runs/chunk';
import { decodeS3Key, S3EventMessage, SplitContinuationMessage } from '../../../functions/handlers/queue/messages';
import { describeChunkQueueContract, describeSplitRequestsContract, describeUploadProbeContract } from '../../support/contracts/queue-and-probe.contract';

// The same suites run over the in-memory fakes in test/unit/fakes/queue-and-probe.contract.test.ts.
const clients = createAwsClients();
const bucket = process.env.UPLOAD_BUCKET_NAME as string;
const queues: string[] = [];

afterAll(async () => {
  for (const QueueUrl of queues) await clients.sqs.send(new DeleteQueueCommand({ QueueUrl }));
});

async function freshQueue(): Promise<string> {
  const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: `contract-${randomUUID()}` }));
  queues.push(QueueUrl as string);
  return QueueUrl as string;
}

/** Takes `count` message bodies off a queue (or what came within about 30 seconds), parsed as JSON. */
async function receiveBodies(QueueUrl: string, count: number): Promise<unknown[]> {
  const bodies: unknown[] = [];
  for (let polls = 0; polls < 30 && bodies.length < count; polls++) {
    const { Messages = [] } = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    bodies.push(...Messages.map((message) => JSON.parse(message.Body as string) as unknown));
    if (Messages.length > 0) {
      await clients.sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
    }
  }
  return bodies;
}

describeChunkQueueContract('SqsChunkQueue (fauxqs)', async () => {
  const QueueUrl = await freshQueue();
  // A chunk message carries the run's id as jobId (its wire name): read it back as the processor does.
  const receive = async (count: number) => (await receiveBodies(QueueUrl, count)).map((body) => chunkFromBody(body as ChunkBody));
  return { queue: new SqsChunkQueue(clients.sqs, QueueUrl), receive };
});

describeSplitRequestsContract('SqsUploadEvents and SqsSplitContinuationQueue (fauxqs)', async () => {
  const QueueUrl = await freshQueue();
  return {
    uploadEvents: new SqsUploadEvents(clients.sqs, QueueUrl, bucket),
    continuations: new SqsSplitContinuationQueue(clients.sqs, QueueUrl),
    async receive(count: number) {
      // Read as the splitter reads its queue: a continuation, or an S3 event naming an upload key.
      return (await receiveBodies(QueueUrl, count)).flatMap((body): Array<{ via: 'upload' | 'continuation'; runId: string; fileIndex: number }> => {
        const continuation = SplitContinuationMessage.safeParse(body);
        if (continuation.success) {
          // The message keeps the contract's name for the run's id (jobId) on the wire.
          const { jobId, fileIndex } = continuation.data.splitContinuation;
          return [{ via: 'continuation' as const, runId: jobId, fileIndex }];
        }
        const event = S3EventMessage.parse(body);
        if (!('Records' in event)) return [];
        return event.Records.map((record) => {
          expect(record.s3.bucket.name).toBe(bucket);
          const target = parseUploadKey(decodeS3Key(record.s3.object.key));
          if (!target) throw new Error(`not an upload key: ${record.s3.object.key}`);
          return { via: 'upload' as const, ...target };
        });
      });
    },
  };
});

describeUploadProbeContract('S3UploadProbe (fauxqs)', () => ({
  probe: new S3UploadProbe(clients.s3, bucket),
  store: async (key: string) => void (await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'a,b\n' }))),
}));

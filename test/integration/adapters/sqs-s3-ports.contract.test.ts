import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand, DeleteMessageBatchCommand, DeleteQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { S3UploadProbe } from '../../../functions/adapters/s3/upload-probe';
import { SqsChunkQueue } from '../../../functions/adapters/sqs/chunk-queue';
import { describeChunkQueueContract, describeUploadProbeContract } from '../../support/contracts/queue-and-probe.contract';

// The same suites run over the in-memory fakes in test/unit/fakes/queue-and-probe.contract.test.ts.
const clients = createAwsClients();
const bucket = process.env.UPLOAD_BUCKET_NAME as string;
const queues: string[] = [];

afterAll(async () => {
  for (const QueueUrl of queues) await clients.sqs.send(new DeleteQueueCommand({ QueueUrl }));
});

describeChunkQueueContract('SqsChunkQueue (fauxqs)', async () => {
  const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: `contract-chunks-${randomUUID()}` }));
  queues.push(QueueUrl as string);
  return {
    queue: new SqsChunkQueue(clients.sqs, QueueUrl as string),
    async receive(count: number) {
      const bodies: unknown[] = [];
      for (let polls = 0; polls < 30 && bodies.length < count; polls++) {
        const { Messages = [] } = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
        bodies.push(...Messages.map((message) => JSON.parse(message.Body as string) as unknown));
        if (Messages.length > 0) {
          await clients.sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
        }
      }
      return bodies;
    },
  };
});

describeUploadProbeContract('S3UploadProbe (fauxqs)', () => ({
  probe: new S3UploadProbe(clients.s3, bucket),
  store: async (key: string) => void (await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'a,b\n' }))),
}));

import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, DeleteQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { DynamoSplitCheckpointStore } from '../../../functions/adapters/dynamodb/split-checkpoint-store';
import { SqsSplitContinuationQueue } from '../../../functions/adapters/sqs/split-continuation-queue';
import { SplitContinuationMessage } from '../../../functions/handlers/queue/messages';

const clients = createAwsClients();

describe('Class: DynamoSplitCheckpointStore (DynamoDB Local)', () => {
  const store = new DynamoSplitCheckpointStore(clients.dynamo, process.env.CONTROL_TABLE_NAME as string);

  it('moves a checkpoint forward only from the version it was read at, once, and never after done', async () => {
    // Arrange
    const jobId = randomUUID();
    const first = { runId: jobId, fileIndex: 1, rows: 500, chunks: 1, invocations: 1, done: false };
    const second = { ...first, rows: 1000, chunks: 2, invocations: 2 };
    // Act + Assert
    expect(await store.get(jobId, 1)).toBeNull();
    expect(await store.save(null, first)).toBe(true);
    expect(await store.save(null, first)).toBe(false);
    // Two invocations resumed from the same checkpoint: one moves it
    const raced = await Promise.all([store.save(first, second), store.save(first, { ...second, rows: 1500, chunks: 3 })]);
    expect(raced.filter(Boolean)).toHaveLength(1);
    const current = await store.get(jobId, 1);
    expect(current?.invocations).toBe(2);
    expect(await store.save(current, { ...current!, invocations: 3, done: true })).toBe(true);
    expect(await store.save({ ...current!, invocations: 3 }, { ...current!, invocations: 4 })).toBe(false);
    expect(await store.get(jobId, 1)).toMatchObject({ invocations: 3, done: true });
    expect(await store.get(jobId, 0)).toBeNull();
  });
});

describe('Class: SqsSplitContinuationQueue (fauxqs)', () => {
  it('sends a small message the splitter reads as a continuation', async () => {
    const { QueueUrl } = await clients.sqs.send(new CreateQueueCommand({ QueueName: `events-${randomUUID()}` }));
    try {
      await new SqsSplitContinuationQueue(clients.sqs, QueueUrl!).continueSplit({ runId: 'job-1', fileIndex: 3 });
      const { Messages } = await clients.sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
      expect(Messages).toHaveLength(1);
      expect(SplitContinuationMessage.parse(JSON.parse(Messages![0]!.Body!))).toEqual({ splitContinuation: { jobId: 'job-1', fileIndex: 3 } });
      expect(Buffer.byteLength(Messages![0]!.Body!)).toBeLessThan(200);
    } finally {
      await clients.sqs.send(new DeleteQueueCommand({ QueueUrl }));
    }
  });
});

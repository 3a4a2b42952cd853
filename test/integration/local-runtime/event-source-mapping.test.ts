import { createHash, randomUUID } from 'node:crypto';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { startSqsEventSource, type SqsEventSource, type SqsLambdaHandler } from '../../../local/event-source-mapping';
import { provisionQueue, type ProvisionedQueue } from '../../../local/provision';
import type { QueueDefinition } from '../../../lib/resources';

// A poller in this process against fresh queues on the stack's fauxqs: the stack's own pollers run in its child
// process and would compete for the messages.
const sqs = new SQSClient({ endpoint: process.env.AWS_ENDPOINT_URL_SQS });
const REGION = process.env.AWS_REGION ?? 'us-east-1';
const running: SqsEventSource[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((source) => source.stop()));
});
afterAll(() => sqs.destroy());

function queueDefinition(overrides: Partial<QueueDefinition> = {}): QueueDefinition {
  return {
    id: `esm-${randomUUID().slice(0, 8)}`,
    envVar: 'UNUSED',
    visibilityTimeoutSeconds: 1,
    maxReceiveCount: 3,
    retentionDays: 1,
    batchSize: 10,
    maximumConcurrency: 1,
    maxBatchingWindowSeconds: 0,
    consumerTimeoutSeconds: 5,
    consumerMemoryMb: 128,
    ...overrides,
  };
}

async function createQueue(overrides: Partial<QueueDefinition> = {}): Promise<ProvisionedQueue> {
  return provisionQueue(sqs, 'local-runtime-test-', queueDefinition(overrides));
}

function start(queue: ProvisionedQueue, handler: SqsLambdaHandler, overrides: { timeoutSeconds?: number; waitTimeSeconds?: number } = {}): SqsEventSource {
  const source = startSqsEventSource({
    sqs,
    queueUrl: queue.url,
    queueArn: queue.arn,
    region: REGION,
    functionName: 'TestFunction',
    loadHandler: () => handler,
    batchSize: queue.definition.batchSize,
    maximumConcurrency: queue.definition.maximumConcurrency,
    timeoutSeconds: overrides.timeoutSeconds ?? queue.definition.consumerTimeoutSeconds,
    waitTimeSeconds: overrides.waitTimeSeconds ?? 1,
  });
  running.push(source);
  return source;
}

async function send(queue: ProvisionedQueue, bodies: string[]): Promise<void> {
  await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: queue.url,
      Entries: bodies.map((body, index) => ({ Id: String(index), MessageBody: body })),
    }),
  );
}

async function waitFor(condition: () => boolean, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function messagesLeft(queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible);
}

interface Delivery {
  readonly body: string;
  readonly receiveCount: number;
}

function deliveriesOf(event: SQSEvent): Delivery[] {
  return event.Records.map((record) => ({ body: record.body, receiveCount: Number(record.attributes.ApproximateReceiveCount) }));
}

describe('Function: startSqsEventSource', () => {
  it('hands the handler a real SQSEvent and a Lambda context', async () => {
    // Arrange
    const queue = await createQueue();
    let received: { event: SQSEvent; context: Context; remaining: number } | undefined;
    start(queue, (event, context) => {
      received = { event, context, remaining: context.getRemainingTimeInMillis() };
    });

    // Act
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queue.url,
        MessageBody: '{"hello":"world"}',
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: 'chunk' },
          raw: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]) },
        },
      }),
    );
    await waitFor(() => received !== undefined);

    // Assert
    const record = received!.event.Records[0] as SQSRecord;
    expect(received!.event.Records).toHaveLength(1);
    expect(record).toMatchObject({
      body: '{"hello":"world"}',
      md5OfBody: createHash('md5').update('{"hello":"world"}').digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: REGION,
      messageAttributes: {
        kind: { stringValue: 'chunk', dataType: 'String', stringListValues: [], binaryListValues: [] },
        raw: { binaryValue: Buffer.from([1, 2, 3]).toString('base64'), dataType: 'Binary' },
      },
    });
    expect(record.messageId).toMatch(/\S/);
    expect(record.receiptHandle).toMatch(/\S/);
    expect(record.attributes.ApproximateReceiveCount).toBe('1');
    expect(Number(record.attributes.SentTimestamp)).toBeGreaterThan(Date.now() - 60_000);
    expect(record.attributes.ApproximateFirstReceiveTimestamp).toMatch(/^\d+$/);
    expect(received!.context.functionName).toBe('TestFunction');
    expect(received!.context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(received!.remaining).toBeGreaterThan(4000);
    expect(received!.remaining).toBeLessThanOrEqual(5000);
  });

  it('deletes the records that succeeded and redelivers those reported in batchItemFailures', async () => {
    // Arrange
    const queue = await createQueue();
    const deliveries: Delivery[] = [];
    start(queue, (event): SQSBatchResponse => {
      deliveries.push(...deliveriesOf(event));
      return {
        batchItemFailures: event.Records.filter((record) => record.body.startsWith('fail') && record.attributes.ApproximateReceiveCount === '1').map(
          (record) => ({ itemIdentifier: record.messageId }),
        ),
      };
    });

    // Act
    await send(queue, ['ok-1', 'fail-1', 'ok-2']);
    await waitFor(() => deliveries.some((delivery) => delivery.body === 'fail-1' && delivery.receiveCount === 2));

    // Assert
    expect(deliveries.filter((delivery) => delivery.body === 'ok-1')).toEqual([{ body: 'ok-1', receiveCount: 1 }]);
    expect(deliveries.filter((delivery) => delivery.body === 'ok-2')).toEqual([{ body: 'ok-2', receiveCount: 1 }]);
    expect(deliveries.filter((delivery) => delivery.body === 'fail-1')).toEqual([
      { body: 'fail-1', receiveCount: 1 },
      { body: 'fail-1', receiveCount: 2 },
    ]);
    await expectQueueEmpty(queue.url);
  });

  it('deletes nothing when the handler throws: the whole batch comes back', async () => {
    // Arrange
    const queue = await createQueue();
    const deliveries: Delivery[] = [];
    start(queue, (event) => {
      deliveries.push(...deliveriesOf(event));
      if (event.Records.some((record) => record.attributes.ApproximateReceiveCount === '1')) throw new Error('boom');
    });

    // Act
    await send(queue, ['a', 'b']);
    await waitFor(() => deliveries.filter((delivery) => delivery.receiveCount === 2).length === 2);

    // Assert
    expect(deliveries.map((delivery) => `${delivery.body}#${delivery.receiveCount}`).sort()).toEqual(['a#1', 'a#2', 'b#1', 'b#2']);
    await waitFor(() => deliveries.length === 4);
    await expectQueueEmpty(queue.url);
  });

  it('treats an identifier that is not in the batch as a failure of the whole batch', async () => {
    // Arrange
    const queue = await createQueue();
    const deliveries: Delivery[] = [];
    start(queue, (event): SQSBatchResponse => {
      deliveries.push(...deliveriesOf(event));
      const first = event.Records[0].attributes.ApproximateReceiveCount === '1';
      return { batchItemFailures: first ? [{ itemIdentifier: 'not-a-message-of-this-batch' }] : [] };
    });

    // Act
    await send(queue, ['only']);
    await waitFor(() => deliveries.length === 2);

    // Assert
    expect(deliveries).toEqual([
      { body: 'only', receiveCount: 1 },
      { body: 'only', receiveCount: 2 },
    ]);
    await expectQueueEmpty(queue.url);
  });

  it('counts a handler that outlives its timeout as failed', async () => {
    // Arrange
    const queue = await createQueue({ visibilityTimeoutSeconds: 2 });
    const deliveries: Delivery[] = [];
    start(
      queue,
      async (event) => {
        deliveries.push(...deliveriesOf(event));
        if (deliveries.length === 1) await new Promise((resolve) => setTimeout(resolve, 1500));
      },
      { timeoutSeconds: 1 },
    );

    // Act
    await send(queue, ['slow']);
    await waitFor(() => deliveries.length === 2);

    // Assert
    expect(deliveries[1]).toEqual({ body: 'slow', receiveCount: 2 });
  });

  it('leaves redrive to the queue: after maxReceiveCount failures the message is in the DLQ', async () => {
    // Arrange
    const queue = await createQueue({ maxReceiveCount: 2 });
    const deliveries: Delivery[] = [];
    start(queue, (event) => {
      deliveries.push(...deliveriesOf(event));
      throw new Error('always fails');
    });

    // Act
    await send(queue, ['poison']);
    const inDlq = await receiveOne(queue.dlqUrl, 15000);

    // Assert
    expect(inDlq).toBe('poison');
    expect(deliveries).toEqual([
      { body: 'poison', receiveCount: 1 },
      { body: 'poison', receiveCount: 2 },
    ]);
  });

  it('invokes the handler with at most batchSize records', async () => {
    // Arrange
    const queue = await createQueue({ batchSize: 3 });
    await send(queue, ['1', '2', '3', '4', '5', '6', '7']);
    const sizes: number[] = [];

    // Act
    start(queue, (event) => {
      sizes.push(event.Records.length);
    });
    await waitFor(() => sizes.reduce((sum, size) => sum + size, 0) === 7);

    // Assert
    expect(Math.max(...sizes)).toBe(3);
    expect(sizes.every((size) => size >= 1 && size <= 3)).toBe(true);
    await expectQueueEmpty(queue.url);
  });

  it('runs up to maximumConcurrency batches at once', async () => {
    // Arrange
    const queue = await createQueue({ batchSize: 1, maximumConcurrency: 3 });
    await send(queue, ['1', '2', '3', '4', '5', '6']);
    let inFlight = 0;
    let mostInFlight = 0;
    let done = 0;

    // Act
    start(queue, async () => {
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 400));
      inFlight--;
      done++;
    });
    await waitFor(() => done === 6);

    // Assert
    expect(mostInFlight).toBe(3);
  });

  it('stop() waits for the batch in flight, which is then deleted', async () => {
    // Arrange
    const queue = await createQueue({ visibilityTimeoutSeconds: 30 });
    let started = false;
    let finished = false;
    const source = start(queue, async () => {
      started = true;
      await new Promise((resolve) => setTimeout(resolve, 700));
      finished = true;
    });
    await send(queue, ['in-flight']);
    await waitFor(() => started);

    // Act
    await source.stop();

    // Assert
    expect(finished).toBe(true);
    expect(await messagesLeft(queue.url)).toBe(0);
  });

  it('stop() cuts an idle long poll short instead of waiting out its 20 seconds', async () => {
    // Arrange: two consumers long-polling an empty queue for 20 s
    const queue = await createQueue({ maximumConcurrency: 2 });
    const handled: string[] = [];
    const source = start(queue, async (event) => void handled.push(...event.Records.map((record) => record.body)), { waitTimeSeconds: 20 });
    await new Promise((resolve) => setTimeout(resolve, 500));

    // Act
    const stopping = Date.now();
    await source.stop();
    const tookMs = Date.now() - stopping;

    // Assert: stopped well within the poll's window, and a message sent after is left for someone else
    expect(tookMs).toBeLessThan(5_000);
    await send(queue, ['after-stop']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(handled).toEqual([]);
    expect(await messagesLeft(queue.url)).toBe(1);
  });

  it('rejects a batch size a single ReceiveMessage cannot serve', () => {
    expect(() =>
      startSqsEventSource({
        sqs,
        queueUrl: 'http://unused',
        queueArn: 'arn:aws:sqs:us-east-1:000000000000:unused',
        region: REGION,
        functionName: 'TooBig',
        loadHandler: () => () => undefined,
        batchSize: 11,
        maximumConcurrency: 1,
        timeoutSeconds: 1,
      }),
    ).toThrow('batchSize of TooBig must be 1..10');
  });
});

async function expectQueueEmpty(queueUrl: string): Promise<void> {
  // Deletion follows the handler's return: give it a moment before counting.
  const deadline = Date.now() + 5000;
  let left = await messagesLeft(queueUrl);
  while (left !== 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = await messagesLeft(queueUrl);
  }
  expect(left).toBe(0);
}

async function receiveOne(queueUrl: string, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }));
    if (Messages?.[0]) return Messages[0].Body;
  }
  return undefined;
}

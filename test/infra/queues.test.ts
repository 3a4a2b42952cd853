import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ChunkQueue } from '../../lib/constructs/chunk-queue';
import { SecureQueue } from '../../lib/constructs/secure-queue';
import { validateEventSource } from '../../lib/constructs/worker-functions';
import { CHUNK_QUEUE, DEAD_LETTER_FUNCTIONS, MAX_MESSAGE_BYTES, QUEUES } from '../../lib/resources';
import { newApp } from './support/app';

const DAY_SECONDS = 24 * 60 * 60;

describe('Construct: ChunkQueue', () => {
  let stack: Stack;
  let chunks: ChunkQueue;
  let template: Template;

  beforeAll(() => {
    // Arrange
    stack = new Stack(newApp(), 'TestStack');
    // Act
    chunks = new ChunkQueue(stack, 'ChunkQueue');
    template = Template.fromStack(stack);
  });

  const queueProps = (queue: ChunkQueue['queue']): Record<string, unknown> =>
    template.toJSON().Resources[stack.getLogicalId(queue.node.defaultChild as never)].Properties;

  it('builds the chunk queue from its definition, with a redrive to its DLQ', () => {
    // Assert
    expect(queueProps(chunks.queue)).toEqual({
      RedrivePolicy: {
        deadLetterTargetArn: stack.resolve(chunks.deadLetterQueue.queueArn),
        maxReceiveCount: CHUNK_QUEUE.maxReceiveCount,
      },
      VisibilityTimeout: CHUNK_QUEUE.visibilityTimeoutSeconds,
      MessageRetentionPeriod: CHUNK_QUEUE.retentionDays * DAY_SECONDS,
      MaximumMessageSize: MAX_MESSAGE_BYTES,
      SqsManagedSseEnabled: true,
    });
  });

  it('gives the DLQ 14 days, encryption, room for the largest chunk, and a redrive of its own to the salvage-failed queue', () => {
    // Assert
    expect(queueProps(chunks.deadLetterQueue)).toEqual({
      MessageRetentionPeriod: 14 * DAY_SECONDS,
      MaximumMessageSize: MAX_MESSAGE_BYTES,
      SqsManagedSseEnabled: true,
      VisibilityTimeout: DEAD_LETTER_FUNCTIONS.deadChunks.visibilityTimeoutSeconds,
      RedrivePolicy: {
        deadLetterTargetArn: stack.resolve(chunks.salvageFailedQueue.queueArn),
        maxReceiveCount: DEAD_LETTER_FUNCTIONS.deadChunks.maxReceiveCount,
      },
    });
    expect(queueProps(chunks.salvageFailedQueue)).toEqual({
      MessageRetentionPeriod: 14 * DAY_SECONDS,
      MaximumMessageSize: MAX_MESSAGE_BYTES,
      SqsManagedSseEnabled: true,
    });
  });

  it.each(['queue', 'deadLetterQueue'] as const)('denies the %s to requests without TLS', (which) => {
    // Assert
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [stack.resolve(chunks[which].queueUrl)],
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Effect: 'Deny', Action: 'sqs:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ],
      },
    });
  });

  it('rejects a message size SQS does not allow', () => {
    // Arrange
    const other = new Stack(newApp(), 'Other');
    // Act / Assert
    expect(() => new ChunkQueue(other, 'Chunks', { maxMessageSizeBytes: 2 * 1024 * 1024 })).toThrow(/maxMessageSizeBytes/);
  });
});

describe('Construct: SecureQueue', () => {
  it.each([
    [
      'a visibility timeout below the consumer timeout',
      { visibilityTimeoutSeconds: 60, consumerTimeoutSeconds: 120 },
      /must not be below consumerTimeoutSeconds/,
    ],
    ['a retention beyond 14 days', { retentionDays: 15 }, /retentionDays must be an integer in 1..14/],
    ['a zero maxReceiveCount', { maxReceiveCount: 0 }, /maxReceiveCount must be a positive integer/],
  ])('rejects %s', (_case, override, message) => {
    // Arrange
    const stack = new Stack(newApp(), 'Other');
    // Act / Assert
    expect(() => new SecureQueue(stack, 'Queue', { definition: { ...CHUNK_QUEUE, ...override } })).toThrow(message);
  });

  it('leaves the message size to the account when none is given', () => {
    // Arrange
    const stack = new Stack(newApp(), 'Other');
    // Act
    new SecureQueue(stack, 'Queue', { definition: CHUNK_QUEUE });
    // Assert
    Template.fromStack(stack).allResourcesProperties('AWS::SQS::Queue', { MaximumMessageSize: Match.absent() });
  });
});

describe('Helper: validateEventSource', () => {
  it.each(QUEUES.map((definition) => [definition.id, definition] as const))('accepts %s', (_id, definition) => {
    // Act / Assert
    expect(() => validateEventSource(definition)).not.toThrow();
  });

  it.each([
    ['more than ten messages without a batching window', { batchSize: 11, maxBatchingWindowSeconds: 0 }, /batchSize/],
    ['a batching window beyond five minutes', { maxBatchingWindowSeconds: 301 }, /maxBatchingWindowSeconds/],
    ['a maximum concurrency below two', { maximumConcurrency: 1 }, /maximumConcurrency/],
  ])('rejects %s', (_case, override, message) => {
    // Act / Assert
    expect(() => validateEventSource({ ...CHUNK_QUEUE, ...override })).toThrow(message);
  });
});

import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CHUNK_QUEUE, DEAD_LETTER_FUNCTIONS, MAX_MESSAGE_BYTES, type DeadLetterFunctionDefinition, type QueueDefinition } from '../resources';
import { SecureQueue } from './secure-queue';

export interface ChunkQueueProps {
  /**
   * Timeouts, retention and redrive of the queue.
   * @default CHUNK_QUEUE from lib/resources.ts
   */
  readonly definition?: QueueDefinition;
  /**
   * Largest chunk message; the splitter cuts chunks below it.
   * @default MAX_MESSAGE_BYTES from lib/resources.ts
   */
  readonly maxMessageSizeBytes?: number;
  /**
   * The consumer of the DLQ: its visibility timeout and redrive to the salvage-failed queue come from it.
   * @default DEAD_LETTER_FUNCTIONS.deadChunks from lib/resources.ts
   */
  readonly deadLetterConsumer?: DeadLetterFunctionDefinition;
}

/**
 * The queue between the splitter and the row processors, with its DLQ (which the dead-chunk consumer salvages) and,
 * behind that, the salvage-failed queue: chunks that could not even be salvaged wait there for a person.
 */
export class ChunkQueue extends Construct {
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly salvageFailedQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: ChunkQueueProps = {}) {
    super(scope, id);
    const maxMessageSizeBytes = props.maxMessageSizeBytes ?? MAX_MESSAGE_BYTES;
    // SQS's range. The size is pinned rather than left to the account default, which is 256 KiB in older accounts.
    if (!Number.isInteger(maxMessageSizeBytes) || maxMessageSizeBytes < 1024 || maxMessageSizeBytes > 1024 * 1024) {
      throw new Error('ChunkQueue: maxMessageSizeBytes must be an integer in 1024..1048576');
    }
    const definition = props.definition ?? CHUNK_QUEUE;
    const consumer = props.deadLetterConsumer ?? DEAD_LETTER_FUNCTIONS.deadChunks;
    const chunks = new SecureQueue(this, definition.id, {
      definition,
      maxMessageSizeBytes,
      deadLetterRedrive: { visibilityTimeoutSeconds: consumer.visibilityTimeoutSeconds, maxReceiveCount: consumer.maxReceiveCount },
    });
    this.queue = chunks.queue;
    this.deadLetterQueue = chunks.deadLetterQueue;
    this.salvageFailedQueue = chunks.finalDeadLetterQueue as sqs.Queue;
  }
}

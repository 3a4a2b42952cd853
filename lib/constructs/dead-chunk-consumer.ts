import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEAD_LETTER_FUNCTIONS, UPLOAD_BUCKET, type DeadLetterFunctionDefinition } from '../resources';
import { grantObjectActions, grantTableActions } from './least-privilege';
import { QueueConsumer } from './queue-consumer';

// Lambda's advice for an SQS event source: the queue hides a message for six times the function's timeout.
const VISIBILITY_TO_TIMEOUT = 6;

export interface DeadChunkConsumerProps {
  readonly controlTable: dynamodb.ITableV2;
  readonly recordsTable: dynamodb.ITableV2;
  readonly bucket: s3.IBucket;
  /** The chunk queue's dead-letter queue. */
  readonly deadLetterQueue: sqs.IQueue;
  /**
   * Variables the function receives (resource names and URLs).
   * @default none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Entry, batch size, concurrency, timeout and memory of the consumer.
   * @default DEAD_LETTER_FUNCTIONS.deadChunks from lib/resources.ts
   */
  readonly definition?: DeadLetterFunctionDefinition;
  /**
   * Key prefix of failure documents, which the consumer writes.
   * @default UPLOAD_BUCKET.failuresPrefix
   */
  readonly failuresPrefix?: string;
  /**
   * How long the function's logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * Consumes the chunk DLQ: each dead-lettered chunk is counted (what it wrote succeeded, the rest failed) and its
 * run ends with a jobFailure instead of staying `running`. Partial batch failures: a salvage that fails comes back
 * alone.
 */
export class DeadChunkConsumer extends Construct {
  public readonly function: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: DeadChunkConsumerProps) {
    super(scope, id);
    const definition = props.definition ?? DEAD_LETTER_FUNCTIONS.deadChunks;
    if (definition.visibilityTimeoutSeconds < VISIBILITY_TO_TIMEOUT * definition.timeoutSeconds) {
      throw new Error(
        `DeadChunkConsumer: the DLQ's visibilityTimeoutSeconds (${definition.visibilityTimeoutSeconds}) must be at least ${VISIBILITY_TO_TIMEOUT} times timeoutSeconds (${definition.timeoutSeconds})`,
      );
    }
    this.function = new QueueConsumer(this, definition.id, {
      entry: definition.entry,
      queue: props.deadLetterQueue,
      batchSize: definition.batchSize,
      maximumConcurrency: definition.maximumConcurrency,
      timeoutSeconds: definition.timeoutSeconds,
      memoryMb: definition.memoryMb,
      environment: props.environment,
      logRetention: props.logRetention,
    }).function;
    // Records the chunk (marker + counters, transactionally) and may close the run.
    grantTableActions(this.function, props.controlTable, ['GetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem']);
    // Looks up which of the chunk's records were written.
    grantTableActions(this.function, props.recordsTable, ['BatchGetItem']);
    grantObjectActions(this.function, props.bucket, props.failuresPrefix ?? UPLOAD_BUCKET.failuresPrefix, ['PutObject']);
  }
}

import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueDefinition } from '../resources';

// SQS's own limits: a message lives at most 14 days, stays hidden at most 12 hours.
const MAX_RETENTION_DAYS = 14;
const MAX_VISIBILITY_TIMEOUT_SECONDS = 12 * 60 * 60;

export interface SecureQueueProps {
  /** Timeouts, retention and redrive of the queue. */
  readonly definition: QueueDefinition;
  /**
   * Largest message the queue (and its dead-letter queue) accepts.
   * @default the SQS account default
   */
  readonly maxMessageSizeBytes?: number;
  /**
   * For a DLQ that a function consumes: its visibility timeout, and a redrive of its own to a final queue that
   * nothing consumes (a message there needs a person).
   * @default the DLQ keeps SQS's default visibility timeout and has no redrive
   */
  readonly deadLetterRedrive?: DeadLetterRedrive;
}

export interface DeadLetterRedrive {
  readonly visibilityTimeoutSeconds: number;
  readonly maxReceiveCount: number;
}

/**
 * A standard queue with a dead-letter queue: both encrypted with SQS-managed keys and reachable over TLS only.
 * The DLQ keeps messages the longest SQS allows, so a failed batch can still be inspected and redriven.
 */
export class SecureQueue extends Construct {
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;
  /** Where the DLQ's own consumer gives up (only with `deadLetterRedrive`). */
  public readonly finalDeadLetterQueue?: sqs.Queue;

  constructor(scope: Construct, id: string, props: SecureQueueProps) {
    super(scope, id);
    const { definition, maxMessageSizeBytes, deadLetterRedrive } = props;
    validate(definition);
    if (deadLetterRedrive) validateRedrive(definition.id, deadLetterRedrive);

    const secureDefaults = { encryption: sqs.QueueEncryption.SQS_MANAGED, enforceSSL: true, maxMessageSizeBytes };
    if (deadLetterRedrive) {
      this.finalDeadLetterQueue = new sqs.Queue(this, 'FinalDeadLetterQueue', {
        ...secureDefaults,
        retentionPeriod: Duration.days(MAX_RETENTION_DAYS),
      });
    }
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      ...secureDefaults,
      retentionPeriod: Duration.days(MAX_RETENTION_DAYS),
      ...(deadLetterRedrive && this.finalDeadLetterQueue
        ? {
            visibilityTimeout: Duration.seconds(deadLetterRedrive.visibilityTimeoutSeconds),
            deadLetterQueue: { queue: this.finalDeadLetterQueue, maxReceiveCount: deadLetterRedrive.maxReceiveCount },
          }
        : {}),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      ...secureDefaults,
      visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
      retentionPeriod: Duration.days(definition.retentionDays),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: definition.maxReceiveCount },
    });
  }
}

function validate(definition: QueueDefinition): void {
  const { id, retentionDays, visibilityTimeoutSeconds, maxReceiveCount, consumerTimeoutSeconds } = definition;
  if (!Number.isInteger(retentionDays) || retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS) {
    throw new Error(`SecureQueue ${id}: retentionDays must be an integer in 1..${MAX_RETENTION_DAYS}`);
  }
  if (visibilityTimeoutSeconds < 0 || visibilityTimeoutSeconds > MAX_VISIBILITY_TIMEOUT_SECONDS) {
    throw new Error(`SecureQueue ${id}: visibilityTimeoutSeconds must be in 0..${MAX_VISIBILITY_TIMEOUT_SECONDS}`);
  }
  // Lambda refuses an event source whose queue would show a message again while the consumer still runs.
  if (visibilityTimeoutSeconds < consumerTimeoutSeconds) {
    throw new Error(`SecureQueue ${id}: visibilityTimeoutSeconds must not be below consumerTimeoutSeconds`);
  }
  if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1) {
    throw new Error(`SecureQueue ${id}: maxReceiveCount must be a positive integer`);
  }
}

function validateRedrive(id: string, redrive: DeadLetterRedrive): void {
  const { visibilityTimeoutSeconds, maxReceiveCount } = redrive;
  if (!Number.isInteger(visibilityTimeoutSeconds) || visibilityTimeoutSeconds < 0 || visibilityTimeoutSeconds > MAX_VISIBILITY_TIMEOUT_SECONDS) {
    throw new Error(`SecureQueue ${id}: the DLQ's visibilityTimeoutSeconds must be an integer in 0..${MAX_VISIBILITY_TIMEOUT_SECONDS}`);
  }
  if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1) {
    throw new Error(`SecureQueue ${id}: the DLQ's maxReceiveCount must be a positive integer`);
  }
}

/**
 * A queue nothing consumes, where failures wait for a person (a DLQ of Scheduler or of Lambda's asynchronous
 * invocations): encrypted, TLS only, kept the longest SQS allows. Alarms watch its depth.
 */
export function holdingQueue(scope: Construct, id: string): sqs.Queue {
  return new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(MAX_RETENTION_DAYS),
  });
}

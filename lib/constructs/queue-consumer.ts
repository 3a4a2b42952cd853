import { Duration } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ServiceFunction, type ServiceFunctionProps } from './service-function';

// Lambda's limits for an SQS event source mapping.
const MAX_BATCH_SIZE_WITHOUT_WINDOW = 10;
const MAX_BATCH_SIZE = 10000;
const MAX_BATCHING_WINDOW_SECONDS = 300;
const MIN_CONCURRENCY = 2;
const MAX_CONCURRENCY = 1000;

/** How a function takes messages from its queue (the event source mapping). */
export interface QueueEventSource {
  /** Messages per invocation: 1..10, or up to 10,000 with a batching window. */
  readonly batchSize: number;
  /** Concurrent batches at most, 2..1000. */
  readonly maximumConcurrency: number;
  /**
   * Seconds Lambda gathers messages before it invokes, 0..300.
   * @default 0 (no window)
   */
  readonly maxBatchingWindowSeconds?: number;
}

export interface QueueConsumerProps extends ServiceFunctionProps, QueueEventSource {
  /** The queue the function consumes. */
  readonly queue: sqs.IQueue;
}

/**
 * A service function that consumes an SQS queue and reports partial batch failures, so one bad message comes back
 * alone (and is dead-lettered after the queue's receives) while the rest of its batch is done. Every queue consumer
 * of the stack is one: the splitter, the chunk processor, the report builder and the dead-chunk consumer.
 *
 * It is a ServiceFunction (not a construct around one), so the function's place in the tree, and with it every
 * logical id, is the one a plain ServiceFunction of the same id has.
 */
export class QueueConsumer extends ServiceFunction {
  constructor(scope: Construct, id: string, props: QueueConsumerProps) {
    validateEventSource(id, props);
    super(scope, id, props);
    const window = props.maxBatchingWindowSeconds ?? 0;
    this.function.addEventSource(
      new SqsEventSource(props.queue, {
        batchSize: props.batchSize,
        // Zero means no window: leave it out rather than emit a 0-second one.
        maxBatchingWindow: window > 0 ? Duration.seconds(window) : undefined,
        maxConcurrency: props.maximumConcurrency,
        reportBatchItemFailures: true,
      }),
    );
  }
}

/** Throws unless Lambda would accept an SQS event source with these settings; `owner` names them in the error. */
export function validateEventSource(owner: string, source: QueueEventSource): void {
  const { batchSize, maximumConcurrency: concurrency } = source;
  const window = source.maxBatchingWindowSeconds ?? 0;
  if (!Number.isInteger(window) || window < 0 || window > MAX_BATCHING_WINDOW_SECONDS) {
    throw new Error(`${owner}: maxBatchingWindowSeconds must be an integer in 0..${MAX_BATCHING_WINDOW_SECONDS}`);
  }
  // Batches above ten messages are only allowed with a batching window.
  const maxBatch = window > 0 ? MAX_BATCH_SIZE : MAX_BATCH_SIZE_WITHOUT_WINDOW;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > maxBatch) {
    throw new Error(`${owner}: batchSize must be an integer in 1..${maxBatch}`);
  }
  if (!Number.isInteger(concurrency) || concurrency < MIN_CONCURRENCY || concurrency > MAX_CONCURRENCY) {
    throw new Error(`${owner}: maximumConcurrency must be an integer in ${MIN_CONCURRENCY}..${MAX_CONCURRENCY}`);
  }
}

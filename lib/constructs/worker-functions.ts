import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RESERVED_CONCURRENCY, UPLOAD_BUCKET, WORKER_FUNCTIONS, type QueueDefinition } from '../resources';
import { grantListPrefix, grantObjectActions, grantSendMessage, grantTableActions } from './least-privilege';
import { QueueConsumer, validateEventSource as validateQueueEventSource } from './queue-consumer';

interface WorkerDefinition {
  readonly id: string;
  readonly entry: string;
  readonly queue: QueueDefinition;
}

export interface WorkerFunctionsProps {
  readonly controlTable: dynamodb.ITableV2;
  readonly recordsTable: dynamodb.ITableV2;
  readonly bucket: s3.IBucket;
  /** Object-created events of new uploads: the splitter consumes it. */
  readonly uploadEventsQueue: sqs.IQueue;
  /** Chunks of rows: the splitter sends to it, the chunk processor consumes it. */
  readonly chunkQueue: sqs.IQueue;
  /** Requests for an ended run's final reports: the run-ended consumer sends to it, the report builder consumes it. */
  readonly reportsQueue: sqs.IQueue;
  /**
   * Variables every worker receives (resource names and URLs).
   * @default none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Key prefix of raw uploads, which the splitter reads.
   * @default UPLOAD_BUCKET.uploadPrefix
   */
  readonly uploadPrefix?: string;
  /**
   * Key prefix of failure reports, which the chunk processor writes.
   * @default UPLOAD_BUCKET.failuresPrefix
   */
  readonly failuresPrefix?: string;
  /**
   * How long the workers' logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Concurrency kept for the splitter and the chunk processor, so that API traffic and the other functions cannot
   * starve them. Each must be above its event source's maximum concurrency (the mapping would otherwise be
   * throttled by its own function). Reserving takes it from the account's concurrency quota, of which Lambda keeps
   * 100 unreserved: the account needs a quota of at least 100 plus the sum.
   * @default RESERVED_CONCURRENCY from lib/resources.ts
   */
  readonly reservedConcurrency?: Partial<ReservedConcurrency>;
}

export interface ReservedConcurrency {
  readonly splitter: number;
  readonly chunkProcessor: number;
}

/**
 * The queue consumers: the splitter turns an uploaded file into chunk messages, the chunk processor writes their
 * rows, the report builder writes an ended run's CSV reports. Each reports partial batch failures, so one bad message
 * is retried alone and then dead-lettered.
 */
export class WorkerFunctions extends Construct {
  public readonly splitter: nodejs.NodejsFunction;
  public readonly chunkProcessor: nodejs.NodejsFunction;
  public readonly reportBuilder: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: WorkerFunctionsProps) {
    super(scope, id);
    const uploadPrefix = props.uploadPrefix ?? UPLOAD_BUCKET.uploadPrefix;
    const failuresPrefix = props.failuresPrefix ?? UPLOAD_BUCKET.failuresPrefix;

    const reserved = { ...RESERVED_CONCURRENCY, ...props.reservedConcurrency };
    this.splitter = this.consumer(WORKER_FUNCTIONS.splitter, props.uploadEventsQueue, props, reserved.splitter);
    this.chunkProcessor = this.consumer(WORKER_FUNCTIONS.chunkProcessor, props.chunkQueue, props, reserved.chunkProcessor);
    this.reportBuilder = this.consumer(WORKER_FUNCTIONS.reportBuilder, props.reportsQueue, props);

    // Records a file's runs and chunks transactionally; reads the raw upload; fans chunks out. Ending a run is a
    // conditional write of the run item like any other: what follows is the run-ended consumer's.
    const controlWrites = ['GetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem'] as const;
    grantTableActions(this.splitter, props.controlTable, controlWrites);
    grantObjectActions(this.splitter, props.bucket, uploadPrefix, ['GetObject']);
    grantSendMessage(this.splitter, props.chunkQueue);
    // A split that runs out of time sends its continuation to the queue it consumes.
    grantSendMessage(this.splitter, props.uploadEventsQueue);

    // Writes records idempotently, updates run counters, stores per-chunk failure reports.
    grantTableActions(this.chunkProcessor, props.controlTable, controlWrites);
    const recordWrites = ['GetItem', 'PutItem', 'BatchGetItem', 'ConditionCheckItem'] as const;
    grantTableActions(this.chunkProcessor, props.recordsTable, recordWrites);
    grantObjectActions(this.chunkProcessor, props.bucket, failuresPrefix, ['PutObject']);

    // Job control: a paused run's chunks are parked (and taken back if a resume raced the parking); after a cancel,
    // rows never attempted are stored for unprocessed.csv, by the processor and by the splitter alike.
    grantObjectActions(this.chunkProcessor, props.bucket, UPLOAD_BUCKET.parkedPrefix, ['PutObject', 'DeleteObject']);
    grantObjectActions(this.chunkProcessor, props.bucket, UPLOAD_BUCKET.unprocessedPrefix, ['PutObject']);
    grantObjectActions(this.splitter, props.bucket, UPLOAD_BUCKET.unprocessedPrefix, ['PutObject']);

    // The report builder reads the run and its failure and unprocessed documents in order, and streams the CSVs
    // into the reports prefix (multipart).
    grantTableActions(this.reportBuilder, props.controlTable, ['GetItem']);
    for (const prefix of [failuresPrefix, UPLOAD_BUCKET.unprocessedPrefix]) {
      grantObjectActions(this.reportBuilder, props.bucket, prefix, ['GetObject']);
      grantListPrefix(this.reportBuilder, props.bucket, prefix);
    }
    grantObjectActions(this.reportBuilder, props.bucket, UPLOAD_BUCKET.reportsPrefix, ['PutObject', 'AbortMultipartUpload']);
  }

  private consumer(worker: WorkerDefinition, queue: sqs.IQueue, props: WorkerFunctionsProps, reservedConcurrency?: number): nodejs.NodejsFunction {
    const { id, entry, queue: definition } = worker;
    validateEventSource(definition);
    if (reservedConcurrency !== undefined) validateReservedConcurrency(id, reservedConcurrency, definition.maximumConcurrency);
    return new QueueConsumer(this, id, {
      entry,
      queue,
      batchSize: definition.batchSize,
      maxBatchingWindowSeconds: definition.maxBatchingWindowSeconds,
      maximumConcurrency: definition.maximumConcurrency,
      timeoutSeconds: definition.consumerTimeoutSeconds,
      memoryMb: definition.consumerMemoryMb,
      environment: props.environment,
      logRetention: props.logRetention,
      reservedConcurrency,
    }).function;
  }
}

/** Throws unless Lambda would accept an SQS event source built from the definition. */
export function validateEventSource(definition: QueueDefinition): void {
  validateQueueEventSource(`WorkerFunctions ${definition.id}`, definition);
}

/** Throws unless the reserved concurrency is a positive integer above the event source's maximum concurrency. */
export function validateReservedConcurrency(id: string, reserved: number, maximumConcurrency: number): void {
  if (!Number.isInteger(reserved) || reserved <= maximumConcurrency) {
    throw new Error(
      `WorkerFunctions ${id}: reserved concurrency must be an integer above its event source's maximum concurrency (${maximumConcurrency}), got ${reserved}`,
    );
  }
}

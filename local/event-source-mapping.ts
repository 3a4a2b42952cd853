import { randomUUID } from 'node:crypto';
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { abortableSleep } from './abortable-sleep';

/** The account id the emulators put in their ARNs. */
export const LOCAL_ACCOUNT_ID = '000000000000';

export type SqsLambdaHandler = (
  event: SQSEvent,
  context: Context,
) => Promise<SQSBatchResponse | void | null> | SQSBatchResponse | void | null;

export interface SqsEventSourceOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly functionName: string;
  /** Resolves the handler for each batch, so a module that fails to load fails the batch as a Lambda init error would. */
  readonly loadHandler: () => SqsLambdaHandler;
  /** Messages per invocation, 1..10 (one ReceiveMessage per batch). */
  readonly batchSize: number;
  /** Batches in flight at most: that many poll loops run. */
  readonly maximumConcurrency: number;
  /** The function's timeout: after it the batch counts as failed, like a Lambda that timed out. */
  readonly timeoutSeconds: number;
  /** @default 1024 */
  readonly memoryMb?: number;
  /**
   * Runs each invocation; the fault injection of local/faults.ts wraps it (duplicate deliveries, crashes).
   * @default the handler is invoked directly
   */
  readonly wrapInvocation?: (event: SQSEvent, invoke: () => Promise<unknown>) => Promise<unknown>;
  /** Long-poll window of each ReceiveMessage; short so that stop() returns quickly. @default 1 */
  readonly waitTimeSeconds?: number;
  readonly log?: (line: string) => void;
}

export interface SqsEventSource {
  /** Ends the poll loops and waits for the batches in flight. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Polls a queue the way Lambda's SQS event source mapping does with `ReportBatchItemFailures`: receive up to
 * `batchSize` messages, invoke the handler with a real SQSEvent, delete the records it did not report as
 * failed. A thrown error, a timeout or an invalid response deletes nothing: the messages reappear after the
 * queue's visibility timeout and the queue's own redrive policy moves them to the DLQ after maxReceiveCount.
 */
export function startSqsEventSource(options: SqsEventSourceOptions): SqsEventSource {
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1 || options.batchSize > 10) {
    throw new Error(`batchSize of ${options.functionName} must be 1..10 locally (one ReceiveMessage a batch), got ${options.batchSize}`);
  }
  if (!Number.isInteger(options.maximumConcurrency) || options.maximumConcurrency < 1) {
    throw new Error(`maximumConcurrency of ${options.functionName} must be a positive integer`);
  }
  const log = options.log ?? (() => undefined);
  const stopController = new AbortController();
  const loops = Array.from({ length: options.maximumConcurrency }, () => pollLoop(options, stopController.signal, log));
  let stopping: Promise<void> | undefined;
  return {
    stop: () =>
      (stopping ??= (async () => {
        stopController.abort();
        await Promise.all(loops);
      })()),
  };
}

async function pollLoop(options: SqsEventSourceOptions, stopped: AbortSignal, log: (line: string) => void): Promise<void> {
  let failedReceives = 0;
  while (!stopped.aborted) {
    let messages: Message[];
    try {
      const received = await options.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: options.queueUrl,
          MaxNumberOfMessages: options.batchSize,
          WaitTimeSeconds: options.waitTimeSeconds ?? 1,
          AttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
          MessageAttributeNames: ['All'],
        }),
      );
      messages = received.Messages ?? [];
      failedReceives = 0;
    } catch (error) {
      if (stopped.aborted) return;
      // One line per outage, not one per loop turn.
      if (failedReceives++ === 0) log(`[${options.functionName}] ReceiveMessage failed: ${errorMessage(error)}`);
      await abortableSleep(1000, stopped);
      continue;
    }
    // Messages already received are processed even when stop() was called meanwhile: dropping them would
    // leave them invisible for the whole visibility timeout.
    if (messages.length > 0) await processBatch(options, messages, log);
  }
}

async function processBatch(options: SqsEventSourceOptions, messages: Message[], log: (line: string) => void): Promise<void> {
  const event: SQSEvent = { Records: messages.map((message) => toRecord(message, options)) };
  const context = createLambdaContext({
    functionName: options.functionName,
    region: options.region,
    timeoutSeconds: options.timeoutSeconds,
    memoryMb: options.memoryMb ?? 1024,
  });
  let failedIds: Set<string>;
  try {
    const handler = options.loadHandler();
    const invoke = () => Promise.resolve(handler(event, context));
    const invocation = options.wrapInvocation ? options.wrapInvocation(event, invoke) : invoke();
    const response = await withTimeout(invocation, options.timeoutSeconds, options.functionName);
    failedIds = reportedFailures(response, event);
  } catch (error) {
    log(`[${options.functionName}] batch of ${messages.length} failed, nothing deleted (${context.awsRequestId}): ${errorMessage(error)}`);
    return;
  }
  const done = event.Records.filter((record) => !failedIds.has(record.messageId));
  await deleteRecords(options, done, log);
}

/**
 * Which records to keep, by Lambda's rules: no response, an empty response or an empty list means every record
 * succeeded; an identifier that is missing, empty or not in the batch makes the whole batch a failure.
 */
function reportedFailures(response: unknown, event: SQSEvent): Set<string> {
  if (response === undefined || response === null) return new Set();
  if (typeof response !== 'object') throw new Error(`invalid response: ${JSON.stringify(response)}`);
  const failures = (response as Partial<SQSBatchResponse>).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) throw new Error('invalid response: batchItemFailures is not a list');
  const inBatch = new Set(event.Records.map((record) => record.messageId));
  const failed = new Set<string>();
  for (const failure of failures as unknown[]) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !inBatch.has(id)) {
      throw new Error(`invalid batchItemFailures entry ${JSON.stringify(failure)}: the whole batch counts as failed`);
    }
    failed.add(id);
  }
  return failed;
}

async function deleteRecords(options: SqsEventSourceOptions, records: SQSRecord[], log: (line: string) => void): Promise<void> {
  for (let start = 0; start < records.length; start += 10) {
    const slice = records.slice(start, start + 10);
    try {
      const result = await options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: slice.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
        }),
      );
      for (const failed of result.Failed ?? []) {
        log(`[${options.functionName}] DeleteMessageBatch kept message ${slice[Number(failed.Id)]?.messageId}: ${failed.Code} ${failed.Message ?? ''}`);
      }
    } catch (error) {
      // The messages come back after the visibility timeout: processed twice, which handlers must tolerate anyway.
      log(`[${options.functionName}] DeleteMessageBatch failed: ${errorMessage(error)}`);
    }
  }
}

/** An SQS message as Lambda hands it to a function. */
export function toRecord(message: Message, source: { queueArn: string; region: string }): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ...attributes,
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? LOCAL_ACCOUNT_ID,
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: toLambdaAttributes(message.MessageAttributes),
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: source.queueArn,
    awsRegion: source.region,
  };
}

function toLambdaAttributes(attributes: Record<string, MessageAttributeValue> | undefined): SQSMessageAttributes {
  const mapped: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(attributes ?? {})) {
    mapped[name] = {
      stringValue: value.StringValue,
      binaryValue: value.BinaryValue ? Buffer.from(value.BinaryValue).toString('base64') : undefined,
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((item) => Buffer.from(item).toString('base64')),
      dataType: value.DataType ?? 'String',
    };
  }
  return mapped;
}

export interface LambdaContextOptions {
  readonly functionName: string;
  readonly region: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
}

/** The Lambda context a handler reads: request id, names, and the time left before its timeout. */
export function createLambdaContext(options: LambdaContextOptions): Context {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const unsupported = (): never => {
    throw new Error('the callback-style context methods are not supported: return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${options.region}:${LOCAL_ACCOUNT_ID}:function:${options.functionName}`,
    memoryLimitInMB: String(options.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: `local/[$LATEST]${randomUUID().replace(/-/g, '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/**
 * Settles with the invocation or fails once the function's timeout has passed. The handler cannot be frozen as
 * Lambda would: it keeps running, but its result no longer counts.
 */
export async function withTimeout<T>(invocation: Promise<T>, timeoutSeconds: number, functionName: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${functionName}: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`)),
      timeoutSeconds * 1000,
    );
  });
  try {
    return await Promise.race([invocation, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

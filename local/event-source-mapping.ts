import type { Message, MessageAttributeValue, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import { Consumer } from 'sqs-consumer';
import { errorMessage, invokeBatch, LOCAL_ACCOUNT_ID } from './lambda-runtime';

export type SqsLambdaHandler = (
  event: SQSEvent,
  context: import('aws-lambda').Context,
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
  /** Batches in flight at most: that many consumers poll the queue. */
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
  /**
   * Long-poll window of each ReceiveMessage, as Lambda's pollers use: an idle queue costs one request per consumer
   * this often, and stop() cuts a poll short rather than wait for it. @default 20
   */
  readonly waitTimeSeconds?: number;
  readonly log?: (line: string) => void;
}

export interface SqsEventSource {
  /** Ends the polling and waits for the batches in flight. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Polls a queue the way Lambda's SQS event source mapping does with `ReportBatchItemFailures`, with sqs-consumer's
 * poll loop (`maximumConcurrency` consumers of `batchSize` messages each): invoke the handler with a real SQSEvent,
 * delete the records it did not report as failed. A thrown error, a timeout or an invalid response deletes nothing:
 * the messages reappear after the queue's visibility timeout and the queue's own redrive policy moves them to the
 * DLQ after maxReceiveCount. Messages already received are processed even when stop() was called meanwhile:
 * dropping them would leave them invisible for the whole visibility timeout.
 */
export function startSqsEventSource(options: SqsEventSourceOptions): SqsEventSource {
  const { functionName } = options;
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1 || options.batchSize > 10) {
    throw new Error(`batchSize of ${functionName} must be 1..10 locally (one ReceiveMessage a batch), got ${options.batchSize}`);
  }
  if (!Number.isInteger(options.maximumConcurrency) || options.maximumConcurrency < 1) {
    throw new Error(`maximumConcurrency of ${functionName} must be a positive integer`);
  }
  const log = options.log ?? (() => undefined);
  const fn = { functionName, region: options.region, timeoutSeconds: options.timeoutSeconds, memoryMb: options.memoryMb ?? 1024 };
  let receiveFailing = false;

  const handleMessageBatch = async (messages: Message[]): Promise<Message[]> => {
    receiveFailing = false;
    const event: SQSEvent = { Records: messages.map((message) => toRecord(message, { queueArn: options.queueArn, region: options.region })) };
    try {
      const handler = options.loadHandler();
      const wrap = options.wrapInvocation && ((invoke: () => Promise<unknown>) => options.wrapInvocation!(event, invoke));
      const failed = await invokeBatch(fn, handler, event, event.Records.map((record) => record.messageId), wrap);
      return messages.filter((message) => !failed.has(message.MessageId ?? ''));
    } catch (error) {
      log(`[${functionName}] batch of ${messages.length} failed, nothing deleted: ${errorMessage(error)}`);
      throw error;
    }
  };

  let stopping: Promise<void> | undefined;
  const consumers = Array.from({ length: options.maximumConcurrency }, () => {
    // Between a ReceiveMessage sent and its answer a consumer holds no message, so stop() may abort that poll.
    let receiving = false;
    const consumer = Consumer.create({
      sqs: options.sqs,
      queueUrl: options.queueUrl,
      batchSize: options.batchSize,
      waitTimeSeconds: options.waitTimeSeconds ?? 20,
      attributeNames: ['All'],
      messageSystemAttributeNames: ['All'],
      messageAttributeNames: ['All'],
      handleMessageBatch,
      // After a failed ReceiveMessage (the emulator gone or restarting), poll again a second later.
      authenticationErrorTimeout: 1000,
      // stop() waits for the batch in flight (checked once a second), up to the function's timeout.
      pollingCompleteWaitTimeMs: (options.timeoutSeconds + 2) * 1000,
      strictReturn: true,
      preReceiveMessageCallback: async () => void (receiving = true),
      postReceiveMessageCallback: async () => void (receiving = false),
    });
    consumer.on('error', (error, messages) => {
      // A failed batch was logged by the handler above; one line per receive outage, not one per poll; a poll that
      // stop() aborted is no outage.
      if (messages !== undefined && error.name !== 'SQSError') return;
      if (stopping !== undefined && messages === undefined) return;
      if (messages === undefined && receiveFailing) return;
      receiveFailing ||= messages === undefined;
      log(`[${functionName}] ${error.message}`);
    });
    consumer.start();
    return { consumer, receiving: () => receiving };
  });

  return {
    stop: () =>
      (stopping ??= (async () => {
        await Promise.all(
          consumers.map(({ consumer, receiving }) => {
            // Not events.once: it rejects on the 'error' that an aborted poll emits.
            const stopped = new Promise<void>((resolve) => consumer.once('stopped', () => resolve()));
            // A consumer waiting on a long poll holds no message: its poll is aborted. One handling a batch finishes
            // it (its deletes included). Should the answer to an aborted poll still arrive, its messages come back
            // after the visibility timeout, as any undeleted message does.
            consumer.stop({ abort: receiving() });
            return stopped;
          }),
        );
      })()),
  };
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

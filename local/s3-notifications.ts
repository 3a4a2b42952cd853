import { randomBytes } from 'node:crypto';
import { HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { retry } from '../functions/adapters/retry';
import { errorMessage, LOCAL_ACCOUNT_ID } from './lambda-runtime';

/** An object that finished uploading (PutObject, CompleteMultipartUpload or CopyObject). */
export interface ObjectCreated {
  readonly bucket: string;
  readonly key: string;
  readonly at: Date;
}

/** Where object-created events come from (the emulator process, see emulators/fauxqs.ts); returns the function that unsubscribes. */
export type ObjectCreatedSource = (listener: (event: ObjectCreated) => void) => () => void;

export interface S3NotificationForwarderOptions {
  readonly source: ObjectCreatedSource;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly bucket: string;
  /** Only keys under it are notified, like a notification filter on a prefix. */
  readonly prefix: string;
  readonly queueUrl: string;
  readonly region: string;
  /** @default 'local-object-created' */
  readonly configurationId?: string;
  /** Attempts per event before it is reported lost. @default 5 */
  readonly maxAttempts?: number;
  readonly log?: (line: string) => void;
}

export interface S3NotificationForwarder {
  /** Stops listening, then waits for the events already taken to be sent. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Sends each object created under the prefix to the queue as the S3 event notification body that S3 would send
 * there in AWS, so the splitter receives locally exactly what it receives in AWS.
 */
export function startS3NotificationForwarder(options: S3NotificationForwarderOptions): S3NotificationForwarder {
  const log = options.log ?? (() => undefined);
  const pending = new Set<Promise<void>>();
  const unsubscribe = options.source((event) => {
    if (event.bucket !== options.bucket || !event.key.startsWith(options.prefix)) return;
    const forwarding = forwardWithRetries(options, event, log).finally(() => pending.delete(forwarding));
    pending.add(forwarding);
  });
  let stopping: Promise<void> | undefined;
  return {
    stop: () =>
      (stopping ??= (async () => {
        unsubscribe();
        while (pending.size > 0) await Promise.allSettled([...pending]);
      })()),
  };
}

/** Gone before its size was read: S3 would still have notified, but the splitter could not have read it. */
const isGone = (error: unknown): boolean => error instanceof Error && (error.name === 'NotFound' || error.name === 'NoSuchKey');

async function forwardWithRetries(options: S3NotificationForwarderOptions, event: ObjectCreated, log: (line: string) => void): Promise<void> {
  const retryable = (error: unknown): boolean => !isGone(error);
  try {
    await retry(() => forwardObjectCreated(options, event), { maxAttempts: options.maxAttempts ?? 5, baseMs: 100, capMs: 5000, retryable });
  } catch (error) {
    const what = `s3://${event.bucket}/${event.key}`;
    log(isGone(error) ? `[s3-notifications] ${what} is gone before its event was sent; skipped` : `[s3-notifications] event for ${what} lost: ${errorMessage(error)}`);
  }
}

/** Reads the object's size and ETag and sends its notification to the queue. */
export async function forwardObjectCreated(
  options: Pick<S3NotificationForwarderOptions, 's3' | 'sqs' | 'queueUrl' | 'region' | 'configurationId'>,
  event: ObjectCreated,
): Promise<void> {
  const head = await options.s3.send(new HeadObjectCommand({ Bucket: event.bucket, Key: event.key }));
  const eTag = (head.ETag ?? '').replace(/"/g, '');
  const body = buildS3EventBody({
    region: options.region,
    bucket: event.bucket,
    key: event.key,
    size: head.ContentLength ?? 0,
    eTag,
    eventTime: event.at,
    // A multipart upload's ETag ends in -<parts>; S3 names that event differently.
    eventName: /-\d+$/.test(eTag) ? 'ObjectCreated:CompleteMultipartUpload' : 'ObjectCreated:Put',
    configurationId: options.configurationId ?? 'local-object-created',
  });
  await options.sqs.send(new SendMessageCommand({ QueueUrl: options.queueUrl, MessageBody: body }));
}

export interface S3EventBodyInput {
  readonly region: string;
  readonly bucket: string;
  /** The key as stored (not encoded). */
  readonly key: string;
  readonly size: number;
  /** Without quotes, as S3 puts it in events. */
  readonly eTag: string;
  readonly eventTime: Date;
  readonly eventName: string;
  readonly configurationId: string;
}

/** The SQS message body S3 sends for one object-created event (one record, as S3 always sends). */
export function buildS3EventBody(input: S3EventBodyInput): string {
  const record: S3EventRecord = {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: input.region,
    eventTime: input.eventTime.toISOString(),
    eventName: input.eventName,
    userIdentity: { principalId: `AWS:${LOCAL_ACCOUNT_ID}` },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: {
      'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(),
      'x-amz-id-2': randomBytes(48).toString('base64'),
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: input.configurationId,
      bucket: {
        name: input.bucket,
        ownerIdentity: { principalId: LOCAL_ACCOUNT_ID },
        arn: `arn:aws:s3:::${input.bucket}`,
      },
      object: {
        key: encodeS3EventKey(input.key),
        size: input.size,
        eTag: input.eTag,
        sequencer: nextSequencer(),
      },
    },
  };
  const event: S3Event = { Records: [record] };
  return JSON.stringify(event);
}

/**
 * Keys in S3 events are form-URL-encoded: a space becomes `+`, `/` stays, and everything but letters, digits
 * and `-_.*` is percent-encoded (`(` → `%28`). Consumers decode with
 * `decodeURIComponent(key.replace(/\+/g, ' '))`.
 */
export function encodeS3EventKey(key: string): string {
  return key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment)
        .replace(/[!'()~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
        .replace(/%20/g, '+'),
    )
    .join('/');
}

let sequence = 0;
/** Increasing hex like S3's sequencer, which orders events of the same key. */
function nextSequencer(): string {
  sequence = (sequence + 1) % 0x10000;
  return (BigInt(Date.now()) * 0x10000n + BigInt(sequence)).toString(16).toUpperCase().padStart(18, '0');
}

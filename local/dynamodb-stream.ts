import {
  DescribeStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type DynamoDBStreamsClient,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { matchesEventPattern, type EventPattern } from '../functions/adapters/event-pattern';
import { errorMessage, invokeBatch } from './lambda-runtime';

export type StreamLambdaHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<unknown> | unknown;

export interface DynamoDbStreamSourceOptions {
  readonly streams: DynamoDBStreamsClient;
  readonly streamArn: string;
  readonly region: string;
  readonly functionName: string;
  readonly loadHandler: () => StreamLambdaHandler;
  /** The mapping's filter criteria: records that do not match never reach the handler (as in AWS). */
  readonly filter: EventPattern;
  readonly batchSize: number;
  /** Tries of a batch that keeps failing at the same record, after the first; then the record is given up. */
  readonly retryAttempts: number;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** Pause between polls of the shards. @default 200 */
  readonly pollIntervalMs?: number;
  /** How often the stream is described again to find new shards; at once when a shard closes. @default 5000 */
  readonly describeIntervalMs?: number;
  readonly log?: (line: string) => void;
}

/**
 * Reads a DynamoDB Local table's stream the way Lambda's event source mapping does: every shard from its start,
 * records in order, only those the filter matches, in batches; a batch's partial failures (or a thrown error) are
 * retried from the earliest failed record, so the records after it come again too. A record that still fails
 * after `retryAttempts` is logged and skipped (in AWS it goes to the on-failure queue). Batches are not halved
 * on error here: a retry from the failed record is what the handler must bear either way.
 */
export function startDynamoDbStreamSource(options: DynamoDbStreamSourceOptions): { stop(): Promise<void> } {
  const log = options.log ?? (() => undefined);
  const stopController = new AbortController();
  const loop = pollStream(options, stopController.signal, log);
  let stopping: Promise<void> | undefined;
  return {
    stop: () =>
      (stopping ??= (async () => {
        stopController.abort();
        await loop;
      })()),
  };
}

async function pollStream(options: DynamoDbStreamSourceOptions, stopped: AbortSignal, log: (line: string) => void): Promise<void> {
  const iterators = new Map<string, string | undefined>(); // shard id → next iterator (undefined: closed, read)
  // Shards change seldom (one closes and a child opens): describing the stream on every poll cost the emulator
  // as much as reading it.
  let describedAt = Number.NEGATIVE_INFINITY;
  while (!stopped.aborted) {
    try {
      if (Date.now() - describedAt >= (options.describeIntervalMs ?? 5_000)) {
        const { StreamDescription } = await options.streams.send(new DescribeStreamCommand({ StreamArn: options.streamArn }));
        describedAt = Date.now();
        for (const shard of StreamDescription?.Shards ?? []) {
          if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
          const { ShardIterator } = await options.streams.send(
            new GetShardIteratorCommand({ StreamArn: options.streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
          );
          iterators.set(shard.ShardId, ShardIterator);
        }
      }
      for (const [shardId, iterator] of iterators) {
        if (!iterator || stopped.aborted) continue;
        const { Records, NextShardIterator } = await options.streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
        iterators.set(shardId, NextShardIterator);
        if (!NextShardIterator) describedAt = Number.NEGATIVE_INFINITY;
        const matching = (Records ?? []).map((record) => toLambdaRecord(record, options)).filter((record) => matchesEventPattern(options.filter, record));
        await deliver(options, matching, log);
      }
    } catch (error) {
      if (!stopped.aborted) log(`[${options.functionName}] reading the stream failed: ${errorMessage(error)}`);
    }
    // A stopping source wakes at once rather than finish its pause.
    await sleep(options.pollIntervalMs ?? 200, undefined, { signal: stopped }).catch(() => undefined);
  }
}

async function deliver(options: DynamoDbStreamSourceOptions, records: DynamoDBRecord[], log: (line: string) => void): Promise<void> {
  let pending = records;
  let attempts = 0;
  while (pending.length > 0) {
    const batch = pending.slice(0, options.batchSize);
    const failedAt = await invoke(options, batch, log);
    if (failedAt === batch.length) {
      pending = pending.slice(batch.length);
      attempts = 0;
      continue;
    }
    pending = pending.slice(failedAt);
    attempts += 1;
    await sleep(100 * attempts);
    if (attempts > options.retryAttempts) {
      log(`[${options.functionName}] gave up on stream record ${pending[0]?.dynamodb?.SequenceNumber} after ${attempts} tries`);
      pending = pending.slice(1);
      attempts = 0;
    }
  }
}

/** Invokes the handler; answers how many records of the batch are done (all of them, or up to the first failure). */
async function invoke(options: DynamoDbStreamSourceOptions, batch: DynamoDBRecord[], log: (line: string) => void): Promise<number> {
  try {
    const sequenceNumbers = batch.map((record) => record.dynamodb?.SequenceNumber ?? '');
    const failed = await invokeBatch(options, options.loadHandler(), { Records: batch }, sequenceNumbers);
    if (failed.size > 0) log(`[${options.functionName}] ${failed.size} of ${batch.length} stream records failed`);
    return failed.size === 0 ? batch.length : sequenceNumbers.findIndex((sequenceNumber) => failed.has(sequenceNumber));
  } catch (error) {
    // A thrown error, a timeout, or an identifier that names no record of the batch fails it all, as in Lambda.
    log(`[${options.functionName}] batch of ${batch.length} stream records failed: ${errorMessage(error)}`);
    return 0;
  }
}

/** The record as Lambda hands it over: the SDK's record with the source ARN and the creation time in epoch seconds. */
function toLambdaRecord(record: StreamRecord, options: Pick<DynamoDbStreamSourceOptions, 'streamArn' | 'region'>): DynamoDBRecord {
  const { ApproximateCreationDateTime, ...change } = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: options.region,
    eventSourceARN: options.streamArn,
    dynamodb: {
      ...(change as DynamoDBRecord['dynamodb']),
      ...(ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(ApproximateCreationDateTime.getTime() / 1000) } : {}),
    },
  };
}

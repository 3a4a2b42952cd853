import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ChunkClaim } from '../../../core/control/ports';
import type { ChunkRecording, FileSplitRecording } from '../../../core/ports';
import { LEASE_DUE_AT } from '../lease-index';
import type { RunTable } from './run-table';

/**
 * The run's counters, moved exactly once. Each recording writes a marker item under the run's partition (a chunk's
 * `CHUNK#<chunkId>`, a split file's `FILE#<n>`) in the same transaction as the counters it adds: a second recording
 * finds the marker and adds nothing.
 */
export class RunCounters {
  constructor(private readonly table: RunTable) {}

  async recordChunk(recording: ChunkRecording): Promise<boolean> {
    const result = await this.table.once(recording.runId, `CHUNK#${recording.chunkId}`, chunkMarker(recording), chunkUpdate(recording));
    return recorded(result, recording.runId);
  }

  async recordChunkUnlessLast(
    recording: ChunkRecording,
    known: { files: number; totalChunks: number },
  ): Promise<'recorded' | 'already_recorded' | 'may_end_run'> {
    const update = chunkUpdate(recording);
    const result = await this.table.once(recording.runId, `CHUNK#${recording.chunkId}`, chunkMarker(recording), {
      ...update,
      // Not the last: a file is still being split (its splitter checks the run after recording it), or another
      // chunk is still to come. chunksDone < totalChunks - 1, with the total known from before.
      ConditionExpression: 'filesSplit < :files OR chunksDone < :lastButOne',
      ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':files': known.files, ':lastButOne': known.totalChunks - 1 },
    });
    return result === 'run_condition_failed' ? 'may_end_run' : result;
  }

  async recordUnprocessedChunk(runId: string, chunkId: string, rows: number, at: string): Promise<boolean> {
    // The same marker as recordChunk: a chunk is recorded once, either way.
    const result = await this.table.once(runId, `CHUNK#${chunkId}`, { unprocessed: rows, recordedAt: at }, {
      UpdateExpression: 'ADD chunksDone :one',
      ExpressionAttributeValues: { ':one': 1 },
    });
    return recorded(result, runId);
  }

  async recordFileSplit(recording: FileSplitRecording): Promise<boolean> {
    const { runId, fileIndex, rows, chunks, header, at } = recording;
    const setHeader = header ? `, files[${fileIndex}].header = :header` : '';
    const result = await this.table.once(runId, `FILE#${fileIndex}`, { rows, chunks, splitAt: at }, {
      UpdateExpression: `ADD totalItems :rows, totalChunks :chunks, filesSplit :one SET heartbeatAt = :at${setHeader}`,
      ExpressionAttributeValues: { ':rows': rows, ':chunks': chunks, ':one': 1, ':at': at, ...(header ? { ':header': [...header] } : {}) },
    });
    return recorded(result, runId);
  }

  async claimChunk(runId: string, chunkId: string, claim: ChunkClaim, at: string): Promise<ChunkClaim> {
    const { client, tableName } = this.table;
    const key = { pk: `RUN#${runId}`, sk: `CLAIM#${chunkId}` };
    try {
      await client.send(new PutCommand({ TableName: tableName, Item: { ...key, claim, claimedAt: at }, ConditionExpression: 'attribute_not_exists(pk)' }));
      return claim;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    // Claims are never changed or deleted, so the one that beat this write is still there.
    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    const held = Item?.claim;
    if (held !== 'attempt' && held !== 'unprocessed') throw new Error(`Chunk ${runId}/${chunkId} has no readable claim`);
    return held;
  }
}

/** What a recorded chunk's marker holds: its counters (the sweeper sums them per file), when, and if it was salvaged. */
function chunkMarker({ outcome, at, deadLettered }: ChunkRecording): Record<string, unknown> {
  return { ...outcome, recordedAt: at, ...(deadLettered ? { deadLettered } : {}) };
}

/** A chunk's counters, its renewed lease, and, if it was dead-lettered, its id on the run (control state). */
function chunkUpdate({ chunkId, outcome, at, leaseExpiresAt, deadLettered }: ChunkRecording) {
  // A dead-lettered chunk is named on the run in the same transaction, so whoever closes the run fails it.
  const dead = deadLettered ? ', metadata.deadLetteredChunks = list_append(if_not_exists(metadata.deadLetteredChunks, :none), :dead)' : '';
  return {
    UpdateExpression: `ADD succeeded :s, failed :f, skipped :k, chunksDone :one SET heartbeatAt = :at, leaseExpiresAt = :lease, ${LEASE_DUE_AT} = :lease${dead}`,
    ExpressionAttributeValues: {
      ':s': outcome.succeeded,
      ':f': outcome.failed,
      ':k': outcome.skipped,
      ':one': 1,
      ':at': at,
      ':lease': leaseExpiresAt,
      ...(deadLettered ? { ':none': [], ':dead': [chunkId] } : {}),
    } as Record<string, unknown>,
  };
}

/** A plain recording's answer: a run that is not there is an error, as it always was. */
function recorded(result: 'recorded' | 'already_recorded' | 'run_condition_failed', runId: string): boolean {
  if (result === 'run_condition_failed') throw new Error(`Run ${runId} does not exist`);
  return result === 'recorded';
}

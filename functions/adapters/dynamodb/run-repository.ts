import { pausedMillis } from '../../core/runs/job-view';
import { conditionHeld } from './org-item-writes';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { CONTROL_TABLE, RUN_HISTORY_FILTER_ATTRIBUTES } from '../../../lib/resources';
import type { ChunkClaim, RunControl } from '../../core/control/ports';
import { withTransactionRetries } from './transaction-retry';
import type { ChunkRecording, FileSplitRecording, RunHistoryQuery, RunRepository } from '../../core/ports';
import { LIMIT_REACHED_FLAG } from '../../core/quota/quota';
import { runStatusForFailure, type JobFailure, type Run, type RunStatus } from '../../core/runs/run';
import { LEASE_DUE_AT, LEASE_SHARD, LEAVE_LEASE_INDEX, leaseShardOf } from './lease-index';
import { pageCursor } from './page-cursor';
import { itemsByKey } from './items-by-key';

const runKey = (jobId: string) => ({ pk: `RUN#${jobId}`, sk: 'RUN' });

/** Fields kept as plain attributes of the run item; everything else is derived from them. */
const RUN_FIELDS = [
  'jobId', 'orgId', 'kind', 'namespace', 'status', 'runStatus', 'importJobId', 'attempt', 'files', 'format',
  'columnMapping', 'defaultFields', 'options', 'reportRecipientEmails', 'dryRun', 'totalItems', 'succeeded', 'failed', 'skipped', 'filesSplit',
  'totalChunks', 'chunksDone', 'createdAt', 'startedAt', 'completedAt', 'heartbeatAt', 'leaseExpiresAt',
  'workerError', 'jobFailure', 'metadata',
] as const satisfies readonly (keyof Run)[];

const WORKER_ERROR_MAX = 500;

// The byOrg index projects the attributes the history filters on (lib/resources.ts): a filter on an attribute it
// does not carry would match nothing. This fails to compile when a filter is added without projecting it.
type UnprojectedFilter = Exclude<keyof RunHistoryQuery['filters'], (typeof RUN_HISTORY_FILTER_ATTRIBUTES)[number]>;
export const EVERY_HISTORY_FILTER_IS_PROJECTED: [UnprojectedFilter] extends [never] ? true : never = true;

/**
 * Runs in the control table. One item per run under `RUN#<jobId>` (the status lookup is one GetItem), with a
 * marker item per recorded chunk and per split file under the same partition: the markers are what make
 * counting exactly-once, because each is written in the same transaction as the counters it adds.
 */
export class DynamoRunRepository implements RunRepository, RunControl {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(run: Run): Promise<void> {
    const item: Record<string, unknown> = { ...runKey(run.jobId), type: 'Run' };
    for (const field of RUN_FIELDS) {
      if (run[field] !== null) item[field] = run[field];
    }
    item.gsi1pk = `ORG#${run.orgId}#RUNS`;
    item.gsi1sk = `${run.createdAt}#${run.jobId}`;
    // A run an import job started is also listed under that job (its run history: ImportJobRunHistory).
    if (run.importJobId !== null) Object.assign(item, importJobRunKeys(run));
    // A presigned upload may never arrive: the sweeper looks at it once its URL has expired.
    if (run.status === 'queued' && run.metadata.awaitingUpload === true && typeof run.metadata.uploadExpiresAt === 'string') {
      item[LEASE_SHARD] = leaseShardOf(run.jobId);
      item[LEASE_DUE_AT] = run.metadata.uploadExpiresAt;
    }
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  async get(jobId: string): Promise<Run | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: runKey(jobId), ConsistentRead: true }),
    );
    return Item ? toRun(Item) : null;
  }

  async listByOrg(orgId: string, query: RunHistoryQuery): Promise<{ runs: Run[]; nextCursor: string | null }> {
    const partition = `ORG#${orgId}#RUNS`;
    let startKey = query.cursor === undefined ? undefined : cursors.decode(query.cursor, partition);
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': partition };
    // gsi1sk is `<createdAt>#<jobId>`: a createdAt range is a key range, so it costs nothing to skip.
    let keyCondition = 'gsi1pk = :pk';
    if (query.createdFrom !== undefined || query.createdTo !== undefined) {
      values[':from'] = query.createdFrom ?? '';
      values[':to'] = `${query.createdTo ?? '9999'}#~`;
      keyCondition += ' AND gsi1sk BETWEEN :from AND :to';
    }
    const filters = Object.entries(query.filters).filter(([, value]) => value !== undefined);
    for (const [field, value] of filters) {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
    }
    const filterExpression = filters.map(([field]) => `#${field} = :${field}`).join(' AND ') || undefined;

    const items: Record<string, unknown>[] = [];
    // With filters a page of the index can hold few matches: read on, a bounded number of times.
    for (let reads = 0; reads < MAX_HISTORY_READS && items.length < query.limit; reads++) {
      const page: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: CONTROL_TABLE.globalIndexes[0]?.indexName,
          KeyConditionExpression: keyCondition,
          FilterExpression: filterExpression,
          ExpressionAttributeNames: Object.keys(names).length > 0 ? names : undefined,
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: HISTORY_READ_ITEMS,
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
      if (!startKey) break;
    }
    if (items.length > query.limit) {
      // More matched than the page holds: resume right after the last one answered (an item's own keys are a
      // valid start key for the index).
      items.length = query.limit;
      const last = items[query.limit - 1] as Record<string, unknown>;
      startKey = { pk: last.pk, sk: last.sk, gsi1pk: last.gsi1pk, gsi1sk: last.gsi1sk };
    }
    // The index carries keys and the filtered attributes only: the page's runs are read whole by key.
    const runs = await itemsByKey(this.client, this.tableName, items as Array<{ pk: unknown; sk: unknown }>);
    return { runs: runs.map(toRun), nextCursor: startKey ? cursors.encode(startKey) : null };
  }

  async markStarted(jobId: string, at: string, leaseExpiresAt: string): Promise<void> {
    await this.conditionalUpdate({
      Key: runKey(jobId),
      // The object has landed: a presigned upload no longer waits for it.
      UpdateExpression:
        `SET #status = :running, startedAt = :at, heartbeatAt = :at, leaseExpiresAt = :lease, ${LEASE_SHARD} = :shard, ${LEASE_DUE_AT} = :lease REMOVE metadata.awaitingUpload`,
      ConditionExpression: '#status = :queued',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':running': 'running', ':queued': 'queued', ':at': at, ':lease': leaseExpiresAt, ':shard': leaseShardOf(jobId) },
    });
  }

  async setRunStatus(jobId: string, runStatus: Extract<RunStatus, 'processing' | 'importing'>): Promise<void> {
    // Only forward: validating → processing → importing. A second file starting must not move a run back.
    const from = runStatus === 'processing' ? ['validating'] : ['validating', 'processing'];
    await this.conditionalUpdate({
      Key: runKey(jobId),
      UpdateExpression: 'SET runStatus = :to',
      ConditionExpression: `#status = :running AND runStatus IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':to': runStatus,
        ':running': 'running',
        ...Object.fromEntries(from.map((s, i) => [`:from${i}`, s])),
      },
    });
  }

  async heartbeat(jobId: string, at: string, leaseExpiresAt: string): Promise<void> {
    await this.conditionalUpdate({
      Key: runKey(jobId),
      UpdateExpression: `SET heartbeatAt = :at, leaseExpiresAt = :lease, ${LEASE_DUE_AT} = :lease`,
      ConditionExpression: '#status = :running',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':at': at, ':lease': leaseExpiresAt, ':running': 'running' },
    });
  }

  // Job control (§6). Every status change is conditional on the status it leaves, so of two racing controls (or a
  // control racing the worker that closes the run) exactly one wins and the other is told so.

  async pause(jobId: string, at: string): Promise<boolean> {
    return this.conditionalUpdate({
      Key: runKey(jobId),
      UpdateExpression: 'SET #status = :paused, #metadata.pausedAt = :at',
      ConditionExpression: '#status = :running AND attribute_not_exists(#metadata.batchCancelRequested)',
      ExpressionAttributeNames: { '#status': 'status', '#metadata': 'metadata' },
      ExpressionAttributeValues: { ':paused': 'paused', ':running': 'running', ':at': at },
    });
  }

  async resume(jobId: string, at: string, leaseExpiresAt: string, pausedSince?: string): Promise<boolean> {
    const measured = pausedSince !== undefined;
    return this.conditionalUpdate({
      Key: runKey(jobId),
      UpdateExpression:
        'SET #status = :running, heartbeatAt = :at, leaseExpiresAt = :lease, #metadata.resumedAt = :at' +
        (measured ? ', #metadata.pausedMs = if_not_exists(#metadata.pausedMs, :zero) + :pausedFor' : '') +
        ' REMOVE #metadata.pausedAt',
      ConditionExpression: measured ? '#status = :paused AND #metadata.pausedAt = :since' : '#status = :paused',
      ExpressionAttributeNames: { '#status': 'status', '#metadata': 'metadata' },
      ExpressionAttributeValues: {
        ':paused': 'paused',
        ':running': 'running',
        ':at': at,
        ':lease': leaseExpiresAt,
        ...(measured ? { ':since': pausedSince, ':zero': 0, ':pausedFor': pausedMillis(pausedSince, at) } : {}),
      },
    });
  }

  async requestCancel(jobId: string, at: string, leaseExpiresAt: string): Promise<boolean> {
    return this.conditionalUpdate({
      Key: runKey(jobId),
      UpdateExpression:
        'SET #status = :running, heartbeatAt = :at, leaseExpiresAt = :lease, #metadata.batchCancelRequested = :true, ' +
        '#metadata.cancelRequestedAt = :at REMOVE #metadata.pausedAt',
      ConditionExpression: '#status IN (:running, :paused) AND attribute_not_exists(#metadata.batchCancelRequested)',
      ExpressionAttributeNames: { '#status': 'status', '#metadata': 'metadata' },
      ExpressionAttributeValues: { ':paused': 'paused', ':running': 'running', ':at': at, ':lease': leaseExpiresAt, ':true': true },
    });
  }

  async cancelQueued(jobId: string, runStatus: 'failed', at: string): Promise<boolean> {
    return this.conditionalUpdate({
      Key: runKey(jobId),
      UpdateExpression:
        'SET #status = :cancelled, runStatus = :runStatus, completedAt = :at, #metadata.batchCancelRequested = :true, ' +
        '#metadata.cancelRequestedAt = :at REMOVE #metadata.awaitingUpload',
      ConditionExpression: '#status = :queued',
      ExpressionAttributeNames: { '#status': 'status', '#metadata': 'metadata' },
      ExpressionAttributeValues: { ':cancelled': 'cancelled', ':queued': 'queued', ':runStatus': runStatus, ':at': at, ':true': true },
    });
  }

  async closeCancelled(jobId: string, runStatus: 'completed' | 'partially_completed' | 'failed', at: string): Promise<boolean> {
    return this.conditionalUpdate({
      Key: runKey(jobId),
      UpdateExpression: 'SET #status = :cancelled, runStatus = :runStatus, completedAt = :at',
      ConditionExpression: '#status = :running AND #metadata.batchCancelRequested = :true AND chunksDone = totalChunks',
      ExpressionAttributeNames: { '#status': 'status', '#metadata': 'metadata' },
      ExpressionAttributeValues: { ':cancelled': 'cancelled', ':running': 'running', ':runStatus': runStatus, ':at': at, ':true': true },
    });
  }

  async claimChunk(jobId: string, chunkId: string, claim: ChunkClaim, at: string): Promise<ChunkClaim> {
    const key = { pk: `RUN#${jobId}`, sk: `CLAIM#${chunkId}` };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...key, claim, claimedAt: at },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return claim;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    // Claims are never changed or deleted, so the one that beat this write is still there.
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }));
    const held = Item?.claim;
    if (held !== 'attempt' && held !== 'unprocessed') throw new Error(`Chunk ${jobId}/${chunkId} has no readable claim`);
    return held;
  }

  async recordUnprocessedChunk(jobId: string, chunkId: string, rows: number, at: string): Promise<boolean> {
    // The same marker as recordChunk: a chunk is recorded once, either way.
    return this.onceTransaction(`RUN#${jobId}`, `CHUNK#${chunkId}`, { unprocessed: rows, recordedAt: at }, {
      UpdateExpression: 'ADD chunksDone :one',
      ExpressionAttributeValues: { ':one': 1 },
    }, jobId);
  }

  async recordChunk(recording: ChunkRecording): Promise<boolean> {
    const { jobId, chunkId, outcome, at, leaseExpiresAt, deadLettered } = recording;
    // A dead-lettered chunk is named on the run in the same transaction, so whoever closes the run fails it.
    const dead = deadLettered ? ', metadata.deadLetteredChunks = list_append(if_not_exists(metadata.deadLetteredChunks, :none), :dead)' : '';
    return this.onceTransaction(`RUN#${jobId}`, `CHUNK#${chunkId}`, { ...outcome, recordedAt: at, ...(deadLettered ? { deadLettered } : {}) }, {
      UpdateExpression: `ADD succeeded :s, failed :f, skipped :k, chunksDone :one SET heartbeatAt = :at, leaseExpiresAt = :lease, ${LEASE_DUE_AT} = :lease${dead}`,
      ExpressionAttributeValues: {
        ':s': outcome.succeeded,
        ':f': outcome.failed,
        ':k': outcome.skipped,
        ':one': 1,
        ':at': at,
        ':lease': leaseExpiresAt,
        ...(deadLettered ? { ':none': [], ':dead': [chunkId] } : {}),
      },
    }, jobId);
  }

  async recordChunkUnlessLast(
    recording: ChunkRecording,
    known: { files: number; totalChunks: number },
  ): Promise<'recorded' | 'already_recorded' | 'may_end_run'> {
    const { jobId, chunkId, outcome, at, leaseExpiresAt } = recording;
    try {
      await withTransactionRetries(() => this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { pk: `RUN#${jobId}`, sk: `CHUNK#${chunkId}`, ...outcome, recordedAt: at },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: runKey(jobId),
                UpdateExpression: `ADD succeeded :s, failed :f, skipped :k, chunksDone :one SET heartbeatAt = :at, leaseExpiresAt = :lease, ${LEASE_DUE_AT} = :lease`,
                // Not the last: a file is still being split (its splitter checks the run after recording it), or
                // another chunk is still to come. chunksDone < totalChunks - 1, with the total known from before.
                ConditionExpression: 'attribute_exists(pk) AND (filesSplit < :files OR chunksDone < :lastButOne)',
                ExpressionAttributeValues: {
                  ':s': outcome.succeeded,
                  ':f': outcome.failed,
                  ':k': outcome.skipped,
                  ':one': 1,
                  ':at': at,
                  ':lease': leaseExpiresAt,
                  ':files': known.files,
                  ':lastButOne': known.totalChunks - 1,
                },
              },
            },
          ],
        }),
      ));
      return 'recorded';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [marker, run] = error.CancellationReasons ?? [];
      if (marker?.Code === 'ConditionalCheckFailed') return 'already_recorded';
      if (run?.Code === 'ConditionalCheckFailed') return 'may_end_run';
      throw error;
    }
  }

  async recordFileSplit(recording: FileSplitRecording): Promise<boolean> {
    const { jobId, fileIndex, rows, chunks, header, at } = recording;
    const setHeader = header ? `, files[${fileIndex}].header = :header` : '';
    return this.onceTransaction(`RUN#${jobId}`, `FILE#${fileIndex}`, { rows, chunks, splitAt: at }, {
      UpdateExpression: `ADD totalItems :rows, totalChunks :chunks, filesSplit :one SET heartbeatAt = :at${setHeader}`,
      ExpressionAttributeValues: {
        ':rows': rows,
        ':chunks': chunks,
        ':one': 1,
        ':at': at,
        ...(header ? { ':header': [...header] } : {}),
      },
    }, jobId);
  }

  async complete(jobId: string, runStatus: 'completed' | 'partially_completed', at: string): Promise<boolean> {
    return this.conditionalUpdate({
      Key: runKey(jobId),
      UpdateExpression: `SET #status = :completed, runStatus = :runStatus, completedAt = :at REMOVE ${LEAVE_LEASE_INDEX}`,
      ConditionExpression: '#status = :running AND chunksDone = totalChunks',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':completed': 'completed', ':runStatus': runStatus, ':at': at, ':running': 'running' },
    });
  }

  async fail(jobId: string, failure: JobFailure, at: string): Promise<boolean> {
    return this.conditionalUpdate({
      Key: runKey(jobId),
      UpdateExpression:
        `SET #status = :failed, runStatus = :runStatus, jobFailure = :failure, workerError = :error, completedAt = :at REMOVE ${LEAVE_LEASE_INDEX}`,
      ConditionExpression: '#status IN (:queued, :running, :paused)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':failed': 'failed',
        ':runStatus': runStatusForFailure(failure.code),
        ':failure': failure,
        ':error': `${failure.code}: ${failure.message}`.slice(0, WORKER_ERROR_MAX),
        ':at': at,
        ':queued': 'queued',
        ':running': 'running',
        ':paused': 'paused',
      },
    });
  }

  async markLimitReached(jobId: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: runKey(jobId),
        UpdateExpression: 'SET metadata.#flag = :true',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#flag': LIMIT_REACHED_FLAG },
        ExpressionAttributeValues: { ':true': true },
      }),
    );
  }

  /**
   * Writes a marker item and applies an update to the run in one transaction, unless the marker exists:
   * the same recording twice adds nothing the second time.
   */
  private async onceTransaction(
    pk: string,
    sk: string,
    marker: Record<string, unknown>,
    update: { UpdateExpression: string; ExpressionAttributeValues: Record<string, unknown> },
    jobId: string,
  ): Promise<boolean> {
    try {
      // Throttled or conflicting transactions are retried here: the SDK leaves cancellations to the caller.
      await withTransactionRetries(() => this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { pk, sk, ...marker },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: runKey(jobId),
                ConditionExpression: 'attribute_exists(pk)',
                ...update,
              },
            },
          ],
        }),
      ));
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') {
        return false;
      }
      throw error;
    }
  }

  /** An update whose failed condition is an expected answer (someone else got there first), not an error. */
  private conditionalUpdate(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>): Promise<boolean> {
    return conditionHeld(() => this.client.send(new UpdateCommand({ TableName: this.tableName, ...input })));
  }
}

/** Index keys of an import job's run (`byImportJob`): the org in the partition keeps one org's runs to itself. */
export function importJobRunKeys(run: Pick<Run, 'orgId' | 'importJobId' | 'createdAt' | 'jobId'>): { gsi2pk: string; gsi2sk: string } {
  return { gsi2pk: `ORG#${run.orgId}#IMPORTJOB#${run.importJobId}#RUNS`, gsi2sk: `${run.createdAt}#${run.jobId}` };
}

export function toRun(item: Record<string, unknown>): Run {
  const run: Record<string, unknown> = {};
  for (const field of RUN_FIELDS) run[field] = item[field] ?? null;
  return run as unknown as Run;
}

/** Reads of the index one history page may take when filters leave most items out, and items a read evaluates. */
const MAX_HISTORY_READS = 20;
const HISTORY_READ_ITEMS = 100;

/** The index position to resume from, opaque to clients; only this org's history's cursors are taken back. */
const cursors = pageCursor({ partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }, 'RUN#');

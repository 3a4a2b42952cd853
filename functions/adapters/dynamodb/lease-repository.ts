import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { LEASE_INDEX } from '../../../lib/resources';
import type { LeaseRepository, ObservedRun, RunProgress } from '../../core/leases/ports';
import { TERMINAL_RUN_STATES, type RunFailure, type Run } from '../../core/runs/run';
import { allLeaseShards, LEASE_DUE_AT, LEASE_SHARD, LEAVE_LEASE_INDEX } from './lease-index';
import { runEndingUpdate } from './runs/run-end';
import { RunTable } from './runs/run-table';

/**
 * The sweeper's side of runs in the control table: the query of the sparse lease index and the conditional writes
 * that take a lapsed lease over or end a run. Each write is conditioned on what the sweeper read, so it loses to a
 * worker that renewed its lease or recorded a chunk in the meantime.
 */
export class DynamoLeaseRepository implements LeaseRepository {
  private readonly table: RunTable;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.table = new RunTable(client, tableName);
  }

  async findDue(now: string, limit: number): Promise<string[]> {
    const due: Array<{ runId: string; dueAt: string }> = [];
    // Each shard holds its runs in due order: the first `limit` of each shard cover the `limit` most overdue.
    for (const shard of allLeaseShards()) {
      let startKey: Record<string, unknown> | undefined;
      let taken = 0;
      do {
        const page: QueryCommandOutput = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: LEASE_INDEX.indexName,
            KeyConditionExpression: '#shard = :shard AND #due <= :now',
            ExpressionAttributeNames: { '#shard': LEASE_SHARD, '#due': LEASE_DUE_AT },
            ExpressionAttributeValues: { ':shard': shard, ':now': now },
            Limit: limit - taken,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) {
          const pk = String(item.pk);
          if (pk.startsWith('RUN#')) due.push({ runId: pk.slice('RUN#'.length), dueAt: String(item[LEASE_DUE_AT]) });
        }
        taken += page.Items?.length ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey && taken < limit);
    }
    due.sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0));
    return due.slice(0, limit).map((entry) => entry.runId);
  }

  async takeOver(runId: string, observedLease: string | null, newLease: string, options: { resume: boolean }): Promise<boolean> {
    // Control state leaseResumes, stored in the item's metadata map (runs/run-item.ts).
    const resume = options.resume ? ', metadata.leaseResumes = if_not_exists(metadata.leaseResumes, :zero) + :one' : '';
    return this.table.update(runId, {
      UpdateExpression: `SET leaseExpiresAt = :lease, #due = :lease${resume}`,
      ConditionExpression: `#status = :running AND ${observedLease === null ? 'attribute_not_exists(leaseExpiresAt)' : 'leaseExpiresAt = :observed'}`,
      ExpressionAttributeNames: { '#status': 'status', '#due': LEASE_DUE_AT },
      ExpressionAttributeValues: {
        ':lease': newLease,
        ':running': 'running',
        ...(observedLease === null ? {} : { ':observed': observedLease }),
        ...(options.resume ? { ':zero': 0, ':one': 1 } : {}),
      },
    });
  }

  async interrupt(observed: ObservedRun, end: { totalItems: number; failure: RunFailure; at: string }): Promise<boolean> {
    const { failure } = end;
    return this.table.update(
      observed.runId,
      runEndingUpdate({
        state: 'interrupted',
        at: end.at,
        failure,
        set: ['totalItems = :total'],
        // Any progress since the sweeper looked (a renewed lease, a recorded chunk, a split file) keeps the run alive.
        condition:
          `#status = :running AND ${observed.leaseExpiresAt === null ? 'attribute_not_exists(leaseExpiresAt)' : 'leaseExpiresAt = :lease'} ` +
          'AND succeeded = :s AND failed = :f AND skipped = :k AND chunksDone = :c AND filesSplit = :fs',
        values: {
          ':total': end.totalItems,
          ':running': 'running',
          ...(observed.leaseExpiresAt === null ? {} : { ':lease': observed.leaseExpiresAt }),
          ':s': observed.succeeded,
          ':f': observed.failed,
          ':k': observed.skipped,
          ':c': observed.chunksDone,
          ':fs': observed.filesSplit,
        },
      }),
    );
  }

  async expireUpload(runId: string, failure: RunFailure, at: string): Promise<boolean> {
    return this.table.update(
      runId,
      runEndingUpdate({
        state: 'failed',
        at,
        failure,
        remove: ['#metadata.awaitingUpload'],
        // The splitter's markStarted is conditioned on `queued` too: exactly one of the two gets the run.
        condition: '#status = :queued AND #metadata.awaitingUpload = :true',
        values: { ':queued': 'queued', ':true': true },
      }),
    );
  }

  async postpone(runId: string, status: Run['state'], dueAt: string): Promise<void> {
    await this.table.update(runId, {
      UpdateExpression: 'SET #due = :due',
      ConditionExpression: '#status = :status AND attribute_exists(#shard)',
      ExpressionAttributeNames: { '#status': 'status', '#due': LEASE_DUE_AT, '#shard': LEASE_SHARD },
      ExpressionAttributeValues: { ':due': dueAt, ':status': status },
    });
  }

  async unindex(runId: string): Promise<void> {
    const terminal = TERMINAL_RUN_STATES.map((_, i) => `:t${i}`);
    await this.table.update(runId, {
      UpdateExpression: `REMOVE ${LEAVE_LEASE_INDEX}`,
      ConditionExpression: `#status IN (${terminal.join(', ')})`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: Object.fromEntries(TERMINAL_RUN_STATES.map((status, i) => [`:t${i}`, status])),
    });
  }

  async progress(runId: string): Promise<RunProgress> {
    const splitFiles = new Set<number>();
    const recordedRowsByFile = new Map<number, number>();
    let startKey: Record<string, unknown> | undefined;
    do {
      // The run's partition: the run item, a marker per split file (FILE#n) and per recorded chunk (CHUNK#ff-sssssss).
      const page: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `RUN#${runId}` },
          ProjectionExpression: 'sk, succeeded, failed, skipped',
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const sk = String(item.sk);
        const file = /^FILE#(\d+)$/.exec(sk);
        if (file) splitFiles.add(Number(file[1]));
        const chunk = /^CHUNK#(\d+)-\d+$/.exec(sk);
        if (chunk) {
          const fileIndex = Number(chunk[1]);
          const rows = Number(item.succeeded ?? 0) + Number(item.failed ?? 0) + Number(item.skipped ?? 0);
          recordedRowsByFile.set(fileIndex, (recordedRowsByFile.get(fileIndex) ?? 0) + rows);
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { splitFiles, recordedRowsByFile };
  }
}

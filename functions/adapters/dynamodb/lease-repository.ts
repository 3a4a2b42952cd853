import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { LEASE_INDEX } from '../../../lib/resources';
import type { LeaseRepository, ObservedRun, RunProgress } from '../../core/leases/ports';
import { runStatusForFailure, TERMINAL_JOB_STATUSES, type JobFailure, type Run } from '../../core/runs/run';
import { allLeaseShards, LEASE_DUE_AT, LEASE_SHARD, LEAVE_LEASE_INDEX } from './lease-index';
import { runEndingUpdate } from './runs/run-end';
import { RunTable, type RunUpdate } from './runs/run-table';

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
    const due: Array<{ jobId: string; dueAt: string }> = [];
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
          if (pk.startsWith('RUN#')) due.push({ jobId: pk.slice('RUN#'.length), dueAt: String(item[LEASE_DUE_AT]) });
        }
        taken += page.Items?.length ?? 0;
        startKey = page.LastEvaluatedKey;
      } while (startKey && taken < limit);
    }
    due.sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0));
    return due.slice(0, limit).map((entry) => entry.jobId);
  }

  async takeOver(jobId: string, observedLease: string | null, newLease: string, options: { resume: boolean }): Promise<boolean> {
    // Control state leaseResumes, stored in the item's metadata map (runs/run-item.ts).
    const resume = options.resume ? ', metadata.leaseResumes = if_not_exists(metadata.leaseResumes, :zero) + :one' : '';
    return this.conditionalUpdate(jobId, {
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

  async interrupt(observed: ObservedRun, end: { totalItems: number; failure: JobFailure; at: string }): Promise<boolean> {
    const { failure } = end;
    return this.conditionalUpdate(
      observed.jobId,
      runEndingUpdate({
        status: 'interrupted',
        runStatus: runStatusForFailure(failure.code),
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

  async expireUpload(jobId: string, failure: JobFailure, at: string): Promise<boolean> {
    return this.conditionalUpdate(
      jobId,
      runEndingUpdate({
        status: 'failed',
        runStatus: runStatusForFailure(failure.code),
        at,
        failure,
        remove: ['#metadata.awaitingUpload'],
        // The splitter's markStarted is conditioned on `queued` too: exactly one of the two gets the run.
        condition: '#status = :queued AND #metadata.awaitingUpload = :true',
        values: { ':queued': 'queued', ':true': true },
      }),
    );
  }

  async postpone(jobId: string, status: Run['status'], dueAt: string): Promise<void> {
    await this.conditionalUpdate(jobId, {
      UpdateExpression: 'SET #due = :due',
      ConditionExpression: '#status = :status AND attribute_exists(#shard)',
      ExpressionAttributeNames: { '#status': 'status', '#due': LEASE_DUE_AT, '#shard': LEASE_SHARD },
      ExpressionAttributeValues: { ':due': dueAt, ':status': status },
    });
  }

  async unindex(jobId: string): Promise<void> {
    const terminal = TERMINAL_JOB_STATUSES.map((_, i) => `:t${i}`);
    await this.conditionalUpdate(jobId, {
      UpdateExpression: `REMOVE ${LEAVE_LEASE_INDEX}`,
      ConditionExpression: `#status IN (${terminal.join(', ')})`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: Object.fromEntries(TERMINAL_JOB_STATUSES.map((status, i) => [`:t${i}`, status])),
    });
  }

  async progress(jobId: string): Promise<RunProgress> {
    const splitFiles = new Set<number>();
    const recordedRowsByFile = new Map<number, number>();
    let startKey: Record<string, unknown> | undefined;
    do {
      // The run's partition: the run item, a marker per split file (FILE#n) and per recorded chunk (CHUNK#ff-sssssss).
      const page: QueryCommandOutput = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `RUN#${jobId}` },
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

  private conditionalUpdate(jobId: string, update: RunUpdate): Promise<boolean> {
    return this.table.update(jobId, update);
  }
}

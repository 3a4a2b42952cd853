import type { RunFailure, RunPhase } from '../../../core/runs/run';
import { LEASE_DUE_AT, LEASE_SHARD, leaseShardOf } from '../lease-index';
import { runEndingUpdate } from './run-end';
import type { RunTable } from './run-table';

/** The worker's writes on a run: it starts, moves forward, renews its lease, and ends completed or failed. */
export class RunLifecycle {
  constructor(private readonly table: RunTable) {}

  async markStarted(runId: string, at: string, leaseExpiresAt: string): Promise<void> {
    await this.table.update(runId, {
      // The object has landed: a presigned upload no longer waits for it.
      UpdateExpression:
        `SET #status = :running, startedAt = :at, heartbeatAt = :at, leaseExpiresAt = :lease, ${LEASE_SHARD} = :shard, ${LEASE_DUE_AT} = :lease REMOVE metadata.awaitingUpload`,
      ConditionExpression: '#status = :queued',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':running': 'running', ':queued': 'queued', ':at': at, ':lease': leaseExpiresAt, ':shard': leaseShardOf(runId) },
    });
  }

  async setPhase(runId: string, phase: Extract<RunPhase, 'processing' | 'importing'>): Promise<void> {
    // Only forward: validating → processing → importing. A second file starting must not move a run back.
    const from = phase === 'processing' ? ['validating'] : ['validating', 'processing'];
    await this.table.update(runId, {
      UpdateExpression: 'SET runStatus = :to',
      ConditionExpression: `#status = :running AND runStatus IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':to': phase,
        ':running': 'running',
        ...Object.fromEntries(from.map((s, i) => [`:from${i}`, s])),
      },
    });
  }

  async heartbeat(runId: string, at: string, leaseExpiresAt: string): Promise<void> {
    await this.table.update(runId, {
      UpdateExpression: `SET heartbeatAt = :at, leaseExpiresAt = :lease, ${LEASE_DUE_AT} = :lease`,
      ConditionExpression: '#status = :running',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':at': at, ':lease': leaseExpiresAt, ':running': 'running' },
    });
  }

  /** Control state `limitReached` (stored as `metadata.limitReached`); the run must exist. */
  async markLimitReached(runId: string): Promise<void> {
    const marked = await this.table.update(runId, {
      UpdateExpression: 'SET metadata.limitReached = :true',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':true': true },
    });
    if (!marked) throw new Error(`Run ${runId} does not exist`);
  }

  complete(runId: string, phase: 'completed' | 'partially_completed', at: string): Promise<boolean> {
    return this.table.update(
      runId,
      runEndingUpdate({
        state: 'completed',
        phase,
        at,
        condition: '#status = :running AND chunksDone = totalChunks',
        values: { ':running': 'running' },
      }),
    );
  }

  fail(runId: string, failure: RunFailure, at: string): Promise<boolean> {
    return this.table.update(
      runId,
      runEndingUpdate({
        state: 'failed',
        at,
        failure,
        condition: '#status IN (:queued, :running, :paused)',
        values: { ':queued': 'queued', ':running': 'running', ':paused': 'paused' },
      }),
    );
  }
}

import { pausedMillis } from '../../../core/runs/run-control-state';
import { runEndingUpdate } from './run-end';
import type { RunTable } from './run-table';

/**
 * Job control (§6). Every status change is conditional on the status it leaves, so of two racing controls (or a
 * control racing the worker that closes the run) exactly one wins and the other is told so. The control state
 * (pausedAt, pausedMs, batchCancelRequested, …) is stored in the item's `metadata` map (see run-item.ts).
 */
export class RunControlWrites {
  constructor(private readonly table: RunTable) {}

  pause(runId: string, at: string): Promise<boolean> {
    return this.table.update(runId, {
      UpdateExpression: 'SET #status = :paused, #metadata.pausedAt = :at',
      ConditionExpression: '#status = :running AND attribute_not_exists(#metadata.batchCancelRequested)',
      ExpressionAttributeNames: { '#status': 'status', '#metadata': 'metadata' },
      ExpressionAttributeValues: { ':paused': 'paused', ':running': 'running', ':at': at },
    });
  }

  resume(runId: string, at: string, leaseExpiresAt: string, pausedSince?: string): Promise<boolean> {
    const measured = pausedSince !== undefined;
    return this.table.update(runId, {
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

  requestCancel(runId: string, at: string, leaseExpiresAt: string): Promise<boolean> {
    return this.table.update(runId, {
      UpdateExpression:
        'SET #status = :running, heartbeatAt = :at, leaseExpiresAt = :lease, #metadata.batchCancelRequested = :true, ' +
        '#metadata.cancelRequestedAt = :at REMOVE #metadata.pausedAt',
      ConditionExpression: '#status IN (:running, :paused) AND attribute_not_exists(#metadata.batchCancelRequested)',
      ExpressionAttributeNames: { '#status': 'status', '#metadata': 'metadata' },
      ExpressionAttributeValues: { ':paused': 'paused', ':running': 'running', ':at': at, ':lease': leaseExpiresAt, ':true': true },
    });
  }

  cancelQueued(runId: string, phase: 'failed', at: string): Promise<boolean> {
    return this.table.update(
      runId,
      runEndingUpdate({
        state: 'cancelled',
        phase,
        at,
        condition: '#status = :queued',
        values: { ':queued': 'queued', ':true': true },
        set: ['#metadata.batchCancelRequested = :true', '#metadata.cancelRequestedAt = :at'],
        remove: ['#metadata.awaitingUpload'],
        staysIndexed: true,
      }),
    );
  }

  closeCancelled(runId: string, phase: 'completed' | 'partially_completed' | 'failed', at: string): Promise<boolean> {
    return this.table.update(
      runId,
      runEndingUpdate({
        state: 'cancelled',
        phase,
        at,
        condition: '#status = :running AND #metadata.batchCancelRequested = :true AND chunksDone = totalChunks',
        values: { ':running': 'running', ':true': true },
        staysIndexed: true,
      }),
    );
  }
}

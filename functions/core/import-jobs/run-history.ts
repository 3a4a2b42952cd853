import type { JobKind } from '../kinds';
import type { RunState, Run, RunPhase } from '../runs/run';

/** One row of an import job's run history (§7), as the seed's Run History shows it. */
export interface ImportJobRunView {
  readonly jobId: string;
  readonly status: RunState;
  readonly runStatus: RunPhase;
  readonly attempt: number;
  readonly totalItems: number | null;
  readonly succeeded: number;
  readonly failed: number;
  readonly skipped: number;
  /** Failed rows as a percentage of the rows found, one decimal; null before the file is read or for an empty one. */
  readonly failedPercent: number | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  /** Why the run failed or halted as a whole (`jobFailure.message`); null otherwise. */
  readonly failureReason: string | null;
  readonly failureCode: string | null;
  /** The failures download (API path, relative to the API's base URL); null when no row failed. */
  readonly failuresUrl: string | null;
}

/** The last runs in the job list: enough for the "Last 5 runs" column and its hover text. */
export interface LastRunView {
  readonly jobId: string;
  readonly runStatus: RunPhase;
  readonly createdAt: string;
  readonly failureReason: string | null;
}

const FAILURES_ROUTE_BY_KIND: Record<JobKind, string> = {
  transaction_batch: 'transaction-jobs',
  user_event_batch: 'user-event-jobs',
  entity_automatic: 'entity-jobs',
};

export function failedPercentOf(run: Pick<Run, 'failed' | 'totalItems'>): number | null {
  if (run.totalItems === null || run.totalItems === 0) return null;
  return Math.round((run.failed / run.totalItems) * 1000) / 10;
}

export function toImportJobRunView(run: Run): ImportJobRunView {
  return {
    jobId: run.runId,
    status: run.state,
    runStatus: run.phase,
    attempt: run.attempt,
    totalItems: run.totalItems,
    succeeded: run.succeeded,
    failed: run.failed,
    skipped: run.skipped,
    failedPercent: failedPercentOf(run),
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    completedAt: run.completedAt,
    failureReason: run.failure?.message ?? null,
    failureCode: run.failure?.code ?? null,
    failuresUrl: run.failed > 0 ? `/batch-import/${FAILURES_ROUTE_BY_KIND[run.kind]}/${run.runId}/failures.csv` : null,
  };
}

export function toLastRunView(run: Run): LastRunView {
  return { jobId: run.runId, runStatus: run.phase, createdAt: run.createdAt, failureReason: run.failure?.message ?? null };
}

import type { JobKind } from '../kinds';
import { controlEntries } from './run-control-state';
import { isTerminal, unprocessedOf, type RunFailure, type RunState, type Run, type RunPhase } from './run';

/** The status body's `job` (§6): the seed's fields and types, plus runStatus, importJobId, attempt, namespace, progress. */
export interface JobView {
  readonly jobId: string;
  readonly kind: JobKind;
  readonly status: RunState;
  readonly totalItems: number | null;
  readonly succeeded: number | null;
  readonly failed: number | null;
  readonly skipped: number | null;
  readonly heartbeatAt: string | null;
  readonly leaseExpiresAt: string | null;
  readonly workerError: string | null;
  readonly createdAt: string;
  readonly completedAt: string | null;
  readonly metadata: Record<string, unknown> | null;
  readonly jobFailure?: RunFailure | null;
  readonly runStatus: RunPhase;
  readonly importJobId: string | null;
  readonly attempt: number;
  readonly namespace: string;
  readonly progress: {
    readonly processed: number;
    readonly percent: number | null;
    readonly rowsPerSecond: number | null;
    readonly etaSeconds: number | null;
  };
}

export function toJobView(run: Run, now: Date): JobView {
  const processed = run.succeeded + run.failed + run.skipped;
  const terminal = isTerminal(run.state);
  const percent =
    run.totalItems === null ? null : run.totalItems === 0 ? 100 : Math.min(100, Math.floor((processed / run.totalItems) * 100));
  const end = run.completedAt ? Date.parse(run.completedAt) : now.getTime();
  // Time spent paused imports nothing: the rate (and so the ETA) counts only the time the run could work.
  const pausedMs = run.control.pausedMs ?? 0;
  const workingMs = run.startedAt ? end - Date.parse(run.startedAt) - pausedMs : 0;
  const elapsedSeconds = Math.max(0, workingMs) / 1000;
  const remaining = run.totalItems === null ? null : Math.max(0, run.totalItems - processed);
  // A paused run imports nothing until someone resumes it: no rate, and no end to foresee.
  const paused = run.state === 'paused';
  const rowsPerSecond = paused ? 0 : elapsedSeconds > 0 && processed > 0 ? Math.round(processed / elapsedSeconds) : null;
  const etaSeconds = terminal ? 0 : paused ? null : remaining !== null && rowsPerSecond ? Math.ceil(remaining / rowsPerSecond) : null;
  return {
    jobId: run.runId,
    kind: run.kind,
    status: run.state,
    totalItems: run.totalItems,
    succeeded: run.succeeded,
    failed: run.failed,
    skipped: run.skipped,
    heartbeatAt: run.heartbeatAt,
    leaseExpiresAt: run.leaseExpiresAt,
    workerError: run.workerError,
    createdAt: run.createdAt,
    completedAt: run.completedAt,
    // §6 shows the control state (awaitingUpload, batchCancelRequested, …) inside metadata.
    metadata: { ...run.metadata, ...controlEntries(run.control), ...(terminal ? { unprocessed: unprocessedOf(run) } : {}) },
    ...(run.failure ? { jobFailure: run.failure } : {}),
    runStatus: run.phase,
    importJobId: run.importJobId,
    attempt: run.attempt,
    namespace: run.namespace,
    progress: { processed, percent, rowsPerSecond, etaSeconds },
  };
}

import type { ImportJob } from './import-job';
import type { Run } from '../runs/run';

/** §7: how often, and how far apart, a failed or halted run of an import job is rerun. */
export interface RetryPolicy {
  /** RUN_RETRY_COUNT: reruns after the first attempt. */
  readonly retryCount: number;
  /** RUN_RETRY_INTERVAL_SECONDS. */
  readonly intervalSeconds: number;
}

/** What the system does to an import job after one of its runs ended. */
export type RunEndedDecision =
  | { readonly action: 'none' }
  /** A one-time schedule reruns the job as `attempt`, at `at`. */
  | { readonly action: 'rerun'; readonly attempt: number; readonly at: Date }
  /** The last rerun failed: the job carries on with its regular schedule. */
  | { readonly action: 'keep_schedule' }
  /** The last rerun halted too, or a one-time job's last rerun failed: the system halts the job. */
  | { readonly action: 'halt_job' }
  /** A one-time job ran successfully: it is not scheduled again. */
  | { readonly action: 'complete_job' };

/** Runs the import job made (scheduled, rerun or run now); not uploads nor retries of a run's failed rows. */
export function isImportJobRun(run: Pick<Run, 'importJobId' | 'metadata'>): boolean {
  return run.importJobId !== null && run.metadata.source === 'import_job';
}

/**
 * The retry rules of §7 (the seed page's words): a run that ends `failed` or `halted` is rerun `retryCount` times,
 * `intervalSeconds` apart; after the last rerun a failed job keeps its regular schedule and a halted one is halted.
 * Only an active job is rerun: a person who paused the job meanwhile (or a job run by hand while paused) decides.
 * The rerun's time comes from the run's end, so deciding twice for one run gives the same rerun.
 */
export function decideAfterRun(
  job: Pick<ImportJob, 'status' | 'schedule'>,
  run: Pick<Run, 'state' | 'phase' | 'attempt' | 'completedAt' | 'importJobId' | 'metadata'>,
  policy: RetryPolicy,
  now: Date,
): RunEndedDecision {
  if (!isImportJobRun(run) || run.state === 'cancelled' || job.status !== 'active') return { action: 'none' };
  if (run.phase === 'completed' || run.phase === 'partially_completed') {
    return job.schedule.type === 'once' ? { action: 'complete_job' } : { action: 'none' };
  }
  if (run.phase !== 'failed' && run.phase !== 'halted') return { action: 'none' };
  if (run.attempt <= policy.retryCount) {
    const endedAt = run.completedAt ? new Date(run.completedAt) : now;
    return { action: 'rerun', attempt: run.attempt + 1, at: new Date(endedAt.getTime() + policy.intervalSeconds * 1000) };
  }
  // A one-time job has no regular schedule to carry on with: left `active` it would never run again unnoticed.
  return run.phase === 'halted' || job.schedule.type === 'once' ? { action: 'halt_job' } : { action: 'keep_schedule' };
}

/** An `at(...)` time as EventBridge Scheduler takes it: `yyyy-mm-ddThh:mm:ss`, read in the schedule's time zone (UTC here). */
export function scheduleAt(date: Date): string {
  return date.toISOString().slice(0, 19);
}

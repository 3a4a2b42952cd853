import type { ImportJob, NotificationEvent } from '../import-jobs/import-job';
import type { Run } from '../runs/run';

/**
 * Which email, if any, the end of an import job's run sends (§10, issue 11: alerts neither noisy nor silent).
 *
 * An import job's runs are watched as a streak of outcomes. Each ended run has a *signature*: null when it
 * imported every row (`completed`), `partially_completed` when some rows failed, and `failed:<code>` or
 * `halted:<code>` (the run's `failure.code`) when it stopped. By default the recipients hear about changes only:
 *
 *   run 1  failed:SOURCE_FILE_NOT_FOUND   → email (the trouble starts)
 *   runs 2–6 (reruns), the same signature → nothing
 *   (the system halts the job            → the one "import job halted" email, sent apart: see on-run-ended.ts)
 *   run 7  halted:MAPPING_MISMATCH        → email (a different failure)
 *   run 8  completed                      → email (recovered)
 *   run 9  completed                      → nothing
 *
 * After the system halted the job someone must act, so whatever the next run does after a reactivation is news
 * again. `every_attempt` in `notifications.events` turns the streak off: every ended run is emailed, as far as
 * its event is asked for. The state this needs is kept per import job (AlertStateStore) and written with a
 * condition on its version, so of two deciders only one sends, and a run decided once is never decided again.
 */
export interface AlertState {
  /** The signature of the last run's outcome (null: healthy, or nothing ran yet). */
  readonly signature: string | null;
  /** The system halted the job after the run that set `signature`: the next outcome is news whatever it is. */
  readonly jobHalted: boolean;
  /** The runs already decided, newest last (a few): a run told twice sends nothing the second time. */
  readonly decidedRunIds: readonly string[];
  /** Bumped by every write; the conditional write expects the version it read. 0: never written. */
  readonly version: number;
}

export const INITIAL_ALERT_STATE: AlertState = { signature: null, jobHalted: false, decidedRunIds: [], version: 0 };

/** How many decided run ids the state remembers: enough for any overlap of redelivered and concurrent runs. */
export const REMEMBERED_RUNS = 20;

/** Why a run's email is sent or not, for logs and tests. */
export type AlertReason =
  | 'streak_started'
  | 'failure_changed'
  | 'recovered'
  | 'after_job_halted'
  | 'every_attempt'
  | 'same_outcome'
  | 'not_asked_for'
  | 'already_decided'
  | 'not_announced';

export interface AlertDecision {
  /** The run event to email, or null: nothing is sent. */
  readonly email: Extract<NotificationEvent, `run_${string}`> | null;
  readonly reason: AlertReason;
  /** The state to write (conditionally); null when nothing changes (a run decided before). */
  readonly next: AlertState | null;
}

/** The outcome signature of an ended run; undefined for a run nobody is told about (cancelled, not ended). */
export function outcomeSignature(run: Pick<Run, 'state' | 'phase' | 'failure'>): string | null | undefined {
  if (run.state === 'cancelled') return undefined;
  switch (run.phase) {
    case 'completed':
      return null;
    case 'partially_completed':
      return 'partially_completed';
    case 'failed':
    case 'halted':
      return `${run.phase}:${run.failure?.code ?? 'UNKNOWN'}`;
    default:
      return undefined;
  }
}

/** The events a job's list names as filters (`every_attempt` is a switch, not an event). */
export function askedEvents(job: Pick<ImportJob, 'notifications'>): readonly NotificationEvent[] {
  return (job.notifications.events ?? []).filter((event) => event !== 'every_attempt');
}

/** Whether the recipients asked for this event: no events named means every event. */
export function asksFor(job: Pick<ImportJob, 'notifications'>, event: NotificationEvent): boolean {
  const events = askedEvents(job);
  return events.length === 0 || events.includes(event);
}

/** Whether the job asked to hear about every attempt rather than about changes. */
export function asksForEveryAttempt(job: Pick<ImportJob, 'notifications'>): boolean {
  return (job.notifications.events ?? []).includes('every_attempt');
}

const EVENT_OF_SIGNATURE = (signature: string | null): Extract<NotificationEvent, `run_${string}`> =>
  signature === null
    ? 'run_completed'
    : signature === 'partially_completed'
      ? 'run_partially_completed'
      : signature.startsWith('halted:')
        ? 'run_halted'
        : 'run_failed';

/**
 * The decision for one ended run of an import job. Pure: the caller reads `state`, writes `next` on the condition
 * that the state is still at `state.version`, and sends `email` only if that write landed.
 *
 * @param jobHaltedNow the system halted the job because of this very run (its last rerun)
 */
export function decideRunAlert(input: {
  readonly job: Pick<ImportJob, 'notifications'>;
  readonly run: Pick<Run, 'runId' | 'state' | 'phase' | 'failure'>;
  readonly state: AlertState;
  readonly jobHaltedNow: boolean;
}): AlertDecision {
  const { job, run, state, jobHaltedNow } = input;
  const signature = outcomeSignature(run);
  if (signature === undefined) return { email: null, reason: 'not_announced', next: null };
  if (state.decidedRunIds.includes(run.runId)) return { email: null, reason: 'already_decided', next: null };

  const next: AlertState = {
    signature,
    jobHalted: jobHaltedNow,
    decidedRunIds: [...state.decidedRunIds, run.runId].slice(-REMEMBERED_RUNS),
    version: state.version + 1,
  };
  const event = EVENT_OF_SIGNATURE(signature);
  if (asksForEveryAttempt(job)) {
    return asksFor(job, event) ? { email: event, reason: 'every_attempt', next } : { email: null, reason: 'not_asked_for', next };
  }

  let reason: AlertReason;
  if (signature === null && state.signature !== null) reason = 'recovered';
  else if (state.jobHalted) reason = 'after_job_halted';
  else if (signature === state.signature) return { email: null, reason: 'same_outcome', next };
  else if (state.signature === null) reason = 'streak_started';
  else reason = 'failure_changed';

  // Who was told that the trouble started hears that it ended, even if they did not ask for completed runs.
  const wanted = asksFor(job, event) || (reason === 'recovered' && state.signature !== null && asksFor(job, EVENT_OF_SIGNATURE(state.signature)));
  return wanted ? { email: event, reason, next } : { email: null, reason: 'not_asked_for', next };
}

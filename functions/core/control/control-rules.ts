import { finalPhase, isTerminal, unprocessedOf, type Run, type RunCounters, type RunPhase } from '../runs/run';

export const CONTROL_ACTIONS = ['pause', 'resume', 'cancel'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

/** True once someone asked to cancel the run: no chunk met after that is attempted. */
export function isCancelRequested(run: Pick<Run, 'control'>): boolean {
  return run.control.batchCancelRequested;
}

/**
 * Which actions a run's state allows (§6):
 *
 *   queued  ── cancel ──▶ cancelled (at once: nothing was read)
 *   running ── pause ───▶ paused ── resume ──▶ running
 *   running ── cancel ──▶ running + batchCancelRequested ──(last chunk recorded)──▶ cancelled
 *   paused  ── cancel ──▶ running + batchCancelRequested (its parked chunks go back, to be set aside)
 *
 * A terminal run allows nothing; a run whose cancel is under way allows nothing more.
 */
export function allows(run: Pick<Run, 'state' | 'control'>, action: ControlAction): boolean {
  if (isTerminal(run.state) || isCancelRequested(run)) return false;
  switch (action) {
    case 'pause':
      return run.state === 'running';
    case 'resume':
      return run.state === 'paused';
    case 'cancel':
      return true;
  }
}

/**
 * The run status of a cancelled run. Rows never attempted make it `partially_completed` if anything was imported
 * ("ingested some data, but not the entire file"), `failed` if nothing was ("stopped before ingesting any data").
 * A cancel that came after every row was already attempted leaves the outcome the rows earned.
 */
export function cancelledRunStatus(run: RunCounters): Extract<RunPhase, 'completed' | 'partially_completed' | 'failed'> {
  if (run.totalItems !== null && unprocessedOf(run) === 0 && run.totalItems > 0) return finalPhase(run);
  return run.succeeded > 0 ? 'partially_completed' : 'failed';
}

import { phaseForFailure, type RunFailure, type RunPhase, type RunState } from '../../../core/runs/run';
import { LEAVE_LEASE_INDEX } from '../lease-index';
import type { RunUpdate } from './run-table';

/** The longest workerError kept on a run: the whole failure stays in jobFailure. */
const WORKER_ERROR_MAX = 500;

/** A write that ends a run: the terminal state and phase, when, why, and the state it may only leave. */
export type RunEnding = RunEndingFields & ({ readonly phase: RunPhase } | { readonly failure: RunFailure });

interface RunEndingFields {
  readonly state: Exclude<RunState, 'queued' | 'running' | 'paused'>;
  /**
   * The phase it ends in (stored as `runStatus`).
   * @default the phase the failure's code calls for (phaseForFailure)
   */
  readonly phase?: RunPhase;
  /** The end time; the update names it `:at`, so `condition` and `set` may use it too. */
  readonly at: string;
  /** A job-level failure: kept whole in jobFailure, and as `code: message` (cut) in workerError. */
  readonly failure?: RunFailure;
  /** The state the run must be in, over `#status` (the status attribute) and the caller's own `values`. */
  readonly condition: string;
  readonly values?: Record<string, unknown>;
  /** More `SET` clauses and `REMOVE` paths written with the end (`#metadata` names the metadata map). */
  readonly set?: readonly string[];
  readonly remove?: readonly string[];
  /**
   * Job control's ends (a cancel) leave the run in the lease index, as they always have: the sweeper finds it
   * ended and unindexes it. Every other end takes it out at once.
   */
  readonly staysIndexed?: boolean;
}

/**
 * The one builder of the updates that end a run, for the run repository (complete, fail, cancel) and the lease
 * repository (interrupt, an upload that never came) alike: each is one conditional write, so of two racing ends
 * exactly one wins and the other is told so.
 */
export function runEndingUpdate(end: RunEnding): RunUpdate {
  const set = [
    '#status = :endStatus',
    'runStatus = :endRunStatus',
    'completedAt = :at',
    ...(end.failure ? ['jobFailure = :failure', 'workerError = :workerError'] : []),
    ...(end.set ?? []),
  ];
  const remove = [...(end.remove ?? []), ...(end.staysIndexed ? [] : [LEAVE_LEASE_INDEX])];
  const expression = `SET ${set.join(', ')}${remove.length > 0 ? ` REMOVE ${remove.join(', ')}` : ''}`;
  const usesMetadata = /#metadata\b/.test(`${expression} ${end.condition}`);
  return {
    UpdateExpression: expression,
    ConditionExpression: end.condition,
    ExpressionAttributeNames: { '#status': 'status', ...(usesMetadata ? { '#metadata': 'metadata' } : {}) },
    ExpressionAttributeValues: {
      ':endStatus': end.state,
      ':endRunStatus': end.phase ?? phaseForFailure((end.failure as RunFailure).code),
      ':at': end.at,
      ...(end.failure ? { ':failure': end.failure, ':workerError': workerErrorOf(end.failure) } : {}),
      ...end.values,
    },
  };
}

function workerErrorOf(failure: RunFailure): string {
  return `${failure.code}: ${failure.message}`.slice(0, WORKER_ERROR_MAX);
}

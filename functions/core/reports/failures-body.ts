import type { JobKind } from '../kinds';
import type { ObjectStore } from '../ports';
import type { RunFailure, RunState, Run } from '../runs/run';
import { failureItem, skipItem, type EntitySkipItem, type FailureItem } from './failure-items';
import { readProblems } from './stored-problems';

/** The JSON body lists at most this many failures (and skips); failures.csv has them all. */
export const MAX_LISTED = 500;

export interface FailuresBody {
  readonly success: true;
  readonly jobId: string;
  readonly kind: JobKind;
  readonly status: RunState;
  readonly totalItems: number | null;
  readonly succeeded: number;
  readonly failed: number;
  readonly skipped: number;
  readonly failures: FailureItem[];
  readonly jobFailure?: RunFailure;
  readonly truncated: boolean;
  readonly failuresTotal: number;
  /** Entities only. */
  readonly skips?: EntitySkipItem[];
  readonly skipsTotal?: number;
}

/**
 * The kind's failures body (§8). Reads the stored problems only until both lists are full, so a run with a
 * million failures costs a few documents. The totals are the run's counters: they count recorded chunks, while
 * a document can already exist for a chunk still being recorded, hence `truncated` looks at both.
 */
export async function buildFailuresBody(objects: ObjectStore, run: Run): Promise<FailuresBody> {
  const failures: FailureItem[] = [];
  const skips: EntitySkipItem[] = [];
  const listsSkips = run.kind === 'entity_automatic';
  let moreFailures = false;
  for await (const { problem } of readProblems(objects, run.runId)) {
    if (problem.outcome === 'failed') {
      if (failures.length < MAX_LISTED) failures.push(failureItem(run.kind, problem));
      else moreFailures = true;
    } else if (listsSkips && skips.length < MAX_LISTED) {
      skips.push(skipItem(problem));
    }
    const skipsFull = !listsSkips || skips.length >= MAX_LISTED;
    if (moreFailures && skipsFull) break;
  }
  return {
    success: true,
    jobId: run.runId,
    kind: run.kind,
    status: run.state,
    totalItems: run.totalItems,
    succeeded: run.succeeded,
    failed: run.failed,
    skipped: run.skipped,
    failures,
    ...(run.failure ? { jobFailure: run.failure } : {}),
    truncated: moreFailures || run.failed > failures.length,
    failuresTotal: run.failed,
    ...(listsSkips ? { skips, skipsTotal: run.skipped } : {}),
  };
}

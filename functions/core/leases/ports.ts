import type { RunFailure, Run } from '../runs/run';

/** The counters and lease of a run as the sweeper read it; a write conditioned on them loses to any progress. */
export type ObservedRun = Pick<Run, 'runId' | 'leaseExpiresAt' | 'succeeded' | 'failed' | 'skipped' | 'chunksDone' | 'filesSplit'>;

/** What a run's markers say about its progress. */
export interface RunProgress {
  /** Files whose split was recorded. */
  readonly splitFiles: ReadonlySet<number>;
  /** Rows counted by recorded chunks, by the file they came from. */
  readonly recordedRowsByFile: ReadonlyMap<number, number>;
}

/**
 * The runs a sweeper must look at and the conditional writes it makes on them. Every write is conditioned on what
 * the sweeper saw, so a worker that is alive but slow (it renews its lease, it records a chunk) always wins.
 */
export interface LeaseRepository {
  /** Runs whose lease (or upload window) is due at `now` or earlier, most overdue first: a query, never a scan. */
  findDue(now: string, limit: number): Promise<string[]>;
  /**
   * Takes over a lapsed lease: sets a new one, only while the run is `running` under the lease seen as lapsed.
   * With `resume`, counts one more resume in `control.leaseResumes`.
   */
  takeOver(runId: string, observedLease: string | null, newLease: string, options: { resume: boolean }): Promise<boolean>;
  /** Ends a running run `interrupted`, only if its lease and counters are still those observed. */
  interrupt(observed: ObservedRun, end: { totalItems: number; failure: RunFailure; at: string }): Promise<boolean>;
  /** Fails a run that is still `queued` waiting for its presigned upload; false once the upload started it. */
  expireUpload(runId: string, failure: RunFailure, at: string): Promise<boolean>;
  /** Look again at `dueAt`, if the run still has this status and is still indexed. */
  postpone(runId: string, status: Run['state'], dueAt: string): Promise<void>;
  /** Takes an ended run out of the index (a path that ended it did not). */
  unindex(runId: string): Promise<void>;
  progress(runId: string): Promise<RunProgress>;
}

/** The queue of upload events the splitter consumes. */
export interface UploadEvents {
  /** Asks the splitter to split this file (again): the same message S3 sends when an upload lands. */
  announce(runId: string, fileIndex: number): Promise<void>;
}

export interface UploadProbe {
  /** Whether the uploaded object is stored. */
  exists(key: string): Promise<boolean>;
}

/** The deadline of presigned uploads still waiting for their file. */
export interface UploadWindows {
  /**
   * A replayed presigned upload (same Idempotency-Key) hands out a fresh URL: the run waits for it until `expiresAt`.
   * False when the run no longer waits (the file landed, or the sweeper ended it).
   */
  extend(runId: string, expiresAt: string): Promise<boolean>;
}

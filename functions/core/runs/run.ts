import type { JobKind } from '../kinds';
import type { FileFormat, FormatOptions } from '../files/format';
import type { RunControlState } from './run-control-state';

/** The state of a run: what the contract (§6) calls a batch job's `status` (gu1's words). */
export const RUN_STATES = ['queued', 'running', 'paused', 'completed', 'failed', 'cancelled', 'interrupted'] as const;
export type RunState = (typeof RUN_STATES)[number];
export const TERMINAL_RUN_STATES: readonly RunState[] = ['completed', 'failed', 'cancelled', 'interrupted'];

/** The phase of a run: what the contract (§6) calls its `runStatus` (Bluecore's words, lower snake case). */
export const RUN_PHASES = [
  'validating',
  'processing',
  'importing',
  'completed',
  'partially_completed',
  'failed',
  'halted',
] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

/** Job-level failure codes (§8). */
export const RUN_FAILURE_CODES = [
  'EMPTY_FILE',
  'FILE_UNREADABLE',
  'ENCODING_ERROR',
  'MISSING_REQUIRED_COLUMNS',
  'MAPPING_MISMATCH',
  'SOURCE_FILE_NOT_FOUND',
  'LIMIT_REACHED',
  'WORKER_LEASE_EXPIRED',
  'INTERNAL_ERROR',
] as const;
export type RunFailureCode = (typeof RUN_FAILURE_CODES)[number];

export interface RunFailure {
  readonly code: RunFailureCode;
  readonly message: string;
  readonly details?: unknown;
}

export interface RunFile {
  readonly fileName: string;
  readonly format: FileFormat;
  readonly gzip: boolean;
  readonly sizeBytes: number;
  /** The CSV header as read, once the file is split: failed-rows.csv gives it back unchanged. */
  readonly header?: readonly string[];
}

/** Options a kind understands (§4); validated at upload, read by the row processor. */
export interface KindOptions {
  /** Entities: what an existing taxId means. */
  readonly duplicateTaxIdPolicy?: 'skip_existing' | 'error';
  /** Transactions: an existing externalId is skipped instead of failed. */
  readonly skipDuplicates?: boolean;
  /** Transactions: origin and destination taxIds must name imported entities. */
  readonly validateExistingEntity?: boolean;
}

/** Column name in the file → record field (`taxId`, `attributes.segment`, …). */
export type ColumnMapping = Readonly<Record<string, string>>;

/** Row counters. At a terminal status: succeeded + failed + skipped + unprocessed = totalItems. */
export interface RunCounters {
  /** Rows found in the files split so far; null before the first file is split. */
  readonly totalItems: number | null;
  readonly succeeded: number;
  readonly failed: number;
  readonly skipped: number;
}

/** How a run came about. */
export const RUN_SOURCES = ['upload', 'presigned_upload', 'retry_failed', 'import_job'] as const;
export type RunSource = (typeof RUN_SOURCES)[number];

/**
 * What the status body calls the run's metadata (§6) beyond its control state: what it read and where it came from.
 * Set when the run is created, never changed.
 */
export interface RunMetadata {
  /** The file names, joined with ", " when there are several (then also listed in `fileNames`). */
  readonly fileName?: string;
  readonly fileNames?: readonly string[];
  readonly mappingId?: string;
  readonly dryRun?: true;
  readonly source?: RunSource;
  /** The run whose failed rows this run retries. */
  readonly retryOf?: string;
  /** An import job's run: what started it (its schedule, a rerun of a failed run, or a person), and when. */
  readonly trigger?: 'schedule' | 'retry' | 'manual';
  readonly scheduledTime?: string;
  readonly previousRunId?: string;
}

/** One batch job (= one run): one processing of one upload or of one trigger of an import job. */
export interface Run extends RunCounters {
  readonly runId: string;
  readonly orgId: string;
  readonly kind: JobKind;
  readonly namespace: string;
  readonly state: RunState;
  readonly phase: RunPhase;
  readonly importJobId: string | null;
  readonly attempt: number;
  readonly files: readonly RunFile[];
  readonly format: FormatOptions;
  readonly columnMapping: ColumnMapping | null;
  /** Field → value for rows that leave the field empty (from a saved mapping). */
  readonly defaultFields: Readonly<Record<string, string>> | null;
  readonly options: KindOptions;
  readonly reportRecipientEmails: readonly string[];
  /** Every row validated and classified as a real run would, nothing imported (§4 `?dryRun=true`). */
  readonly dryRun: boolean;
  /** Files whose split finished, and the chunks they produced; the run ends when every chunk is recorded. */
  readonly filesSplit: number;
  readonly totalChunks: number;
  readonly chunksDone: number;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly heartbeatAt: string | null;
  readonly leaseExpiresAt: string | null;
  readonly workerError: string | null;
  readonly failure: RunFailure | null;
  readonly metadata: RunMetadata;
  /** Pauses, cancels, the upload it waits for, lease resumes, dead chunks, the quota: see run-control-state.ts. */
  readonly control: RunControlState;
}

export function isTerminal(status: RunState): boolean {
  return TERMINAL_RUN_STATES.includes(status);
}

/**
 * The run status a job-level failure ends a run with (§6): `halted` when someone must act before a rerun can
 * succeed (the file no longer matches the mapping, the monthly limit is reached), `failed` when the run stopped
 * on something a rerun may get past.
 */
export function phaseForFailure(code: RunFailureCode): Extract<RunPhase, 'failed' | 'halted'> {
  return HALTING_FAILURES.includes(code) ? 'halted' : 'failed';
}

const HALTING_FAILURES: readonly RunFailureCode[] = ['MAPPING_MISMATCH', 'LIMIT_REACHED'];

/** Rows never attempted. Only meaningful once the run is terminal. */
export function unprocessedOf(run: RunCounters): number {
  if (run.totalItems === null) return 0;
  return Math.max(0, run.totalItems - run.succeeded - run.failed - run.skipped);
}

/** The outcome of a run whose every chunk has been recorded. */
export function finalPhase(run: RunCounters): 'completed' | 'partially_completed' {
  return run.failed > 0 || unprocessedOf(run) > 0 ? 'partially_completed' : 'completed';
}

/** True when every file is split and every chunk recorded: the run can be closed. */
export function isFullyProcessed(run: Pick<Run, 'files' | 'filesSplit' | 'totalChunks' | 'chunksDone'>): boolean {
  return run.filesSplit >= run.files.length && run.chunksDone >= run.totalChunks;
}

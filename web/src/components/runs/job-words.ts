import type { components } from '../../../../client';
import type { JobDownload } from '../../paths';

/** The contract's types the batch-job pages use, named once. */
export type Job = components['schemas']['Job'];
export type JobKind = components['schemas']['JobKind'];
export type JobStatus = components['schemas']['JobStatus'];
export type RunStatus = components['schemas']['RunStatus'];

export const JOB_KINDS: readonly JobKind[] = ['entity_automatic', 'transaction_batch', 'user_event_batch'];
export const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'paused', 'completed', 'failed', 'cancelled', 'interrupted'];
export const RUN_STATUSES: readonly RunStatus[] = ['validating', 'processing', 'importing', 'completed', 'partially_completed', 'failed', 'halted'];

const KIND_WORDS: Record<JobKind, string> = {
  entity_automatic: 'Entities',
  transaction_batch: 'Transactions',
  user_event_batch: 'User events',
};

/** "Transactions" rather than `transaction_batch`: the words a data manager uses for what the file held. */
export function kindInWords(kind: JobKind): string {
  return KIND_WORDS[kind] ?? kind;
}

const TERMINAL: ReadonlySet<JobStatus> = new Set(['completed', 'failed', 'cancelled', 'interrupted']);

/** §6: a job at one of these statuses changes no more, so its page stops asking. */
export function isTerminal(status: JobStatus): boolean {
  return TERMINAL.has(status);
}

/** The colour class of a status or runStatus badge (styles.css `.status.ok|warn|bad|running`). */
export function statusTone(status: JobStatus | RunStatus): 'ok' | 'warn' | 'bad' | 'running' {
  switch (status) {
    case 'completed':
      return 'ok';
    case 'partially_completed':
    case 'paused':
    case 'cancelled':
      return 'warn';
    case 'failed':
    case 'halted':
    case 'interrupted':
      return 'bad';
    default:
      return 'running';
  }
}

/** The file name(s) the job was made from; a JSON body has none. */
export function fileNameOf(job: Pick<Job, 'metadata'>): string | undefined {
  const name = job.metadata?.fileName;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/** §6: rows never attempted, known once the job has ended (the service puts them in `metadata.unprocessed`). */
export function unprocessedOf(job: Pick<Job, 'metadata'>): number | undefined {
  const value = job.metadata?.unprocessed;
  return typeof value === 'number' ? value : undefined;
}

export function metadataFlag(job: Pick<Job, 'metadata'>, name: string): boolean {
  return job.metadata?.[name] === true;
}

export function metadataString(job: Pick<Job, 'metadata'>, name: string): string | undefined {
  const value = job.metadata?.[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const FAILURES_PREFIX: Record<JobKind, string> = {
  transaction_batch: 'transaction-jobs',
  user_event_batch: 'user-event-jobs',
  entity_automatic: 'entity-jobs',
};

/**
 * The API route of each download (§8). They answer a 303 to a presigned GET that carries the file name as an
 * attachment, so a plain same-origin link (the session cookie goes with it) downloads the file.
 */
export function downloadHref(job: Pick<Job, 'jobId' | 'kind'>, file: JobDownload): string {
  const id = encodeURIComponent(job.jobId);
  switch (file) {
    case 'failures':
      return `/batch-import/${FAILURES_PREFIX[job.kind]}/${id}/failures.csv`;
    case 'failed-rows':
      return `/batch-import/jobs/${id}/failed-rows.csv`;
    case 'unprocessed-rows':
      return `/batch-import/jobs/${id}/unprocessed.csv`;
  }
}

const FILE_PREFIX: Record<JobKind, string> = {
  transaction_batch: 'transaction',
  user_event_batch: 'user-event',
  entity_automatic: 'entity',
};

/** The name the service serves each download under; the link suggests the same one. */
export function downloadFileName(job: Pick<Job, 'jobId' | 'kind'>, file: JobDownload): string {
  switch (file) {
    case 'failures':
      return `${FILE_PREFIX[job.kind]}-failures-${job.jobId}.csv`;
    case 'failed-rows':
      return `failed-rows-${job.jobId}.csv`;
    case 'unprocessed-rows':
      return `unprocessed-${job.jobId}.csv`;
  }
}

export const DOWNLOAD_WORDS: Record<JobDownload, string> = {
  failures: 'Download failures (CSV)',
  'failed-rows': 'Download failed rows',
  'unprocessed-rows': 'Download unprocessed rows',
};

export function isJobDownload(value: string | undefined): value is JobDownload {
  return value === 'failures' || value === 'failed-rows' || value === 'unprocessed-rows';
}

/** "2 min 5 s": an ETA a person reads at a glance. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds == null || !Number.isFinite(seconds)) return '–';
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min ${whole % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

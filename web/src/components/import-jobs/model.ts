import type { components } from '../../../../client';
import { FIELDS } from '../../../../functions/core/records/fields';
import { TRANSITIONS } from '../../../../functions/core/import-jobs/status-machine';
import { ApiError } from '../../api';

export type ImportJob = components['schemas']['ImportJob'];
export type ImportJobStatus = ImportJob['status'];
export type ListedImportJob = components['schemas']['ImportJobPage']['importJobs'][number];
export type LastRun = ListedImportJob['lastRuns'][number];
export type ImportJobRun = components['schemas']['ImportJobRun'];
export type Sample = components['schemas']['SampleBody']['sample'];
export type JobKind = components['schemas']['JobKind'];
export type RunStatus = components['schemas']['RunStatus'];
export type SavedMapping = components['schemas']['Mapping'];
export type NotificationEvent = ImportJob['notifications']['events'][number];
export type Format = ImportJob['format'];

export const KINDS: ReadonlyArray<{ readonly kind: JobKind; readonly words: string }> = [
  { kind: 'transaction_batch', words: 'Transactions' },
  { kind: 'entity_automatic', words: 'Entities (people and companies)' },
  { kind: 'user_event_batch', words: 'User events' },
];

export function kindInWords(kind: JobKind): string {
  return KINDS.find((k) => k.kind === kind)?.words ?? kind;
}

/** Each kind's record fields (§5): the same list the service validates rows with. */
export function fieldsOf(kind: JobKind): { required: readonly string[]; optional: readonly string[] } {
  return FIELDS[kind];
}

/** The seed page's status words, and the look that goes with each. */
export const IMPORT_JOB_STATUS_WORDS: Record<ImportJobStatus, string> = {
  draft: 'Draft',
  sampling: 'Sampling',
  sampling_failed: 'Sampling failed',
  active: 'Active',
  paused: 'Paused',
  halted: 'Halted',
  completed: 'Completed',
};

export const IMPORT_JOB_STATUS_LOOK: Record<ImportJobStatus, string> = {
  draft: '',
  sampling: 'running',
  sampling_failed: 'bad',
  active: 'ok',
  paused: 'warn',
  halted: 'bad',
  completed: 'ok',
};

export const RUN_STATUS_WORDS: Record<RunStatus, string> = {
  validating: 'Validating',
  processing: 'Processing',
  importing: 'Importing',
  completed: 'Completed',
  partially_completed: 'Partially completed',
  failed: 'Failed',
  halted: 'Halted',
};

export const NOTIFICATION_EVENT_WORDS: Record<NotificationEvent, string> = {
  run_completed: 'A run completed',
  run_partially_completed: 'A run partially completed (some rows failed)',
  run_failed: 'A run failed (every attempt)',
  run_halted: 'A run halted',
  import_job_halted: 'The system halted the import job',
  sampling_failed: 'A sample file could not be read',
};

export type ImportJobAction = 'activate' | 'pause' | 'reactivate' | 'runNow' | 'delete';

// The service answers a run-now outside these statuses with a 409 (run-import-job-now.ts).
const RUNNABLE_NOW: readonly ImportJobStatus[] = ['active', 'paused', 'halted', 'completed'];

/** The actions a job's status allows, from the service's own status machine, in the order the page shows them. */
export function actionsFor(status: ImportJobStatus): ImportJobAction[] {
  const can = (transition: keyof typeof TRANSITIONS) => (TRANSITIONS[transition].from as readonly string[]).includes(status);
  const actions: ImportJobAction[] = [];
  if (can('activate')) actions.push('activate');
  if (can('pause')) actions.push('pause');
  if (can('reactivate')) actions.push('reactivate');
  if (RUNNABLE_NOW.includes(status)) actions.push('runNow');
  actions.push('delete');
  return actions;
}

/** A §3 error in words, with the field-level details a VALIDATION_ERROR carries. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * A VALIDATION_ERROR's `details` as field → message (`schedule.expression`, `notifications.emails.0`, `name`), so
 * that each step can show a message beside the field it concerns.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || !error.details || typeof error.details !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(error.details as Record<string, unknown>)) {
    out[key] = Array.isArray(value) ? value.join('; ') : String(value);
  }
  return out;
}

/** The first field error whose key starts with one of the prefixes. */
export function errorFor(errors: Record<string, string>, ...prefixes: string[]): string | undefined {
  const key = Object.keys(errors).find((k) => prefixes.some((p) => k === p || k.startsWith(`${p}.`)));
  return key === undefined ? undefined : errors[key];
}

export const DELIMITER_WORDS: Record<string, string> = {
  ',': 'Comma (,)',
  ';': 'Semicolon (;)',
  '\t': 'Tab',
  '|': 'Pipe (|)',
  '^': 'Caret (^)',
};

export const ROW_DELIMITER_WORDS: Record<string, string> = {
  auto: 'Detect',
  lf: 'LF (Unix)',
  crlf: 'CRLF (Windows)',
  cr: 'CR (old Mac)',
};

export const ENCODING_WORDS: Record<string, string> = {
  'utf-8': 'UTF-8',
  'iso-8859-1': 'ISO-8859-1 (Latin-1)',
  'windows-1252': 'Windows-1252',
  'utf-16': 'UTF-16',
};

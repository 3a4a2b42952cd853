import type { ImportJob, NotificationEvent } from '../import-jobs/import-job';
import type { JobKind } from '../kinds';
import { unprocessedOf, type Run } from '../runs/run';
import type { EmailMessage } from './ports';

/**
 * The emails of §10, as plain functions of what happened: a subject, a text part and an HTML part that say the
 * same thing. Everything that comes from users or files (job names, file names, failure messages) is escaped in
 * the HTML part and kept on one line in the subject.
 */

/** What the system does after a run that failed or halted, for the email to say. */
export type NextStep =
  | { readonly kind: 'rerun'; readonly attempt: number; readonly at: string }
  | { readonly kind: 'no_more_reruns' }
  | { readonly kind: 'job_halted' }
  | { readonly kind: 'none' };

export interface RunEmailInput {
  readonly run: Run;
  /** The run's import job; null for an upload. */
  readonly job: Pick<ImportJob, 'id' | 'name'> | null;
  /** Attempts a run of an import job gets in all: 1 + RUN_RETRY_COUNT. */
  readonly maxAttempts: number;
  readonly next: NextStep;
}

/** The run event an ended run is announced as; null when nobody is told (cancelled, or not ended). */
export function runEvent(run: Pick<Run, 'status' | 'runStatus'>): Extract<NotificationEvent, `run_${string}`> | null {
  if (run.status === 'cancelled') return null;
  switch (run.runStatus) {
    case 'completed':
      return 'run_completed';
    case 'partially_completed':
      return 'run_partially_completed';
    case 'failed':
      return 'run_failed';
    case 'halted':
      return 'run_halted';
    default:
      return null;
  }
}

/** Failed rows as a percentage of the run's rows, one decimal (0 when there are none). */
export function failedPercent(run: Pick<Run, 'failed' | 'totalItems'>): number {
  if (!run.totalItems) return 0;
  return Math.round((run.failed / run.totalItems) * 1000) / 10;
}

const FAILURES_ROUTE: Record<JobKind, string> = {
  transaction_batch: 'transaction-jobs',
  user_event_batch: 'user-event-jobs',
  entity_automatic: 'entity-jobs',
};

/** The API path of a run's complete failure report (§8). */
export function failuresCsvPath(run: Pick<Run, 'jobId' | 'kind'>): string {
  return `/batch-import/${FAILURES_ROUTE[run.kind]}/${run.jobId}/failures.csv`;
}

/** The email about one ended run (completed, partially completed, failed or halted). */
export function runEndedEmail(input: RunEmailInput, to: readonly string[]): EmailMessage {
  const { run, job, maxAttempts, next } = input;
  const event = runEvent(run) ?? 'run_failed';
  const about = job ? `Import job "${job.name}"` : `Batch job ${run.jobId}`;
  const attempt = job ? ` (attempt ${run.attempt} of ${maxAttempts})` : '';
  const percent = failedPercent(run);
  const code = run.jobFailure?.code ?? 'UNKNOWN';
  const subject = {
    run_completed: `${about}: run completed, ${run.succeeded} rows imported`,
    run_partially_completed: `${about}: run partially completed, ${run.failed} of ${run.totalItems ?? 0} rows failed (${percent}%)`,
    run_failed: `${about}: run failed${attempt}: ${code}`,
    run_halted: `${about}: run halted${attempt}: ${code}`,
  }[event];
  const headline = {
    run_completed: 'The run finished and imported every row.',
    run_partially_completed: 'The run finished, but some rows were not imported.',
    run_failed: 'The run stopped before importing any data.',
    run_halted: 'The run halted: someone must act before it can succeed.',
  }[event];

  const rows: Array<[string, string]> = [
    ...(job ? ([['Import job', `${job.name} (${job.id})`]] as Array<[string, string]>) : []),
    ['Run', `${run.jobId} (${run.kind})`],
    ['Run status', run.runStatus],
    ...(job ? ([['Attempt', attemptLine(run.attempt, maxAttempts)]] as Array<[string, string]>) : []),
    ...(run.files.length > 0 ? ([['Files', run.files.map((f) => f.fileName).join(', ')]] as Array<[string, string]>) : []),
    ['Rows', countsLine(run)],
    ['Failed', `${percent}%`],
    ...(run.jobFailure ? ([['Reason', `${run.jobFailure.code}: ${run.jobFailure.message}`]] as Array<[string, string]>) : []),
  ];
  const links: Array<[string, string]> = [
    ...(event !== 'run_completed' ? ([['Failures (CSV)', `GET ${failuresCsvPath(run)}`]] as Array<[string, string]>) : []),
    ...(run.failed > 0 ? ([['Failed rows to fix and upload again', `GET /batch-import/jobs/${run.jobId}/failed-rows.csv`]] as Array<[string, string]>) : []),
    ['Run status', `GET /batch-import/jobs/${run.jobId}`],
  ];
  const nextLine = nextStepLine(next, maxAttempts);
  return compose(to, subject, headline, rows, nextLine, links);
}

/** The email sent once when the system halts an import job after its last rerun (§7). */
export function importJobHaltedEmail(
  input: { readonly job: Pick<ImportJob, 'id' | 'name'>; readonly run: Run; readonly maxAttempts: number },
  to: readonly string[],
): EmailMessage {
  const { job, run, maxAttempts } = input;
  const reason = run.jobFailure ? `${run.jobFailure.code}: ${run.jobFailure.message}` : 'the last run halted';
  const subject = `Import job "${job.name}" was halted by the system: ${run.jobFailure?.code ?? 'HALTED'}`;
  // Halted runs halt any job; failed runs only a one-time job, which has no regular schedule to fall back on.
  const failedOnce = run.runStatus !== 'halted';
  const headline = failedOnce
    ? `The one-time import job's run failed ${maxAttempts} times in a row and nothing else is scheduled, so the system halted the job. It runs again once someone fixes the cause and runs it.`
    : `The import job's runs halted ${maxAttempts} times in a row, so the system paused the job. It runs again once someone fixes the cause and reactivates it.`;
  const rows: Array<[string, string]> = [
    ['Import job', `${job.name} (${job.id})`],
    ['Status', 'halted'],
    ['Reason', reason],
    ['Last run', `${run.jobId} (attempt ${run.attempt} of ${maxAttempts})`],
    ['Rows', countsLine(run)],
    ['Failed', `${failedPercent(run)}%`],
  ];
  const links: Array<[string, string]> = [
    ['Failures (CSV)', `GET ${failuresCsvPath(run)}`],
    ['Run history', `GET /batch-import/import-jobs/${job.id}/runs`],
    ['Reactivate', `POST /batch-import/import-jobs/${job.id}/reactivate`],
    ...(failedOnce ? [['Run now', `POST /batch-import/import-jobs/${job.id}/runs`] as [string, string]] : []),
  ];
  const next = failedOnce
    ? 'Fix the cause named above, then run the job now, or give it a later schedule.at and reactivate it.'
    : 'Fix the file, the mapping or the limit named above, then reactivate the job.';
  return compose(to, subject, headline, rows, next, links);
}

/** The email about a sample file that could not be used (§7 `sampling_failed`); the sampling route sends it. */
export function samplingFailedEmail(
  input: { readonly job: Pick<ImportJob, 'id' | 'name'>; readonly reason: string; readonly fileName?: string },
  to: readonly string[],
): EmailMessage {
  const { job, reason, fileName } = input;
  const subject = `Import job "${job.name}": the sample file could not be used`;
  const headline = 'The import job could not read its sample file, so it is not set up yet.';
  const rows: Array<[string, string]> = [
    ['Import job', `${job.name} (${job.id})`],
    ['Status', 'sampling_failed'],
    ...(fileName ? ([['Sample file', fileName]] as Array<[string, string]>) : []),
    ['Reason', reason],
  ];
  const next = 'Change the character encoding or the row or column delimiters, fix the mapping, or send a new sample file.';
  const links: Array<[string, string]> = [
    ['Send a sample', `POST /batch-import/import-jobs/${job.id}/sample`],
    ['Import job', `GET /batch-import/import-jobs/${job.id}`],
  ];
  return compose(to, subject, headline, rows, next, links);
}

/** `2 of 6 (rerun 1 of 5)`: the first run and its reruns (RUN_RETRY_COUNT) are the attempts. */
function attemptLine(attempt: number, maxAttempts: number): string {
  return attempt > 1 ? `${attempt} of ${maxAttempts} (rerun ${attempt - 1} of ${maxAttempts - 1})` : `${attempt} of ${maxAttempts}`;
}

function countsLine(run: Run): string {
  const total = run.totalItems ?? 0;
  return `${total} total, ${run.succeeded} imported, ${run.failed} failed, ${run.skipped} skipped, ${unprocessedOf(run)} not processed`;
}

function nextStepLine(next: NextStep, maxAttempts: number): string | null {
  switch (next.kind) {
    case 'rerun':
      return `The system reruns the job at ${next.at} (attempt ${next.attempt} of ${maxAttempts}).`;
    case 'no_more_reruns':
      return 'No reruns are left: the job runs again on its regular schedule.';
    case 'job_halted':
      return 'No reruns are left: the system halted the job until someone reactivates it.';
    case 'none':
      return null;
  }
}

const SERVICE = 'Batch import';

function compose(
  to: readonly string[],
  subject: string,
  headline: string,
  rows: ReadonlyArray<[string, string]>,
  next: string | null,
  links: ReadonlyArray<[string, string]>,
): EmailMessage {
  const text = [
    headline,
    '',
    ...rows.map(([label, value]) => `${label}: ${value}`),
    ...(next ? ['', next] : []),
    '',
    'With an API key of the org:',
    ...links.map(([label, value]) => `${label}: ${value}`),
    '',
    `-- ${SERVICE}`,
  ].join('\n');
  const html = [
    '<!DOCTYPE html><html><body style="font-family:sans-serif">',
    `<p>${escapeHtml(headline)}</p>`,
    '<table cellpadding="4" style="border-collapse:collapse">',
    ...rows.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`),
    '</table>',
    ...(next ? [`<p>${escapeHtml(next)}</p>`] : []),
    '<p>With an API key of the org:</p><ul>',
    ...links.map(([label, value]) => `<li>${escapeHtml(label)}: <code>${escapeHtml(value)}</code></li>`),
    '</ul>',
    `<p style="color:#666">${SERVICE}</p>`,
    '</body></html>',
  ].join('\n');
  return { to: [...to], subject: oneLine(`[${SERVICE}] ${subject}`), text, html };
}

/** Text safe inside HTML elements and attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string);
}

/** A subject is one header line: no line breaks or control characters (they would start new headers), 200 characters at most. */
function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const flat = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

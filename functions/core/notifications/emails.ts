import type { ImportJob, NotificationEvent } from '../import-jobs/import-job';
import { unprocessedOf, type Run } from '../runs/run';
import type { AlertReason } from './alert-policy';
import { runEmailLinks, type DashboardLinks, type EmailLink } from './links';
import type { EmailMessage } from './ports';

/**
 * The emails of §10, as plain functions of what happened: a subject, a text part and an HTML part that say the
 * same thing. Everything that comes from users or files (job names, file names, failure messages) is escaped in
 * the HTML part and kept on one line in the subject. Every email links to the dashboard with absolute URLs
 * (links.ts): the run's page and the file to fix, and the import job's page.
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
  readonly links: DashboardLinks;
  /** Why the alert policy sends this email (alert-policy.ts); absent for an upload's run, which is always told. */
  readonly alert?: AlertReason;
}

/** The run event an ended run is announced as; null when nobody is told (cancelled, or not ended). */
export function runEvent(run: Pick<Run, 'state' | 'phase'>): Extract<NotificationEvent, `run_${string}`> | null {
  if (run.state === 'cancelled') return null;
  switch (run.phase) {
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

/** The email about one ended run (completed, partially completed, failed or halted). */
export function runEndedEmail(input: RunEmailInput, to: readonly string[]): EmailMessage {
  const { run, job, maxAttempts, next, links, alert } = input;
  const event = runEvent(run) ?? 'run_failed';
  const about = job ? `Import job "${job.name}"` : `Batch job ${run.runId}`;
  const attempt = job ? ` (attempt ${run.attempt} of ${maxAttempts})` : '';
  const percent = failedPercent(run);
  const code = run.failure?.code ?? 'UNKNOWN';
  const recovered = alert === 'recovered' ? 'recovered: ' : '';
  const subject = {
    run_completed: `${about}: ${recovered}run completed, ${run.succeeded} rows imported`,
    run_partially_completed: `${about}: ${recovered}run partially completed, ${run.failed} of ${run.totalItems ?? 0} rows failed (${percent}%)`,
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
    ['Run', `${run.runId} (${run.kind})`],
    ['Run status', run.phase],
    ...(job ? ([['Attempt', attemptLine(run.attempt, maxAttempts)]] as Array<[string, string]>) : []),
    ...(run.files.length > 0 ? ([['Files', run.files.map((f) => f.fileName).join(', ')]] as Array<[string, string]>) : []),
    ['Rows', countsLine(run)],
    ['Failed', `${percent}%`],
    ...(run.failure ? ([['Reason', `${run.failure.code}: ${run.failure.message}`]] as Array<[string, string]>) : []),
  ];
  const emailLinks: EmailLink[] = [...runEmailLinks(links, run), ...(job ? [importJobLink(links, job)] : [])];
  const lines = [nextStepLine(next, maxAttempts), alertLine(alert)].filter((line): line is string => line !== null);
  return compose(to, subject, headline, rows, lines.length > 0 ? lines.join(' ') : null, emailLinks);
}

/** The email sent once when the system halts an import job after its last rerun (§7). */
export function importJobHaltedEmail(
  input: { readonly job: Pick<ImportJob, 'id' | 'name'>; readonly run: Run; readonly maxAttempts: number; readonly links: DashboardLinks },
  to: readonly string[],
): EmailMessage {
  const { job, run, maxAttempts, links } = input;
  const reason = run.failure ? `${run.failure.code}: ${run.failure.message}` : 'the last run halted';
  const subject = `Import job "${job.name}" was halted by the system: ${run.failure?.code ?? 'HALTED'}`;
  // Halted runs halt any job; failed runs only a one-time job, which has no regular schedule to fall back on.
  const failedOnce = run.phase !== 'halted';
  const headline = failedOnce
    ? `The one-time import job's run failed ${maxAttempts} times in a row and nothing else is scheduled, so the system halted the job. It runs again once someone fixes the cause and runs it.`
    : `The import job's runs halted ${maxAttempts} times in a row, so the system paused the job. It runs again once someone fixes the cause and reactivates it.`;
  const rows: Array<[string, string]> = [
    ['Import job', `${job.name} (${job.id})`],
    ['Status', 'halted'],
    ['Reason', reason],
    ['Last run', `${run.runId} (attempt ${run.attempt} of ${maxAttempts})`],
    ['Rows', countsLine(run)],
    ['Failed', `${failedPercent(run)}%`],
  ];
  const emailLinks: EmailLink[] = [
    [failedOnce ? 'Open the import job, to run it again' : 'Open the import job, to reactivate it', links.importJob(job.id)],
    ...runEmailLinks(links, run).map(([label, url]): EmailLink => [label.replace('the run', 'the last run'), url]),
  ];
  const next = failedOnce
    ? 'Fix the cause named above, then run the job now, or give it a later schedule.at and reactivate it.'
    : 'Fix the file, the mapping or the limit named above, then reactivate the job.';
  return compose(to, subject, headline, rows, next, emailLinks);
}

/** The email about a sample file that could not be used (§7 `sampling_failed`); the sampling route sends it. */
export function samplingFailedEmail(
  input: { readonly job: Pick<ImportJob, 'id' | 'name'>; readonly reason: string; readonly fileName?: string; readonly links: DashboardLinks },
  to: readonly string[],
): EmailMessage {
  const { job, reason, fileName, links } = input;
  const subject = `Import job "${job.name}": the sample file could not be used`;
  const headline = 'The import job could not read its sample file, so it is not set up yet.';
  const rows: Array<[string, string]> = [
    ['Import job', `${job.name} (${job.id})`],
    ['Status', 'sampling_failed'],
    ...(fileName ? ([['Sample file', fileName]] as Array<[string, string]>) : []),
    ['Reason', reason],
  ];
  const next = 'Change the character encoding or the row or column delimiters, fix the mapping, or send a new sample file.';
  // No run exists yet: the import job's page is where a new sample is sent.
  return compose(to, subject, headline, rows, next, [['Open the import job, to send a new sample', links.importJob(job.id)]]);
}

function importJobLink(links: DashboardLinks, job: Pick<ImportJob, 'id'>): EmailLink {
  return ['Open the import job and its run history', links.importJob(job.id)];
}

/** Tells a recipient of the first alert of a streak what they will and will not hear next. */
function alertLine(alert: AlertReason | undefined): string | null {
  switch (alert) {
    case 'streak_started':
    case 'failure_changed':
    case 'after_job_halted':
      return 'Reruns that end the same way send no further email; you will hear when the job recovers, fails differently, or is halted by the system.';
    case 'recovered':
      return 'The trouble reported earlier is over.';
    default:
      return null;
  }
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
  links: readonly EmailLink[],
): EmailMessage {
  const text = [
    headline,
    '',
    ...rows.map(([label, value]) => `${label}: ${value}`),
    ...(next ? ['', next] : []),
    '',
    `On the dashboard (${SIGN_IN_NOTE}):`,
    ...links.map(([label, url]) => `${label}: ${url}`),
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
    `<p>On the dashboard (${escapeHtml(SIGN_IN_NOTE)}):</p><ul>`,
    // The address is shown as well as linked: some mail programs strip links, and a reader may want to see where it goes.
    ...links.map(([label, url]) => `<li><a href="${escapeHtml(url)}">${escapeHtml(label)}</a><br><span style="color:#666">${escapeHtml(url)}</span></li>`),
    '</ul>',
    `<p style="color:#666">${SERVICE}</p>`,
    '</body></html>',
  ].join('\n');
  return { to: [...to], subject: oneLine(`[${SERVICE}] ${subject}`), text, html };
}

const SIGN_IN_NOTE = 'sign in with an API key of the org';

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

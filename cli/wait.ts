import type { BatchImportApi, Job, JobStatusBody } from './api';
import { EXIT, isTransient } from './errors';

const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'interrupted']);
const POLL_INTERVAL_MS = 1000;
/** Off a terminal, a line when the phase changes, else at most one this often (logs stay short). */
const PLAIN_LINE_EVERY_MS = 5000;
/** Polls in a row that may fail for a moment (a 5xx, a dropped connection) before waiting gives up. */
const TRANSIENT_FAILURES_ALLOWED = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const isTerminal = (job: Job): boolean => TERMINAL.has(job.status);

/** 0 completed clean, 2 completed with failed or skipped rows, 1 failed, cancelled or interrupted. */
export function exitCodeOf(job: Job): number {
  if (job.status !== 'completed') return EXIT.error;
  return (job.failed ?? 0) > 0 || (job.skipped ?? 0) > 0 ? EXIT.completedWithFailures : EXIT.ok;
}

const count = (n: number): string => n.toLocaleString('en-US');
const rows = (n: number): string => `${count(n)} row${n === 1 ? '' : 's'}`;

function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** One line: phase, percent, rows/s and ETA, as far as the service knows them yet. */
export function progressLine(job: Job): string {
  const parts = [`${job.jobId} ${job.status === 'paused' ? 'paused' : job.runStatus}`];
  const p = job.progress;
  if (p?.percent !== null && p?.percent !== undefined) parts.push(`${p.percent}%`);
  if (p) parts.push(job.totalItems !== null ? `${count(p.processed)}/${rows(job.totalItems)}` : rows(p.processed));
  if (p?.rowsPerSecond) parts.push(`${count(Math.round(p.rowsPerSecond))} rows/s`);
  if (p?.etaSeconds !== null && p?.etaSeconds !== undefined && !isTerminal(job)) parts.push(`ETA ${duration(p.etaSeconds)}`);
  return parts.join(' · ');
}

/** What a person needs at the end: the outcome, the counters, and where the failures are. */
export function summaryOf(job: Job): string[] {
  // The contract answers null counters for a job no worker has counted yet.
  const succeeded = job.succeeded ?? 0;
  const failed = job.failed ?? 0;
  const skipped = job.skipped ?? 0;
  // Rows not yet reached are still to come while the job runs; only at its end are they never attempted.
  const unprocessed = job.totalItems === null || !isTerminal(job) ? 0 : job.totalItems - succeeded - failed - skipped;
  const counters = [
    rows(job.totalItems ?? 0),
    `${count(succeeded)} succeeded`,
    `${count(failed)} failed`,
    `${count(skipped)} skipped`,
    ...(unprocessed > 0 ? [`${count(unprocessed)} unprocessed`] : []),
  ];
  const lines = [`${job.status} (${job.runStatus}): ${counters.join(', ')}${job.metadata?.dryRun === true ? ' (dry run: nothing imported)' : ''}`];
  if (job.jobFailure) lines.push(`reason: ${job.jobFailure.code}: ${job.jobFailure.message}`);
  if (failed > 0 || skipped > 0) {
    lines.push(`failures: npm run -s cli -- failures ${job.jobId} --csv   (the failed rows to fix and upload again: --rows)`);
  }
  if (unprocessed > 0) lines.push(`rows never attempted: GET /batch-import/jobs/${job.jobId}/unprocessed.csv`);
  return lines;
}

/**
 * Polls until the job ends, drawing one progress line on `progress` (null: none): redrawn in place on a terminal,
 * plain lines otherwise, one per phase change or every few seconds.
 */
export async function waitForJob(api: BatchImportApi, jobId: string, progress: NodeJS.WriteStream | null): Promise<JobStatusBody> {
  const inPlace = progress?.isTTY === true;
  let lastPhase = '';
  let lastLine = '';
  let lastPrintedAt = 0;
  const stopWaiting = () => {
    if (inPlace) progress?.write('\n');
    process.stderr.write(`stopped waiting; the job goes on: npm run -s cli -- job ${jobId}\n`);
    process.exit(EXIT.error);
  };
  process.once('SIGINT', stopWaiting);
  let failuresInARow = 0;
  try {
    for (;;) {
      let body: JobStatusBody;
      try {
        body = await api.getJob(jobId);
        failuresInARow = 0;
      } catch (error) {
        // The job goes on whatever one poll met: ask again, a little later each time.
        if (!isTransient(error) || ++failuresInARow > TRANSIENT_FAILURES_ALLOWED) throw error;
        await sleep(POLL_INTERVAL_MS * failuresInARow);
        continue;
      }
      const { job } = body;
      const line = progressLine(job);
      const phase = `${job.status}/${job.runStatus}`;
      if (progress && inPlace) {
        progress.write(`\r\x1b[2K${line}`);
      } else if (progress && line !== lastLine && (phase !== lastPhase || Date.now() - lastPrintedAt >= PLAIN_LINE_EVERY_MS)) {
        progress.write(`${line}\n`);
        lastPrintedAt = Date.now();
      }
      lastPhase = phase;
      lastLine = line;
      if (isTerminal(job)) {
        if (progress && inPlace) progress.write('\n');
        return body;
      }
      await sleep(POLL_INTERVAL_MS);
    }
  } finally {
    process.removeListener('SIGINT', stopWaiting);
  }
}

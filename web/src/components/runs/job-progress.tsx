import { formatCount } from '../format';
import { formatDuration, type Job } from './job-words';

/**
 * The live bar of a job that has not ended: rows processed of the total, the rate and the time left, as the
 * service computes them (`progress`). Before the file is split the total is unknown, and the bar says so.
 */
export function JobProgress({ job }: { job: Job }) {
  const { processed, percent, rowsPerSecond, etaSeconds } = job.progress;
  const total = job.totalItems;
  const waiting = job.metadata?.awaitingUpload === true;
  const summary =
    total === null
      ? waiting
        ? 'Waiting for the file to finish uploading.'
        : 'Reading the file: the number of rows is not known yet.'
      : `${formatCount(processed)} of ${formatCount(total)} rows processed`;
  return (
    <div class="runs-progress">
      <div
        class="runs-progress-bar"
        role="progressbar"
        aria-label="Rows processed"
        aria-valuemin={0}
        aria-valuemax={100}
        {...(percent !== null ? { 'aria-valuenow': percent, 'aria-valuetext': `${percent}%, ${summary}` } : { 'aria-valuetext': summary })}
      >
        <div class={`runs-progress-fill${percent === null ? ' indeterminate' : ''}`} style={{ width: `${percent ?? 100}%` }} />
      </div>
      <p class="runs-progress-text" aria-live="polite">
        <span>{percent !== null ? `${percent}% · ` : ''}{summary}</span>
        <span>
          {job.status === 'paused' ? 'Paused' : rowsPerSecond ? `${formatCount(rowsPerSecond)} rows/s` : 'Rate: –'} · Time left:{' '}
          {job.status === 'paused' ? '– (paused)' : formatDuration(etaSeconds)}
        </span>
      </p>
    </div>
  );
}

import { formatCount } from '../format';
import { dashboardPaths } from '../../paths';
import { formatInZone } from './schedule';
import { RUN_STATUS_WORDS, type ImportJobRun } from './model';
import { DataTable, type Column } from '../data-table';

const RUN_COLUMNS: readonly Column[] = [
  'Run',
  'Status',
  { label: 'Total', number: true },
  { label: 'Succeeded', number: true },
  { label: 'Failed', number: true },
  { label: 'Skipped', number: true },
  { label: 'Failed %', number: true },
  'Started',
  'Completed',
  'Failure reason',
];

const TONE: Record<ImportJobRun['runStatus'], string> = {
  completed: 'ok',
  partially_completed: 'warn',
  failed: 'bad',
  halted: 'bad',
  validating: 'running',
  processing: 'running',
  importing: 'running',
};

/** The failed rows as uploaded, plus error_code and error_message: what a person fixes and uploads again. */
export const failedRowsUrl = (jobId: string) => `/batch-import/jobs/${encodeURIComponent(jobId)}/failed-rows.csv`;

function percent(run: ImportJobRun): string {
  if (run.failedPercent === null) return '–';
  const value = run.failedPercent;
  return `${value > 0 && value < 10 ? value.toFixed(1) : Math.round(value)}%`;
}

/**
 * An import job's runs, newest first (§7 run history): run status in words, counts, Failed % with the download of
 * that run's failed rows (the reference's "download icon in the Failed % column"), times in the job's zone and the
 * failure reason. Each run links to its batch job page.
 */
export function RunHistory({ runs, timeZone }: { runs: readonly ImportJobRun[]; timeZone: string }) {
  if (runs.length === 0) {
    return <p class="muted">No runs yet. Put a file in the drop location, then use Run now or wait for the schedule.</p>;
  }
  return (
    <DataTable class="run-history" columns={RUN_COLUMNS} caption="Run history, newest first">
      {runs.map((run) => {
        const created = formatInZone(run.createdAt, timeZone);
        return (
          <tr key={run.jobId}>
            <td>
              <a href={dashboardPaths.job(run.jobId)}>{created}</a>
              {run.attempt > 1 && <div class="muted small">attempt {run.attempt}</div>}
            </td>
            <td>
              <span class={`status ${TONE[run.runStatus]}`}>{RUN_STATUS_WORDS[run.runStatus]}</span>
            </td>
            <td class="number">{formatCount(run.totalItems)}</td>
            <td class="number">{formatCount(run.succeeded)}</td>
            <td class="number">{formatCount(run.failed)}</td>
            <td class="number">{formatCount(run.skipped)}</td>
            <td class="number failed-percent">
              {percent(run)}
              {run.failed > 0 && (
                <a class="download-icon" href={failedRowsUrl(run.jobId)} download aria-label={`Download failed rows of the run of ${created}`} title="Download the failed rows (CSV)">
                  <span aria-hidden="true">⤓</span>
                </a>
              )}
            </td>
            <td>{formatInZone(run.startedAt, timeZone)}</td>
            <td>{formatInZone(run.completedAt, timeZone)}</td>
            <td class="reason">{run.failureReason ?? (run.failureCode ? run.failureCode : '')}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}

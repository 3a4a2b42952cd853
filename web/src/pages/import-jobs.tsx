import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, expectData } from '../api';
import { dashboardPaths } from '../paths';
import { JobActions } from '../components/import-jobs/job-actions';
import { LastRuns } from '../components/import-jobs/last-runs';
import { NextRun } from '../components/import-jobs/next-run';
import { describeSchedule } from '../components/import-jobs/schedule';
import {
  IMPORT_JOB_STATUS_LOOK,
  IMPORT_JOB_STATUS_WORDS,
  errorText,
  kindInWords,
  type ListedImportJob,
} from '../components/import-jobs/model';
import '../components/import-jobs/import-jobs.css';
import { ErrorMessage, StatusMessage } from '../components/messages';
import { DataTable, type Column } from '../components/data-table';

const IMPORT_JOB_COLUMNS: readonly Column[] = [
  'Name',
  'Status',
  'Schedule',
  'Next run',
  'Last 5 runs',
  'Actions',
];

/** Import jobs (§7, issue 11 item 5): status, schedule in words, next run, last 5 runs, and the actions each allows. */
export function ImportJobsPage() {
  const [jobs, setJobs] = useState<ListedImportJob[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<ComponentChildren>(null);

  async function load(after?: string) {
    try {
      const page = await expectData(api.GET('/batch-import/import-jobs', { params: { query: { limit: 25, ...(after ? { cursor: after } : {}) } } }));
      setJobs((shown) => (after ? [...(shown ?? []), ...page.importJobs] : page.importJobs));
      setCursor(page.nextCursor);
      setError(null);
    } catch (caught) {
      setError(errorText(caught));
    }
  }

  useEffect(() => {
    void load();
  }, []);

  return (
    <section class="import-jobs">
      <div class="page-head">
        <h1>Import jobs</h1>
        <a class="button" href={dashboardPaths.newImportJob}>
          New import job
        </a>
      </div>
      <p class="muted">Import jobs pick files up from their drop location on a schedule. Hover or focus a red X to read why a run failed.</p>
      <StatusMessage message={notice} />
      <ErrorMessage message={error} />
      {jobs === null && !error && <p aria-busy="true">Loading import jobs…</p>}
      {jobs !== null && jobs.length === 0 && (
        <div class="panel empty">
          <p>No import jobs yet. Set one up from a sample of the files you will drop: the steps read its columns and suggest a mapping.</p>
          <a class="button" href={dashboardPaths.newImportJob}>
            Set up an import job
          </a>
        </div>
      )}
      {jobs !== null && jobs.length > 0 && (
        <DataTable class="import-job-list" columns={IMPORT_JOB_COLUMNS}>
          {jobs.map((job) => (
            <tr key={job.id}>
              <td data-label="Name">
                <div>
                  <a href={dashboardPaths.importJob(job.id)}>{job.name}</a>
                  <div class="muted small">{kindInWords(job.kind)}</div>
                </div>
              </td>
              <td data-label="Status">
                <span class={`status ${IMPORT_JOB_STATUS_LOOK[job.status]}`}>{IMPORT_JOB_STATUS_WORDS[job.status]}</span>
              </td>
              <td data-label="Schedule">{describeSchedule(job.schedule)}</td>
              <td data-label="Next run">
                <NextRun job={job} />
              </td>
              <td data-label="Last 5 runs">
                <LastRuns runs={job.lastRuns} timeZone={job.schedule.timezone ?? 'UTC'} jobName={job.name} />
              </td>
              <td data-label="Actions">
                <JobActions
                  compact
                  job={job}
                  onDone={({ job: changed, deleted, runJobId }) => {
                    if (deleted) {
                      setJobs((shown) => shown?.filter((j) => j.id !== job.id) ?? null);
                      setNotice(`${job.name} was deleted.`);
                    } else if (runJobId) {
                      setNotice(
                        <>
                          A run of {job.name} started. <a href={dashboardPaths.job(runJobId)}>Follow the run</a>
                        </>,
                      );
                      void load();
                    } else if (changed) {
                      setJobs((shown) => shown?.map((j) => (j.id === changed.id ? { ...j, ...changed } : j)) ?? null);
                      setNotice(`${changed.name} is now ${IMPORT_JOB_STATUS_WORDS[changed.status].toLowerCase()}.`);
                    }
                  }}
                />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {cursor && (
        <div class="actions">
          <button type="button" class="secondary" onClick={() => load(cursor)}>
            Show more import jobs
          </button>
        </div>
      )}
    </section>
  );
}

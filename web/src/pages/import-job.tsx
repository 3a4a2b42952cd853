import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import { ApiError, api, expectData } from '../api';
import { dashboardPaths } from '../paths';
import { DropUpload } from '../components/import-jobs/drop-upload';
import { JobActions } from '../components/import-jobs/job-actions';
import { RunHistory } from '../components/import-jobs/run-history';
import { ImportJobSettings } from '../components/import-jobs/settings';
import {
  IMPORT_JOB_STATUS_LOOK,
  IMPORT_JOB_STATUS_WORDS,
  errorText,
  type ImportJob,
  type ImportJobRun,
} from '../components/import-jobs/model';
import '../components/import-jobs/import-jobs.css';
import { StatusMessage } from '../components/messages';

const IN_PROGRESS = new Set(['validating', 'processing', 'importing']);
const POLL_MS = 2000;

/**
 * One import job (issue 11 item 5): its settings and drop location, an upload into it, the actions its status
 * allows, and its run history. While a run is in progress the history refreshes by itself.
 */
export function ImportJobPage() {
  const { params } = useRoute();
  const { route } = useLocation();
  const importJobId = params.importJobId as string;
  const [job, setJob] = useState<ImportJob | null>(null);
  const [runs, setRuns] = useState<ImportJobRun[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<{ status?: number; message: string } | null>(null);
  const [notice, setNotice] = useState<ComponentChildren>(null);
  const [mappingName, setMappingName] = useState<string | undefined>(undefined);
  // Polls a little while after a run was started, until the run shows in the history and ends.
  const watchUntil = useRef(0);
  // Once older pages are shown, the refreshes keep their cursor rather than the first page's.
  const olderShown = useRef(false);

  const path = { params: { path: { importJobId } } };

  async function load() {
    try {
      const [answer, history] = await Promise.all([
        expectData(api.GET('/batch-import/import-jobs/{importJobId}', path)),
        expectData(api.GET('/batch-import/import-jobs/{importJobId}/runs', { params: { path: { importJobId }, query: { limit: 25 } } })),
      ]);
      setJob(answer.importJob);
      setRuns((shown) => mergeFirstPage(shown, history.runs));
      if (!olderShown.current) setCursor(history.nextCursor);
      setError(null);
      return history.runs;
    } catch (caught) {
      setError({ status: caught instanceof ApiError ? caught.status : undefined, message: errorText(caught) });
      return null;
    }
  }

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const latest = await load();
      if (stopped) return;
      const busy = latest?.some((run) => IN_PROGRESS.has(run.runStatus)) ?? false;
      if (busy || Date.now() < watchUntil.current) timer = setTimeout(tick, POLL_MS);
      else timer = setTimeout(tick, 15_000);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [importJobId]);

  useEffect(() => {
    if (!job?.mappingId) return;
    void expectData(api.GET('/batch-import/mappings/{mappingId}', { params: { path: { mappingId: job.mappingId } } }))
      .then((answer) => setMappingName(answer.mapping.name))
      .catch(() => setMappingName(undefined));
  }, [job?.mappingId]);

  async function showMore() {
    if (!cursor) return;
    try {
      const page = await expectData(api.GET('/batch-import/import-jobs/{importJobId}/runs', { params: { path: { importJobId }, query: { limit: 25, cursor } } }));
      olderShown.current = true;
      setRuns((shown) => [...(shown ?? []), ...page.runs.filter((run) => !shown?.some((s) => s.jobId === run.jobId))]);
      setCursor(page.nextCursor);
    } catch (caught) {
      setError({ message: errorText(caught) });
    }
  }

  if (error?.status === 404) {
    return (
      <section>
        <h1>Import job not found</h1>
        <p>
          It may have been deleted. <a href={dashboardPaths.importJobs}>Back to import jobs</a>
        </p>
      </section>
    );
  }
  if (!job) {
    return (
      <section>
        <h1>Import job</h1>
        {error ? (
          <p class="error-message" role="alert">
            {error.message}
          </p>
        ) : (
          <p aria-busy="true">Loading…</p>
        )}
      </section>
    );
  }

  const zone = job.schedule.timezone ?? 'UTC';
  return (
    <section class="import-job">
      <p class="breadcrumb">
        <a href={dashboardPaths.importJobs}>Import jobs</a>
      </p>
      <div class="page-head">
        <h1>{job.name}</h1>
        <span class={`status ${IMPORT_JOB_STATUS_LOOK[job.status]}`}>{IMPORT_JOB_STATUS_WORDS[job.status]}</span>
      </div>
      {job.statusReason && (
        <p class={job.status === 'halted' || job.status === 'sampling_failed' ? 'error-message' : 'muted'}>
          <strong>{job.status === 'halted' ? 'Halted by the system: ' : 'Reason: '}</strong>
          {job.statusReason}
        </p>
      )}
      {job.status === 'halted' && (
        <p>
          Put a corrected file in the drop location, or <a href={`${dashboardPaths.newImportJob}?importJobId=${encodeURIComponent(job.id)}`}>change the settings</a>,
          then reactivate the job so that it runs on its schedule again.
        </p>
      )}
      {job.status === 'paused' && (
        <p>
          Paused: no run starts on its schedule. <a href={`${dashboardPaths.newImportJob}?importJobId=${encodeURIComponent(job.id)}`}>Change the settings</a> or
          reactivate it.
        </p>
      )}
      {(job.status === 'draft' || job.status === 'sampling_failed') && (
        <p>
          This job is not active yet. <a href={`${dashboardPaths.newImportJob}?importJobId=${encodeURIComponent(job.id)}`}>Continue setting it up</a> or
          activate it as it is.
        </p>
      )}
      <JobActions
        job={job}
        onDone={({ job: changed, deleted, runJobId }) => {
          if (deleted) return route(dashboardPaths.importJobs);
          if (changed) {
            setJob(changed);
            setNotice(`The job is now ${IMPORT_JOB_STATUS_WORDS[changed.status].toLowerCase()}.`);
          }
          if (runJobId) {
            watchUntil.current = Date.now() + 60_000;
            setNotice(
              <>
                A run started. <a href={dashboardPaths.job(runJobId)}>Follow the run</a>; the history below updates by itself.
              </>,
            );
            void load();
          }
        }}
      />
      <StatusMessage message={notice} />
      {error && (
        <p class="error-message" role="alert">
          {error.message}
        </p>
      )}
      <div class="job-columns">
        <div class="panel">
          <h2>Settings</h2>
          <ImportJobSettings job={job} mappingName={mappingName} />
        </div>
        <div class="panel">
          <h2>Drop a file</h2>
          <DropUpload job={job} onUploaded={() => (watchUntil.current = Date.now() + 10_000)} />
        </div>
      </div>
      <h2 id="run-history">Run history</h2>
      {runs === null ? <p aria-busy="true">Loading runs…</p> : <RunHistory runs={runs} timeZone={zone} />}
      {cursor && (
        <div class="actions">
          <button type="button" class="secondary" onClick={showMore}>
            Show older runs
          </button>
        </div>
      )}
    </section>
  );
}

/** The refreshed first page replaces the runs it holds, and the older pages already shown stay below it. */
function mergeFirstPage(shown: ImportJobRun[] | null, first: ImportJobRun[]): ImportJobRun[] {
  if (!shown) return first;
  const ids = new Set(first.map((run) => run.jobId));
  const oldest = first[first.length - 1]?.createdAt ?? '';
  return [...first, ...shown.filter((run) => !ids.has(run.jobId) && run.createdAt < oldest)];
}

import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { formatCount, formatInstant } from '../components/format';
import { dashboardPaths } from '../paths';
import { FailuresTable } from '../components/runs/failures-table';
import { JobControls } from '../components/runs/job-controls';
import { availableDownloads, JobDownloads } from '../components/runs/job-downloads';
import { JobCounters } from '../components/runs/job-counters';
import { JobProgress } from '../components/runs/job-progress';
import { StatusBadge } from '../components/runs/status-badge';
import { useJob } from '../components/runs/use-job';
import {
  DOWNLOAD_WORDS,
  downloadFileName,
  downloadHref,
  fileNameOf,
  isJobDownload,
  isTerminal,
  kindInWords,
  metadataFlag,
  metadataString,
  type Job,
} from '../components/runs/job-words';
import '../components/runs/runs.css';

/**
 * One batch job (`/jobs/:jobId`): its statuses, counters and details, a live bar while it runs (read every second,
 * no reload), the controls that apply, the downloads and the first 500 failures. Under
 * `/jobs/:jobId/download/:file` (the address emails link to) it also starts that download once.
 */
export function JobPage() {
  const { params } = useRoute();
  const jobId = params.jobId ?? '';
  const requested = isJobDownload(params.file) ? params.file : undefined;
  const { job, error, replace } = useJob(jobId);

  useEffect(() => {
    document.title = `${job ? (fileNameOf(job) ?? 'Batch job') : 'Batch job'} · Batch import`;
  }, [job && fileNameOf(job)]);

  if (!job) {
    return (
      <section>
        <h1>Batch job</h1>
        {error ? (
          <p class="error-message" role="alert">
            {error.status === 404 ? 'There is no batch job with this id in your organization.' : error.message}{' '}
            <a href={dashboardPaths.jobs}>See all batch jobs</a>.
          </p>
        ) : (
          <p class="muted">Loading…</p>
        )}
      </section>
    );
  }

  const running = !isTerminal(job.status);
  const retryOf = metadataString(job, 'retryOf');
  return (
    <section class="runs-job">
      <p class="runs-breadcrumb">
        <a href={dashboardPaths.jobs}>Batch jobs</a> /
      </p>
      <h1 class="runs-title">{fileNameOf(job) ?? 'Batch job (JSON body)'}</h1>
      <p class="muted runs-id">
        Job <code>{job.jobId}</code>
      </p>

      {requested && <StartDownload job={job} file={requested} />}

      <div class="panel">
        <div class="runs-statuses">
          <span>
            Status <StatusBadge status={job.status} />
          </span>
          <span>
            Run status <StatusBadge status={job.runStatus} />
          </span>
          {metadataFlag(job, 'dryRun') && <span class="status warn">Dry run: nothing is written</span>}
          {metadataFlag(job, 'batchCancelRequested') && running && <span class="status warn">Cancelling…</span>}
        </div>
        {running && <JobProgress job={job} />}
        <JobCounters job={job} />
        {job.jobFailure && (
          <div class="error-message" role="alert">
            <strong>Why it stopped:</strong> {job.jobFailure.message} <code>{job.jobFailure.code}</code>
          </div>
        )}
        {error && <p class="error-message">{error.message}</p>}
        <JobControls job={job} onChanged={replace} />
      </div>

      <div class="panel">
        <h2>Details</h2>
        <JobDetails job={job} retryOf={retryOf} />
      </div>

      <div class="panel">
        <h2>Downloads</h2>
        <JobDownloads job={job} />
      </div>

      <div class="panel">
        <h2>Failures</h2>
        <FailuresTable job={job} />
      </div>
    </section>
  );
}

function JobDetails({ job, retryOf }: { job: Job; retryOf: string | undefined }) {
  const rows: Array<[string, ComponentChildren]> = [
    ['Kind', kindInWords(job.kind)],
    ['File', fileNameOf(job) ?? 'JSON body'],
    ['Namespace', job.namespace],
    ['Import job', job.importJobId ? <a href={dashboardPaths.importJob(job.importJobId)}>{job.importJobId}</a> : '–'],
    ['Attempt', formatCount(job.attempt)],
    ['Created', formatInstant(job.createdAt)],
    ['Completed', formatInstant(job.completedAt)],
  ];
  if (retryOf) rows.push(['Retry of', <a href={dashboardPaths.job(retryOf)}>{retryOf}</a>]);
  return (
    <dl class="runs-details">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The download an email linked to: started once, when the job is known, by the same link the page shows (so the
 * session cookie and the service's redirect do the work). The link stays on the page in case the browser blocked it.
 */
function StartDownload({ job, file }: { job: Job; file: ReturnType<typeof availableDownloads>[number] }) {
  const link = useRef<HTMLAnchorElement>(null);
  const [started, setStarted] = useState(false);
  useEffect(() => {
    if (started || !link.current) return;
    link.current.click();
    setStarted(true);
  }, [started]);
  return (
    <p class="panel runs-notice" role="status">
      {started ? 'Your download has started. ' : 'Starting your download… '}
      If it did not, use this link:{' '}
      <a ref={link} href={downloadHref(job, file)} download={downloadFileName(job, file)}>
        {DOWNLOAD_WORDS[file]}
      </a>
      .
    </p>
  );
}

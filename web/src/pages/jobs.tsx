import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, ApiError, expectData } from '../api';
import { formatCount, formatInstant } from '../components/format';
import { dashboardPaths } from '../paths';
import { filtersFrom, JobFilters, type Filters } from '../components/runs/job-filters';
import { StatusBadge } from '../components/runs/status-badge';
import { fileNameOf, isTerminal, kindInWords, unprocessedOf, type Job } from '../components/runs/job-words';
import '../components/runs/runs.css';
import { ErrorMessage } from '../components/messages';
import { DataTable, type Column } from '../components/data-table';

const JOB_COLUMNS: readonly Column[] = [
  'File',
  'Kind',
  'Status',
  'Run status',
  { label: 'Total', number: true },
  { label: 'Succeeded', number: true },
  { label: 'Failed', number: true },
  { label: 'Skipped', number: true },
  { label: 'Unprocessed', number: true },
  'Created',
];

/** While a listed job has not ended, the page reads itself again this often. */
const REFRESH_MS = 5000;
const PAGE_SIZE = 25;

interface Page {
  readonly jobs: readonly Job[];
  readonly nextCursor: string | null;
}

function listAddress(filters: Filters, cursor?: string): string {
  const query = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  if (cursor) query.set('cursor', cursor);
  const text = query.toString();
  return text ? `${dashboardPaths.jobs}?${text}` : dashboardPaths.jobs;
}

/**
 * The unified history (`/jobs` and `/`): every batch job of the org, newest first, a page at a time. The filters
 * and the page's cursor live in the address, so a filtered list survives a reload and can be shared.
 */
export function JobsPage() {
  const { query, route } = useLocation();
  const filters = filtersFrom(query);
  const cursor = query.cursor || undefined;
  const filterKey = JSON.stringify(filters);
  const [page, setPage] = useState<Page | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    document.title = 'Batch jobs · Batch import';
  }, []);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setPage(undefined);
    setError(undefined);
    const read = async () => {
      try {
        const body = await expectData(
          api.GET('/batch-import/jobs', {
            params: { query: { ...filters, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
          }),
        );
        if (stopped) return;
        setPage({ jobs: body.jobs, nextCursor: body.nextCursor });
        setError(undefined);
        // Keep the running jobs' counters fresh on the first page, where new and running jobs are.
        if (!cursor && body.jobs.some((job) => !isTerminal(job.status))) timer = setTimeout(read, REFRESH_MS);
      } catch (caught) {
        if (!stopped) setError(caught instanceof ApiError ? caught.message : 'The service could not be reached.');
      }
    };
    void read();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [filterKey, cursor]);

  const filtered = Object.keys(filters).length > 0;
  return (
    <section>
      <div class="runs-heading">
        <h1>Batch jobs</h1>
        <a class="button" href={dashboardPaths.upload}>
          Upload a file
        </a>
      </div>
      <JobFilters key={filterKey} filters={filters} onApply={(next) => route(listAddress(next))} />
      <ErrorMessage message={error} />
      {!page && !error && <p class="muted">Loading…</p>}
      {page && page.jobs.length === 0 && (
        <div class="panel runs-empty">
          {filtered || cursor ? (
            <p>
              No batch job matches these filters. <a href={dashboardPaths.jobs}>Show all batch jobs</a>.
            </p>
          ) : (
            <p>
              No batch jobs yet. <a href={dashboardPaths.upload}>Upload a file</a> of entities, transactions or user events
              to start one; import jobs add theirs here too.
            </p>
          )}
        </div>
      )}
      {page && page.jobs.length > 0 && <JobTable jobs={page.jobs} />}
      {page && (cursor || page.nextCursor) && (
        <nav class="actions runs-pager" aria-label="Pages">
          {cursor && (
            <a class="button secondary" href={listAddress(filters)}>
              Newest jobs
            </a>
          )}
          {page.nextCursor && (
            <a class="button secondary" href={listAddress(filters, page.nextCursor)}>
              Older jobs
            </a>
          )}
        </nav>
      )}
    </section>
  );
}

function JobTable({ jobs }: { jobs: readonly Job[] }) {
  return (
    <DataTable class="runs-table" columns={JOB_COLUMNS} region="Batch jobs">
      {jobs.map((job) => (
        <tr key={job.jobId}>
          <td class="runs-file">
            <a href={dashboardPaths.job(job.jobId)}>{fileNameOf(job) ?? 'JSON body'}</a>
            {job.namespace !== 'default' && <div class="muted">{job.namespace}</div>}
          </td>
          <td>{kindInWords(job.kind)}</td>
          <td>
            <StatusBadge status={job.status} />
          </td>
          <td>
            <StatusBadge status={job.runStatus} />
          </td>
          <td class="number">{formatCount(job.totalItems)}</td>
          <td class="number">{formatCount(job.succeeded)}</td>
          <td class="number">{formatCount(job.failed)}</td>
          <td class="number">{formatCount(job.skipped)}</td>
          <td class="number">{formatCount(unprocessedOf(job))}</td>
          <td class="runs-nowrap">{formatInstant(job.createdAt)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

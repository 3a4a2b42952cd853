import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, expectData } from '../../api';
import { formatCount } from '../format';
import type { components } from '../../../../client';
import type { Job } from './job-words';
import { DataTable, type Column } from '../data-table';

const FAILURE_COLUMNS: readonly Column[] = [
  { label: 'Row', number: true },
  'Code',
  'Field',
  'Value',
  'Message',
];

type Failures = components['schemas']['Failures'];
type FailureItem = Failures['failures'][number] & { value?: string };

/**
 * While a job runs, its failures are read again at most this often: the service builds a running job's failures
 * within the request, and the page reads the job itself every second.
 */
const REREAD_WHILE_RUNNING_MS = 5_000;

/**
 * The first 500 failures (§8, `GET /jobs/{id}?include=failures`): read as soon as a row fails, again when the failed
 * count changes (at most every five seconds while the job runs), and once more when it stops. failures.csv has them
 * all.
 */
export function FailuresTable({ job }: { job: Job }) {
  const [body, setBody] = useState<Failures | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const running = job.status === 'queued' || job.status === 'running';
  const hasFailures = (job.failed ?? 0) > 0;
  // The newest answer wins: a read still under way when the count moves on is kept, not thrown away, but an older
  // one never replaces a newer one. `at` is when the last read started.
  const reads = useRef({ jobId: job.jobId, started: 0, shown: 0, at: 0 });

  useEffect(() => {
    if (reads.current.jobId === job.jobId) return;
    reads.current = { jobId: job.jobId, started: 0, shown: 0, at: 0 };
    setBody(undefined);
    setError(undefined);
  }, [job.jobId]);

  useEffect(() => {
    if (!hasFailures) return;
    const wait = running ? Math.max(0, reads.current.at + REREAD_WHILE_RUNNING_MS - Date.now()) : 0;
    const timer = setTimeout(() => {
      reads.current.at = Date.now();
      const read = ++reads.current.started;
      const forJob = job.jobId;
      const current = () => reads.current.jobId === forJob && read > reads.current.shown;
      expectData(api.GET('/batch-import/jobs/{jobId}', { params: { path: { jobId: forJob }, query: { include: 'failures' } } }))
        .then((answer) => {
          if (!current()) return;
          reads.current.shown = read;
          setBody(answer as Failures);
          setError(undefined);
        })
        .catch((caught: unknown) => {
          if (current()) setError(caught instanceof ApiError ? caught.message : 'The failures could not be read.');
        });
    }, wait);
    return () => clearTimeout(timer);
  }, [job.jobId, running, hasFailures, job.failed]);

  if (!hasFailures) return <p class="muted">No row failed.</p>;
  if (error && !body) return <p class="error-message" role="alert">{error}</p>;
  if (!body) return <p class="muted">Loading the failures…</p>;

  const items = body.failures as FailureItem[];
  const soFar = running ? ' so far (the list grows while the job runs)' : '';
  return (
    <>
      <p class="muted">
        {body.truncated
          ? `The first ${formatCount(items.length)} of ${formatCount(body.failuresTotal)} failures${soFar}. The CSV download has them all.`
          : `${formatCount(items.length)} ${items.length === 1 ? 'failure' : 'failures'}${soFar}.`}
      </p>
      {error && <p class="error-message" role="alert">{error}</p>}
      <DataTable class="runs-failures" columns={FAILURE_COLUMNS} region="Failures">
        {items.map((item, index) => (
          <tr key={`${item.rowNumber}-${index}`}>
            <td class="number">{item.rowNumber}</td>
            <td><code>{item.code}</code></td>
            <td>{item.field ?? '–'}</td>
            <td class="runs-value">{item.value ?? '–'}</td>
            <td>{item.message}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

import { useEffect, useState } from 'preact/hooks';
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
 * The first 500 failures (§8, `GET /jobs/{id}?include=failures`), read once the job has stopped (ended or paused)
 * and again if its failed count changes. failures.csv has them all.
 */
export function FailuresTable({ job }: { job: Job }) {
  const [body, setBody] = useState<Failures | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const settledOrPaused = job.status !== 'queued' && job.status !== 'running';
  const hasFailures = (job.failed ?? 0) > 0;

  useEffect(() => {
    if (!settledOrPaused || !hasFailures) return;
    let stopped = false;
    expectData(api.GET('/batch-import/jobs/{jobId}', { params: { path: { jobId: job.jobId }, query: { include: 'failures' } } }))
      .then((answer) => {
        if (!stopped) setBody(answer as Failures);
      })
      .catch((caught: unknown) => {
        if (!stopped) setError(caught instanceof ApiError ? caught.message : 'The failures could not be read.');
      });
    return () => {
      stopped = true;
    };
  }, [job.jobId, settledOrPaused, hasFailures, job.failed]);

  if (!hasFailures) return <p class="muted">No row failed.</p>;
  if (!settledOrPaused) return <p class="muted">{formatCount(job.failed)} rows failed so far; they are listed here when the job ends.</p>;
  if (error) return <p class="error-message" role="alert">{error}</p>;
  if (!body) return <p class="muted">Loading the failures…</p>;

  const items = body.failures as FailureItem[];
  return (
    <>
      <p class="muted">
        {body.truncated
          ? `The first ${formatCount(items.length)} of ${formatCount(body.failuresTotal)} failures. The CSV download has them all.`
          : `${formatCount(items.length)} ${items.length === 1 ? 'failure' : 'failures'}.`}
      </p>
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

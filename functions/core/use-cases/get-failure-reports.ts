import type { Principal } from '../auth/api-key';
import { requireScope } from '../auth/scopes';
import { notFound } from '../errors';
import { reportKey } from '../files/object-keys';
import { READ_JOB_SCOPES, type JobKind } from '../kinds';
import type { ObjectStore, RunRepository } from '../ports';
import type { Run } from '../runs/run';
import { failedRowsCsv } from '../reports/failed-rows-csv';
import { buildFailuresBody, type FailuresBody } from '../reports/failures-body';
import { failuresCsv } from '../reports/failures-csv';
import { unprocessedCsv } from '../reports/unprocessed-csv';

export interface FailureReportDeps {
  readonly runs: RunRepository;
  readonly objects: ObjectStore;
}

export interface DownloadDeps extends FailureReportDeps {
  /** How long the presigned download URL stays valid. */
  readonly downloadUrlTtlSeconds: number;
}

/** A generated download, written to the bucket: the client fetches it from `url`, not through the API. */
export interface Download {
  readonly url: string;
  readonly fileName: string;
}

const CSV = 'text/csv; charset=utf-8';

const FILE_PREFIX_BY_KIND: Record<JobKind, string> = {
  transaction_batch: 'transaction',
  user_event_batch: 'user-event',
  entity_automatic: 'entity',
};

/**
 * The run a report is asked for. Any read scope will do (§3). Another org's run, and a run of another kind asked for
 * under a kind's route, answer exactly like a missing one: 404, never 403.
 */
async function readableRun(deps: FailureReportDeps, principal: Principal, jobId: string, kind?: JobKind): Promise<Run> {
  requireScope(principal, READ_JOB_SCOPES);
  const run = await deps.runs.get(jobId);
  if (!run || run.orgId !== principal.orgId || (kind !== undefined && run.kind !== kind)) throw notFound('Job');
  return run;
}

/** `…/failures` and `GET /jobs/{id}?include=failures` (§6, §8): the first 500 failures, inline. */
export async function getFailures(
  deps: FailureReportDeps,
  principal: Principal,
  jobId: string,
  kind?: JobKind,
): Promise<FailuresBody> {
  const run = await readableRun(deps, principal, jobId, kind);
  return buildFailuresBody(deps.objects, run);
}

/**
 * `…/failures.csv`: complete, so possibly far beyond what an API answer can carry (about 6 MB). It is streamed into
 * the bucket and handed out as a presigned GET; built again on every request, as a running job's report changes.
 */
export async function exportFailuresCsv(deps: DownloadDeps, principal: Principal, jobId: string, kind: JobKind): Promise<Download> {
  const run = await readableRun(deps, principal, jobId, kind);
  const fileName = `${FILE_PREFIX_BY_KIND[run.kind]}-failures-${run.jobId}.csv`;
  return publish(deps, run.jobId, fileName, (key) => deps.objects.putStream(key, failuresCsv(deps.objects, run), CSV));
}

/** `GET /jobs/{id}/failed-rows.csv`: the failed rows as uploaded, to fix and upload again. */
export async function exportFailedRowsCsv(deps: DownloadDeps, principal: Principal, jobId: string): Promise<Download> {
  const run = await readableRun(deps, principal, jobId);
  const fileName = `failed-rows-${run.jobId}.csv`;
  return publish(deps, run.jobId, fileName, (key) => deps.objects.putStream(key, failedRowsCsv(deps.objects, run), CSV));
}

/** `GET /jobs/{id}/unprocessed.csv`: the rows never attempted (a cancelled run), as uploaded, to upload again. */
export async function exportUnprocessedCsv(deps: DownloadDeps, principal: Principal, jobId: string): Promise<Download> {
  const run = await readableRun(deps, principal, jobId);
  const fileName = `unprocessed-${run.jobId}.csv`;
  return publish(deps, run.jobId, fileName, (key) => deps.objects.putStream(key, unprocessedCsv(deps.objects, run), CSV));
}

async function publish(deps: DownloadDeps, jobId: string, fileName: string, write: (key: string) => Promise<void>): Promise<Download> {
  const key = reportKey(jobId, fileName);
  await write(key);
  const url = await deps.objects.presignGet(key, { expiresInSeconds: deps.downloadUrlTtlSeconds, fileName, contentType: CSV });
  return { url, fileName };
}

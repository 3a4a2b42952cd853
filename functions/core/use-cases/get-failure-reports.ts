import type { Principal } from '../auth/api-key';
import { requireScope } from '../auth/scopes';
import { notFound } from '../errors';
import { UPLOAD_BUCKET } from '../bucket-layout';
import { finalReportKey, reportKey } from '../files/object-keys';
import { READ_JOB_SCOPES, type JobKind } from '../kinds';
import type { Clock, ObjectStore, RunRepository } from '../ports';
import { isTerminal, type Run } from '../runs/run';
import { buildFailuresBody, type FailuresBody } from '../reports/failures-body';
import { REPORT_CONTENT_TYPE, REPORT_FILES, type ReportName } from '../reports/report-files';

export interface FailureReportDeps {
  readonly runs: RunRepository;
  readonly objects: ObjectStore;
}

export interface DownloadDeps extends FailureReportDeps {
  readonly clock: Clock;
  /** How long the presigned download URL stays valid. */
  readonly downloadUrlTtlSeconds: number;
  /** REPORT_BUILD_DELAY_SECONDS: a final copy counts once written this long after the run ended. */
  readonly finalReportDelaySeconds: number;
}

/** Final copies are used for half of the reports' lifetime in the bucket, so a link never outlives its object. */
const FINAL_COPY_MAX_AGE_MS = (UPLOAD_BUCKET.reportsExpirationDays * 24 * 3600 * 1000) / 2;

/** A generated download, written to the bucket: the client fetches it from `url`, not through the API. */
export interface Download {
  readonly url: string;
  readonly fileName: string;
}

/**
 * The run a report is asked for. Any read scope will do (§3). Another org's run, and a run of another kind asked for
 * under a kind's route, answer exactly like a missing one: 404, never 403.
 */
async function readableRun(deps: FailureReportDeps, principal: Principal, runId: string, kind?: JobKind): Promise<Run> {
  requireScope(principal, READ_JOB_SCOPES);
  const run = await deps.runs.get(runId);
  if (!run || run.orgId !== principal.orgId || (kind !== undefined && run.kind !== kind)) throw notFound('Job');
  return run;
}

/** `…/failures` and `GET /jobs/{id}?include=failures` (§6, §8): the first 500 failures, inline. */
export async function getFailures(
  deps: FailureReportDeps,
  principal: Principal,
  runId: string,
  kind?: JobKind,
): Promise<FailuresBody> {
  const run = await readableRun(deps, principal, runId, kind);
  return buildFailuresBody(deps.objects, run);
}

/**
 * `…/failures.csv`: complete, so possibly far beyond what an API answer can carry (about 6 MB). It is streamed into
 * the bucket and handed out as a presigned GET (see `publish`).
 */
export function exportFailuresCsv(deps: DownloadDeps, principal: Principal, runId: string, kind: JobKind): Promise<Download> {
  return publish(deps, principal, runId, 'failures', kind);
}

/** `GET /jobs/{id}/failed-rows.csv`: the failed rows as uploaded, to fix and upload again. */
export function exportFailedRowsCsv(deps: DownloadDeps, principal: Principal, runId: string): Promise<Download> {
  return publish(deps, principal, runId, 'failedRows');
}

/** `GET /jobs/{id}/unprocessed.csv`: the rows never attempted (a cancelled run), as uploaded, to upload again. */
export function exportUnprocessedCsv(deps: DownloadDeps, principal: Principal, runId: string): Promise<Download> {
  return publish(deps, principal, runId, 'unprocessed');
}

/**
 * An ended run's report is redirected to its final copy when the report builder (or an earlier request) wrote one
 * late enough to hold every row and recently enough to outlive the link. Otherwise (a running job, whose report
 * still changes, or no usable copy yet) it is built now, within the request.
 */
async function publish(deps: DownloadDeps, principal: Principal, runId: string, name: ReportName, kind?: JobKind): Promise<Download> {
  const run = await readableRun(deps, principal, runId, kind);
  const report = REPORT_FILES[name];
  const fileName = report.fileName(run);
  const finalKey = finalReportKey(run.runId, fileName);
  let key = finalKey;
  if (!(await usableFinalCopy(deps, run, finalKey))) {
    key = settled(deps, run) ? finalKey : reportKey(run.runId, fileName);
    await deps.objects.putStream(key, report.build(deps.objects, run), REPORT_CONTENT_TYPE);
  }
  const url = await deps.objects.presignGet(key, { expiresInSeconds: deps.downloadUrlTtlSeconds, fileName, contentType: REPORT_CONTENT_TYPE });
  return { url, fileName };
}

/**
 * When an ended run's reports stop changing: no failure document can still arrive after it (see
 * REPORT_BUILD_DELAY_SECONDS). Undefined while the run has not ended.
 */
function settledAt(deps: DownloadDeps, run: Run): number | undefined {
  if (!isTerminal(run.state) || !run.completedAt) return undefined;
  return Date.parse(run.completedAt) + deps.finalReportDelaySeconds * 1000;
}

function settled(deps: DownloadDeps, run: Run): boolean {
  const at = settledAt(deps, run);
  return at !== undefined && deps.clock.now().getTime() >= at;
}

async function usableFinalCopy(deps: DownloadDeps, run: Run, key: string): Promise<boolean> {
  const at = settledAt(deps, run);
  if (at === undefined) return false;
  for await (const object of deps.objects.listObjects(key)) {
    if (object.key !== key) continue;
    const writtenAt = object.lastModified.getTime();
    const age = deps.clock.now().getTime() - writtenAt;
    return writtenAt >= at && age + deps.downloadUrlTtlSeconds * 1000 < FINAL_COPY_MAX_AGE_MS;
  }
  return false;
}

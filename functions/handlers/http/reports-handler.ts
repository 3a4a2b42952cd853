import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Principal } from '../../core/auth/api-key';
import type { JobKind } from '../../core/kinds';
import type { ApiKeyRepository, Clock, Logger, ObjectStore, RunRepository } from '../../core/ports';
import {
  exportFailedRowsCsv,
  exportFailuresCsv,
  exportUnprocessedCsv,
  getFailures,
  type Download,
} from '../../core/use-cases/get-failure-reports';
import { dispatch } from './dispatch';
import { json } from './responses';
import type { DashboardSessions } from './session-cookie';

export interface ReportsHandlerDeps {
  /** Lets the dashboard's session cookie stand for the key (dispatch.ts). @default keys only */
  readonly sessions?: DashboardSessions;
  readonly apiKeys: ApiKeyRepository;
  readonly runs: RunRepository;
  readonly objects: ObjectStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Validity of the presigned URL a CSV download redirects to. */
  readonly downloadUrlTtlSeconds: number;
  /** REPORT_BUILD_DELAY_SECONDS (see DownloadDeps). */
  readonly finalReportDelaySeconds: number;
}

/**
 * Failure reports (§8): `/{kind}-jobs/{jobId}/failures` (JSON, inline), `/{kind}-jobs/{jobId}/failures.csv`,
 * `/jobs/{jobId}/failed-rows.csv` and `/jobs/{jobId}/unprocessed.csv`. A CSV can outgrow any API answer, so it is
 * written to the bucket and the answer is a 303 to a presigned GET of it (clients follow it like any redirect; S3
 * sends the attachment headers). Each kind-scoped route serves jobs of its own kind only.
 */
export function createReportsHandler(deps: ReportsHandlerDeps) {
  const failures = (kind: JobKind) => async ({ principal, path }: { principal: Principal; path: { jobId: string } }) =>
    json(200, await getFailures(deps, principal, path.jobId, kind));
  const failuresCsv = (kind: JobKind) => async ({ principal, path }: { principal: Principal; path: { jobId: string } }) =>
    redirect(await exportFailuresCsv(deps, principal, path.jobId, kind));
  return dispatch(deps, {
    getTransactionFailures: failures('transaction_batch'),
    downloadTransactionFailuresCsv: failuresCsv('transaction_batch'),
    getUserEventFailures: failures('user_event_batch'),
    downloadUserEventFailuresCsv: failuresCsv('user_event_batch'),
    getEntityFailures: failures('entity_automatic'),
    downloadEntityFailuresCsv: failuresCsv('entity_automatic'),
    downloadFailedRowsCsv: async ({ principal, path }) => redirect(await exportFailedRowsCsv(deps, principal, path.jobId)),
    downloadUnprocessedCsv: async ({ principal, path }) => redirect(await exportUnprocessedCsv(deps, principal, path.jobId)),
  });
}

function redirect(download: Download): APIGatewayProxyStructuredResultV2 {
  // no-store: the URL expires, and the report behind it is rebuilt on every request.
  return { statusCode: 303, headers: { location: download.url, 'cache-control': 'no-store' }, body: '' };
}

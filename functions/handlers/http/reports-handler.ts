import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { DomainError } from '../../core/errors';
import type { JobKind } from '../../core/kinds';
import type { ApiKeyRepository, Clock, Logger, ObjectStore, RunRepository } from '../../core/ports';
import { authenticate } from '../../core/use-cases/authenticate';
import {
  exportFailedRowsCsv,
  exportFailuresCsv,
  exportUnprocessedCsv,
  getFailures,
  type Download,
} from '../../core/use-cases/get-failure-reports';
import { header, parseEvent } from './request';
import { answer, json } from './responses';

export interface ReportsHandlerDeps {
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

const JobId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);

/** The kind each kind-scoped route prefix serves (§8); `jobs` serves any kind. */
const KIND_BY_SCOPE: Record<string, JobKind | undefined> = {
  'transaction-jobs': 'transaction_batch',
  'user-event-jobs': 'user_event_batch',
  'entity-jobs': 'entity_automatic',
  jobs: undefined,
};

const REPORT_PATH = /^\/batch-import\/(transaction-jobs|user-event-jobs|entity-jobs|jobs)\/[^/]+\/(failures|failures\.csv|failed-rows\.csv|unprocessed\.csv)$/;

/**
 * Failure reports (§8): `/{kind}-jobs/{jobId}/failures` (JSON, inline), `/{kind}-jobs/{jobId}/failures.csv` and
 * `/jobs/{jobId}/failed-rows.csv` and `/jobs/{jobId}/unprocessed.csv`. A CSV can outgrow any API answer, so it is written to the bucket and the answer
 * is a 303 to a presigned GET of it (clients follow it like any redirect; S3 sends the attachment headers).
 */
export function createReportsHandler(deps: ReportsHandlerDeps) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
    answer(deps.logger, async () => {
      const request = parseEvent(event);
      const principal = await authenticate(deps, header(request, 'authorization'));
      const route = REPORT_PATH.exec(request.rawPath);
      const jobId = JobId.safeParse(request.pathParameters?.jobId);
      // A malformed id cannot name any job: answer like an unknown one.
      if (!route || !jobId.success) throw new DomainError('NOT_FOUND', 'Job not found');
      const [, scope, report] = route as unknown as [string, string, string];
      const kind = KIND_BY_SCOPE[scope];
      if (report === 'failed-rows.csv' && scope === 'jobs') {
        return redirect(await exportFailedRowsCsv(deps, principal, jobId.data));
      }
      if (report === 'unprocessed.csv' && scope === 'jobs') {
        return redirect(await exportUnprocessedCsv(deps, principal, jobId.data));
      }
      if (!kind) throw new DomainError('NOT_FOUND', 'Route not found');
      if (report === 'failures') return json(200, await getFailures(deps, principal, jobId.data, kind));
      if (report === 'failures.csv') return redirect(await exportFailuresCsv(deps, principal, jobId.data, kind));
      throw new DomainError('NOT_FOUND', 'Route not found');
    });
}

function redirect(download: Download): APIGatewayProxyStructuredResultV2 {
  // no-store: the URL expires, and the report behind it is rebuilt on every request.
  return { statusCode: 303, headers: { location: download.url, 'cache-control': 'no-store' }, body: '' };
}

import type { ApiKeyRepository } from '../../core/ports';
import { retryFailedRows, type RetryFailedRowsDeps } from '../../core/use-cases/retry-failed-rows';
import { dispatch } from './dispatch';
import { json } from './responses';
import type { DashboardSessions } from './session-cookie';

export interface RetryFailedHandlerDeps extends RetryFailedRowsDeps {
  /** Lets the dashboard's session cookie stand for the key (dispatch.ts). @default keys only */
  readonly sessions?: DashboardSessions;
  readonly apiKeys: ApiKeyRepository;
}

/** `POST /batch-import/jobs/{jobId}/retry-failed` → 202 with the new job. */
export function createRetryFailedHandler(deps: RetryFailedHandlerDeps) {
  return dispatch(deps, {
    retryFailedRows: async ({ principal, path }) => json(202, await retryFailedRows(deps, principal, path.jobId)),
  });
}

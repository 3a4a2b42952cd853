import type { ApiKeyRepository, Logger } from '../../core/ports';
import { getQuota, setQuota, type QuotaManagementDeps } from '../../core/use-cases/manage-quota';
import { dispatch } from './dispatch';
import { jsonBody } from './request';
import { json } from './responses';
import type { DashboardSessions } from './session-cookie';

export interface QuotaHandlerDeps extends QuotaManagementDeps {
  /** Lets the dashboard's session cookie stand for the key (dispatch.ts). @default keys only */
  readonly sessions?: DashboardSessions;
  readonly apiKeys: ApiKeyRepository;
  readonly logger: Logger;
}

/** `GET /batch-import/quota?namespace=` and `PUT /batch-import/quota { namespace, limit }` (§9). */
export function createQuotaHandler(deps: QuotaHandlerDeps) {
  return dispatch(deps, {
    getQuota: async ({ principal, query }) => json(200, await getQuota(deps, principal, query)),
    setQuota: async ({ principal, event }) => json(200, await setQuota(deps, principal, jsonBody(event, 'the quota'))),
  });
}

import type { ApiKeyRepository, Logger } from '../../core/ports';
import { getQuota, setQuota, type QuotaManagementDeps } from '../../core/use-cases/manage-quota';
import { dispatch } from './dispatch';
import { jsonBody } from './request';
import { json } from './responses';

export interface QuotaHandlerDeps extends QuotaManagementDeps {
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

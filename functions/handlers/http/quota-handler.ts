import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { DomainError } from '../../core/errors';
import type { ApiKeyRepository, Logger } from '../../core/ports';
import { authenticate } from '../../core/use-cases/authenticate';
import { getQuota, setQuota, type QuotaManagementDeps } from '../../core/use-cases/manage-quota';
import { afterScope, header, jsonBody, parseEvent } from './request';
import { answer, json } from './responses';

export interface QuotaHandlerDeps extends QuotaManagementDeps {
  readonly apiKeys: ApiKeyRepository;
  readonly logger: Logger;
}

/** Setting a namespace's limit needs this scope (§3). */
const MANAGE = ['import-jobs:manage'] as const;
const Method = z.object({ requestContext: z.object({ http: z.object({ method: z.string() }) }) });

/** `GET /batch-import/quota?namespace=` and `PUT /batch-import/quota { namespace, limit }` (§9). */
export function createQuotaHandler(deps: QuotaHandlerDeps) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
    answer(deps.logger, async () => {
      const request = parseEvent(event);
      const principal = await authenticate(deps, header(request, 'authorization'));
      const method = Method.safeParse(event);
      if (!method.success) throw new DomainError('VALIDATION_ERROR', 'Malformed request');
      const verb = method.data.requestContext.http.method.toUpperCase();
      if (verb === 'GET') return json(200, await getQuota(deps, principal, request.queryStringParameters ?? {}));
      if (verb === 'PUT') return json(200, await setQuota(deps, principal, afterScope(principal, MANAGE, () => jsonBody(request, 'the quota'))));
      throw new DomainError('NOT_FOUND', 'Unknown route');
    });
}


import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { DomainError } from '../../core/errors';
import type { ApiKeyRepository, Logger } from '../../core/ports';
import { authenticate } from '../../core/use-cases/authenticate';
import {
  createMapping,
  deleteMapping,
  getMapping,
  listMappings,
  updateMapping,
  type MappingDeps,
} from '../../core/use-cases/manage-mappings';
import { afterScope, header, jsonBody, parseEvent } from './request';
import { answer, json } from './responses';

export interface MappingsHandlerDeps extends MappingDeps {
  readonly apiKeys: ApiKeyRepository;
  readonly logger: Logger;
}

/** Saving or changing a mapping needs this scope (§3). */
const MANAGE = ['import-jobs:manage'] as const;
const Method = z.object({ requestContext: z.object({ http: z.object({ method: z.string() }) }) });
const MappingId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);

/** `GET|POST /batch-import/mappings` and `GET|PATCH|DELETE /batch-import/mappings/{mappingId}` (vendor A.2). */
export function createMappingsHandler(deps: MappingsHandlerDeps) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
    answer(deps.logger, async () => {
      const request = parseEvent(event);
      const principal = await authenticate(deps, header(request, 'authorization'));
      const method = Method.safeParse(event);
      if (!method.success) throw new DomainError('VALIDATION_ERROR', 'Malformed request');
      const verb = method.data.requestContext.http.method.toUpperCase();
      const rawId = request.pathParameters?.mappingId;

      if (rawId === undefined) {
        if (verb === 'GET') return json(200, await listMappings(deps, principal, request.queryStringParameters ?? {}));
        if (verb === 'POST') return json(201, await createMapping(deps, principal, afterScope(principal, MANAGE, () => jsonBody(request, 'the mapping'))));
      } else {
        const id = MappingId.safeParse(rawId);
        // A malformed id cannot name any mapping: answer like an unknown one.
        if (!id.success) throw new DomainError('NOT_FOUND', 'Mapping not found');
        if (verb === 'GET') return json(200, await getMapping(deps, principal, id.data));
        if (verb === 'PATCH') return json(200, await updateMapping(deps, principal, id.data, afterScope(principal, MANAGE, () => jsonBody(request, 'the mapping'))));
        if (verb === 'DELETE') return json(200, await deleteMapping(deps, principal, id.data));
      }
      throw new DomainError('NOT_FOUND', 'Unknown route');
    });
}


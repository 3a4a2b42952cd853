import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError } from '../../core/errors';
import type { ApiKeyRepository } from '../../core/ports';
import { authenticate } from '../../core/use-cases/authenticate';
import { createPresignedUpload, type PresignedUploadDeps } from '../../core/use-cases/create-presigned-upload';
import { READ_JOB_SCOPES } from '../../core/kinds';
import { requireScope } from '../../core/auth/scopes';
import { bodyBytes, booleanQuery, header, mediaType, parseEvent, parseJsonText } from './request';
import { answer, json } from './responses';

export interface PresignHandlerDeps extends PresignedUploadDeps {
  readonly apiKeys: ApiKeyRepository;
}

/** `POST /batch-import/uploads`: a presigned PUT URL for a file too large to pass through the API. */
export function createPresignHandler(deps: PresignHandlerDeps) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
    answer(deps.logger, async () => {
      const request = parseEvent(event);
      const principal = await authenticate(deps, header(request, 'authorization'));
      // Only a key that may upload some kind reads on; the body names the kind, whose scope the use case checks.
      requireScope(principal, READ_JOB_SCOPES);
      if (mediaType(header(request, 'content-type')) !== 'application/json') {
        throw new DomainError('UNSUPPORTED_FORMAT', 'Send the upload request as application/json');
      }
      let body = parseJsonText(bodyBytes(request).toString('utf8'));
      // `?dryRun=true` like the other upload routes; a `dryRun` in the body says the same.
      if (booleanQuery(request, 'dryRun') && body !== null && typeof body === 'object') body = { ...body, dryRun: true };
      return json(201, await createPresignedUpload(deps, principal, body, header(request, 'idempotency-key')));
    });
}

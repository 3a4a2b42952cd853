import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError } from '../../core/errors';
import type { ApiKeyRepository } from '../../core/ports';
import { authenticate } from '../../core/use-cases/authenticate';
import { createPresignedUpload, type PresignedUploadDeps } from '../../core/use-cases/create-presigned-upload';
import { bodyBytes, booleanQuery, header, mediaType, parseEvent } from './request';
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
      if (mediaType(header(request, 'content-type')) !== 'application/json') {
        throw new DomainError('UNSUPPORTED_FORMAT', 'Send the upload request as application/json');
      }
      let body: unknown;
      try {
        body = JSON.parse(bodyBytes(request).toString('utf8'));
      } catch {
        throw new DomainError('VALIDATION_ERROR', 'The body is not valid JSON');
      }
      // `?dryRun=true` like the other upload routes; a `dryRun` in the body says the same.
      if (booleanQuery(request, 'dryRun') && body !== null && typeof body === 'object') body = { ...body, dryRun: true };
      return json(201, await createPresignedUpload(deps, principal, body, header(request, 'idempotency-key')));
    });
}

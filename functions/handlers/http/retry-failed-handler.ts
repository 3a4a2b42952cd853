import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { DomainError } from '../../core/errors';
import type { ApiKeyRepository } from '../../core/ports';
import { authenticate } from '../../core/use-cases/authenticate';
import { retryFailedRows, type RetryFailedRowsDeps } from '../../core/use-cases/retry-failed-rows';
import { header, parseEvent } from './request';
import { answer, json } from './responses';

export interface RetryFailedHandlerDeps extends RetryFailedRowsDeps {
  readonly apiKeys: ApiKeyRepository;
}

const JobId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);

/** `POST /batch-import/jobs/{jobId}/retry-failed` → 202 with the new job. */
export function createRetryFailedHandler(deps: RetryFailedHandlerDeps) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
    answer(deps.logger, async () => {
      const request = parseEvent(event);
      const principal = await authenticate(deps, header(request, 'authorization'));
      const jobId = JobId.safeParse(request.pathParameters?.jobId);
      if (!jobId.success) throw new DomainError('NOT_FOUND', 'Job not found');
      return json(202, await retryFailedRows(deps, principal, jobId.data));
    });
}

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { DomainError } from '../../core/errors';
import type { ApiKeyRepository } from '../../core/ports';
import { authenticate } from '../../core/use-cases/authenticate';
import { runImportJobNow } from '../../core/use-cases/run-import-job-now';
import type { StartImportJobRunDeps } from '../../core/use-cases/start-import-job-run';
import { header, parseEvent } from './request';
import { answer, json } from './responses';

export interface ImportJobRunsHandlerDeps extends StartImportJobRunDeps {
  readonly apiKeys: ApiKeyRepository;
}

const ImportJobId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/);

/** `POST /batch-import/import-jobs/{importJobId}/runs` (run now) → 202 with the new run's status body. */
export function createImportJobRunsHandler(deps: ImportJobRunsHandlerDeps) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
    answer(deps.logger, async () => {
      const request = parseEvent(event);
      const principal = await authenticate(deps, header(request, 'authorization'));
      const importJobId = ImportJobId.safeParse(request.pathParameters?.importJobId);
      // A malformed id cannot name any import job: answer like an unknown one.
      if (!importJobId.success) throw new DomainError('NOT_FOUND', 'Import job not found');
      return json(202, await runImportJobNow(deps, principal, importJobId.data));
    });
}

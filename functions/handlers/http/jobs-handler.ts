import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { DomainError } from '../../core/errors';
import type { ApiKeyRepository, Clock, Logger, ObjectStore, RunRepository } from '../../core/ports';
import { authenticate } from '../../core/use-cases/authenticate';
import { getJob } from '../../core/use-cases/get-job';
import { listJobs } from '../../core/use-cases/list-jobs';
import { getFailures } from '../../core/use-cases/get-failure-reports';
import { header, parseEvent } from './request';
import { answer, json } from './responses';

export interface JobsHandlerDeps {
  readonly apiKeys: ApiKeyRepository;
  readonly runs: RunRepository;
  /** Read for `?include=failures`. */
  readonly objects: ObjectStore;
  readonly clock: Clock;
  readonly logger: Logger;
}

const JobId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);

/** `include` is a comma-separated list (§6); names it does not know are ignored, as the vendor's route does. */
const includes = (request: ReturnType<typeof parseEvent>, name: string): boolean =>
  (request.queryStringParameters?.include ?? '').split(',').some((part) => part.trim() === name);

/**
 * `GET /batch-import/jobs/{jobId}`: the polling endpoint; with `?include=failures`, the kind's failures body.
 * `GET /batch-import/jobs`: the unified history.
 */
export function createJobsHandler(deps: JobsHandlerDeps) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
    answer(deps.logger, async () => {
      const request = parseEvent(event);
      const principal = await authenticate(deps, header(request, 'authorization'));
      if (request.pathParameters?.jobId === undefined) {
        return json(200, await listJobs(deps, principal, request.queryStringParameters ?? {}));
      }
      const jobId = JobId.safeParse(request.pathParameters.jobId);
      // A malformed id cannot name any job: answer like an unknown one.
      if (!jobId.success) throw new DomainError('NOT_FOUND', 'Job not found');
      if (includes(request, 'failures')) return json(200, await getFailures(deps, principal, jobId.data));
      return json(200, await getJob(deps, principal, jobId.data));
    });
}

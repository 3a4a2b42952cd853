import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { DomainError } from '../../core/errors';
import { JOB_KINDS, READ_JOB_SCOPES } from '../../core/kinds';
import type { ApiKeyRepository } from '../../core/ports';
import { CONTROL_ACTIONS } from '../../core/control/control-rules';
import { authenticate } from '../../core/use-cases/authenticate';
import { controlJob, type ControlJobDeps } from '../../core/use-cases/control-job';
import { afterScope, bodyBytes, header, parseEvent, parseJsonText } from './request';
import { answer, json } from './responses';

export interface ControlHandlerDeps extends ControlJobDeps {
  readonly apiKeys: ApiKeyRepository;
}

const JobId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);

const ControlBody = z.object({
  kind: z.enum(JOB_KINDS).optional(),
  action: z.enum(CONTROL_ACTIONS),
});

/** `POST /batch-import/jobs/{jobId}/control { kind?, action }` (§6): answers the job's status body. */
export function createControlHandler(deps: ControlHandlerDeps) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
    answer(deps.logger, async () => {
      const request = parseEvent(event);
      const principal = await authenticate(deps, header(request, 'authorization'));
      const jobId = JobId.safeParse(request.pathParameters?.jobId);
      // A malformed id cannot name any job: answer like an unknown one.
      if (!jobId.success) throw new DomainError('NOT_FOUND', 'Job not found');
      // Only a key that holds some kind's scope may control a job; which kind's is known once the job is read.
      const body = afterScope(principal, READ_JOB_SCOPES, () =>
        parseJsonText(bodyBytes(request).toString('utf8'), 'The body must be a JSON object { kind?, action }'),
      );
      const parsed = ControlBody.safeParse(body);
      if (!parsed.success) {
        throw new DomainError('VALIDATION_ERROR', 'The body must be { kind?, action: "pause" | "resume" | "cancel" }', {
          issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
        });
      }
      return json(200, await controlJob(deps, principal, jobId.data, parsed.data));
    });
}

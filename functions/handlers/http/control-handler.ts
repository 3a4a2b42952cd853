import { ControlBody } from '../../contract/answers';
import { DomainError } from '../../core/errors';
import type { ApiKeyRepository } from '../../core/ports';
import { controlJob, type ControlJobDeps } from '../../core/use-cases/control-job';
import { dispatch } from './dispatch';
import { bodyJson } from './request';
import { json } from './responses';
import type { DashboardSessions } from './session-cookie';

export interface ControlHandlerDeps extends ControlJobDeps {
  /** Lets the dashboard's session cookie stand for the key (dispatch.ts). @default keys only */
  readonly sessions?: DashboardSessions;
  readonly apiKeys: ApiKeyRepository;
}

/** `POST /batch-import/jobs/{jobId}/control { kind?, action }` (§6): answers the job's status body. */
export function createControlHandler(deps: ControlHandlerDeps) {
  return dispatch(deps, {
    controlJob: async ({ principal, path, event }) => {
      // Read only once the job's kind is known and the key holds its scope: dispatch checked some kind's scope.
      const readBody = () => {
        const body = bodyJson(event, 'The body must be a JSON object { kind?, action }');
        // The route table's request schema, the one the OpenAPI document shows.
        const parsed = ControlBody.safeParse(body);
        if (!parsed.success) {
          throw new DomainError('VALIDATION_ERROR', 'The body must be { kind?, action: "pause" | "resume" | "cancel" }', {
            issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
          });
        }
        return parsed.data;
      };
      return json(200, await controlJob(deps, principal, path.jobId, readBody));
    },
  });
}

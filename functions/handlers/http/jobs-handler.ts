import type { ApiKeyRepository, Clock, Logger, ObjectStore, RunRepository } from '../../core/ports';
import { getJob } from '../../core/use-cases/get-job';
import { listJobs } from '../../core/use-cases/list-jobs';
import { getFailures } from '../../core/use-cases/get-failure-reports';
import { dispatch } from './dispatch';
import { json } from './responses';
import type { DashboardSessions } from './session-cookie';

export interface JobsHandlerDeps {
  /** Lets the dashboard's session cookie stand for the key (dispatch.ts). @default keys only */
  readonly sessions?: DashboardSessions;
  readonly apiKeys: ApiKeyRepository;
  readonly runs: RunRepository;
  /** Read for `?include=failures`. */
  readonly objects: ObjectStore;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** `include` is a comma-separated list (§6); names it does not know are ignored, as the vendor's route does. */
const includes = (query: Readonly<Record<string, string | undefined>>, name: string): boolean =>
  (query.include ?? '').split(',').some((part) => part.trim() === name);

/**
 * `GET /batch-import/jobs/{jobId}`: the polling endpoint; with `?include=failures`, the kind's failures body.
 * `GET /batch-import/jobs`: the unified history.
 */
export function createJobsHandler(deps: JobsHandlerDeps) {
  return dispatch(deps, {
    listJobs: async ({ principal, query }) => json(200, await listJobs(deps, principal, query)),
    getJob: async ({ principal, path, query }) =>
      json(200, includes(query, 'failures') ? await getFailures(deps, principal, path.jobId) : await getJob(deps, principal, path.jobId)),
  });
}

import type { ApiKeyRepository } from '../../core/ports';
import { runImportJobNow } from '../../core/use-cases/run-import-job-now';
import type { StartImportJobRunDeps } from '../../core/use-cases/start-import-job-run';
import { dispatch } from './dispatch';
import { json } from './responses';
import type { DashboardSessions } from './session-cookie';

export interface ImportJobRunsHandlerDeps extends StartImportJobRunDeps {
  /** Lets the dashboard's session cookie stand for the key (dispatch.ts). @default keys only */
  readonly sessions?: DashboardSessions;
  readonly apiKeys: ApiKeyRepository;
}

/** `POST /batch-import/import-jobs/{importJobId}/runs` (run now) → 202 with the new run's status body. */
export function createImportJobRunsHandler(deps: ImportJobRunsHandlerDeps) {
  return dispatch(deps, {
    runImportJobNow: async ({ principal, path }) => json(202, await runImportJobNow(deps, principal, path.importJobId)),
  });
}

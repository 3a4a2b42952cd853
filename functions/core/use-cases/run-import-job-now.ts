import type { Principal } from '../auth/api-key';
import { requireScope } from '../auth/scopes';
import { DomainError, notFound } from '../errors';
import type { ImportJobStatus } from '../import-jobs/import-job';
import { toJobView, type JobView } from '../runs/job-view';
import { startImportJobRun, type StartImportJobRunDeps } from './start-import-job-run';

/**
 * Statuses in which a person may start a run by hand: a job that is set up. A paused or halted job runs once
 * without being reactivated (to try a fixed file or mapping); its schedule stays as it is, and it gets no reruns,
 * which only active jobs get. A job still being set up has nothing to run with yet.
 */
export const RUNNABLE_NOW: readonly ImportJobStatus[] = ['active', 'paused', 'halted', 'completed'];

/** `POST /batch-import/import-jobs/{id}/runs`: one run now, outside the schedule; answers the new run's status body. */
export async function runImportJobNow(
  deps: StartImportJobRunDeps,
  principal: Principal,
  importJobId: string,
): Promise<{ success: true; job: JobView }> {
  requireScope(principal, ['import-jobs:manage']);
  const job = await deps.importJobs.get(principal.orgId, importJobId);
  if (!job) throw notFound('Import job');
  if (!RUNNABLE_NOW.includes(job.status)) {
    throw new DomainError('CONFLICT', `An import job that is ${job.status} cannot run: finish setting it up and activate it`, {
      status: job.status,
    });
  }
  const runId = await startImportJobRun(deps, job, { trigger: 'manual', attempt: 1 }, deps.ids.newId());
  const run = await deps.runs.get(runId);
  if (!run) throw new Error(`Run ${runId} vanished after it was created`);
  return { success: true, job: toJobView(run, deps.clock.now()) };
}

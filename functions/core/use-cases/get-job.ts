import type { Principal } from '../auth/api-key';
import { requireScope } from '../auth/scopes';
import { notFound } from '../errors';
import { READ_JOB_SCOPES } from '../kinds';
import type { Clock, RunRepository } from '../ports';
import { toJobView, type JobView } from '../runs/job-view';

/** One run by id: a direct lookup. Another org's run answers exactly like a missing one (404, never 403). */
export async function getJob(
  deps: { runs: RunRepository; clock: Clock },
  principal: Principal,
  runId: string,
): Promise<{ success: true; job: JobView }> {
  requireScope(principal, READ_JOB_SCOPES);
  const run = await deps.runs.get(runId);
  if (!run || run.orgId !== principal.orgId) throw notFound('Job');
  return { success: true, job: toJobView(run, deps.clock.now()) };
}

import type { Context } from 'aws-lambda';
import { appendLogKeys, invocationLogKeys, withLogKeys } from '../../adapters/logger';
import { ScheduledRunEventSchema } from '../../core/scheduling/target-input';
import { startScheduledRun, type ScheduledRunOutcome, type StartImportJobRunDeps } from '../../core/use-cases/start-import-job-run';

export type RunImportJobResult = ScheduledRunOutcome | { readonly started: false; readonly reason: 'invalid_event' };

/**
 * The target of every schedule of an import job (EventBridge Scheduler invokes it with the schedule's input).
 * An input that is not a run request is logged and dropped: invoking again could not fix it. Anything else that
 * goes wrong is thrown, so Scheduler delivers the firing again (its retry policy) and the run is finished then.
 */
export function createRunImportJobHandler(deps: StartImportJobRunDeps) {
  return async (event: unknown, context?: Context): Promise<RunImportJobResult> =>
    withLogKeys(invocationLogKeys(event, context), () => runOnce(deps, event, context));
}

async function runOnce(deps: StartImportJobRunDeps, event: unknown, context?: Context): Promise<RunImportJobResult> {
  const parsed = ScheduledRunEventSchema.safeParse(event);
  if (!parsed.success) {
    deps.logger.error('Dropped a schedule input that is not a run request', {
      requestId: context?.awsRequestId,
      issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    });
    return { started: false, reason: 'invalid_event' };
  }
  appendLogKeys({ importJobId: parsed.data.importJobId });
  return startScheduledRun(deps, parsed.data);
}

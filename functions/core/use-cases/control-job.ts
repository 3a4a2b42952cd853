import type { Principal } from '../auth/api-key';
import { requireScope } from '../auth/scopes';
import { DomainError, notFound } from '../errors';
import { SCOPE_BY_KIND, type JobKind } from '../kinds';
import type { ChunkQueue, Clock, Logger, ObjectStore, RunRepository } from '../ports';
import { leaseExpiry } from '../runs/lease';
import { toJobView, type JobView } from '../runs/job-view';
import type { Run } from '../runs/run';
import { allows, isCancelRequested, type ControlAction } from '../control/control-rules';
import type { ObjectRemover, RunControl } from '../control/ports';
import { releaseParkedChunks } from '../control/release-parked';
import { closeRunIfDone } from './close-run';

export interface ControlJobDeps {
  readonly runs: RunRepository & RunControl;
  readonly objects: ObjectStore & ObjectRemover;
  readonly chunks: ChunkQueue;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly leaseSeconds: number;
}

export interface ControlRequest {
  readonly kind?: JobKind;
  readonly action: ControlAction;
}

/**
 * `POST /batch-import/jobs/{jobId}/control` (§6): pause, resume or cancel a batch job, cooperatively: the workers
 * see the change between chunks. Answers the job as `GET /batch-import/jobs/{jobId}` does. An action the run's
 * state does not allow is a 409 `INVALID_STATUS_TRANSITION`, except that a repeated resume or cancel finishes sending back
 * parked chunks that an earlier one left behind (it crashed or timed out half-way).
 */
export async function controlJob(
  deps: ControlJobDeps,
  principal: Principal,
  runId: string,
  body: ControlRequest | (() => ControlRequest),
): Promise<{ success: true; job: JobView }> {
  const run = await deps.runs.get(runId);
  if (!run || run.orgId !== principal.orgId) throw notFound('Job');
  requireScope(principal, [SCOPE_BY_KIND[run.kind]]);
  // A handler passes the body as a function, read only now: another org's job answers 404 and a key without this
  // kind's scope 403, whatever the body holds.
  const request = typeof body === 'function' ? body() : body;
  if (request.kind !== undefined && request.kind !== run.kind) {
    throw new DomainError('VALIDATION_ERROR', `Job ${runId} is a ${run.kind} job, not ${request.kind}`, { kind: run.kind });
  }

  const done = await ACTIONS[request.action](deps, run);
  if (!done) {
    const now = (await deps.runs.get(runId)) ?? run;
    throw new DomainError('INVALID_STATUS_TRANSITION', `A ${describe(now)} job cannot be ${PAST[request.action]}`, {
      action: request.action,
      status: now.state,
      ...(isCancelRequested(now) ? { batchCancelRequested: true } : {}),
    });
  }
  const after = (await deps.runs.get(runId)) ?? run;
  deps.logger.info('Job controlled', { jobId: runId, action: request.action, status: after.state });
  return { success: true, job: toJobView(after, deps.clock.now()) };
}

type Handler = (deps: ControlJobDeps, run: Run) => Promise<boolean>;

const ACTIONS: Record<ControlAction, Handler> = {
  async pause(deps, run) {
    return allows(run, 'pause') && deps.runs.pause(run.runId, deps.clock.now().toISOString());
  },

  async resume(deps, run) {
    if (allows(run, 'resume')) {
      const now = deps.clock.now();
      const pausedSince = run.control.pausedAt ?? undefined;
      if (!(await deps.runs.resume(run.runId, now.toISOString(), leaseExpiry(now, deps.leaseSeconds), pausedSince))) return false;
      await releaseParkedChunks(deps, run.runId);
      // Paused after its last chunk was recorded: nothing will come back to close it.
      await closeRunIfDone(deps, run.runId);
      return true;
    }
    return run.state === 'running' && !isCancelRequested(run) && (await releaseParkedChunks(deps, run.runId)) > 0;
  },

  async cancel(deps, run) {
    const now = deps.clock.now();
    if (run.state === 'queued') {
      // The cancelled run's terminal write is its run-ended event (read from the table's stream).
      if (await deps.runs.cancelQueued(run.runId, 'failed', now.toISOString())) return true;
      // It started meanwhile: cancel it as a started run.
      const started = await deps.runs.get(run.runId);
      if (!started || started.state === 'queued') return false;
      return ACTIONS.cancel(deps, started);
    }
    if (allows(run, 'cancel')) {
      if (!(await deps.runs.requestCancel(run.runId, now.toISOString(), leaseExpiry(now, deps.leaseSeconds)))) return false;
      // A paused run's parked chunks go back to the queue, where the row processor sets them aside.
      await releaseParkedChunks(deps, run.runId);
      await closeRunIfDone(deps, run.runId);
      return true;
    }
    return run.state === 'running' && isCancelRequested(run) && (await releaseParkedChunks(deps, run.runId)) > 0;
  },
};

const PAST: Record<ControlAction, string> = { pause: 'paused', resume: 'resumed', cancel: 'cancelled' };

function describe(run: Run): string {
  return isCancelRequested(run) && run.state === 'running' ? 'cancelling' : run.state;
}

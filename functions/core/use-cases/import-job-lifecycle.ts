import type { Principal } from '../auth/api-key';
import { DomainError, notFound } from '../errors';
import type { ImportJob, ImportJobStatus } from '../import-jobs/import-job';
import { toImportJobView, type ImportJobView } from '../import-jobs/import-job-input';
import { applyTransition, expectedFrom, invalidTransition, TRANSITIONS, type ImportJobTransition } from '../import-jobs/status-machine';
import type { ScheduleDefinition } from '../scheduling/ports';
import { scheduleNames } from '../scheduling/schedule-names';
import { ownImportJob, requireManage, resolveColumns, type ImportJobDeps } from './import-job-deps';
import { requireFutureSchedule } from './manage-import-jobs';

type Answer = Promise<{ success: true; importJob: ImportJobView }>;

/** The job's own schedule: it starts attempt 1 of a run each time it fires. */
export function regularSchedule(job: ImportJob, enabled: boolean): ScheduleDefinition {
  return {
    name: scheduleNames(job.id).regular,
    timing: job.schedule,
    request: { orgId: job.orgId, importJobId: job.id, trigger: 'schedule', attempt: 1 },
    enabled,
  };
}

/**
 * Writes a move conditionally on the status it starts from. When another request moved the job first, the 409
 * names the status it is in now, as if this request had come second (it did).
 */
async function commit(deps: ImportJobDeps, job: ImportJob, transition: ImportJobTransition, expected: readonly ImportJobStatus[]): Promise<ImportJob> {
  const moved = applyTransition(job, transition, deps.clock.now().toISOString());
  if (await deps.importJobs.replace(moved, expected)) return moved;
  const now = await deps.importJobs.get(job.orgId, job.id);
  if (!now) throw notFound('Import job');
  throw invalidTransition(now.status, TRANSITIONS[transition].to);
}

/** Puts a moved job back where it was when the scheduler could not follow, so status and schedule agree. */
async function rollBack(deps: ImportJobDeps, before: ImportJob, after: ImportJob, error: unknown): Promise<never> {
  const restored = await deps.importJobs.replace(before, [after.status]).catch(() => false);
  deps.logger.error('Scheduler call failed; import job status rolled back', {
    importJobId: before.id,
    from: after.status,
    to: before.status,
    restored,
    error: error instanceof Error ? error.message : String(error),
  });
  throw error;
}

/** A job runs with a mapping (§7): a saved one that still exists and fits its kind, or an inline one. */
async function requireRunnable(deps: ImportJobDeps, job: ImportJob): Promise<void> {
  if (job.mappingId === null && job.columnMapping === null) {
    throw new DomainError('INVALID_MAPPING', 'Set a mappingId or a columnMapping before activating the job (POST …/sample suggests one)');
  }
  await resolveColumns(deps, job.orgId, job.kind, job);
  requireFutureSchedule(job.schedule, deps.clock.now());
}

/** `POST …/{id}/activate`: draft → active, and its schedule created, enabled. */
export async function activateImportJob(deps: ImportJobDeps, principal: Principal, id: string): Answer {
  requireManage(principal);
  const job = await ownImportJob(deps, principal, id);
  if (!expectedFrom('activate').includes(job.status)) throw invalidTransition(job.status, 'active');
  await requireRunnable(deps, job);
  const active = await commit(deps, job, 'activate', expectedFrom('activate'));
  const schedule = regularSchedule(active, true);
  try {
    await deps.scheduler.put(schedule);
  } catch (error) {
    return rollBack(deps, job, active, error);
  }
  // Deleted while its schedule was being created: the delete found a draft and left no schedule to remove.
  if (!(await deps.importJobs.get(job.orgId, job.id))) {
    await deps.scheduler.delete(schedule.name);
    throw notFound('Import job');
  }
  deps.logger.info('Import job activated', { importJobId: id, schedule: schedule.name });
  return { success: true, importJob: toImportJobView(active) };
}

/** `POST …/{id}/pause`: active → paused, its schedule disabled (kept, so reactivating is one call). */
export async function pauseImportJob(deps: ImportJobDeps, principal: Principal, id: string): Answer {
  requireManage(principal);
  const job = await ownImportJob(deps, principal, id);
  if (!expectedFrom('pause').includes(job.status)) throw invalidTransition(job.status, 'paused');
  const paused = await commit(deps, job, 'pause', expectedFrom('pause'));
  try {
    const found = await deps.scheduler.setEnabled(scheduleNames(job.id).regular, false);
    // A one-time schedule deletes itself after it fires; nothing is left to disable then.
    if (!found) deps.logger.info('Paused import job had no schedule to disable', { importJobId: id });
  } catch (error) {
    return rollBack(deps, job, paused, error);
  }
  return { success: true, importJob: toImportJobView(paused) };
}

/**
 * `POST …/{id}/reactivate`: paused or halted → active. The schedule is put whole, enabled: that re-creates one
 * that is gone and applies what was changed while the job was stopped.
 */
export async function reactivateImportJob(deps: ImportJobDeps, principal: Principal, id: string): Answer {
  requireManage(principal);
  const job = await ownImportJob(deps, principal, id);
  if (!expectedFrom('reactivate').includes(job.status)) throw invalidTransition(job.status, 'active');
  await requireRunnable(deps, job);
  const active = await commit(deps, job, 'reactivate', [job.status]);
  try {
    await deps.scheduler.put(regularSchedule(active, true));
  } catch (error) {
    return rollBack(deps, job, active, error);
  }
  deps.logger.info('Import job reactivated', { importJobId: id, from: job.status });
  return { success: true, importJob: toImportJobView(active) };
}

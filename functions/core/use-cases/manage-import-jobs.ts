import { z } from 'zod';
import type { Principal } from '../auth/api-key';
import { requireScope } from '../auth/scopes';
import { DomainError, notFound } from '../errors';
import { DEFAULT_FORMAT } from '../files/format';
import type { ImportJob } from '../import-jobs/import-job';
import { ImportJobPatch, NewImportJobInput, parseInput, toImportJobView, type ImportJobView } from '../import-jobs/import-job-input';
import { toImportJobRunView, toLastRunView, type ImportJobRunView, type LastRunView } from '../import-jobs/run-history';
import { onceInstant } from '../import-jobs/schedule-input';
import { dropPrefixOf } from '../import-jobs/source';
import { EDITABLE_STATUSES, SCHEDULED_STATUSES } from '../import-jobs/status-machine';
import { scheduleNames } from '../scheduling/schedule-names';
import type { ScheduleTiming } from '../scheduling/ports';
import { ownImportJob, READ_SCOPES, requireManage, resolveColumns, type ImportJobDeps } from './import-job-deps';

/** How many of a job's runs the list shows (§7 "last 5 runs"). */
export const LAST_RUNS = 5;

export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(2048).optional(),
});

/** A one-time schedule must still be ahead when it is saved or armed; Scheduler would never fire it otherwise. */
export function requireFutureSchedule(schedule: ScheduleTiming, now: Date): void {
  if (schedule.type === 'once' && onceInstant(schedule).getTime() <= now.getTime()) {
    throw new DomainError('VALIDATION_ERROR', `schedule.at (${schedule.at} ${schedule.timezone ?? 'UTC'}) is in the past: set a later time`, {
      'schedule.at': 'in the past',
    });
  }
}

/** `POST /batch-import/import-jobs` → `draft`, with a drop prefix of its own (§7). */
export async function createImportJob(
  deps: ImportJobDeps,
  principal: Principal,
  input: unknown,
): Promise<{ success: true; importJob: ImportJobView }> {
  requireManage(principal);
  const fields = parseInput(NewImportJobInput, input, 'import job');
  const now = deps.clock.now();
  requireFutureSchedule(fields.schedule, now);
  const columns = { mappingId: fields.mappingId ?? null, columnMapping: fields.columnMapping ?? null };
  await resolveColumns(deps, principal.orgId, fields.kind, columns);
  const id = deps.ids.newId();
  const at = now.toISOString();
  const job: ImportJob = {
    id,
    orgId: principal.orgId,
    status: 'draft',
    name: fields.name,
    kind: fields.kind,
    namespace: fields.namespace,
    ...columns,
    format: fields.format ?? DEFAULT_FORMAT,
    source: {
      bucket: deps.uploadBucket,
      prefix: dropPrefixOf(principal.orgId, id),
      filenamePattern: fields.source.filenamePattern,
      maxFileAgeHours: fields.source.maxFileAgeHours ?? null,
    },
    schedule: fields.schedule,
    notifications: { emails: fields.notifications.emails, events: fields.notifications.events ?? [] },
    statusReason: null,
    createdAt: at,
    updatedAt: at,
  };
  await deps.importJobs.create(job);
  deps.logger.info('Import job created', { importJobId: id, kind: job.kind });
  return { success: true, importJob: toImportJobView(job) };
}

export async function getImportJob(
  deps: ImportJobDeps,
  principal: Principal,
  id: string,
): Promise<{ success: true; importJob: ImportJobView }> {
  requireScope(principal, READ_SCOPES);
  return { success: true, importJob: toImportJobView(await ownImportJob(deps, principal, id)) };
}

/** The org's import jobs, newest first, a page at a time, each with its last 5 runs (one index query per job). */
export async function listImportJobs(
  deps: ImportJobDeps,
  principal: Principal,
  rawQuery: unknown,
): Promise<{ success: true; importJobs: Array<ImportJobView & { lastRuns: LastRunView[] }>; nextCursor: string | null }> {
  requireScope(principal, READ_SCOPES);
  const query = parseInput(PageQuery, rawQuery, 'query');
  const page = await deps.importJobs.listByOrg(principal.orgId, query);
  const importJobs = await Promise.all(
    page.importJobs.map(async (job) => {
      const { runs } = await deps.importJobRuns.listByImportJob(principal.orgId, job.id, { limit: LAST_RUNS });
      return { ...toImportJobView(job), lastRuns: runs.map(toLastRunView) };
    }),
  );
  return { success: true, importJobs, nextCursor: page.nextCursor };
}

/** `GET …/{id}/runs`: the job's run history, newest first (§7). */
export async function listImportJobRuns(
  deps: ImportJobDeps,
  principal: Principal,
  id: string,
  rawQuery: unknown,
): Promise<{ success: true; runs: ImportJobRunView[]; nextCursor: string | null }> {
  requireScope(principal, READ_SCOPES);
  const query = parseInput(PageQuery, rawQuery, 'query');
  await ownImportJob(deps, principal, id);
  const page = await deps.importJobRuns.listByImportJob(principal.orgId, id, query);
  return { success: true, runs: page.runs.map(toImportJobRunView), nextCursor: page.nextCursor };
}

/**
 * PATCH: while the job is set up, paused or halted (EDITABLE_STATUSES). An active job is paused first, so its
 * schedule never fires on a half-changed definition; reactivating it arms the schedule as it then stands.
 */
export async function updateImportJob(
  deps: ImportJobDeps,
  principal: Principal,
  id: string,
  input: unknown,
): Promise<{ success: true; importJob: ImportJobView }> {
  requireManage(principal);
  const patch = parseInput(ImportJobPatch, input, 'import job');
  const current = await ownImportJob(deps, principal, id);
  if (!EDITABLE_STATUSES.includes(current.status)) throw notEditable(current.status);
  if (patch.schedule) requireFutureSchedule(patch.schedule, deps.clock.now());

  // Naming one way of mapping replaces the other; both at once is refused below.
  const columns = {
    mappingId: patch.mappingId !== undefined ? patch.mappingId : patch.columnMapping ? null : current.mappingId,
    columnMapping: patch.columnMapping !== undefined ? patch.columnMapping : patch.mappingId ? null : current.columnMapping,
  };
  await resolveColumns(deps, principal.orgId, current.kind, columns);
  const updated: ImportJob = {
    ...current,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.namespace !== undefined ? { namespace: patch.namespace } : {}),
    ...(patch.format !== undefined ? { format: patch.format } : {}),
    ...(patch.schedule !== undefined ? { schedule: patch.schedule } : {}),
    ...(patch.source !== undefined
      ? { source: { ...current.source, filenamePattern: patch.source.filenamePattern, maxFileAgeHours: patch.source.maxFileAgeHours ?? null } }
      : {}),
    ...(patch.notifications !== undefined
      ? { notifications: { emails: patch.notifications.emails, events: patch.notifications.events ?? [] } }
      : {}),
    ...columns,
    updatedAt: deps.clock.now().toISOString(),
  };
  // Conditional on the status read: a job activated meanwhile is not changed under its schedule.
  if (!(await deps.importJobs.replace(updated, [current.status]))) {
    const now = await deps.importJobs.get(principal.orgId, id);
    if (!now) throw notFound('Import job');
    throw notEditable(now.status);
  }
  return { success: true, importJob: toImportJobView(updated) };
}

function notEditable(status: ImportJob['status']): DomainError {
  const hint = status === 'active' ? ': pause it first' : '';
  return new DomainError('CONFLICT', `An import job cannot be changed while it is ${status}${hint}`, {
    status,
    editableIn: EDITABLE_STATUSES,
  });
}

/**
 * DELETE: its schedules first (the regular one and every rerun the run policy may have left), then the job, so a
 * failure half-way leaves a job the person can delete again rather than schedules nobody can find. Runs it
 * started stay in the unified history.
 */
export async function deleteImportJob(
  deps: ImportJobDeps,
  principal: Principal,
  id: string,
): Promise<{ success: true; ok: true }> {
  requireManage(principal);
  const job = await ownImportJob(deps, principal, id);
  // A job that was never activated has no schedule to delete.
  if (SCHEDULED_STATUSES.includes(job.status)) {
    for (const name of scheduleNames(job.id).all(deps.runRetryCount)) await deps.scheduler.delete(name);
  }
  if (!(await deps.importJobs.delete(principal.orgId, id))) throw notFound('Import job');
  deps.logger.info('Import job deleted', { importJobId: id });
  return { success: true, ok: true };
}

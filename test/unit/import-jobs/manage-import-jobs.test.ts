import { DomainError } from '../../../functions/core/errors';
import type { ImportJob, ImportJobStatus } from '../../../functions/core/import-jobs/import-job';
import { IMPORT_JOB_STATUSES } from '../../../functions/core/import-jobs/import-job';
import { activateImportJob, pauseImportJob, reactivateImportJob } from '../../../functions/core/use-cases/import-job-lifecycle';
import {
  createImportJob,
  deleteImportJob,
  getImportJob,
  listImportJobRuns,
  listImportJobs,
  updateImportJob,
} from '../../../functions/core/use-cases/manage-import-jobs';
import { presignDropFile } from '../../../functions/core/use-cases/presign-drop-file';
import { newRun } from '../../../functions/core/runs/new-run';
import { createImportJobWorld, newJobBody } from '../../support/import-job-world';
import { principal } from '../../support/world';

const manager = principal('org-a', ['import-jobs:manage']);
const reader = principal('org-a', ['transactions:create']);

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

async function setup(body: Record<string, unknown> = newJobBody()) {
  const world = createImportJobWorld();
  const { importJob } = await createImportJob(world.deps, manager, body);
  /** Puts the stored job in a status directly, as the system or an earlier request would have. */
  const force = (status: ImportJobStatus, extra: Partial<ImportJob> = {}) => {
    const stored = world.importJobs.jobs.get(importJob.id) as ImportJob;
    world.importJobs.jobs.set(importJob.id, { ...stored, status, ...extra });
  };
  const stored = () => world.importJobs.jobs.get(importJob.id) as ImportJob;
  return { ...world, id: importJob.id, importJob, force, stored };
}

describe('Use case: createImportJob', () => {
  it('creates a draft with a drop prefix of its own in the upload bucket', async () => {
    // Arrange
    const world = createImportJobWorld();
    // Act
    const { importJob } = await createImportJob(world.deps, manager, newJobBody());
    // Assert
    const now = world.deps.clock.now().toISOString();
    expect(importJob).toEqual({
      id: 'job-0001',
      status: 'draft',
      name: 'Nightly transactions',
      kind: 'transaction_batch',
      namespace: 'default',
      mappingId: null,
      columnMapping: { 'External ID': 'externalId', Amount: 'amount', Currency: 'currency', Date: 'occurredAt' },
      format: { encoding: 'utf-8', columnDelimiter: null, rowDelimiter: 'auto' },
      source: { bucket: 'upload-bucket', prefix: 'drops/org-a/job-0001/', filenamePattern: 'tx-*.csv', maxFileAgeHours: 48 },
      schedule: { type: 'recurring', expression: 'cron(0 6 * * ? *)', timezone: 'Europe/Paris' },
      notifications: { emails: ['ops@example.com'], events: [] },
      statusReason: null,
      createdAt: now,
      updatedAt: now,
    });
    expect(world.importJobs.jobs.get('job-0001')?.orgId).toBe('org-a');
    expect(world.scheduler.calls).toEqual([]);
  });

  it('takes format options with their aliases, and a saved mapping of its kind', async () => {
    // Arrange
    const world = createImportJobWorld();
    await world.deps.mappings.create({
      id: 'map-1', orgId: 'org-a', name: 'm', target: 'transaction', columnMapping: { id: 'externalId' },
      defaultFields: {}, headersSnapshot: [], createdAt: 'x', updatedAt: 'x',
    });
    // Act
    const { importJob } = await createImportJob(world.deps, manager, newJobBody({
      columnMapping: undefined,
      mappingId: 'map-1',
      format: { encoding: 'latin1', columnDelimiter: 'semicolon', rowDelimiter: 'crlf' },
    }));
    // Assert
    expect(importJob.mappingId).toBe('map-1');
    expect(importJob.columnMapping).toBeNull();
    expect(importJob.format).toEqual({ encoding: 'iso-8859-1', columnDelimiter: ';', rowDelimiter: 'crlf' });
  });

  it.each([
    ['no name', { name: undefined }, 'name'],
    ['an unknown kind', { kind: 'orders' }, 'kind'],
    ['a bad namespace', { namespace: 'a b' }, 'namespace'],
    ['a bad encoding', { format: { encoding: 'ebcdic' } }, 'format.encoding'],
    ['a bad delimiter', { format: { columnDelimiter: '#' } }, 'format.columnDelimiter'],
    ['no source', { source: undefined }, 'source'],
    ['a pattern with a slash', { source: { filenamePattern: 'a/*.csv' } }, 'source.filenamePattern'],
    ['a zero file age', { source: { filenamePattern: '*.csv', maxFileAgeHours: 0 } }, 'source.maxFileAgeHours'],
    ['a source bucket (assigned by the service)', { source: { filenamePattern: '*.csv', bucket: 'mine' } }, 'source'],
    ['a bad cron', { schedule: { type: 'recurring', expression: 'cron(0 6 * * *)', timezone: 'UTC' } }, 'schedule.expression'],
    ['a bad rate', { schedule: { type: 'recurring', expression: 'rate(5 minute)', timezone: 'UTC' } }, 'schedule.expression'],
    ['an unknown zone', { schedule: { type: 'recurring', expression: 'rate(5 minutes)', timezone: 'Europe/Atlantis' } }, 'schedule.timezone'],
    ['a bad email', { notifications: { emails: ['not-an-email'] } }, 'notifications.emails.0'],
    ['eleven emails', { notifications: { emails: Array.from({ length: 11 }, (_, i) => `p${i}@example.com`) } }, 'notifications.emails'],
    ['an unknown event', { notifications: { emails: [], events: ['run_exploded'] } }, 'notifications.events.0'],
    ['an unknown field', { priority: 'high' }, '_'],
  ])('refuses %s (400 VALIDATION_ERROR naming the field)', async (_case, overrides, field) => {
    // Arrange
    const world = createImportJobWorld();
    // Act
    const error = await rejection(createImportJob(world.deps, manager, newJobBody(overrides)));
    // Assert
    expect([error.code, error.statusCode]).toEqual(['VALIDATION_ERROR', 400]);
    expect(Object.keys(error.details as object)).toContain(field);
    expect(world.importJobs.jobs.size).toBe(0);
  });

  it('refuses a one-time schedule in the past', async () => {
    const world = createImportJobWorld();
    const error = await rejection(createImportJob(world.deps, manager, newJobBody({ schedule: { type: 'once', at: '2026-11-25T09:59:00Z' } })));
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message).toContain('in the past');
  });

  it.each([
    ['an unknown mappingId', { columnMapping: undefined, mappingId: 'nope' }],
    ["another org's mapping", { columnMapping: undefined, mappingId: 'map-b' }],
    ['a mapping for another kind', { columnMapping: undefined, mappingId: 'map-entity' }],
    ['both mappingId and columnMapping', { mappingId: 'map-tx' }],
    ['a columnMapping onto unknown fields', { columnMapping: { x: 'taxId' } }],
  ])('refuses %s (400 INVALID_MAPPING)', async (_case, overrides) => {
    // Arrange
    const world = createImportJobWorld();
    const mapping = (id: string, orgId: string, target: 'transaction' | 'entity_company') =>
      world.deps.mappings.create({ id, orgId, name: id, target, columnMapping: {}, defaultFields: {}, headersSnapshot: [], createdAt: 'x', updatedAt: 'x' });
    await mapping('map-b', 'org-b', 'transaction');
    await mapping('map-entity', 'org-a', 'entity_company');
    await mapping('map-tx', 'org-a', 'transaction');
    // Act
    const error = await rejection(createImportJob(world.deps, manager, newJobBody(overrides)));
    // Assert
    expect([error.code, error.statusCode]).toEqual(['INVALID_MAPPING', 400]);
  });

  it('needs import-jobs:manage to create; any scope reads', async () => {
    const { deps, id } = await setup();
    expect((await rejection(createImportJob(deps, reader, newJobBody()))).statusCode).toBe(403);
    expect((await getImportJob(deps, reader, id)).importJob.id).toBe(id);
    expect((await rejection(getImportJob(deps, principal('org-a', []), id))).statusCode).toBe(403);
  });

  it("answers another org's job as not found", async () => {
    const { deps, id } = await setup();
    const other = principal('org-b');
    for (const call of [getImportJob(deps, other, id), activateImportJob(deps, other, id), deleteImportJob(deps, other, id)]) {
      expect((await rejection(call)).statusCode).toBe(404);
    }
  });
});

describe('Status machine: only the moves §7 allows', () => {
  const moves = [
    ['activate', activateImportJob, ['draft'], 'active'],
    ['pause', pauseImportJob, ['active'], 'paused'],
    ['reactivate', reactivateImportJob, ['paused', 'halted'], 'active'],
  ] as const;
  const cases = moves.flatMap(([name, move, allowed, to]) =>
    IMPORT_JOB_STATUSES.map((from) => [name, from, allowed.includes(from as never), to, move] as const),
  );

  it.each(cases)('%s from %s: allowed %s', async (_name, from, allowed, to, move) => {
    // Arrange
    const { deps, id, force, stored } = await setup();
    force(from);
    // Act
    const outcome = await move(deps, manager, id).then(
      (answer) => ({ ok: true as const, status: answer.importJob.status }),
      (error: DomainError) => ({ ok: false as const, error }),
    );
    // Assert
    if (allowed) {
      expect(outcome).toEqual({ ok: true, status: to });
      expect(stored().status).toBe(to);
    } else {
      expect(outcome.ok).toBe(false);
      const error = (outcome as { error: DomainError }).error;
      expect([error.code, error.statusCode, error.details]).toEqual(['INVALID_STATUS_TRANSITION', 409, { from, to }]);
      expect(stored().status).toBe(from);
    }
  });
});

describe('Use case: activate, pause, reactivate (schedules through the Scheduler port)', () => {
  it('activate creates the enabled schedule, named after the job, that starts attempt 1', async () => {
    const { deps, id, scheduler } = await setup();
    await activateImportJob(deps, manager, id);
    expect([...scheduler.schedules.values()]).toEqual([
      {
        name: `import-job-${id}`,
        timing: { type: 'recurring', expression: 'cron(0 6 * * ? *)', timezone: 'Europe/Paris' },
        request: { orgId: 'org-a', importJobId: id, trigger: 'schedule', attempt: 1 },
        enabled: true,
      },
    ]);
  });

  it('activate needs a mapping (400 INVALID_MAPPING) and one that still exists', async () => {
    // Arrange
    const { deps, id, force, scheduler, stored } = await setup(newJobBody({ columnMapping: undefined }));
    // Act / Assert
    expect((await rejection(activateImportJob(deps, manager, id))).code).toBe('INVALID_MAPPING');
    force('draft', { mappingId: 'deleted-mapping' });
    expect((await rejection(activateImportJob(deps, manager, id))).code).toBe('INVALID_MAPPING');
    expect(stored().status).toBe('draft');
    expect(scheduler.calls).toEqual([]);
  });

  it('activate refuses a one-time schedule whose time has passed', async () => {
    const { deps, id, clock } = await setup(newJobBody({ schedule: { type: 'once', at: '2026-11-25T11:00:00Z' } }));
    clock.advance(2 * 3600_000);
    const error = await rejection(activateImportJob(deps, manager, id));
    expect(error.code).toBe('VALIDATION_ERROR');
  });

  it('a scheduler failure on activate leaves the job a draft and no schedule', async () => {
    // Arrange
    const { deps, id, scheduler, stored } = await setup();
    scheduler.failNext('put');
    // Act
    await expect(activateImportJob(deps, manager, id)).rejects.toThrow('scheduler unavailable');
    // Assert
    expect(stored().status).toBe('draft');
    expect(scheduler.schedules.size).toBe(0);
    // And it can be activated once the scheduler is back.
    expect((await activateImportJob(deps, manager, id)).importJob.status).toBe('active');
  });

  it('two racing activations: one wins, the other is a 409', async () => {
    // Arrange
    const { deps, id, scheduler } = await setup();
    // Act
    const outcomes = await Promise.allSettled([activateImportJob(deps, manager, id), activateImportJob(deps, manager, id)]);
    // Assert
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect((rejected?.reason as DomainError).details).toEqual({ from: 'active', to: 'active' });
    expect(scheduler.calls.filter((call) => call.startsWith('put'))).toHaveLength(1);
  });

  it('pause disables the schedule and keeps it; reactivate enables it again', async () => {
    // Arrange
    const { deps, id, scheduler } = await setup();
    await activateImportJob(deps, manager, id);
    // Act
    const paused = await pauseImportJob(deps, manager, id);
    // Assert
    expect(paused.importJob.status).toBe('paused');
    expect(scheduler.schedules.get(`import-job-${id}`)?.enabled).toBe(false);
    const active = await reactivateImportJob(deps, manager, id);
    expect(active.importJob.status).toBe('active');
    expect(scheduler.schedules.get(`import-job-${id}`)?.enabled).toBe(true);
  });

  it('a scheduler failure on pause leaves the job active', async () => {
    const { deps, id, scheduler, stored } = await setup();
    await activateImportJob(deps, manager, id);
    scheduler.failNext('setEnabled');
    await expect(pauseImportJob(deps, manager, id)).rejects.toThrow('scheduler unavailable');
    expect(stored().status).toBe('active');
  });

  it('reactivate brings a halted job back, clears its reason and re-creates a schedule that is gone', async () => {
    // Arrange
    const { deps, id, force, scheduler, stored } = await setup();
    force('halted', { statusReason: 'The file no longer matches the mapping' });
    // Act
    await reactivateImportJob(deps, manager, id);
    // Assert
    expect(stored()).toMatchObject({ status: 'active', statusReason: null });
    expect(scheduler.schedules.get(`import-job-${id}`)).toMatchObject({ enabled: true, request: { attempt: 1, trigger: 'schedule' } });
  });

  it('reactivate arms the schedule as it was changed while paused', async () => {
    const { deps, id, scheduler } = await setup();
    await activateImportJob(deps, manager, id);
    await pauseImportJob(deps, manager, id);
    await updateImportJob(deps, manager, id, { schedule: { type: 'recurring', expression: 'rate(1 hour)', timezone: 'UTC' } });
    await reactivateImportJob(deps, manager, id);
    expect(scheduler.schedules.get(`import-job-${id}`)?.timing).toEqual({ type: 'recurring', expression: 'rate(1 hour)', timezone: 'UTC' });
  });
});

describe('Use case: updateImportJob (PATCH)', () => {
  it.each(IMPORT_JOB_STATUSES.map((status) => [status, ['draft', 'sampling_failed', 'paused', 'halted'].includes(status)] as const))(
    'in %s: allowed %s',
    async (status, allowed) => {
      const { deps, id, force, stored } = await setup();
      force(status);
      const outcome = await updateImportJob(deps, manager, id, { name: 'Renamed' }).then(
        () => 'ok',
        (error: DomainError) => `${error.statusCode} ${error.code}`,
      );
      expect(outcome).toBe(allowed ? 'ok' : '409 CONFLICT');
      expect(stored().name).toBe(allowed ? 'Renamed' : 'Nightly transactions');
    },
  );

  it('replaces the fields sent; the source keeps its bucket and prefix; one kind of mapping replaces the other', async () => {
    // Arrange
    const { deps, id, clock } = await setup();
    await deps.mappings.create({
      id: 'map-1', orgId: 'org-a', name: 'm', target: 'transaction', columnMapping: { id: 'externalId' },
      defaultFields: {}, headersSnapshot: [], createdAt: 'x', updatedAt: 'x',
    });
    clock.advance(1000);
    // Act
    const { importJob } = await updateImportJob(deps, manager, id, {
      mappingId: 'map-1',
      source: { filenamePattern: 'orders-*.csv' },
      notifications: { emails: [], events: ['run_failed', 'import_job_halted'] },
    });
    // Assert
    expect(importJob).toMatchObject({
      mappingId: 'map-1',
      columnMapping: null,
      source: { bucket: 'upload-bucket', prefix: `drops/org-a/${id}/`, filenamePattern: 'orders-*.csv', maxFileAgeHours: null },
      notifications: { emails: [], events: ['run_failed', 'import_job_halted'] },
      updatedAt: clock.now().toISOString(),
    });
    expect(importJob.createdAt).not.toBe(importJob.updatedAt);
  });

  it.each([
    ['kind', { kind: 'entity_automatic' }, 'VALIDATION_ERROR'],
    ['nothing', {}, 'VALIDATION_ERROR'],
    ['a mapping for another kind of file', { columnMapping: { CUIT: 'taxId' } }, 'INVALID_MAPPING'],
    ['a past one-time schedule', { schedule: { type: 'once', at: '2020-01-01T00:00:00Z' } }, 'VALIDATION_ERROR'],
  ])('refuses %s', async (_case, patch, code) => {
    const { deps, id } = await setup();
    expect((await rejection(updateImportJob(deps, manager, id, patch))).code).toBe(code);
  });
});

describe('Use case: deleteImportJob', () => {
  it('deletes a job that was never activated without touching the scheduler', async () => {
    const { deps, id, scheduler, importJobs } = await setup();
    expect(await deleteImportJob(deps, manager, id)).toEqual({ success: true, ok: true });
    expect(importJobs.jobs.size).toBe(0);
    expect(scheduler.calls).toEqual([]);
    expect((await rejection(getImportJob(deps, manager, id))).statusCode).toBe(404);
  });

  it('deletes the schedule and every rerun schedule of an activated job, then the job', async () => {
    // Arrange
    const { deps, id, scheduler, importJobs } = await setup();
    await activateImportJob(deps, manager, id);
    const regular = scheduler.schedules.get(`import-job-${id}`);
    if (!regular) throw new Error('no schedule');
    await scheduler.put({ ...regular, name: `import-job-${id}-retry-3`, request: { ...regular.request, trigger: 'retry', attempt: 3 } });
    // Act
    await deleteImportJob(deps, manager, id);
    // Assert
    expect(scheduler.schedules.size).toBe(0);
    expect(scheduler.calls.filter((call) => call.startsWith('delete'))).toEqual([
      `delete import-job-${id}`,
      ...[2, 3, 4, 5, 6].map((n) => `delete import-job-${id}-retry-${n}`),
    ]);
    expect(importJobs.jobs.size).toBe(0);
  });

  it('keeps the job when its schedules cannot be deleted, so deleting again finishes the work', async () => {
    const { deps, id, scheduler, importJobs } = await setup();
    await activateImportJob(deps, manager, id);
    scheduler.failNext('delete');
    await expect(deleteImportJob(deps, manager, id)).rejects.toThrow('scheduler unavailable');
    expect(importJobs.jobs.size).toBe(1);
    await deleteImportJob(deps, manager, id);
    expect(importJobs.jobs.size).toBe(0);
  });
});

describe('Use case: list and run history', () => {
  async function addRun(
    world: Awaited<ReturnType<typeof setup>>,
    jobId: string,
    importJobId: string | null,
    counters: { totalItems: number | null; succeeded: number; failed: number; skipped: number },
    orgId = 'org-a',
  ) {
    const run = newRun({
      runId: jobId,
      orgId,
      kind: 'transaction_batch',
      options: { namespace: 'default', format: { encoding: 'utf-8', columnDelimiter: null, rowDelimiter: 'auto' }, columnMapping: null, defaultFields: null, mappingId: null, kindOptions: {}, reportRecipientEmails: [] },
      files: [{ fileName: 'tx-1.csv', format: 'csv', gzip: false, sizeBytes: 10 }],
      createdAt: world.deps.clock.now().toISOString(),
      dryRun: false,
      metadata: {},
    });
    world.clock.advance(1000);
    await world.deps.runs.create({ ...run, importJobId, ...counters });
  }

  it('lists newest first a page at a time, each job with its last 5 runs, never another org\'s', async () => {
    // Arrange
    const world = await setup();
    for (let i = 0; i < 4; i++) {
      world.clock.advance(1000);
      await createImportJob(world.deps, manager, newJobBody({ name: `job ${i}` }));
    }
    await createImportJob(world.deps, principal('org-b', ['import-jobs:manage']), newJobBody({ name: 'theirs' }));
    for (let i = 1; i <= 7; i++) await addRun(world, `run-${i}`, world.id, { totalItems: 10, succeeded: 10, failed: 0, skipped: 0 });
    await addRun(world, 'loose-upload', null, { totalItems: 1, succeeded: 1, failed: 0, skipped: 0 });
    // Act
    const first = await listImportJobs(world.deps, reader, { limit: '3' });
    const second = await listImportJobs(world.deps, reader, { limit: '3', cursor: first.nextCursor as string });
    // Assert
    expect(first.importJobs.map((j) => j.name)).toEqual(['job 3', 'job 2', 'job 1']);
    expect(second.importJobs.map((j) => j.name)).toEqual(['job 0', 'Nightly transactions']);
    expect(second.nextCursor).toBeNull();
    const oldest = second.importJobs[1]!;
    expect(oldest.lastRuns.map((r) => r.jobId)).toEqual(['run-7', 'run-6', 'run-5', 'run-4', 'run-3']);
    expect(oldest.lastRuns[0]).toEqual({ jobId: 'run-7', runStatus: 'validating', createdAt: expect.any(String), failureReason: null });
    expect(first.importJobs[0]!.lastRuns).toEqual([]);
  });

  it('refuses a limit over 100 and an unknown parameter', async () => {
    const { deps } = await setup();
    expect((await rejection(listImportJobs(deps, reader, { limit: '101' }))).code).toBe('VALIDATION_ERROR');
    expect((await rejection(listImportJobs(deps, reader, { status: 'x' }))).code).toBe('VALIDATION_ERROR');
  });

  it('shows the run history with failedPercent, reasons and failure links, newest first, paged', async () => {
    // Arrange
    const world = await setup();
    await addRun(world, 'run-1', world.id, { totalItems: 200, succeeded: 150, failed: 50, skipped: 0 });
    await addRun(world, 'run-2', world.id, { totalItems: 3, succeeded: 2, failed: 1, skipped: 0 });
    await addRun(world, 'run-3', world.id, { totalItems: null, succeeded: 0, failed: 0, skipped: 0 });
    await world.deps.runs.fail('run-3', { code: 'MAPPING_MISMATCH', message: 'tx-9.csv does not match the mapping' }, 'now');
    await addRun(world, 'not-this-job', 'other-import-job', { totalItems: 1, succeeded: 1, failed: 0, skipped: 0 });
    // Act
    const page = await listImportJobRuns(world.deps, reader, world.id, { limit: '2' });
    const rest = await listImportJobRuns(world.deps, reader, world.id, { cursor: page.nextCursor as string });
    // Assert
    expect(page.runs.map((r) => r.jobId)).toEqual(['run-3', 'run-2']);
    expect(page.runs[0]).toMatchObject({
      status: 'failed',
      runStatus: 'halted',
      attempt: 1,
      failedPercent: null,
      failureReason: 'tx-9.csv does not match the mapping',
      failureCode: 'MAPPING_MISMATCH',
      failuresUrl: null,
    });
    expect(page.runs[1]).toMatchObject({ failedPercent: 33.3, failuresUrl: '/batch-import/transaction-jobs/run-2/failures.csv' });
    expect(rest.runs).toEqual([
      expect.objectContaining({ jobId: 'run-1', totalItems: 200, succeeded: 150, failed: 50, skipped: 0, failedPercent: 25 }),
    ]);
    expect(rest.nextCursor).toBeNull();
  });

  it("answers another org's job's runs as not found", async () => {
    const world = await setup();
    expect((await rejection(listImportJobRuns(world.deps, principal('org-b'), world.id, {}))).statusCode).toBe(404);
  });
});

describe('Use case: presignDropFile', () => {
  it('presigns a PUT into the job\'s drop prefix', async () => {
    const { deps, id } = await setup();
    const answer = await presignDropFile(deps, manager, id, { fileName: 'tx-2026-11-25.csv' });
    expect(answer).toEqual({
      success: true,
      uploadUrl: `https://uploads.example/drops/org-a/${id}/tx-2026-11-25.csv?expires=3600`,
      uploadMethod: 'PUT',
      uploadHeaders: { 'content-type': 'text/csv' },
      key: `drops/org-a/${id}/tx-2026-11-25.csv`,
      expiresAt: '2026-11-25T11:00:00.000Z',
    });
  });

  it.each([
    ['a name the pattern never picks', { fileName: 'orders.csv' }, 'VALIDATION_ERROR'],
    ['a path', { fileName: '../tx-1.csv' }, 'VALIDATION_ERROR'],
    ['no name', {}, 'VALIDATION_ERROR'],
    ['a name too long', { fileName: `tx-${'x'.repeat(100)}.csv` }, 'VALIDATION_ERROR'],
    ['an unknown format', { fileName: 'tx-1.xlsx' }, 'UNSUPPORTED_FORMAT'],
  ])('refuses %s', async (_case, body, code) => {
    const { deps, id } = await setup(newJobBody({ source: { filenamePattern: 'tx-*' } }));
    expect((await rejection(presignDropFile(deps, manager, id, body))).code).toBe(code);
  });
});

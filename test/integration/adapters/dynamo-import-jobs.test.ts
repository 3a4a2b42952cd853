import { randomUUID } from 'node:crypto';
import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { DynamoImportJobRepository } from '../../../functions/adapters/dynamodb/import-job-repository';
import { DynamoImportJobRuns } from '../../../functions/adapters/dynamodb/import-job-runs';
import { DynamoRunRepository } from '../../../functions/adapters/dynamodb/run-repository';
import type { ImportJob } from '../../../functions/core/import-jobs/import-job';
import type { Run } from '../../../functions/core/runs/run';
import { NO_CONTROL } from '../../../functions/core/runs/run-control-state';

jest.setTimeout(60_000);

const clients = createAwsClients();
const table = process.env.CONTROL_TABLE_NAME as string;
const importJobs = new DynamoImportJobRepository(clients.dynamo, table);
const importJobRuns = new DynamoImportJobRuns(clients.dynamo, table);
const runs = new DynamoRunRepository(clients.dynamo, table);

function newJob(orgId: string, overrides: Partial<ImportJob> = {}): ImportJob {
  const id = randomUUID();
  return {
    id,
    orgId,
    status: 'draft',
    name: 'Nightly',
    kind: 'transaction_batch',
    namespace: 'default',
    mappingId: null,
    columnMapping: { 'External ID': 'externalId' },
    format: { encoding: 'iso-8859-1', columnDelimiter: ';', rowDelimiter: 'auto' },
    source: { bucket: 'b', prefix: `drops/${orgId}/${id}/`, filenamePattern: '*.csv', maxFileAgeHours: null },
    schedule: { type: 'recurring', expression: 'rate(1 hour)', timezone: 'Europe/Paris' },
    notifications: { emails: ['a@example.com'], events: ['run_failed'] },
    statusReason: null,
    createdAt: '2026-11-25T10:00:00.000Z',
    updatedAt: '2026-11-25T10:00:00.000Z',
    ...overrides,
  };
}

function newRun(orgId: string, importJobId: string | null, i: number, overrides: Partial<Run> = {}): Run {
  const createdAt = new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString();
  return {
    runId: randomUUID(), orgId, kind: 'transaction_batch', namespace: 'default', state: 'completed', phase: 'completed',
    importJobId, attempt: 1, files: [{ fileName: `f${i}.csv`, format: 'csv', gzip: false, sizeBytes: 1 }],
    format: { encoding: 'utf-8', columnDelimiter: null, rowDelimiter: 'auto' }, columnMapping: null, defaultFields: null, options: {},
    reportRecipientEmails: [], dryRun: false, totalItems: 10, succeeded: 10, failed: 0, skipped: 0, filesSplit: 1, totalChunks: 1,
    chunksDone: 1, createdAt, startedAt: createdAt, completedAt: createdAt, heartbeatAt: null, leaseExpiresAt: null, workerError: null,
    failure: null, metadata: {}, control: NO_CONTROL, ...overrides,
  };
}

describe('Class: DynamoImportJobRepository (DynamoDB Local)', () => {
  it('stores and reads back a job, for its org only', async () => {
    const job = newJob(`org-${randomUUID()}`);
    await importJobs.create(job);
    expect(await importJobs.get(job.orgId, job.id)).toEqual(job);
    expect(await importJobs.get(`org-${randomUUID()}`, job.id)).toBeNull();
    expect(await importJobs.get(job.orgId, randomUUID())).toBeNull();
    await expect(importJobs.create({ ...job, name: 'again' })).rejects.toThrow();
  });

  it('replaces a job only from an expected status, and only within its org', async () => {
    // Arrange
    const job = newJob(`org-${randomUUID()}`);
    await importJobs.create(job);
    // Act / Assert
    expect(await importJobs.replace({ ...job, status: 'active' }, ['paused'])).toBe(false);
    expect(await importJobs.replace({ ...job, orgId: 'intruder', status: 'active' }, ['draft'])).toBe(false);
    expect(await importJobs.replace({ ...job, status: 'active' }, ['draft', 'sampling_failed'])).toBe(true);
    expect((await importJobs.get(job.orgId, job.id))?.status).toBe('active');
    expect(await importJobs.replace(newJob(job.orgId), ['draft'])).toBe(false); // never created
  });

  it('lets exactly one of two racing moves from the same status win', async () => {
    const job = newJob(`org-${randomUUID()}`);
    await importJobs.create(job);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => importJobs.replace({ ...job, status: 'active', name: `winner ${i}` }, ['draft'])),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect((await importJobs.get(job.orgId, job.id))?.name).toBe(`winner ${winner}`);
  });

  it('deletes a job of its org only', async () => {
    const job = newJob(`org-${randomUUID()}`);
    await importJobs.create(job);
    expect(await importJobs.delete('intruder', job.id)).toBe(false);
    expect(await importJobs.delete(job.orgId, job.id)).toBe(true);
    expect(await importJobs.delete(job.orgId, job.id)).toBe(false);
    expect(await importJobs.get(job.orgId, job.id)).toBeNull();
  });

  it("lists an org's jobs newest first through the index, a page at a time, with a cursor bound to the org", async () => {
    // Arrange
    const orgId = `org-${randomUUID()}`;
    const jobs = Array.from({ length: 7 }, (_, i) => newJob(orgId, { name: `job ${i}`, createdAt: `2026-11-25T10:00:0${i}.000Z` }));
    for (const job of jobs) await importJobs.create(job);
    await importJobs.create(newJob(`org-${randomUUID()}`));
    // Act
    const first = await importJobs.listByOrg(orgId, { limit: 3 });
    const second = await importJobs.listByOrg(orgId, { limit: 3, cursor: first.nextCursor as string });
    const third = await importJobs.listByOrg(orgId, { limit: 3, cursor: second.nextCursor as string });
    // Assert
    expect([first, second, third].map((page) => page.importJobs.map((j) => j.name))).toEqual([
      ['job 6', 'job 5', 'job 4'],
      ['job 3', 'job 2', 'job 1'],
      ['job 0'],
    ]);
    expect(third.nextCursor).toBeNull();
    expect(first.importJobs[0]).toEqual(jobs[6]);
    // A page that ends exactly at the last job says so.
    const exact = await importJobs.listByOrg(orgId, { limit: 7 });
    expect([exact.importJobs.length, exact.nextCursor]).toEqual([7, null]);
    await expect(importJobs.listByOrg(`org-${randomUUID()}`, { limit: 3, cursor: first.nextCursor as string })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
    });
    await expect(importJobs.listByOrg(orgId, { limit: 3, cursor: 'forged' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(await importJobs.listByOrg(`org-${randomUUID()}`, { limit: 3 })).toEqual({ importJobs: [], nextCursor: null });
  });
});

describe('Class: DynamoImportJobRuns (the byImportJob index, DynamoDB Local)', () => {
  it("pages through one import job's runs newest first, never another job's or org's", async () => {
    // Arrange
    const orgId = `org-${randomUUID()}`;
    const importJobId = randomUUID();
    const mine = Array.from({ length: 12 }, (_, i) => newRun(orgId, importJobId, i, { attempt: (i % 3) + 1 }));
    for (const run of mine) await runs.create(run);
    await runs.create(newRun(orgId, randomUUID(), 50)); // another job of the org
    await runs.create(newRun(orgId, null, 51)); // a plain upload
    await runs.create(newRun(`org-${randomUUID()}`, importJobId, 52)); // the same job id under another org
    // Act
    const pages: Run[][] = [];
    let cursor: string | undefined;
    do {
      const page = await importJobRuns.listByImportJob(orgId, importJobId, { limit: 5, cursor });
      pages.push(page.runs);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    // Assert
    expect(pages.map((page) => page.length)).toEqual([5, 5, 2]);
    expect(pages.flat().map((run) => run.runId)).toEqual([...mine].reverse().map((run) => run.runId));
    expect(pages[0]![0]).toEqual(mine[11]);
  });

  it('refuses a cursor of another import job', async () => {
    const orgId = `org-${randomUUID()}`;
    const importJobId = randomUUID();
    for (let i = 0; i < 3; i++) await runs.create(newRun(orgId, importJobId, i));
    const { nextCursor } = await importJobRuns.listByImportJob(orgId, importJobId, { limit: 1 });
    await expect(importJobRuns.listByImportJob(orgId, randomUUID(), { limit: 1, cursor: nextCursor as string })).rejects.toMatchObject({
      code: 'VALIDATION_ERROR',
    });
    expect(await importJobRuns.listByImportJob(orgId, randomUUID(), { limit: 5 })).toEqual({ runs: [], nextCursor: null });
  });
});

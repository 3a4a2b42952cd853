import type { ImportJob } from '../../../functions/core/import-jobs/import-job';
import type { ImportJobRepository, ImportJobRunHistory } from '../../../functions/core/import-jobs/ports';
import type { RunRepository } from '../../../functions/core/ports';
import { eventually, freshId, freshOrg, newRun, type MakePort } from './fixtures';

export function newImportJob(orgId: string, overrides: Partial<ImportJob> = {}): ImportJob {
  const id = freshId();
  return {
    id, orgId, status: 'draft', name: 'Nightly', kind: 'transaction_batch', namespace: 'default', mappingId: null,
    columnMapping: { 'External ID': 'externalId' },
    format: { encoding: 'iso-8859-1', columnDelimiter: ';', rowDelimiter: 'auto' },
    source: { bucket: 'b', prefix: `drops/${orgId}/${id}/`, filenamePattern: '*.csv', maxFileAgeHours: null },
    schedule: { type: 'recurring', expression: 'rate(1 hour)', timezone: 'Europe/Paris' },
    notifications: { emails: ['a@example.com'], events: ['run_failed'] },
    statusReason: null, createdAt: '2026-11-25T10:00:00.000Z', updatedAt: '2026-11-25T10:00:00.000Z',
    ...overrides,
  };
}

const minute = (i: number) => new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString();

/** Every page of a paged list, following nextCursor; each page at most `limit` long. */
async function allPages<T>(read: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>, limit: number): Promise<T[]> {
  const seen: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const answer = await read(cursor);
    expect(answer.items.length).toBeLessThanOrEqual(limit);
    seen.push(...answer.items);
    if (answer.nextCursor === null) return seen;
    cursor = answer.nextCursor;
  }
  throw new Error('no last page');
}

/**
 * The import-job repository's contract (§7), held by InMemoryImportJobs and DynamoImportJobRepository alike: every
 * read and write names the org (another org's job does not exist), status moves are conditional on the status
 * read, lists are newest first with opaque cursors bound to the org.
 */
export function describeImportJobRepositoryContract(name: string, makePort: MakePort<ImportJobRepository>): void {
  describe(`ImportJobRepository contract: ${name}`, () => {
    let jobs: ImportJobRepository;
    beforeEach(async () => {
      jobs = await makePort();
    });

    it('reads back a created job whole for its org only, and refuses to create it twice', async () => {
      const job = newImportJob(freshOrg());
      await jobs.create(job);
      expect(await jobs.get(job.orgId, job.id)).toEqual(job);
      expect(await jobs.get(freshOrg(), job.id)).toBeNull();
      expect(await jobs.get(job.orgId, freshId())).toBeNull();
      await expect(jobs.create({ ...job, name: 'Second' })).rejects.toThrow();
      expect((await jobs.get(job.orgId, job.id))?.name).toBe('Nightly');
    });

    it('replaces a job only from an expected status, so of two racing moves exactly one lands', async () => {
      const job = newImportJob(freshOrg());
      await jobs.create(job);
      const answers = await Promise.all([
        jobs.replace({ ...job, status: 'sampling', updatedAt: minute(1) }, ['draft']),
        jobs.replace({ ...job, status: 'active', updatedAt: minute(2) }, ['draft']),
      ]);
      expect(answers.filter(Boolean)).toHaveLength(1);
      const moved = (await jobs.get(job.orgId, job.id)) as ImportJob;
      expect(['sampling', 'active']).toContain(moved.status);
      expect(await jobs.replace({ ...job, status: 'paused' }, ['draft'])).toBe(false);
      expect(await jobs.replace({ ...moved, status: 'paused', statusReason: 'by hand' }, ['sampling', 'active'])).toBe(true);
      expect(await jobs.get(job.orgId, job.id)).toEqual({ ...moved, status: 'paused', statusReason: 'by hand' });
      expect(await jobs.replace({ ...job, status: 'active' }, [])).toBe(false);
    });

    it('never replaces or deletes another org’s job, nor one that is gone', async () => {
      const job = newImportJob(freshOrg());
      await jobs.create(job);
      const intruder = freshOrg();
      expect(await jobs.replace({ ...job, orgId: intruder, name: 'Stolen' }, ['draft'])).toBe(false);
      expect(await jobs.delete(intruder, job.id)).toBe(false);
      expect(await jobs.get(job.orgId, job.id)).toEqual(job);
      expect(await jobs.delete(job.orgId, job.id)).toBe(true);
      expect(await jobs.delete(job.orgId, job.id)).toBe(false);
      expect(await jobs.get(job.orgId, job.id)).toBeNull();
      expect(await jobs.replace({ ...job, status: 'active' }, ['draft'])).toBe(false);
      expect(await jobs.get(job.orgId, job.id)).toBeNull();
    });

    it('lists the org’s jobs newest first, page by page, each once, with no cursor after the last page', async () => {
      const orgId = freshOrg();
      const made: ImportJob[] = [];
      for (const i of [2, 0, 4, 1, 3]) {
        const job = newImportJob(orgId, { createdAt: minute(i) });
        made.push(job);
        await jobs.create(job);
      }
      await jobs.create(newImportJob(freshOrg(), { createdAt: minute(9) }));
      const newestFirst = [...made].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)).map((job) => job.id);
      const read = () => allPages(async (cursor) => {
        const page = await jobs.listByOrg(orgId, { limit: 2, cursor });
        return { items: page.importJobs.map((job) => job.id), nextCursor: page.nextCursor };
      }, 2);
      expect(await eventually(read, (ids) => ids.length === 5)).toEqual(newestFirst);
      const whole = await jobs.listByOrg(orgId, { limit: 5 });
      expect(whole.nextCursor).toBeNull();
      expect(whole.importJobs[0]).toEqual(made.find((job) => job.id === newestFirst[0]));
      expect(await jobs.listByOrg(freshOrg(), { limit: 5 })).toEqual({ importJobs: [], nextCursor: null });
    });

    it('refuses another org’s cursor and a forged one with VALIDATION_ERROR', async () => {
      const orgId = freshOrg();
      for (const i of [0, 1]) await jobs.create(newImportJob(orgId, { createdAt: minute(i) }));
      const first = await eventually(() => jobs.listByOrg(orgId, { limit: 1 }), (page) => page.nextCursor !== null);
      const cursor = first.nextCursor as string;
      await expect(jobs.listByOrg(freshOrg(), { limit: 1, cursor })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
      await expect(jobs.listByOrg(orgId, { limit: 1, cursor: 'forged' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
      expect((await jobs.listByOrg(orgId, { limit: 1, cursor })).importJobs).toHaveLength(1);
    });
  });
}

/**
 * The run history of one import job, held by InMemoryImportJobRuns and DynamoImportJobRuns alike: newest first,
 * only that org's job's runs, cursors bound to the job.
 */
export function describeImportJobRunHistoryContract(
  name: string,
  makePorts: MakePort<{ runs: RunRepository; history: ImportJobRunHistory }>,
): void {
  describe(`ImportJobRunHistory contract: ${name}`, () => {
    let runs: RunRepository;
    let history: ImportJobRunHistory;
    beforeEach(async () => {
      ({ runs, history } = await makePorts());
    });

    it('lists one import job’s runs, newest first, page by page, and no other runs', async () => {
      const orgId = freshOrg();
      const importJobId = freshId();
      const made = [];
      for (const i of [1, 3, 0, 2]) {
        const run = newRun({ orgId, importJobId, createdAt: minute(i) });
        made.push(run);
        await runs.create(run);
      }
      await runs.create(newRun({ orgId, importJobId: freshId(), createdAt: minute(5) }));
      await runs.create(newRun({ orgId, importJobId: null, createdAt: minute(6) }));
      await runs.create(newRun({ orgId: freshOrg(), importJobId, createdAt: minute(7) }));
      const newestFirst = [...made].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)).map((run) => run.runId);
      const read = () => allPages(async (cursor) => {
        const page = await history.listByImportJob(orgId, importJobId, { limit: 3, cursor });
        return { items: page.runs.map((run) => run.runId), nextCursor: page.nextCursor };
      }, 3);
      expect(await eventually(read, (ids) => ids.length === 4)).toEqual(newestFirst);
      const whole = await history.listByImportJob(orgId, importJobId, { limit: 4 });
      expect(whole.nextCursor).toBeNull();
      expect(whole.runs[0]).toEqual(made.find((run) => run.runId === newestFirst[0]));
    });

    it('refuses another job’s, another org’s or a forged cursor with VALIDATION_ERROR', async () => {
      const orgId = freshOrg();
      const importJobId = freshId();
      for (const i of [0, 1]) await runs.create(newRun({ orgId, importJobId, createdAt: minute(i) }));
      const first = await eventually(() => history.listByImportJob(orgId, importJobId, { limit: 1 }), (page) => page.nextCursor !== null);
      const cursor = first.nextCursor as string;
      await expect(history.listByImportJob(orgId, freshId(), { limit: 1, cursor })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
      await expect(history.listByImportJob(freshOrg(), importJobId, { limit: 1, cursor })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
      await expect(history.listByImportJob(orgId, importJobId, { limit: 1, cursor: 'forged' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
      expect((await history.listByImportJob(orgId, importJobId, { limit: 1, cursor })).runs).toHaveLength(1);
    });
  });
}

import { randomUUID } from 'node:crypto';
import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { DynamoRunRepository } from '../../../functions/adapters/dynamodb/run-repository';
import type { Run } from '../../../functions/core/runs/run';
import { mapWithConcurrency } from '../../../functions/adapters/concurrency';
import { NO_CONTROL } from '../../../functions/core/runs/run-control-state';

jest.setTimeout(60_000);

const runs = new DynamoRunRepository(createAwsClients().dynamo, process.env.CONTROL_TABLE_NAME as string);

function run(orgId: string, i: number, overrides: Partial<Run> = {}): Run {
  const createdAt = new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString();
  return {
    runId: randomUUID(), orgId, kind: i % 2 ? 'transaction_batch' : 'entity_automatic', namespace: i % 5 === 0 ? 'eu' : 'default',
    state: i % 10 === 0 ? 'failed' : 'completed', phase: i % 10 === 0 ? 'failed' : 'completed', importJobId: null, attempt: 1,
    files: [{ fileName: `f${i}.csv`, format: 'csv', gzip: false, sizeBytes: 1 }], format: { encoding: 'utf-8', columnDelimiter: null, rowDelimiter: 'auto' },
    columnMapping: null, defaultFields: null, options: {}, reportRecipientEmails: [], dryRun: false, totalItems: 1, succeeded: 1, failed: 0, skipped: 0,
    filesSplit: 1, totalChunks: 1, chunksDone: 1, createdAt, startedAt: createdAt, completedAt: createdAt, heartbeatAt: null,
    leaseExpiresAt: null, workerError: null, failure: null, metadata: { fileName: `f${i}.csv` }, control: NO_CONTROL, ...overrides,
  };
}

describe('Class: DynamoRunRepository history (DynamoDB Local)', () => {
  const org = `hist-${randomUUID()}`;
  const other = `hist-other-${randomUUID()}`;

  beforeAll(async () => {
    const mine = Array.from({ length: 250 }, (_, i) => run(org, i));
    const theirs = Array.from({ length: 30 }, (_, i) => run(other, i));
    await mapWithConcurrency([...mine, ...theirs], 16, (r) => runs.create(r));
  });

  it('pages through 250 runs with limit 100 in three pages, newest first, none of another org', async () => {
    const pages: Run[][] = [];
    let cursor: string | undefined;
    do {
      const page = await runs.listByOrg(org, { filters: {}, limit: 100, cursor });
      pages.push(page.runs);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
    const all = pages.flat();
    expect(new Set(all.map((r) => r.runId)).size).toBe(250);
    expect(all.every((r) => r.orgId === org)).toBe(true);
    const created = all.map((r) => r.createdAt);
    expect(created).toEqual([...created].sort().reverse());
  });

  it('answers each run whole, as a GetItem of it does, although the index projects only keys and filter fields', async () => {
    // Arrange: counters moved after the run was created (a chunk's counter update writes no index).
    const [newest] = (await runs.listByOrg(org, { filters: {}, limit: 1 })).runs;
    // Act
    const listed = (await runs.listByOrg(org, { filters: {}, limit: 5 })).runs;
    const read = await Promise.all(listed.map((r) => runs.get(r.runId)));
    // Assert
    expect(newest).toBeDefined();
    expect(listed).toEqual(read);
    expect(listed[0]).toMatchObject({ files: [expect.objectContaining({ fileName: expect.any(String) })], metadata: expect.any(Object), succeeded: 1 });
  });

  it('filters by status, kind and namespace, and pages through the filtered set', async () => {
    const failed = await runs.listByOrg(org, { filters: { state: 'failed' }, limit: 100 });
    expect(failed.runs).toHaveLength(25);
    expect(failed.nextCursor).toBeNull();
    const both = await runs.listByOrg(org, { filters: { kind: 'entity_automatic', namespace: 'eu' }, limit: 20 });
    expect(both.runs).toHaveLength(20);
    const rest = await runs.listByOrg(org, { filters: { kind: 'entity_automatic', namespace: 'eu' }, limit: 100, cursor: both.nextCursor ?? undefined });
    expect(rest.runs).toHaveLength(5); // i % 10 === 0: every 10th of 250 is 25
    expect(rest.nextCursor).toBeNull();
    expect([...both.runs, ...rest.runs].every((r) => r.kind === 'entity_automatic' && r.namespace === 'eu')).toBe(true);
  });

  it('bounds createdAt from and to, both inclusive', async () => {
    const from = new Date(Date.UTC(2026, 10, 1) + 10 * 60_000).toISOString();
    const to = new Date(Date.UTC(2026, 10, 1) + 19 * 60_000).toISOString();
    const page = await runs.listByOrg(org, { filters: {}, createdFrom: from, createdTo: to, limit: 100 });
    expect(page.runs.map((r) => r.metadata.fileName)).toEqual(Array.from({ length: 10 }, (_, k) => `f${19 - k}.csv`));
  });

  it("refuses another org's cursor and a forged one", async () => {
    const theirs = await runs.listByOrg(other, { filters: {}, limit: 5 });
    await expect(runs.listByOrg(org, { filters: {}, limit: 5, cursor: theirs.nextCursor ?? '' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(runs.listByOrg(org, { filters: {}, limit: 5, cursor: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });
});

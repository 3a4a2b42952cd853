import { grantable, monthOf, toQuotaView } from '../../../functions/core/quota/quota';
import { getQuota, setQuota } from '../../../functions/core/use-cases/manage-quota';
import { processChunk } from '../../../functions/core/use-cases/process-chunk';
import { splitUpload } from '../../../functions/core/use-cases/split-upload';
import { startUpload } from '../../../functions/core/use-cases/start-upload';
import { unprocessedOf } from '../../../functions/core/runs/run';
import type { QuotaCrash } from '../../support/fake-quotas';
import { createWorld, csvFile, principal, transactionLines } from '../../support/world';

type World = ReturnType<typeof createWorld>;

/** Row problems a run stored, in row order: [rowNumber, code]. */
function problemsOf(world: World, jobId: string): Array<[number, string]> {
  return [...world.deps.objects.objects.entries()]
    .filter(([key]) => key.startsWith(`failures/${jobId}/`))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([, object]) => object.body.toString().trim().split('\n').map((line) => JSON.parse(line)))
    .map((problem) => [problem.rowNumber, problem.code]);
}

async function quotaOf(world: World, namespace: string, orgId = 'org-a') {
  const { success: _, ...view } = await getQuota(world.deps, principal(orgId), { namespace });
  return view;
}

async function setLimit(world: World, namespace: string, limit: number, orgId = 'org-a') {
  await setQuota(world.deps, principal(orgId), { namespace, limit });
}

describe('Quota rules', () => {
  it.each([
    ['2026-11-30T23:59:59.999Z', '2026-11'],
    ['2026-12-01T00:00:00.000Z', '2026-12'],
    // 23:30 on 31 December in New York is already January in UTC: months are UTC.
    ['2027-01-01T04:30:00.000Z', '2027-01'],
  ])('counts %s in month %s', (at, month) => {
    expect(monthOf(new Date(at))).toBe(month);
  });

  it.each([
    [500, 1000, 0, 500],
    [500, 1000, 700, 300],
    [500, 1000, 1000, 0],
    // A limit lowered below what is used grants nothing, and never a negative number.
    [500, 1000, 1200, 0],
  ])('grants %i wanted rows under limit %i with %i used: %i', (wanted, limit, used, granted) => {
    expect(grantable(wanted, limit, used)).toBe(granted);
  });

  it('never shows a negative remainder', () => {
    expect(toQuotaView('eu', '2026-11', 10, 12)).toEqual({ namespace: 'eu', month: '2026-11', limit: 10, used: 12, remaining: 0 });
  });
});

describe('Use case: import within the monthly quota (over fakes)', () => {
  it('imports up to the limit; the rows past it fail LIMIT_REACHED; used = imported rows', async () => {
    // Arrange
    const world = createWorld({ chunkMaxRows: 7 });
    await setLimit(world, 'eu', 25);
    // Act
    const jobId = await world.importFiles(principal(), 'transaction_batch', [csvFile('tx.csv', transactionLines(40))], { namespace: 'eu' });
    // Assert
    const run = await world.deps.runs.get(jobId);
    expect(run).toMatchObject({ state: 'completed', phase: 'partially_completed', totalItems: 40, succeeded: 25, failed: 15, skipped: 0 });
    expect(run?.control).toMatchObject({ limitReached: true });
    // Rows are granted in file order: rows 2..26 import, rows 27..41 are refused.
    expect(problemsOf(world, jobId)).toEqual(Array.from({ length: 15 }, (_, i) => [27 + i, 'LIMIT_REACHED']));
    expect(world.deps.records.items.size).toBe(25);
    expect(await quotaOf(world, 'eu')).toEqual({ namespace: 'eu', month: '2026-11', limit: 25, used: 25, remaining: 0 });
  });

  it('stores a LIMIT_REACHED row with its message and cells, for failed-rows.csv', async () => {
    // Arrange
    const world = createWorld();
    await setLimit(world, 'eu', 1);
    // Act
    const jobId = await world.importFiles(principal(), 'transaction_batch', [csvFile('tx.csv', transactionLines(2))], { namespace: 'eu' });
    // Assert
    const [key] = [...world.deps.objects.objects.keys()].filter((k) => k.startsWith(`failures/${jobId}/`));
    expect(JSON.parse(world.deps.objects.text(key!)!.trim())).toEqual({
      rowNumber: 3,
      outcome: 'failed',
      code: 'LIMIT_REACHED',
      message: 'Limit reached',
      externalId: 'tx-2',
      cells: ['tx-2', '2.25', 'USD', '2026-11-01T10:00:00Z'],
    });
  });

  it('halts a run that could import none of its rows, with exact counters, and tells the listener once', async () => {
    // Arrange
    const world = createWorld({ chunkMaxRows: 4 });
    await setLimit(world, 'eu', 5);
    await world.importFiles(principal(), 'transaction_batch', [csvFile('a.csv', transactionLines(5))], { namespace: 'eu' });
    // Act
    const jobId = await world.importFiles(principal(), 'transaction_batch', [csvFile('b.csv', transactionLines(10, 100))], { namespace: 'eu' });
    // Assert
    const run = await world.deps.runs.get(jobId);
    expect(run).toMatchObject({
      state: 'failed',
      phase: 'halted',
      totalItems: 10,
      succeeded: 0,
      failed: 10,
      skipped: 0,
      failure: { code: 'LIMIT_REACHED', details: { namespace: 'eu' } },
    });
    expect(unprocessedOf(run!)).toBe(0);
    expect(world.stream.ended.filter((r) => r.runId === jobId).map((r) => r.phase)).toEqual(['halted']);
    expect((await quotaOf(world, 'eu')).used).toBe(5);
  });

  it('does not halt a run whose rows all failed for other reasons', async () => {
    // Arrange
    const world = createWorld();
    await setLimit(world, 'eu', 0);
    // Act: every row is invalid, so none asks for quota.
    const jobId = await world.importFiles(principal(), 'transaction_batch', [csvFile('t.csv', ['externalId,amount,currency,occurredAt', 'x,1,NOPE,2026-11-01T10:00:00Z'])], { namespace: 'eu' });
    // Assert
    expect(await world.deps.runs.get(jobId)).toMatchObject({ state: 'completed', phase: 'partially_completed', failed: 1 });
    expect(problemsOf(world, jobId)).toEqual([[2, 'VALIDATION_ERROR']]);
  });

  it('gives back the rows that did not import (duplicates, skips), so used counts imported rows exactly', async () => {
    // Arrange
    const world = createWorld({ chunkMaxRows: 3 });
    await setLimit(world, 'eu', 10);
    await world.importFiles(principal(), 'entity_automatic', [csvFile('a.csv', ['taxId,type', '1,person', '2,person'])], { namespace: 'eu' });
    // Act: two entities exist already, one repeats within the file, one is invalid: 4 of 8 rows import.
    const lines = ['taxId,type', '1,person', '2,person', '3,person', '3,person', '4,person', '5,nobody', '6,company', '7,company'];
    const jobId = await world.importFiles(principal(), 'entity_automatic', [csvFile('b.csv', lines)], { namespace: 'eu' });
    // Assert
    expect(await world.deps.runs.get(jobId)).toMatchObject({ phase: 'partially_completed', succeeded: 4, skipped: 3, failed: 1 });
    expect((await quotaOf(world, 'eu')).used).toBe(2 + 4);
    expect([...world.deps.quotas.reservations.values()].every((r) => r.released === null || r.released > 0)).toBe(true);
  });

  it('keeps quotas apart: per namespace, and per org for the same namespace name', async () => {
    // Arrange
    const world = createWorld();
    await setLimit(world, 'eu', 3);
    // Act
    const eu = await world.importFiles(principal(), 'transaction_batch', [csvFile('a.csv', transactionLines(5))], { namespace: 'eu' });
    const us = await world.importFiles(principal(), 'transaction_batch', [csvFile('b.csv', transactionLines(5, 10))], { namespace: 'us' });
    const otherOrg = await world.importFiles(principal('org-b'), 'transaction_batch', [csvFile('c.csv', transactionLines(5))], { namespace: 'eu' });
    // Assert
    expect(await world.deps.runs.get(eu)).toMatchObject({ succeeded: 3, failed: 2 });
    expect(await world.deps.runs.get(us)).toMatchObject({ succeeded: 5, failed: 0 });
    expect(await world.deps.runs.get(otherOrg)).toMatchObject({ succeeded: 5, failed: 0 });
    expect(await quotaOf(world, 'eu')).toMatchObject({ limit: 3, used: 3 });
    expect(await quotaOf(world, 'eu', 'org-b')).toMatchObject({ limit: 10_000_000, used: 5 });
    expect(await quotaOf(world, 'us')).toMatchObject({ limit: 10_000_000, used: 5 });
  });

  it('takes the limit from MONTHLY_ROW_LIMIT when a namespace has none', async () => {
    // Arrange
    const world = createWorld({ monthlyRowLimit: 4 });
    // Act
    const jobId = await world.importFiles(principal(), 'transaction_batch', [csvFile('a.csv', transactionLines(6))]);
    // Assert
    expect(await world.deps.runs.get(jobId)).toMatchObject({ succeeded: 4, failed: 2 });
    expect(await quotaOf(world, 'default')).toEqual({ namespace: 'default', month: '2026-11', limit: 4, used: 4, remaining: 0 });
  });

  async function dryRun(world: World, rows: number, start = 1): Promise<string> {
    const { jobId } = await startUpload(world.deps, {
      principal: principal(),
      kind: 'transaction_batch',
      files: [csvFile('dry.csv', transactionLines(rows, start))],
      options: { namespace: 'eu' },
      dryRun: true,
    });
    await splitUpload(world.deps, { runId: jobId, fileIndex: 0 });
    await world.drainChunks();
    return jobId;
  }

  it('reports LIMIT_REACHED in a dry run where the real run would, and takes nothing from the namespace', async () => {
    // Arrange: 3 of 5 rows used.
    const world = createWorld({ chunkMaxRows: 2 });
    await setLimit(world, 'eu', 5);
    await world.importFiles(principal(), 'transaction_batch', [csvFile('a.csv', transactionLines(3))], { namespace: 'eu' });
    // Act: two dry runs of 4 new rows, one after the other.
    const first = await dryRun(world, 4, 100);
    const second = await dryRun(world, 4, 100);
    // Assert: each sees the 2 rows left, as the real run would; neither uses them up for the other.
    for (const jobId of [first, second]) {
      expect(await world.deps.runs.get(jobId)).toMatchObject({ state: 'completed', phase: 'partially_completed', succeeded: 2, failed: 2 });
      expect(problemsOf(world, jobId)).toEqual([
        [4, 'LIMIT_REACHED'],
        [5, 'LIMIT_REACHED'],
      ]);
    }
    expect(await quotaOf(world, 'eu')).toMatchObject({ used: 3, remaining: 2 });
    expect(world.deps.records.items.size).toBe(3 + 2 * 2); // the real rows, and each dry run's expiring stand-ins
  });

  it('halts a dry run that the real run would halt, and counts none of it', async () => {
    // Arrange
    const world = createWorld();
    await setLimit(world, 'eu', 3);
    await world.importFiles(principal(), 'transaction_batch', [csvFile('a.csv', transactionLines(3))], { namespace: 'eu' });
    // Act
    const jobId = await dryRun(world, 2, 100);
    // Assert
    expect(await world.deps.runs.get(jobId)).toMatchObject({ state: 'failed', phase: 'halted', succeeded: 0, failed: 2, failure: { code: 'LIMIT_REACHED' } });
    expect(await quotaOf(world, 'eu')).toMatchObject({ used: 3 });
  });

  it('starts the next UTC month from zero', async () => {
    // Arrange: November's quota used up.
    const world = createWorld();
    await setLimit(world, 'eu', 10);
    await world.importFiles(principal(), 'transaction_batch', [csvFile('a.csv', transactionLines(10))], { namespace: 'eu' });
    const refused = await world.importFiles(principal(), 'transaction_batch', [csvFile('b.csv', transactionLines(1, 100))], { namespace: 'eu' });
    expect(await world.deps.runs.get(refused)).toMatchObject({ phase: 'halted' });
    // Act: 2026-11-25T10:00Z + 5 days 14 hours = 2026-12-01T00:00Z.
    world.deps.clock.advance((5 * 24 + 14) * 3600 * 1000);
    const before = await quotaOf(world, 'eu');
    const jobId = await world.importFiles(principal(), 'transaction_batch', [csvFile('c.csv', transactionLines(12, 200))], { namespace: 'eu' });
    // Assert
    expect(before).toEqual({ namespace: 'eu', month: '2026-12', limit: 10, used: 0, remaining: 10 });
    expect(await world.deps.runs.get(jobId)).toMatchObject({ succeeded: 10, failed: 2 });
    expect(await quotaOf(world, 'eu')).toMatchObject({ month: '2026-12', used: 10 });
    expect(await world.deps.quotas.getUsed({ orgId: 'org-a', namespace: 'eu' }, '2026-11')).toBe(10);
  });
});

describe('Use case: quota exactness when a chunk crashes or is delivered twice (over fakes)', () => {
  /**
   * One 10-row chunk, limit 7 with 2 used (tx-1 and tx-2 from an earlier run), so 5 of its 8 importable rows get
   * quota: tx-1, tx-100, tx-2, tx-101, tx-102. Of those, tx-1 and tx-2 are duplicates and are given back.
   */
  async function setup() {
    const world = createWorld({ chunkMaxRows: 10 });
    await setLimit(world, 'eu', 7);
    await world.importFiles(principal(), 'transaction_batch', [csvFile('a.csv', transactionLines(2))], { namespace: 'eu' });
    const row = (id: string) => `${id},1.00,USD,2026-11-01T10:00:00Z`;
    const bad = 'bad,1.00,NOPE,2026-11-01T10:00:00Z';
    const lines = ['externalId,amount,currency,occurredAt', row('tx-1'), row('tx-100'), bad, row('tx-2'), row('tx-101'), row('tx-102'), bad, row('tx-103'), row('tx-104'), row('tx-105')];
    const { jobId } = await startUpload(world.deps, {
      principal: principal(),
      kind: 'transaction_batch',
      files: [csvFile('b.csv', lines)],
      options: { namespace: 'eu' },
      dryRun: false,
    });
    await splitUpload(world.deps, { runId: jobId, fileIndex: 0 });
    const [chunk] = world.deps.chunks.sent.splice(0);
    return { world, jobId, chunk: chunk! };
  }

  async function expectExact(world: World, jobId: string) {
    expect(await world.deps.runs.get(jobId)).toMatchObject({
      state: 'completed',
      phase: 'partially_completed',
      totalItems: 10,
      succeeded: 3,
      failed: 7,
      skipped: 0,
      chunksDone: 1,
    });
    expect(problemsOf(world, jobId)).toEqual([
      [2, 'DUPLICATE_EXTERNAL_ID'],
      [4, 'VALIDATION_ERROR'],
      [5, 'DUPLICATE_EXTERNAL_ID'],
      [8, 'VALIDATION_ERROR'],
      [9, 'LIMIT_REACHED'],
      [10, 'LIMIT_REACHED'],
      [11, 'LIMIT_REACHED'],
    ]);
    expect(world.deps.records.items.size).toBe(5);
    // November's counter, whenever the chunk was finished.
    expect(await world.deps.quotas.getUsed({ orgId: 'org-a', namespace: 'eu' }, '2026-11')).toBe(2 + 3);
    expect(world.stream.ended.filter((r) => r.runId === jobId)).toHaveLength(1);
  }

  it('counts exactly when nothing goes wrong (the baseline of the cases below)', async () => {
    const { world, jobId, chunk } = await setup();
    await processChunk(world.deps, chunk);
    await expectExact(world, jobId);
  });

  it.each<[string, QuotaCrash]>([
    ['before the reservation is made', { operation: 'reserve', when: 'before' }],
    ['after the reservation, before any write', { operation: 'reserve', when: 'after' }],
    ['after the writes, before the release', { operation: 'release', when: 'before' }],
    ['after the release, before the chunk is recorded', { operation: 'release', when: 'after' }],
  ])('counts exactly after a crash %s and a redelivery', async (_case, crash) => {
    // Arrange
    const { world, jobId, chunk } = await setup();
    world.deps.quotas.crash = crash;
    // Act
    await expect(processChunk(world.deps, chunk)).rejects.toThrow('simulated crash');
    expect(await world.deps.runs.get(jobId)).toMatchObject({ chunksDone: 0 });
    await processChunk(world.deps, chunk);
    // Assert
    await expectExact(world, jobId);
  });

  it('counts exactly after a crash half-way through the writes and a redelivery', async () => {
    // Arrange
    const { world, jobId, chunk } = await setup();
    world.deps.records.failAfterWrites = world.deps.records.items.size + 1;
    // Act
    await expect(processChunk(world.deps, chunk)).rejects.toThrow('simulated crash');
    world.deps.records.failAfterWrites = undefined;
    await processChunk(world.deps, chunk);
    // Assert
    await expectExact(world, jobId);
  });

  it('counts exactly when the chunk is delivered twice, one after the other or at once', async () => {
    // Arrange
    const { world, jobId, chunk } = await setup();
    // Act
    await Promise.all([processChunk(world.deps, chunk), processChunk(world.deps, chunk)]);
    await processChunk(world.deps, chunk);
    // Assert
    await expectExact(world, jobId);
  });

  it('gives the rows back to the month they were taken from when the replay comes next month', async () => {
    // Arrange
    const { world, jobId, chunk } = await setup();
    world.deps.quotas.crash = { operation: 'reserve', when: 'after' };
    await expect(processChunk(world.deps, chunk)).rejects.toThrow('simulated crash');
    // Act
    world.deps.clock.advance(7 * 24 * 3600 * 1000);
    await processChunk(world.deps, chunk);
    // Assert
    await expectExact(world, jobId);
    expect(await world.deps.quotas.getUsed({ orgId: 'org-a', namespace: 'eu' }, '2026-12')).toBe(0);
  });

  it('keeps a replay to the rows it was granted, even when more rows became importable meanwhile', async () => {
    // Arrange: transactions that must name an existing entity; on the first delivery E1 does not exist yet.
    const world = createWorld({ chunkMaxRows: 10 });
    await setLimit(world, 'eu', 1);
    await world.importFiles(principal(), 'entity_automatic', [csvFile('e.csv', ['taxId,type', 'E2,person'])], { namespace: 'other' });
    const row = (id: string, taxId: string) => `${id},1.00,USD,2026-11-01T10:00:00Z,${taxId}`;
    const lines = ['externalId,amount,currency,occurredAt,originTaxId', row('tx-1', 'E1'), row('tx-2', 'E2'), row('tx-3', 'E2')];
    const { jobId } = await startUpload(world.deps, {
      principal: principal(),
      kind: 'transaction_batch',
      files: [csvFile('t.csv', lines)],
      options: { namespace: 'eu', validateExistingEntity: 'true' },
      dryRun: false,
    });
    await splitUpload(world.deps, { runId: jobId, fileIndex: 0 });
    const [chunk] = world.deps.chunks.sent.splice(0);
    // The first delivery grants its one row to tx-2, writes it, and dies before the chunk is recorded.
    jest.spyOn(world.deps.runs, 'recordChunk').mockRejectedValueOnce(new Error('simulated crash'));
    await expect(processChunk(world.deps, chunk!)).rejects.toThrow('simulated crash');
    // Act: E1 exists now, so tx-1 becomes importable on the redelivery, ahead of tx-2 in the chunk.
    await world.importFiles(principal(), 'entity_automatic', [csvFile('e1.csv', ['taxId,type', 'E1,person'])], { namespace: 'other' });
    await processChunk(world.deps, chunk!);
    // Assert: tx-2 keeps the row it was granted and imported; tx-1 does not take it over.
    expect(await world.deps.runs.get(jobId)).toMatchObject({ succeeded: 1, failed: 2 });
    expect(problemsOf(world, jobId)).toEqual([
      [2, 'LIMIT_REACHED'],
      [4, 'LIMIT_REACHED'],
    ]);
    expect(world.deps.records.items.has('org-a#TXN#tx-2')).toBe(true);
    expect(world.deps.records.items.has('org-a#TXN#tx-1')).toBe(false);
    expect((await quotaOf(world, 'eu')).used).toBe(1);
  });
});

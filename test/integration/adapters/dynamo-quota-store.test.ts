import { randomUUID } from 'node:crypto';
import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { DynamoQuotaStore } from '../../../functions/adapters/dynamodb/quota-store';
import { DynamoRecordStore } from '../../../functions/adapters/dynamodb/record-store';
import { DynamoRunRepository } from '../../../functions/adapters/dynamodb/run-repository';
import type { ChunkReservation } from '../../../functions/core/quota/ports';
import { monthOf } from '../../../functions/core/quota/quota';
import { chunkIdOf, type Chunk } from '../../../functions/core/runs/chunk';
import type { Run } from '../../../functions/core/runs/run';
import { processChunk, type ProcessChunkDeps } from '../../../functions/core/use-cases/process-chunk';
import { systemClock, uuidIds } from '../../../functions/adapters/system';
import { InMemoryObjects, MemoryLogger } from '../../support/fakes';
import { NO_CONTROL } from '../../../functions/core/runs/run-control-state';

jest.setTimeout(120_000);

const dynamo = createAwsClients().dynamo;
const controlTable = process.env.CONTROL_TABLE_NAME as string;
const quotas = new DynamoQuotaStore(dynamo, controlTable);
const runs = new DynamoRunRepository(dynamo, controlTable);
const records = new DynamoRecordStore(dynamo, process.env.RECORDS_TABLE_NAME as string, 4);

const reservation = (key: { orgId: string; namespace: string }, rows: number, overrides: Partial<ChunkReservation> = {}): ChunkReservation => ({
  ...key,
  runId: randomUUID(),
  chunkId: '00-0000000',
  month: '2026-11',
  rows: Array.from({ length: rows }, (_, i) => i + 2),
  released: null,
  ...overrides,
});

const freshKey = () => ({ orgId: `org-${randomUUID()}`, namespace: 'eu' });

describe('Class: DynamoQuotaStore (DynamoDB Local)', () => {
  it('keeps a limit per org and namespace', async () => {
    const key = freshKey();
    expect(await quotas.getLimit(key)).toBeNull();
    await quotas.setLimit(key, 1234, '2026-11-25T10:00:00.000Z');
    expect(await quotas.getLimit(key)).toBe(1234);
    expect(await quotas.getLimit({ ...key, namespace: 'us' })).toBeNull();
    expect(await quotas.getLimit({ ...key, orgId: `${key.orgId}-other` })).toBeNull();
  });

  it('finds the reservation a chunk made, released or not, and none for a chunk that made none', async () => {
    const key = freshKey();
    const made = reservation(key, 5);
    await quotas.reserve(made, 10);
    expect(await quotas.findReservation(made)).toEqual(made);
    expect(await quotas.release(made, 2)).toBe(true);
    expect(await quotas.findReservation(made)).toEqual({ ...made, released: 2 });
    expect(await quotas.findReservation({ runId: made.runId, chunkId: '00-0000001' })).toBeNull();
  });

  it('reserves within the limit, answers what is used when it cannot, and reserves once per chunk', async () => {
    const key = freshKey();
    const first = reservation(key, 7);
    expect(await quotas.reserve(first, 10)).toEqual({ outcome: 'reserved' });
    expect(await quotas.getUsed(key, '2026-11')).toBe(7);
    expect(await quotas.getUsed(key, '2026-12')).toBe(0);
    // A second chunk wanting 4 of the 3 left is refused, with the counter as it stands.
    expect(await quotas.reserve(reservation(key, 4), 10)).toEqual({ outcome: 'not_enough', used: 7, limit: 10 });
    expect(await quotas.reserve(reservation(key, 3), 10)).toEqual({ outcome: 'reserved' });
    // The first chunk again: its reservation stands and nothing is added.
    expect(await quotas.reserve({ ...first, rows: [2] }, 10)).toEqual({ outcome: 'already_reserved', reservation: first });
    expect(await quotas.getUsed(key, '2026-11')).toBe(10);
    // A reservation of nothing is recorded, even with the counter full.
    const empty = reservation(key, 0);
    expect(await quotas.reserve(empty, 10)).toEqual({ outcome: 'reserved' });
    expect(await quotas.reserve(empty, 10)).toEqual({ outcome: 'already_reserved', reservation: empty });
  });

  it("holds a reservation to the namespace's own limit, checked in the same transaction, however it changed", async () => {
    const key = freshKey();
    const worker = new DynamoQuotaStore(dynamo, controlTable);
    const operator = new DynamoQuotaStore(dynamo, controlTable);
    const namespaceLimit = { ownOrDefault: 100 };
    // No limit of its own: the default holds (the worker now assumes there is none).
    expect(await worker.reserve(reservation(key, 30), namespaceLimit)).toEqual({ outcome: 'reserved' });
    // Another process (the quota API) sets a limit of 40: the worker's next reservation is held to it at once.
    await operator.setLimit(key, 40, new Date().toISOString());
    expect(await worker.reserve(reservation(key, 20), namespaceLimit)).toEqual({ outcome: 'not_enough', used: 30, limit: 40 });
    expect(await worker.reserve(reservation(key, 10), namespaceLimit)).toEqual({ outcome: 'reserved' });
    // Raised again: the worker's assumption (40) is wrong once more, and the new limit holds.
    await operator.setLimit(key, 45, new Date().toISOString());
    expect(await worker.reserve(reservation(key, 5), namespaceLimit)).toEqual({ outcome: 'reserved' });
    expect(await worker.reserve(reservation(key, 1), namespaceLimit)).toEqual({ outcome: 'not_enough', used: 45, limit: 45 });
    expect(await quotas.getUsed(key, '2026-11')).toBe(45);
  });

  it('refuses a first reservation larger than the limit, when the month has no counter yet', async () => {
    const key = freshKey();
    // Fixed limit and the namespace's default alike: 9 rows never fit in 7, counter or not.
    expect(await quotas.reserve(reservation(key, 9), 7)).toEqual({ outcome: 'not_enough', used: 0, limit: 7 });
    expect(await quotas.reserve(reservation(key, 9), { ownOrDefault: 7 })).toEqual({ outcome: 'not_enough', used: 0, limit: 7 });
    expect(await quotas.getUsed(key, '2026-11')).toBe(0);
    expect(await quotas.reserve(reservation(key, 7), { ownOrDefault: 7 })).toEqual({ outcome: 'reserved' });
    expect(await quotas.getUsed(key, '2026-11')).toBe(7);
  });

  it('releases once per reservation, into the month it was taken from', async () => {
    const key = freshKey();
    const taken = reservation(key, 5);
    await quotas.reserve(taken, 100);
    const results = await Promise.all([quotas.release(taken, 2), quotas.release(taken, 2), quotas.release(taken, 2)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await quotas.getUsed(key, '2026-11')).toBe(3);
    expect(await quotas.reserve(taken, 100)).toEqual({ outcome: 'already_reserved', reservation: { ...taken, released: 2 } });
  });

  it('never passes the limit when many chunks reserve at once', async () => {
    const key = freshKey();
    const wanted = Array.from({ length: 20 }, () => reservation(key, 7));
    const answers = await Promise.all(wanted.map((r) => quotas.reserve(r, 50)));
    const reserved = answers.filter((a) => a.outcome === 'reserved').length;
    expect(reserved).toBe(7); // 7 × 7 = 49 ≤ 50 < 56
    expect(await quotas.getUsed(key, '2026-11')).toBe(49);
  });
});

describe('Use case: two runs racing for the last 1,000 rows of a quota (real adapters, real concurrency)', () => {
  const ROWS_PER_RUN = 800;
  const ROWS_PER_CHUNK = 100;
  const header = ['externalId', 'amount', 'currency', 'occurredAt'];

  async function startedRun(orgId: string, namespace: string, tag: string): Promise<{ run: Run; chunks: Chunk[] }> {
    const jobId = randomUUID();
    const now = new Date().toISOString();
    const run: Run = {
      runId: jobId, orgId, kind: 'transaction_batch', namespace, state: 'queued', phase: 'validating', importJobId: null, attempt: 1,
      files: [{ fileName: `${tag}.csv`, format: 'csv', gzip: false, sizeBytes: 1 }],
      format: { encoding: 'utf-8', columnDelimiter: ',', rowDelimiter: 'auto' }, columnMapping: null, defaultFields: null, options: {},
      reportRecipientEmails: [], dryRun: false, totalItems: null, succeeded: 0, failed: 0, skipped: 0, filesSplit: 0, totalChunks: 0,
      chunksDone: 0, createdAt: now, startedAt: null, completedAt: null, heartbeatAt: null, leaseExpiresAt: null, workerError: null,
      failure: null, metadata: { fileName: `${tag}.csv` }, control: NO_CONTROL,
    };
    await runs.create(run);
    await runs.markStarted(jobId, now, now);
    const chunks: Chunk[] = [];
    for (let c = 0; c < ROWS_PER_RUN / ROWS_PER_CHUNK; c++) {
      const rows = Array.from({ length: ROWS_PER_CHUNK }, (_, i) => {
        const n = c * ROWS_PER_CHUNK + i + 2;
        return { n, cells: [`${tag}-${n}`, '1.00', 'EUR', '2026-11-01T10:00:00Z'] };
      });
      chunks.push({ runId: jobId, chunkId: chunkIdOf(0, c), fileIndex: 0, header, rows });
    }
    await runs.recordFileSplit({ runId: jobId, fileIndex: 0, rows: ROWS_PER_RUN, chunks: chunks.length, header, at: now });
    return { run, chunks };
  }

  it('imports 1,000 rows between them, not more; the rest fail LIMIT_REACHED; the counter agrees', async () => {
    // Arrange: a namespace with 4,000 of its 5,000 rows used this month.
    const orgId = `org-${randomUUID()}`;
    const namespace = 'race';
    const key = { orgId, namespace };
    const month = monthOf(new Date());
    await quotas.setLimit(key, 5000, new Date().toISOString());
    await quotas.reserve(reservation(key, 4000, { month }), 5000);
    const objects = new InMemoryObjects();
    const deps: ProcessChunkDeps = {
      runs, records, objects, quotas, clock: systemClock, ids: uuidIds, logger: new MemoryLogger(), leaseSeconds: 600,
      monthlyRowLimit: 10_000_000,
    };
    const a = await startedRun(orgId, namespace, `a${randomUUID().slice(0, 8)}`);
    const b = await startedRun(orgId, namespace, `b${randomUUID().slice(0, 8)}`);
    // SQS delivers at least once and retries a failed message: every chunk twice, at once, each until it succeeds.
    const deliver = async (chunk: Chunk): Promise<void> => {
      for (let attempt = 1; ; attempt++) {
        try {
          await processChunk(deps, chunk);
          return;
        } catch (error) {
          if (attempt >= 5) throw error;
        }
      }
    };
    const deliveries = [...a.chunks, ...b.chunks].flatMap((chunk) => [chunk, chunk]);

    // Act
    await Promise.all(deliveries.map(deliver));

    // Assert
    const [runA, runB] = [await runs.get(a.run.runId), await runs.get(b.run.runId)];
    for (const run of [runA, runB]) {
      expect(run?.state === 'completed' || run?.phase === 'halted').toBe(true);
      expect(run).toMatchObject({ totalItems: ROWS_PER_RUN, skipped: 0, chunksDone: ROWS_PER_RUN / ROWS_PER_CHUNK });
      expect(run!.succeeded + run!.failed).toBe(ROWS_PER_RUN);
    }
    expect(runA!.succeeded + runB!.succeeded).toBe(1000);
    const codes = [...objects.objects.values()].flatMap((o) => o.body.toString().trim().split('\n').map((line) => JSON.parse(line).code));
    expect(codes).toHaveLength(2 * ROWS_PER_RUN - 1000);
    expect(new Set(codes)).toEqual(new Set(['LIMIT_REACHED']));
    expect(await quotas.getUsed(key, month)).toBe(5000);
    // Exactly 1,000 records exist, and they are the succeeded ones.
    const keys = [...a.chunks, ...b.chunks].flatMap((chunk) => chunk.rows.map((row) => `TXN#${row.cells![0]}`));
    expect((await records.find(orgId, keys)).size).toBe(1000);
  });
});

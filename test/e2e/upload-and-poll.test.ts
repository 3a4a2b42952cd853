import { entitiesCsv, entityItems, runTag, transactionItems, transactionsCsv, userEventItems, userEventsCsv } from '../support/generate';
import { pollUntilTerminal, uploadAndWait, uploadFiles, uploadJson, type Job } from '../support/service-client';

jest.setTimeout(180_000);

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Statuses only move forward; this is their order. */
const RUN_ORDER = ['validating', 'processing', 'importing', 'completed', 'partially_completed'];

function expectCompleted(job: Job, rows: number) {
  expect(job).toMatchObject({ status: 'completed', runStatus: 'completed', totalItems: rows, succeeded: rows, failed: 0, skipped: 0 });
  expect(job.createdAt).toMatch(ISO);
  expect(job.completedAt).toMatch(ISO);
  expect(job.heartbeatAt).toMatch(ISO);
  expect(job.progress).toMatchObject({ processed: rows, percent: 100, etaSeconds: 0 });
}

describe('E2E: upload → S3 → SQS → DynamoDB → poll (local stack over HTTP)', () => {
  it('imports a 10,000-row transactions CSV: completed with totalItems = succeeded = 10000', async () => {
    const { job, seen } = await uploadAndWait('transactions', [{ fileName: 'transactions.csv', content: transactionsCsv(10_000, `t${runTag()}`) }]);
    expectCompleted(job, 10_000);
    // The seed's status body, field for field, plus the §6 additions.
    expect(Object.keys(job).sort()).toEqual(
      ['jobId', 'kind', 'status', 'totalItems', 'succeeded', 'failed', 'skipped', 'heartbeatAt', 'leaseExpiresAt', 'workerError',
        'createdAt', 'completedAt', 'metadata', 'runStatus', 'importJobId', 'attempt', 'namespace', 'progress'].sort(),
    );
    expect(job).toMatchObject({ kind: 'transaction_batch', workerError: null, importJobId: null, attempt: 1, namespace: 'default', metadata: { fileName: 'transactions.csv' } });
    const runStatuses = seen.map(([, runStatus]) => RUN_ORDER.indexOf(runStatus));
    expect(runStatuses).toEqual([...runStatuses].sort((a, b) => a - b));
    expect(seen[seen.length - 1]).toEqual(['completed', 'completed']);
  });

  it('imports a 10,000-row entities CSV', async () => {
    const { job } = await uploadAndWait('entities', [{ fileName: 'entities.csv', content: entitiesCsv(10_000, `e${runTag()}`) }]);
    expectCompleted(job, 10_000);
    expect(job.kind).toBe('entity_automatic');
  });

  it('imports a 10,000-row user events CSV', async () => {
    const { job } = await uploadAndWait('user-events', [{ fileName: 'events.csv', content: userEventsCsv(10_000, `u${runTag()}`) }]);
    expectCompleted(job, 10_000);
    expect(job.kind).toBe('user_event_batch');
  });

  it.each([
    ['transactions', transactionItems],
    ['entities', entityItems],
    ['user-events', userEventItems],
  ] as const)('imports a 10,000-item JSON body of %s', async (route, items) => {
    const response = await uploadJson(route, { items: items(10_000, `${route}-${runTag()}`) });
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as { success: boolean; jobId: string; status: string };
    expect(accepted).toMatchObject({ success: true, status: 'queued' });
    const { job } = await pollUntilTerminal(accepted.jobId);
    expectCompleted(job, 10_000);
  });

  it('counts invalid rows exactly: partially_completed with failed and succeeded to the row', async () => {
    const tag = runTag();
    const lines = transactionsCsv(1_000, `p${tag}`).trimEnd().split('\n');
    lines[10] = `p${tag}-bad-amount,12;50,EUR,2026-11-01T10:00:00Z,x`; // row 11
    lines[20] = `p${tag}-bad-currency,1.00,EURO,2026-11-01T10:00:00Z,x`;
    lines[30] = `p${tag}-bad-date,1.00,EUR,yesterday,x`;
    lines[40] = `,1.00,EUR,2026-11-01T10:00:00Z,x`;
    lines[50] = `p${tag}-short,1.00`;
    const { job } = await uploadAndWait('transactions', [{ fileName: 'mixed.csv', content: lines.join('\n') + '\n' }]);
    expect(job).toMatchObject({ status: 'completed', runStatus: 'partially_completed', totalItems: 1_000, succeeded: 995, failed: 5, skipped: 0 });
  });

  it('fails a file without the required columns before importing anything', async () => {
    const { job } = await uploadAndWait('transactions', [{ fileName: 'wrong.csv', content: 'id,value\n1,2\n' }]);
    expect(job).toMatchObject({ status: 'failed', runStatus: 'failed', succeeded: 0, jobFailure: { code: 'MISSING_REQUIRED_COLUMNS' } });
    expect(job.workerError).toContain('MISSING_REQUIRED_COLUMNS');
  });

  it('takes five transaction files as one job', async () => {
    const tag = runTag();
    const files = [1, 2, 3, 4, 5].map((i) => ({ fileName: `part-${i}.csv`, content: transactionsCsv(200, `m${tag}-${i}`) }));
    const { job } = await uploadAndWait('transactions', files);
    expectCompleted(job, 1_000);
  });

  it('answers 202 before any row is processed', async () => {
    const response = await uploadFiles('transactions', [{ fileName: 't.csv', content: transactionsCsv(5_000, `q${runTag()}`) }]);
    expect(response.status).toBe(202);
    const { jobId, status } = (await response.json()) as { jobId: string; status: string };
    expect(status).toBe('queued');
    const { job } = await pollUntilTerminal(jobId);
    expect(job.succeeded).toBe(5_000);
  });
});

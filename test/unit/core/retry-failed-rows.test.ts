import { retryFailedRows } from '../../../functions/core/use-cases/retry-failed-rows';
import { splitUpload } from '../../../functions/core/use-cases/split-upload';
import { startUpload } from '../../../functions/core/use-cases/start-upload';
import { createWorld, csvFile, principal, transactionLines } from '../../support/world';

const TRANSACTIONS = [
  'externalId,amount,currency,occurredAt,originTaxId',
  't1,1.00,USD,2026-11-01,known',
  't2,2.00,USD,2026-11-01,later',
  't3,3.00,USD,2026-11-01,later',
];

describe('Use case: retry failed rows', () => {
  it('makes a linked job of the failed rows that imports them once their cause is gone', async () => {
    const world = createWorld();
    const { deps } = world;
    await world.importFiles(principal(), 'entity_automatic', [csvFile('e.csv', ['taxId,type', 'known,company'])]);
    const first = await world.importFiles(principal(), 'transaction_batch', [csvFile('t.csv', TRANSACTIONS)], { validateExistingEntity: 'true' });
    expect(await deps.runs.get(first)).toMatchObject({ succeeded: 1, failed: 2 });
    await world.importFiles(principal(), 'entity_automatic', [csvFile('e2.csv', ['taxId,type', 'later,person'])]);

    const accepted = await retryFailedRows(deps, principal(), first);
    expect(accepted).toEqual({ success: true, jobId: expect.any(String), kind: 'transaction_batch', status: 'queued', retryOf: first });
    await splitUpload(deps, { runId: accepted.jobId, fileIndex: 0 });
    await world.drainChunks();

    expect(await deps.runs.get(accepted.jobId)).toMatchObject({
      state: 'completed',
      phase: 'completed',
      totalItems: 2,
      succeeded: 2,
      failed: 0,
      options: { validateExistingEntity: true },
      metadata: { retryOf: first, source: 'retry_failed' },
    });
    const imported = [...deps.records.items.values()].filter((r) => r.kind === 'transaction_batch').map((r) => r.data.externalId);
    expect(imported.sort()).toEqual(['t1', 't2', 't3']);
  });

  it('refuses a job that is still running, a job without failures, another org and a key without the kind scope', async () => {
    const world = createWorld();
    const { deps } = world;
    const clean = await world.importFiles(principal(), 'transaction_batch', [csvFile('t.csv', transactionLines(2))]);
    const { jobId: running } = await startUpload(deps, { principal: principal(), kind: 'transaction_batch', files: [csvFile('r.csv', transactionLines(2, 50))], options: {} });
    await expect(retryFailedRows(deps, principal(), running)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(retryFailedRows(deps, principal(), clean)).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(retryFailedRows(deps, principal('org-b'), clean)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(retryFailedRows(deps, principal('org-a', ['events:create']), clean)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

import { runTag } from '../support/generate';
import { baseUrl, demoKey, pollUntilTerminal, uploadAndWait } from '../support/service-client';

jest.setTimeout(60_000);

describe('E2E: POST /batch-import/jobs/{jobId}/retry-failed (§6)', () => {
  it('re-imports the failed rows in a linked job once their cause is fixed', async () => {
    const tag = `rf${runTag()}`;
    const transactions = [
      'externalId,amount,currency,occurredAt,destinationTaxId',
      `${tag}-1,1.00,EUR,2026-11-01T10:00:00Z,${tag}-acme`,
      `${tag}-2,2.00,EUR,2026-11-01T10:00:00Z,${tag}-acme`,
    ].join('\n');
    const { job: first } = await uploadAndWait('transactions', [{ fileName: 't.csv', content: transactions }], { validateExistingEntity: 'true' });
    expect(first).toMatchObject({ succeeded: 0, failed: 2 });
    await uploadAndWait('entities', [{ fileName: 'e.csv', content: `taxId,type\n${tag}-acme,company\n` }]);

    const response = await fetch(`${baseUrl()}/batch-import/jobs/${first.jobId}/retry-failed`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demoKey()}` },
    });
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as { jobId: string; retryOf: string };
    expect(accepted.retryOf).toBe(first.jobId);
    const { job } = await pollUntilTerminal(accepted.jobId);
    expect(job).toMatchObject({ status: 'completed', runStatus: 'completed', totalItems: 2, succeeded: 2, failed: 0, metadata: { retryOf: first.jobId } });
  });
});

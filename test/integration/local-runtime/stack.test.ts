import { randomUUID } from 'node:crypto';

// The stack's wiring end to end: HTTP API → upload handler → S3 → forwarded S3 notification → splitter poller →
// chunk queue → chunk processor poller → DynamoDB. Only a job that reaches a terminal status proves all of them.
const TERMINAL = ['completed', 'failed', 'cancelled', 'interrupted'];

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: is the integration global setup running?`);
  return value;
}

describe('Local stack: an upload runs through every local event source', () => {
  it('takes a CSV through the HTTP API to a completed job', async () => {
    // Arrange
    const baseUrl = env('E2E_BASE_URL');
    const auth = { authorization: `Bearer ${env('E2E_DEMO_API_KEY')}` };
    const prefix = randomUUID().slice(0, 8);
    const csv = `externalId,amount,currency,occurredAt\n${prefix}-1,10.50,EUR,2024-01-01T10:00:00Z\n${prefix}-2,3.00,USD,2024-01-02T10:00:00Z\n`;
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'transactions.csv');

    // Act
    const upload = await fetch(`${baseUrl}/batch-import/import/transactions`, { method: 'POST', headers: auth, body: form });
    const { jobId } = (await upload.json()) as { jobId: string };
    let job: { status: string; totalItems: number; succeeded: number } | undefined;
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && !TERMINAL.includes(job?.status ?? '')) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const response = await fetch(`${baseUrl}/batch-import/jobs/${jobId}`, { headers: auth });
      job = ((await response.json()) as { job: typeof job }).job;
    }

    // Assert
    expect(upload.status).toBe(202);
    expect(job).toMatchObject({ status: 'completed', totalItems: 2, succeeded: 2 });
  });
});

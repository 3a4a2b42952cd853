import { runTag, transactionsCsv } from '../support/generate';
import { baseUrl, demoKey } from '../support/service-client';

jest.setTimeout(60_000);

async function upload(key: string, content: string): Promise<Response> {
  // A new FormData each time: a new multipart boundary, as two real requests would have.
  const form = new FormData();
  form.append('namespace', 'idem');
  form.append('file', new Blob([content]), 't.csv');
  return fetch(`${baseUrl()}/batch-import/import/transactions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demoKey()}`, 'idempotency-key': key },
    body: form,
  });
}

describe('E2E: Idempotency-Key (§4)', () => {
  it('gives one job for the same upload twice, and 409 for another upload with the same key', async () => {
    const key = `idem-${runTag()}`;
    const content = transactionsCsv(5, key);
    const first = await upload(key, content);
    const second = await upload(key, content);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    const firstBody = (await first.json()) as { jobId: string };
    expect(await second.json()).toEqual(firstBody);

    const other = await upload(key, transactionsCsv(6, key));
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ success: false, error: { code: 'CONFLICT', details: { jobId: firstBody.jobId } } });
  });
});

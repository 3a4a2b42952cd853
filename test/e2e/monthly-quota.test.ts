import { runTag, transactionsCsv } from '../support/generate';
import { baseUrl, demoKey, pollUntilTerminal } from '../support/service-client';

jest.setTimeout(180_000);

async function quota(method: 'GET' | 'PUT', body?: unknown, query = ''): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl()}/batch-import/quota${query}`, {
    method,
    headers: { authorization: `Bearer ${demoKey()}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}

async function upload(namespace: string, rows: number, tag: string, query = ''): Promise<string> {
  const form = new FormData();
  form.append('namespace', namespace);
  form.append('file', new Blob([transactionsCsv(rows, tag)]), `${tag}.csv`);
  const response = await fetch(`${baseUrl()}/batch-import/import/transactions${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demoKey()}` },
    body: form,
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { jobId: string }).jobId;
}

/** The failures body lists the first 500: enough to see their codes, and it counts them all. */
async function failures(jobId: string): Promise<{ codes: Set<string>; total: number }> {
  const response = await fetch(`${baseUrl()}/batch-import/transaction-jobs/${jobId}/failures`, {
    headers: { authorization: `Bearer ${demoKey()}` },
  });
  const body = (await response.json()) as { failures: Array<{ code: string; message: string }>; failuresTotal: number };
  expect(body.failures.length).toBe(Math.min(500, body.failuresTotal));
  return { codes: new Set(body.failures.map((failure) => `${failure.code}: ${failure.message}`)), total: body.failuresTotal };
}

describe('E2E: monthly quota (§9) over the local stack', () => {
  it('lets two concurrent uploads import the limit between them, not more, and GET /batch-import/quota agrees', async () => {
    // Arrange
    const namespace = `quota-${runTag()}`;
    const month = new Date().toISOString().slice(0, 7);
    const set = await quota('PUT', { namespace, limit: 1000 });
    expect(set).toEqual({ status: 200, body: { success: true, namespace, month, limit: 1000, used: 0, remaining: 1000 } });

    // Act: 1,600 rows in two files of 800 (two chunks each), uploaded at once.
    const tag = runTag();
    const jobIds = await Promise.all([upload(namespace, 800, `qa${tag}`), upload(namespace, 800, `qb${tag}`)]);
    const jobs = await Promise.all(jobIds.map(async (jobId) => (await pollUntilTerminal(jobId)).job));

    // Assert
    for (const job of jobs) {
      expect(job.totalItems).toBe(800);
      expect(job.succeeded + job.failed).toBe(800);
      expect(job.skipped).toBe(0);
      // Each one imported all its rows, some (partially_completed) or none (halted on the limit).
      if (job.succeeded === 800) expect(job).toMatchObject({ status: 'completed', runStatus: 'completed' });
      else if (job.succeeded > 0) expect(job).toMatchObject({ status: 'completed', runStatus: 'partially_completed' });
      else expect(job).toMatchObject({ status: 'failed', runStatus: 'halted', jobFailure: { code: 'LIMIT_REACHED' } });
    }
    expect(jobs[0]!.succeeded + jobs[1]!.succeeded).toBe(1000);
    const reports = await Promise.all(jobIds.map(failures));
    expect(reports[0]!.total + reports[1]!.total).toBe(600);
    for (const report of reports) {
      if (report.total > 0) expect(report.codes).toEqual(new Set(['LIMIT_REACHED: Limit reached']));
    }
    expect(await quota('GET', undefined, `?namespace=${namespace}`)).toEqual({
      status: 200,
      body: { success: true, namespace, month, limit: 1000, used: 1000, remaining: 0 },
    });
  });

  it('halts an upload that can import none of its rows, and a higher limit lets the next one in', async () => {
    // Arrange
    const namespace = `quota-${runTag()}`;
    await quota('PUT', { namespace, limit: 3 });
    const tag = runTag();
    await pollUntilTerminal(await upload(namespace, 3, `qc${tag}`));
    // Act
    const { job: halted } = await pollUntilTerminal(await upload(namespace, 5, `qd${tag}`));
    await quota('PUT', { namespace, limit: 8 });
    const { job: rehearsed } = await pollUntilTerminal(await upload(namespace, 6, `qe${tag}`, '?dryRun=true'));
    const { job: after } = await pollUntilTerminal(await upload(namespace, 5, `qe${tag}`));
    // Assert
    expect(halted).toMatchObject({ status: 'failed', runStatus: 'halted', totalItems: 5, succeeded: 0, failed: 5, jobFailure: { code: 'LIMIT_REACHED' } });
    // The dry run sees the 5 rows left, as the real run would, and leaves them to it.
    expect(rehearsed).toMatchObject({ status: 'completed', runStatus: 'partially_completed', succeeded: 5, failed: 1, metadata: { dryRun: true } });
    expect(after).toMatchObject({ status: 'completed', runStatus: 'completed', succeeded: 5, failed: 0 });
    expect((await quota('GET', undefined, `?namespace=${namespace}`)).body).toMatchObject({ limit: 8, used: 8, remaining: 0 });
  });
});

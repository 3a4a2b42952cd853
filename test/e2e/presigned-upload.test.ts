import { gzipSync } from 'node:zlib';
import { runTag, transactionsCsv } from '../support/generate';
import { baseUrl, demoKey, getJob, pollUntilTerminal } from '../support/service-client';

jest.setTimeout(120_000);

async function requestUpload(body: Record<string, unknown>) {
  const response = await fetch(`${baseUrl()}/batch-import/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demoKey()}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { jobId: string; uploadUrl: string; uploadHeaders: Record<string, string> } };
}

describe('E2E: presigned upload (§4)', () => {
  it('waits for the file, then imports a gzip CSV PUT straight to the bucket', async () => {
    const file = gzipSync(Buffer.from(transactionsCsv(20_000, `g${runTag()}`)));
    const { status, body } = await requestUpload({ kind: 'transaction_batch', fileName: 'big.csv.gz', contentLength: file.length });
    expect(status).toBe(201);
    // Real S3 rejects a presigned PUT that carries a checksum of an empty body.
    expect(body.uploadUrl).not.toMatch(/x-amz-checksum-crc32/i);
    expect(body.uploadUrl).not.toMatch(/x-amz-sdk-checksum-algorithm/i);

    const waiting = (await (await getJob(body.jobId)).json()) as { job: { status: string; metadata: Record<string, unknown> } };
    expect(waiting.job).toMatchObject({ status: 'queued', metadata: { awaitingUpload: true } });

    const put = await fetch(body.uploadUrl, { method: 'PUT', headers: body.uploadHeaders, body: file });
    expect(put.status).toBe(200);

    const { job } = await pollUntilTerminal(body.jobId);
    expect(job).toMatchObject({ status: 'completed', runStatus: 'completed', totalItems: 20_000, succeeded: 20_000, failed: 0 });
    expect(job.metadata).not.toHaveProperty('awaitingUpload');
  });
});

import { paginateScan } from '@aws-sdk/lib-dynamodb';
import { createAwsClients } from '../../functions/adapters/aws-clients';
import { runTag, transactionsCsv } from '../support/generate';
import { baseUrl, demoKey, getJob, pollUntilTerminal, type Job } from '../support/service-client';

jest.setTimeout(120_000);

/**
 * §4, issue 14 item 7: a file PUT to a presigned URL after its import started must not replace what the run
 * imports. Upload URLs are create-only (`If-None-Match: *`, signed): the object lands once, and every later PUT
 * of the URL, or of the fresh URL a replay hands out, gets S3's 412 while the run goes on with the first file.
 */

const dynamo = createAwsClients().dynamo;
afterAll(() => dynamo.destroy());

interface PresignedUpload {
  jobId: string;
  uploadUrl: string;
  uploadHeaders: Record<string, string>;
}

async function requestUpload(body: Record<string, unknown>, idempotencyKey: string): Promise<PresignedUpload> {
  const response = await fetch(`${baseUrl()}/batch-import/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demoKey()}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as PresignedUpload;
}

async function externalIdsOf(jobId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  const pages = paginateScan(
    { client: dynamo },
    { TableName: process.env.RECORDS_TABLE_NAME, FilterExpression: 'jobId = :jobId', ExpressionAttributeValues: { ':jobId': jobId } },
  );
  for await (const page of pages) for (const item of page.Items ?? []) ids.add(String((item.data as { externalId?: unknown }).externalId));
  return ids;
}

describe('E2E: a presigned upload replaced after its import started', () => {
  it('keeps importing the first file: the second PUT gets 412, and counters, records and failures are the first file\'s', async () => {
    // Arrange: two files of the same size (the signed content-length fits both), the second with other rows.
    const tag = runTag();
    const rows = 1_000;
    const first = Buffer.from(transactionsCsv(rows, `first${tag}`));
    const second = Buffer.from(transactionsCsv(rows, `other${tag}`).replace(/,EUR,/g, ',XX!,'));
    expect(second.length).toBe(first.length);
    const key = `replace-${tag}`;
    const upload = await requestUpload({ kind: 'transaction_batch', fileName: 'transactions.csv', contentLength: first.length }, key);
    expect(upload.uploadHeaders).toMatchObject({ 'if-none-match': '*' });

    // Act: the first file lands and its import starts; then the same URL, and a replay's fresh URL, try to replace it.
    expect((await fetch(upload.uploadUrl, { method: 'PUT', headers: upload.uploadHeaders, body: first })).status).toBe(200);
    const deadline = Date.now() + 60_000;
    let started: Job | undefined;
    while (!started && Date.now() < deadline) {
      const { job } = (await (await getJob(upload.jobId)).json()) as { job: Job };
      if (job.status !== 'queued' || (job.totalItems ?? 0) > 0) started = job;
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(started).toBeDefined();
    const again = await fetch(upload.uploadUrl, { method: 'PUT', headers: upload.uploadHeaders, body: second });
    const replay = await requestUpload({ kind: 'transaction_batch', fileName: 'transactions.csv', contentLength: first.length }, key);
    expect(replay.jobId).toBe(upload.jobId);
    const viaReplay = await fetch(replay.uploadUrl, { method: 'PUT', headers: replay.uploadHeaders, body: second });
    const { 'if-none-match': _condition, ...unconditional } = upload.uploadHeaders;
    const withoutCondition = await fetch(upload.uploadUrl, { method: 'PUT', headers: unconditional, body: second });

    // Assert
    expect(again.status).toBe(412);
    expect(await again.text()).toMatch(/<Code>PreconditionFailed<\/Code>/);
    expect(viaReplay.status).toBe(412);
    expect(withoutCondition.status).toBe(403);
    const { job } = await pollUntilTerminal(upload.jobId);
    expect(job).toMatchObject({ status: 'completed', runStatus: 'completed', totalItems: rows, succeeded: rows, failed: 0, skipped: 0 });
    const failures = await fetch(`${baseUrl()}/batch-import/transaction-jobs/${upload.jobId}/failures`, { headers: { authorization: `Bearer ${demoKey()}` } });
    expect(failures.status).toBe(200);
    expect(JSON.stringify(await failures.json())).not.toContain(`other${tag}`);
    const imported = await externalIdsOf(upload.jobId);
    expect(imported.size).toBe(rows);
    expect([...imported].every((id) => id.startsWith(`first${tag}-`))).toBe(true);
  });
});

import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { spawnLocalStack, type ChildStack } from '../support/child-stack';
import { DynamoRecordStore } from '../../functions/adapters/dynamodb/record-store';
import { runTag, transactionsCsv } from '../support/generate';

/**
 * Fault injection over a stack of its own, with short settings: a lease of 3 s, a sweep every second, presigned
 * URLs that live 2 s (plus 1 s of grace), and an S3 that drops the connection half-way through the first read of
 * every upload, so the first split of each file dies mid-stream like a killed worker. Its upload event then stays
 * hidden for the queue's 90-minute visibility timeout: only the sweeper can bring the run back.
 */
jest.setTimeout(180_000);

let stack: ChildStack;
let records: DynamoRecordStore;
let dynamo: DynamoDBDocumentClient;

const SHORT_SETTINGS = {
  LEASE_SECONDS: '3',
  LEASE_SWEEP_INTERVAL_SECONDS: '1',
  UPLOAD_URL_TTL_SECONDS: '2',
  UPLOAD_EXPIRY_GRACE_SECONDS: '1',
  CHUNK_MAX_ROWS: '100',
  LOCAL_FAULT_CUT_UPLOAD_READS: '1',
};

/** Starts a stack of its own for the tests of one describe block, and stops it after them. */
function withStack(env: Record<string, string>): void {
  beforeAll(async () => {
    stack = await spawnLocalStack({ stackFile: path.join(tmpdir(), `batch-import-lease-test-${process.pid}.json`), timeoutMs: 120_000, env });
    dynamo = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: stack.ready.endpoints.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    );
    records = new DynamoRecordStore(dynamo, stack.ready.names.recordsTable);
  }, 150_000);

  afterAll(async () => {
    dynamo?.destroy();
    if (!stack || stack.child.exitCode !== null) return;
    const exited = new Promise((resolve) => stack.child.once('exit', resolve));
    stack.child.kill('SIGTERM');
    await exited;
  });
}

async function uploadCsv(csv: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([csv]), 'lease.csv');
  const response = await fetch(`${stack.ready.url}/batch-import/import/transactions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.ready.demoApiKey}` },
    body: form,
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { jobId: string }).jobId;
}

async function call(method: string, route: string, body?: unknown): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(`${stack.ready.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${stack.ready.demoApiKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function untilTerminal(jobId: string, timeoutMs = 120_000): Promise<{ job: Record<string, any>; seen: string[] }> {
  const seen: string[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { status, body } = await call('GET', `/batch-import/jobs/${jobId}`);
    if (status !== 200) throw new Error(`GET job answered ${status} ${JSON.stringify(body)}; stack stderr:\n${stack.stderrTail()}`);
    const job = body.job as Record<string, any>;
    if (seen[seen.length - 1] !== job.status) seen.push(job.status);
    if (['completed', 'failed', 'cancelled', 'interrupted'].includes(job.status)) return { job, seen };
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status} after ${timeoutMs} ms; stack stderr:\n${stack.stderrTail()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('E2E: lease sweeper (§6), over a stack with a 3 s lease', () => {
  withStack({ ...SHORT_SETTINGS, LEASE_MAX_RESUMES: '3' });

  it('resumes a run whose split died mid-file: exact counters, each record imported exactly once', async () => {
    // Arrange
    const tag = `lease${runTag()}`;
    const rows = 5000;

    // Act: the first read of the file is cut half-way; nothing but the sweeper will split it again
    const jobId = await uploadCsv(transactionsCsv(rows, tag));
    const { job } = await untilTerminal(jobId);

    // Assert
    expect(job).toMatchObject({ status: 'completed', runStatus: 'completed', totalItems: rows, succeeded: rows, failed: 0, skipped: 0 });
    expect(job.metadata.leaseResumes).toBeGreaterThanOrEqual(1);
    const keys = Array.from({ length: rows }, (_, i) => `TXN#${tag}-${i + 1}`);
    const found = await records.find('demo', keys);
    expect(found.size).toBe(rows);
    expect([...found.values()].every((record) => record.runId === jobId)).toBe(true);
    expect(new Set([...found.values()].map((record) => record.rowNumber)).size).toBe(rows);
  });

  it('ends a presigned upload that is never used as failed SOURCE_FILE_NOT_FOUND once its URL expired', async () => {
    // Arrange
    const created = await call('POST', '/batch-import/uploads', { kind: 'transaction_batch', fileName: 'never.csv' });
    expect(created.status).toBe(201);
    const { jobId } = created.body as { jobId: string };

    // Act
    const { job, seen } = await untilTerminal(jobId, 30_000);

    // Assert
    expect(seen[0]).toBe('queued');
    expect(job).toMatchObject({ status: 'failed', runStatus: 'failed', totalItems: null, succeeded: 0, failed: 0 });
    expect(job.jobFailure).toMatchObject({ code: 'SOURCE_FILE_NOT_FOUND', message: expect.stringContaining('never arrived') });
    expect(job.metadata.awaitingUpload).toBeUndefined();
    expect(Date.parse(job.completedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.expiresAt));
  });

  it('imports a presigned upload that arrives in time, whatever the sweeps around it', async () => {
    // Arrange
    const tag = `pre${runTag()}`;
    const csv = transactionsCsv(300, tag);
    const created = await call('POST', '/batch-import/uploads', { kind: 'transaction_batch', fileName: 'ontime.csv', contentLength: Buffer.byteLength(csv) });
    const { jobId, uploadUrl, uploadHeaders } = created.body as { jobId: string; uploadUrl: string; uploadHeaders: Record<string, string> };

    // Act
    const put = await fetch(uploadUrl, { method: 'PUT', headers: uploadHeaders, body: csv });
    expect(put.status).toBe(200);
    const { job } = await untilTerminal(jobId);

    // Assert
    expect(job).toMatchObject({ status: 'completed', totalItems: 300, succeeded: 300 });
    expect((await records.find('demo', [`TXN#${tag}-1`, `TXN#${tag}-300`])).size).toBe(2);
  });
});

describe('E2E: lease sweeper (§6), over a stack that never resumes', () => {
  // A lease a little longer than a chunk can take here, so no chunk is still being written when the run is ended
  // (in AWS the 600 s lease outlasts the chunk processor's 120 s timeout).
  // Chunks of 10 rows, so the dying split has queued some before the cut.
  withStack({ ...SHORT_SETTINGS, LEASE_SECONDS: '5', LEASE_MAX_RESUMES: '0', CHUNK_MAX_ROWS: '10' });

  it('interrupts a run whose split died: WORKER_LEASE_EXPIRED, counters that add up, each counted record imported once', async () => {
    // Arrange
    const tag = `intr${runTag()}`;
    const rows = 2000;

    // Act
    const jobId = await uploadCsv(transactionsCsv(rows, tag));
    const { job } = await untilTerminal(jobId);

    // Assert: the rows after the cut were never read; what was read is counted, and the counters add up
    expect(job).toMatchObject({ status: 'interrupted', runStatus: 'failed', failed: 0, skipped: 0 });
    expect(job.jobFailure).toMatchObject({ code: 'WORKER_LEASE_EXPIRED', details: { filesNotSplit: ['lease.csv'] } });
    expect(job.succeeded).toBeGreaterThan(0);
    expect(job.totalItems).toBeLessThan(rows);
    expect(job.succeeded + job.failed + job.skipped + job.metadata.unprocessed).toBe(job.totalItems);
    const found = await records.find('demo', Array.from({ length: rows }, (_, i) => `TXN#${tag}-${i + 1}`));
    expect(found.size).toBe(job.succeeded);
    expect([...found.values()].every((record) => record.runId === jobId)).toBe(true);
  });
});

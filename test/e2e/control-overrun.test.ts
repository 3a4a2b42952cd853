import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAwsClients, type AwsClients } from '../../functions/adapters/aws-clients';
import { DynamoRunRepository } from '../../functions/adapters/dynamodb/run-repository';
import { S3ObjectStore } from '../../functions/adapters/s3/object-store';
import { CHUNK_QUEUE, UPLOAD_BUCKET } from '../../lib/resources';
import { spawnLocalStack, type ChildStack } from '../support/child-stack';
import { uploadCsv, waitForEnd, type Target } from '../support/faulted-stack';
import { runTag } from '../support/generate';
import type { Job } from '../support/service-client';

jest.setTimeout(600_000);

/**
 * Small chunks, so that a file of a few thousand rows is many chunks and the bound is tight: once a pause or cancel
 * has answered, at most the chunk each concurrent worker already had in hand may still be counted (§6).
 */
const CHUNK_ROWS = 100;
const BOUND = CHUNK_ROWS * CHUNK_QUEUE.maximumConcurrency;
const ROWS = 12_000;

let stack: ChildStack | undefined;
let clients: AwsClients | undefined;
let target: Target;
let runs: DynamoRunRepository;
let objects: S3ObjectStore;

beforeAll(async () => {
  stack = await spawnLocalStack({
    stackFile: path.join(tmpdir(), `batch-import-control-overrun-${process.pid}.json`),
    env: { CHUNK_MAX_ROWS: String(CHUNK_ROWS), LEASE_SWEEP_INTERVAL_SECONDS: '3600' },
    timeoutMs: 180_000,
  });
  const { ready } = stack;
  target = { url: ready.url, apiKey: ready.demoApiKey };
  clients = createAwsClients({ dynamodb: ready.endpoints.dynamodb, s3: ready.endpoints.s3 });
  runs = new DynamoRunRepository(clients.dynamo, ready.names.controlTable);
  objects = new S3ObjectStore(clients.s3, ready.env[UPLOAD_BUCKET.envVar] as string);
});

afterAll(async () => {
  if (clients) Object.values(clients).forEach((client) => client.destroy());
  const child = stack?.child;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(forced);
});

function transactionsCsv(rows: number, tag: string): string {
  const lines = ['externalId,amount,currency,occurredAt'];
  for (let i = 1; i <= rows; i++) lines.push(`${tag}-${i},${i}.50,EUR,2026-11-01T10:00:00Z`);
  return lines.join('\n') + '\n';
}

const counted = (job: Job) => job.succeeded + job.failed + job.skipped;

async function jobOf(jobId: string): Promise<Job> {
  // Polled often on a machine other tests load too: a read that outlived the function's 10 s timeout is asked again.
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${target.url}/batch-import/jobs/${jobId}`, { headers: { authorization: `Bearer ${target.apiKey}` } });
    if (response.status === 200) return ((await response.json()) as { job: Job }).job;
    if (response.status < 500 || attempt === 3) throw new Error(`GET job answered ${response.status}: ${await response.text()}`);
  }
}

async function control(jobId: string, action: 'pause' | 'resume' | 'cancel'): Promise<Job> {
  const response = await fetch(`${target.url}/batch-import/jobs/${jobId}/control`, {
    method: 'POST',
    headers: { authorization: `Bearer ${target.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ action }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { job: Job }).job;
}

/** Polls until the first chunks are counted: the file is then being imported, most of it still to go. */
async function untilSomeCounted(jobId: string): Promise<void> {
  const deadline = Date.now() + 240_000;
  while (counted(await jobOf(jobId)) === 0) {
    if (Date.now() > deadline) throw new Error(`no chunk of ${jobId} was counted`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Until every chunk of the paused run is recorded or parked: nothing is left in a worker's hands. */
async function untilPausedSettled(jobId: string): Promise<Job> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const run = await runs.get(jobId);
    const parked = new Set<string>();
    for await (const key of objects.list(`${UPLOAD_BUCKET.parkedPrefix}${jobId}/`)) parked.add(key.split('/')[2] as string);
    if (run && run.filesSplit === run.files.length && run.chunksDone + parked.size === run.totalChunks) return jobOf(jobId);
    if (Date.now() > deadline) throw new Error(`${jobId} never settled`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe(`E2E: pause and cancel stop within one chunk per worker (${CHUNK_ROWS}-row chunks × ${CHUNK_QUEUE.maximumConcurrency} workers)`, () => {
  it('counts at most one more chunk per worker after a pause has answered, and shows no rate or ETA while paused', async () => {
    // Arrange
    const jobId = await uploadCsv(target, 'transactions', 'pause.csv', transactionsCsv(ROWS, `po${runTag()}`));
    await untilSomeCounted(jobId);

    // Act
    const answered = await control(jobId, 'pause');
    const settled = await untilPausedSettled(jobId);
    const cancelled = await control(jobId, 'cancel').then(() => waitForEnd(target, jobId));

    // Assert
    expect(answered.status).toBe('paused');
    expect(settled.status).toBe('paused');
    expect(counted(settled)).toBeLessThanOrEqual(counted(answered) + BOUND);
    expect(settled.progress).toMatchObject({ rowsPerSecond: 0, etaSeconds: null });
    // The parked rest is never imported: the cancel sets it aside.
    expect(cancelled).toMatchObject({ status: 'cancelled', succeeded: settled.succeeded, totalItems: ROWS });
  });

  it('imports at most one more chunk per worker after a cancel has answered', async () => {
    // Arrange
    const jobId = await uploadCsv(target, 'transactions', 'cancel.csv', transactionsCsv(ROWS, `co${runTag()}`));
    await untilSomeCounted(jobId);

    // Act
    const answered = await control(jobId, 'cancel');
    const ended = await waitForEnd(target, jobId);

    // Assert
    expect(answered.metadata).toMatchObject({ batchCancelRequested: true });
    expect(ended).toMatchObject({ status: 'cancelled', totalItems: ROWS });
    expect(counted(ended)).toBeLessThanOrEqual(counted(answered) + BOUND);
    expect(ended.metadata?.unprocessed).toBe(ROWS - counted(ended));
  });
});

import { parse } from 'csv-parse/sync';
import { createAwsClients } from '../../functions/adapters/aws-clients';
import { DynamoApiKeyRepository } from '../../functions/adapters/dynamodb/api-key-repository';
import { DynamoRecordStore } from '../../functions/adapters/dynamodb/record-store';
import { DynamoRunRepository } from '../../functions/adapters/dynamodb/run-repository';
import { S3ObjectStore } from '../../functions/adapters/s3/object-store';
import { systemClock } from '../../functions/adapters/system';
import { createApiKey } from '../../functions/core/use-cases/create-api-key';
import { runTag } from '../support/generate';
import { baseUrl, demoKey, getJob, pollUntilTerminal, uploadFiles, type Job } from '../support/service-client';

jest.setTimeout(300_000);

const DEMO_ORG = 'demo';
const clients = createAwsClients();
const records = new DynamoRecordStore(clients.dynamo, process.env.RECORDS_TABLE_NAME as string);
const runs = new DynamoRunRepository(clients.dynamo, process.env.CONTROL_TABLE_NAME as string);
const objects = new S3ObjectStore(clients.s3, process.env.UPLOAD_BUCKET_NAME as string);

/** A transactions CSV whose every 997th row has an invalid currency; answers its lines and its ids. */
function transactions(rows: number, tag: string) {
  const header = 'externalId,amount,currency,occurredAt,description';
  const lines = [header];
  const bad = new Set<string>();
  for (let i = 1; i <= rows; i++) {
    const id = `${tag}-${i}`;
    const currency = i % 997 === 0 ? 'EURO' : 'EUR';
    if (currency === 'EURO') bad.add(id);
    lines.push(`${id},${i}.${String(i % 100).padStart(2, '0')},${currency},2026-11-01T10:00:00Z,"payment ${i}, =batch"`);
  }
  return { content: lines.join('\n') + '\n', lines, ids: lines.slice(1).map((l) => l.split(',')[0] as string), bad };
}

async function upload(content: string): Promise<string> {
  const response = await uploadFiles('transactions', [{ fileName: 'big.csv', content }]);
  expect(response.status).toBe(202);
  return ((await response.json()) as { jobId: string }).jobId;
}

async function jobOf(jobId: string): Promise<Job> {
  const response = await getJob(jobId);
  expect(response.status).toBe(200);
  return ((await response.json()) as { job: Job }).job;
}

async function untilRunning(jobId: string): Promise<Job> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const job = await jobOf(jobId);
    if (job.status === 'running') return job;
    if (Date.now() > deadline) throw new Error(`${jobId} never started`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Polls until the job shows some rows counted, i.e. some chunks recorded. */
async function untilSomeCounted(jobId: string): Promise<Job> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const job = await jobOf(jobId);
    if (job.succeeded + job.failed > 0) return job;
    if (Date.now() > deadline) throw new Error(`no chunk recorded for ${jobId}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits until every chunk of the paused run is either recorded or parked: the chunks a worker had already started
 * when the pause landed are finished (a loaded machine can take seconds each; one per worker, 10 at once), and every
 * other one is parked. Read from the run item and the bucket, as an operator could.
 */
async function untilSettled(jobId: string): Promise<Job> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    const run = await runs.get(jobId);
    const parked = new Set<string>();
    for await (const key of objects.list(`parked/${jobId}/`)) parked.add(key.split('/')[2] as string);
    if (run && run.filesSplit === run.files.length && run.chunksDone + parked.size === run.totalChunks) return jobOf(jobId);
    if (Date.now() > deadline) throw new Error(`${jobId} never settled`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const control = (jobId: string, body: unknown, apiKey = demoKey()) =>
  fetch(`${baseUrl()}/batch-import/jobs/${jobId}/control`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** The ids of the records the records table holds, among these. */
async function importedAmong(ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 2000) {
    const slice = ids.slice(i, i + 2000);
    const held = await records.find(DEMO_ORG, slice.map((id) => `TXN#${id}`));
    for (const key of held.keys()) found.add(key.slice('TXN#'.length));
  }
  return found;
}

describe('E2E: job control (§6) and unprocessed.csv (§8) over HTTP against the local stack', () => {
  it('cancels in the middle of a large upload: cancelled, counters add up, unprocessed.csv is exactly the rows not imported', async () => {
    // Arrange
    const tag = runTag();
    const file = transactions(40_000, `cx-${tag}`);
    const jobId = await upload(file.content);
    await untilSomeCounted(jobId);

    // Act
    const cancel = await control(jobId, { kind: 'transaction_batch', action: 'cancel' });
    const { job } = await pollUntilTerminal(jobId, 240_000);
    const download = await fetch(`${baseUrl()}/batch-import/jobs/${jobId}/unprocessed.csv`, {
      headers: { authorization: `Bearer ${demoKey()}` },
    });

    // Assert
    expect(cancel.status).toBe(200);
    const answered = ((await cancel.json()) as { job: Job }).job;
    expect(answered).toMatchObject({ jobId, metadata: expect.objectContaining({ batchCancelRequested: true }) });
    expect(['running', 'cancelled']).toContain(answered.status);
    expect(job).toMatchObject({ status: 'cancelled', runStatus: 'partially_completed', totalItems: 40_000, skipped: 0 });
    expect(download.status).toBe(200);
    const [header, ...rows] = parse(await download.text()) as string[][];
    expect(header).toEqual(file.lines[0]?.split(','));
    const listed = rows.map((row) => row[0] as string);
    const unprocessed = job.metadata?.unprocessed as number;
    expect(unprocessed).toBeGreaterThan(0);
    expect(listed).toHaveLength(unprocessed);
    expect(job.succeeded + job.failed + job.skipped + unprocessed).toBe(40_000);

    const imported = await importedAmong(file.ids);
    expect(imported.size).toBe(job.succeeded);
    const listedSet = new Set(listed);
    expect(listed.filter((id) => imported.has(id))).toEqual([]);
    // Every row is imported, listed, or one of the invalid rows that was attempted and failed.
    const attemptedBad = [...file.bad].filter((id) => !listedSet.has(id));
    expect(attemptedBad).toHaveLength(job.failed);
    expect(file.ids.filter((id) => !imported.has(id) && !listedSet.has(id)).sort()).toEqual(attemptedBad.sort());
    // In file order, cells unchanged (the quoted comma and the formula-like text included).
    const byId = new Map(file.lines.slice(1).map((line) => [line.split(',')[0] as string, line]));
    expect(listed).toEqual(file.ids.filter((id) => listedSet.has(id)));
    expect(rows[0]?.[4]).toBe(parse(byId.get(listed[0] as string) as string)[0][4]);
    expect(rows[0]?.[4]).toMatch(/^payment \d+, =batch$/);

    // Nothing more is allowed on a cancelled job.
    const again = await control(jobId, { action: 'resume' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('INVALID_STATUS_TRANSITION');
  });

  it('pauses, holds still while paused, then resumes to completed with exact counters and every record once', async () => {
    // Arrange
    const tag = runTag();
    const file = transactions(40_000, `px-${tag}`);
    const jobId = await upload(file.content);
    // As soon as it starts: the chunk each worker has in hand (up to 10, 5,000 rows) is finished anyway.
    await untilRunning(jobId);

    // Act: pause, let the chunks in flight finish, and watch nothing more being counted
    const pause = await control(jobId, { action: 'pause' });
    const settled = await untilSettled(jobId);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const stillPaused = await jobOf(jobId);
    const resume = await control(jobId, { action: 'resume' });
    const { job } = await pollUntilTerminal(jobId, 240_000);

    // Assert
    expect(pause.status).toBe(200);
    expect(((await pause.json()) as { job: Job }).job.status).toBe('paused');
    expect(stillPaused).toMatchObject({ status: 'paused', succeeded: settled.succeeded, failed: settled.failed });
    expect(stillPaused.succeeded + stillPaused.failed).toBeLessThan(40_000);
    expect(resume.status).toBe(200);
    expect(((await resume.json()) as { job: Job }).job.status).toBe('running');
    expect(job).toMatchObject({
      status: 'completed',
      runStatus: 'partially_completed',
      totalItems: 40_000,
      succeeded: 40_000 - file.bad.size,
      failed: file.bad.size,
      skipped: 0,
    });
    const imported = await importedAmong(file.ids);
    expect(imported.size).toBe(40_000 - file.bad.size);
    expect([...file.bad].filter((id) => imported.has(id))).toEqual([]);
    // A second resume has nothing to do.
    expect((await control(jobId, { action: 'resume' })).status).toBe(409);
  });

  it('answers 404 for another org and 403 without the kind scope', async () => {
    // Arrange: a key of another org and a key of the demo org without the transactions scope, made by the CLI path
    const apiKeys = new DynamoApiKeyRepository(createAwsClients().dynamo, process.env.CONTROL_TABLE_NAME as string);
    const other = (await createApiKey({ apiKeys, clock: systemClock }, { orgId: `other-${runTag()}`, scopes: ['transactions:create'] })).apiKey;
    const noScope = (await createApiKey({ apiKeys, clock: systemClock }, { orgId: DEMO_ORG, scopes: ['events:create'] })).apiKey;
    const jobId = await upload(transactions(10, `ax-${runTag()}`).content);
    await pollUntilTerminal(jobId);
    // Act / Assert
    expect((await control(jobId, { action: 'cancel' }, other)).status).toBe(404);
    expect((await control(jobId, { action: 'cancel' }, noScope)).status).toBe(403);
    expect((await control(jobId, { action: 'cancel' })).status).toBe(409);
  });
});

import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnLocalStack, type ChildStack } from '../support/child-stack';

/**
 * Issue 5's acceptance over a stack of its own, end to end: import jobs are activated over HTTP, their schedules
 * live in the local EventBridge Scheduler stand-in and fire into the import-job trigger, files are dropped through
 * the presigned drop URL, reruns are one-time schedules, and alerts reach the SES emulator. Reruns come 1 s apart
 * (RUN_RETRY_INTERVAL_SECONDS), so five of them take seconds; the stand-in's clock is moved on to reach the next
 * regular firing. The tests run in this order because moving that clock on makes later reruns come at once.
 * Alerts follow the default policy (functions/core/notifications/alert-policy.ts): one email when the runs start
 * failing, none for reruns that fail the same way, one when the system halts the job.
 */
jest.setTimeout(240_000);

let stack: ChildStack;

beforeAll(async () => {
  stack = await spawnLocalStack({
    stackFile: path.join(tmpdir(), `batch-import-schedules-test-${process.pid}.json`),
    timeoutMs: 120_000,
    env: { RUN_RETRY_COUNT: '5', RUN_RETRY_INTERVAL_SECONDS: '1', LEASE_SWEEP_INTERVAL_SECONDS: '3600' },
  });
}, 150_000);

afterAll(async () => {
  if (!stack || stack.child.exitCode !== null) return;
  const exited = new Promise((resolve) => stack.child.once('exit', resolve));
  stack.child.kill('SIGTERM');
  await exited;
});

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the API's JSON, checked field by field
}

async function api(method: string, route: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${stack.ready.url}/batch-import${route}`, {
    method,
    headers: { authorization: `Bearer ${stack.ready.demoApiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

const MAPPING = { Ref: 'externalId', Amt: 'amount', Cur: 'currency', Date: 'occurredAt' };

async function createJob(name: string, overrides: Record<string, unknown>): Promise<string> {
  const created = await api('POST', '/import-jobs', {
    name,
    kind: 'transaction_batch',
    columnMapping: MAPPING,
    source: { filenamePattern: 'tx-*.csv', maxFileAgeHours: 24 },
    schedule: { type: 'recurring', expression: 'rate(1 day)', timezone: 'UTC' },
    ...overrides,
  });
  expect(created.status).toBe(201);
  return created.body.importJob.id as string;
}

/** A file dropped into the job's prefix as a person without S3 access would: through the presigned drop URL. */
async function dropFile(importJobId: string, fileName: string, lines: string[]): Promise<void> {
  const presigned = await api('POST', `/import-jobs/${importJobId}/files`, { fileName });
  expect(presigned.status).toBe(201);
  const put = await fetch(presigned.body.uploadUrl, { method: 'PUT', headers: presigned.body.uploadHeaders, body: lines.join('\n') + '\n' });
  expect(put.status).toBe(200);
}

async function runsOf(importJobId: string): Promise<any[]> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const answer = await api('GET', `/import-jobs/${importJobId}/runs?limit=100`);
  expect(answer.status).toBe(200);
  return answer.body.runs;
}

async function eventually<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const finished = (runs: any[]) => runs.every((run) => ['completed', 'failed', 'cancelled', 'interrupted'].includes(run.status)); // eslint-disable-line @typescript-eslint/no-explicit-any

async function advanceScheduler(seconds: number): Promise<void> {
  const response = await fetch(`${stack.ready.endpoints.scheduler}/_local/advance`, { method: 'POST', body: JSON.stringify({ seconds }) });
  expect(response.status).toBe(200);
}

interface StoredEmail {
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
}

async function emailsTo(address: string): Promise<StoredEmail[]> {
  const response = await fetch(`${stack.ready.endpoints.ses}/store`);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  return emails.filter((email) => email.destination.to.includes(address));
}

describe('E2E: scheduled import jobs, reruns, halting and alerts (§7, §10)', () => {
  it('reruns a halting run 5 times at the configured interval, then halts the job; its recipients get two emails, not seven', async () => {
    const recipient = `halt-${randomUUID().slice(0, 8)}@example.com`;
    const name = `ledger ${randomUUID().slice(0, 8)}`;
    const importJobId = await createJob(name, { notifications: { emails: [recipient] } });
    // The file no longer has the mapped column "Amt" (and no column that would match the amount field by name).
    await dropFile(importJobId, 'tx-renamed.csv', ['Ref,Value,Cur,Date', 'r-1,1.00,EUR,2026-11-23T10:00:00Z']);

    await api('POST', `/import-jobs/${importJobId}/activate`);
    const { job } = await eventually(
      'the job to halt',
      async () => ({ job: (await api('GET', `/import-jobs/${importJobId}`)).body.importJob, runs: await runsOf(importJobId) }),
      (state) => state.job.status === 'halted',
    );
    expect(job.statusReason).toMatch(/MAPPING_MISMATCH/);

    const runs = await runsOf(importJobId);
    expect(runs.map((run) => [run.attempt, run.status, run.runStatus, run.failureCode])).toEqual(
      [6, 5, 4, 3, 2, 1].map((attempt) => [attempt, 'failed', 'halted', 'MAPPING_MISMATCH']),
    );
    // Each rerun comes the configured interval after the run before it ended (at() has one-second precision).
    const oldestFirst = [...runs].reverse();
    for (let i = 1; i < oldestFirst.length; i++) {
      const due = Math.floor((Date.parse(oldestFirst[i - 1].completedAt) + 1000) / 1000) * 1000;
      expect(Date.parse(oldestFirst[i].createdAt)).toBeGreaterThanOrEqual(due);
    }

    // The first halted attempt's email (the trouble starts) and the system's halt; the 5 reruns that halted the
    // same way, the sixth included, send nothing.
    await eventually('the job-halted email', () => emailsTo(recipient), (all) => all.some((email) => email.subject.includes('was halted by the system')));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const emails = await emailsTo(recipient);
    expect(emails.map((email) => email.subject).sort()).toEqual([
      `[Batch import] Import job "${name}" was halted by the system: MAPPING_MISMATCH`,
      `[Batch import] Import job "${name}": run halted (attempt 1 of 6): MAPPING_MISMATCH`,
    ]);
    for (const email of emails) {
      expect(email.body.text).toContain('Amt');
      expect(email.body.html).toContain('Amt');
      expect(email.body.text).toContain(`${stack.ready.url}/import-jobs/${importJobId}`);
    }
  });

  it('reruns a run without a source file 5 times, then keeps the job active on its regular schedule', async () => {
    const recipient = `nofile-${randomUUID().slice(0, 8)}@example.com`;
    const importJobId = await createJob(`empty drop ${randomUUID().slice(0, 8)}`, {
      notifications: { emails: [recipient] },
    });

    await api('POST', `/import-jobs/${importJobId}/activate`);
    const runs = await eventually('six failed attempts', () => runsOf(importJobId), (all) => all.length >= 6 && finished(all));
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await runsOf(importJobId)).map((run) => [run.attempt, run.runStatus, run.failureCode])).toEqual(
      [6, 5, 4, 3, 2, 1].map((attempt) => [attempt, 'failed', 'SOURCE_FILE_NOT_FOUND']),
    );
    expect(runs).toHaveLength(6);
    expect((await api('GET', `/import-jobs/${importJobId}`)).body.importJob.status).toBe('active');
    // One email, not six: the first attempt's. Its links are absolute, on this stack's own URL (PUBLIC_BASE_URL).
    const [failedEmail, ...more] = await emailsTo(recipient);
    expect(more).toEqual([]);
    expect(failedEmail!.subject).toMatch(/run failed \(attempt 1 of 6\): SOURCE_FILE_NOT_FOUND$/);
    const firstRun = runs.find((run) => run.attempt === 1)!.jobId as string;
    const links = [
      `${stack.ready.url}/jobs/${firstRun}`,
      `${stack.ready.url}/jobs/${firstRun}/download/failures`,
      `${stack.ready.url}/import-jobs/${importJobId}`,
    ];
    for (const link of links) {
      expect(failedEmail!.body.text).toContain(`: ${link}\n`);
      expect(failedEmail!.body.html).toContain(`<a href="${link}">`);
    }

    // A day later the regular schedule fires again: a first attempt of a new run.
    await advanceScheduler(24 * 3600 + 60);
    // (its own reruns may follow it at once: they were due a second after it, and the stand-in's clock moved on)
    const later = await eventually('the next regular run', () => runsOf(importJobId), (all) => all.filter((run) => run.attempt === 1).length === 2);
    expect(later.filter((run) => run.attempt === 1)[0]).toMatchObject({ runStatus: 'failed', failureCode: 'SOURCE_FILE_NOT_FOUND' });
    // The next day's run fails the same way: still the one email.
    await eventually('the next regular run to end', () => runsOf(importJobId), finished);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await emailsTo(recipient)).toHaveLength(1);
    expect((await api('DELETE', `/import-jobs/${importJobId}`)).status).toBe(200);
  });

  it('runs a recurring job on its schedule, stops while paused, and runs again once reactivated', async () => {
    const importJobId = await createJob(`nightly ${randomUUID().slice(0, 8)}`, {
      schedule: { type: 'recurring', expression: 'rate(1 hour)', timezone: 'Europe/Paris' },
    });
    await dropFile(importJobId, 'tx-monday.csv', ['Ref,Amt,Cur,Date', 'm-1,1.00,EUR,2026-11-23T10:00:00Z', 'm-2,2.50,EUR,2026-11-23T11:00:00Z', 'm-3,3.00,USD,2026-11-23T12:00:00Z']);

    // A rate schedule fires when it is created: the first run picks Monday's file.
    expect((await api('POST', `/import-jobs/${importJobId}/activate`)).body.importJob.status).toBe('active');
    const [first] = await eventually('the first run', () => runsOf(importJobId), (runs) => runs.length === 1 && finished(runs));
    expect(first).toMatchObject({ status: 'completed', runStatus: 'completed', attempt: 1, totalItems: 3, succeeded: 3, failed: 0, failedPercent: 0 });

    // Paused: hours pass and a new file lands, but nothing runs.
    expect((await api('POST', `/import-jobs/${importJobId}/pause`)).body.importJob.status).toBe('paused');
    await dropFile(importJobId, 'tx-tuesday.csv', ['Ref,Amt,Cur,Date', 't-1,4.00,EUR,2026-11-24T10:00:00Z', 't-2,5.00,EUR,2026-11-24T11:00:00Z']);
    await advanceScheduler(3 * 3600);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await runsOf(importJobId)).toHaveLength(1);

    // Reactivated: the next firing picks Tuesday's file, and only it (Monday's was imported once already).
    expect((await api('POST', `/import-jobs/${importJobId}/reactivate`)).body.importJob.status).toBe('active');
    await advanceScheduler(3600);
    const runs = await eventually('a run of the new file', () => runsOf(importJobId), (all) => all.some((run) => run.succeeded === 2 && run.status === 'completed'));
    expect(runs.filter((run) => run.succeeded > 0).map((run) => run.succeeded).sort()).toEqual([2, 3]);
    expect((await api('DELETE', `/import-jobs/${importJobId}`)).status).toBe(200);
  });
});

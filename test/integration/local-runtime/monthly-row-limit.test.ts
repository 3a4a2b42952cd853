import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnLocalStack, type ChildStack } from '../../support/child-stack';
import { transactionsCsv } from '../../support/generate';

jest.setTimeout(180_000);

/** `npm start` honours MONTHLY_ROW_LIMIT (§12): a stack of its own, started with a limit of 7 rows a month. */
describe('Local stack: MONTHLY_ROW_LIMIT', () => {
  let stack: ChildStack;

  beforeAll(async () => {
    stack = await spawnLocalStack({
      stackFile: path.join(tmpdir(), `batch-import-quota-stack-${process.pid}.json`),
      env: { MONTHLY_ROW_LIMIT: '7' },
      timeoutMs: 120_000,
    });
  }, 150_000);

  afterAll(async () => {
    if (!stack || stack.child.exitCode !== null) return;
    const exited = new Promise((resolve) => stack.child.once('exit', resolve));
    stack.child.kill('SIGTERM');
    await exited;
  });

  const call = (route: string, init: RequestInit = {}) =>
    fetch(`${stack.ready.url}${route}`, { ...init, headers: { authorization: `Bearer ${stack.ready.demoApiKey}`, ...init.headers } });

  it('limits a namespace without a limit of its own to the configured rows', async () => {
    // Act
    const before = (await (await call('/batch-import/quota')).json()) as Record<string, unknown>;
    const form = new FormData();
    form.append('file', new Blob([transactionsCsv(9, 'limit')]), 'limit.csv');
    const { jobId } = (await (await call('/batch-import/import/transactions', { method: 'POST', body: form })).json()) as { jobId: string };
    let job: Record<string, unknown> = {};
    for (let i = 0; i < 240 && !['completed', 'failed'].includes(String(job.status)); i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      job = ((await (await call(`/batch-import/jobs/${jobId}`)).json()) as { job: Record<string, unknown> }).job;
    }
    const after = (await (await call('/batch-import/quota')).json()) as Record<string, unknown>;
    // Assert
    expect(before).toMatchObject({ namespace: 'default', limit: 7, used: 0, remaining: 7 });
    expect(job).toMatchObject({ status: 'completed', runStatus: 'partially_completed', totalItems: 9, succeeded: 7, failed: 2 });
    expect(after).toMatchObject({ limit: 7, used: 7, remaining: 0 });
  });
});

import { createApiKey } from '../../../functions/core/use-cases/create-api-key';
import type { Scope } from '../../../functions/core/kinds';
import { createImportJobRunsHandler } from '../../../functions/handlers/http/import-job-runs-handler';
import { createRunImportJobHandler } from '../../../functions/handlers/scheduled/run-import-job-handler';
import { scheduleNames } from '../../../functions/core/scheduling/schedule-names';
import { scheduleTargetInput } from '../../../functions/core/scheduling/target-input';
import { apiEvent } from '../../support/api-events';
import { transactionLines } from '../../support/world';
import { createImportRunWorld } from '../../support/import-run-world';

async function setup(scopes: Scope[] = ['import-jobs:manage']) {
  const world = createImportRunWorld();
  const handler = createImportJobRunsHandler({ ...world.startDeps, apiKeys: world.deps.apiKeys });
  const apiKey = (await createApiKey(world.deps, { orgId: 'org-a', scopes })).apiKey;
  const runNow = (importJobId: string, key = apiKey) =>
    handler(
      apiEvent({
        method: 'POST',
        path: `/batch-import/import-jobs/${importJobId}/runs`,
        headers: { authorization: `Bearer ${key}` },
        pathParameters: { importJobId },
      }),
    );
  return { world, runNow };
}

const parse = (r: { body?: string }) => JSON.parse(r.body ?? 'null');

describe('Handler: import job runs (run now)', () => {
  it('starts a run of the job\'s new files and answers 202 with its status body', async () => {
    // Arrange
    const { world, runNow } = await setup();
    const job = await world.activeImportJob();
    await world.drop(job, 'orders-7.csv', transactionLines(4));
    // Act
    const result = await runNow(job.id);
    // Assert
    expect(result.statusCode).toBe(202);
    const body = parse(result);
    expect(body).toMatchObject({
      success: true,
      job: { kind: 'transaction_batch', status: 'queued', runStatus: 'validating', importJobId: job.id, attempt: 1, metadata: { trigger: 'manual', fileName: 'orders-7.csv' } },
    });
    await world.deliverUploads(body.job.jobId);
    expect(await world.deps.runs.get(body.job.jobId)).toMatchObject({ state: 'completed', succeeded: 4 });
  });

  it('answers 202 with a run already failed when no file is there, and the job\'s reruns follow', async () => {
    // Arrange
    const { world, runNow } = await setup();
    const job = await world.activeImportJob();
    // Act
    const body = parse(await runNow(job.id));
    await world.deliverRunEnds(); // the run's terminal write reaches the run-ended consumer
    // Assert
    expect(body.job).toMatchObject({ status: 'failed', runStatus: 'failed', jobFailure: { code: 'SOURCE_FILE_NOT_FOUND' } });
    expect(world.scheduler.schedules.get(scheduleNames(job.id).retry(2))).toMatchObject({
      timing: { type: 'once', at: '2026-11-25T10:15:00', timezone: 'UTC' },
      request: { orgId: 'org-a', importJobId: job.id, trigger: 'retry', attempt: 2, previousRunId: body.job.jobId },
      enabled: true,
    });
  });

  it.each([
    ['a job still in draft', 'draft', 409, 'CONFLICT'],
    ['a job being sampled', 'sampling', 409, 'CONFLICT'],
  ] as const)('refuses %s', async (_, status, code, errorCode) => {
    const { world, runNow } = await setup();
    const job = await world.activeImportJob({ status });
    const result = await runNow(job.id);
    expect([result.statusCode, parse(result).error.code]).toEqual([code, errorCode]);
    expect(world.deps.runs.runs.size).toBe(0);
  });

  it('runs a paused job once, without reruns, leaving it paused', async () => {
    const { world, runNow } = await setup();
    const job = await world.activeImportJob({ status: 'paused' });
    const result = await runNow(job.id);
    expect(result.statusCode).toBe(202);
    expect([...world.scheduler.schedules.keys()]).toEqual([scheduleNames(job.id).regular]);
    expect((await world.importJobs.get('org-a', job.id))!.status).toBe('paused');
  });

  it('answers 404 for another org\'s job or a malformed id, 403 without import-jobs:manage, 401 without a key', async () => {
    const { world, runNow } = await setup();
    const foreign = await world.activeImportJob({ orgId: 'org-b' });
    expect((await runNow(foreign.id)).statusCode).toBe(404);
    expect((await runNow('../etc')).statusCode).toBe(404);
    expect((await runNow(foreign.id, 'bik_not-a-key')).statusCode).toBe(401);
    const reader = await setup(['transactions:create']);
    const own = await reader.world.activeImportJob();
    const forbidden = await reader.runNow(own.id);
    expect([forbidden.statusCode, parse(forbidden).error.code]).toEqual([403, 'FORBIDDEN']);
    expect(world.deps.runs.runs.size + reader.world.deps.runs.runs.size).toBe(0);
  });
});

describe('Handler: run import job (the schedules\' target)', () => {
  it('starts a run from the input a schedule hands over, the scheduled time replaced by the scheduler', async () => {
    // Arrange
    const world = createImportRunWorld();
    const handler = createRunImportJobHandler(world.startDeps);
    const job = await world.activeImportJob();
    await world.drop(job, 'orders-1.csv', transactionLines(2));
    const input = scheduleTargetInput({ orgId: 'org-a', importJobId: job.id, trigger: 'schedule', attempt: 1 });
    const delivered = JSON.parse(input.replace('<aws.scheduler.scheduled-time>', '2026-11-25T09:00:00Z'));
    // Act
    const first = await handler(delivered);
    const again = await handler(delivered);
    // Assert
    expect(first).toMatchObject({ started: true });
    expect(again).toMatchObject({ started: false, reason: 'duplicate' });
    expect((await world.deps.runs.get((first as { runId: string }).runId))!.metadata.scheduledTime).toBe('2026-11-25T09:00:00.000Z');
  });

  it('falls back to the minute of arrival when the scheduler left the placeholder as it was', async () => {
    const world = createImportRunWorld();
    const handler = createRunImportJobHandler(world.startDeps);
    const job = await world.activeImportJob();
    const raw = JSON.parse(scheduleTargetInput({ orgId: 'org-a', importJobId: job.id, trigger: 'schedule', attempt: 1 }));
    const outcomes = [await handler(raw), await handler(raw)];
    expect(outcomes.map((o) => o.started)).toEqual([true, false]);
  });

  it.each([
    ['not an object', 'hello'],
    ['an unknown trigger', { orgId: 'o', importJobId: 'j', trigger: 'cron', attempt: 1 }],
    ['a bad attempt', { orgId: 'o', importJobId: 'j', trigger: 'schedule', attempt: 0 }],
  ])('drops an input that is %s, logging it', async (_, input) => {
    const world = createImportRunWorld();
    const handler = createRunImportJobHandler(world.startDeps);
    expect(await handler(input)).toEqual({ started: false, reason: 'invalid_event' });
    expect(world.deps.logger.lines.map((l) => l.message)).toEqual(['Dropped a schedule input that is not a run request']);
  });
});

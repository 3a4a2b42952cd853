import { ConfigError, configSchema, loadConfig as load, RunRetry, Storage } from '../../../functions/config';

const loadConfig = (env: NodeJS.ProcessEnv) => load(configSchema(Storage, RunRetry), env);
import { decideAfterRun, scheduleAt } from '../../../functions/core/import-jobs/retry-policy';
import { scheduleNames } from '../../../functions/core/scheduling/schedule-names';

const names = {
  CONTROL_TABLE_NAME: 'control',
  RECORDS_TABLE_NAME: 'records',
  UPLOAD_BUCKET_NAME: 'bucket',
  CHUNK_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/chunks',
};

describe('Configuration: RUN_RETRY_COUNT and RUN_RETRY_INTERVAL_SECONDS (§7)', () => {
  it('defaults to 5 reruns 15 minutes apart', () => {
    expect(loadConfig(names)).toMatchObject({ runRetryCount: 5, runRetryIntervalSeconds: 900 });
  });

  it('takes other values, 0 reruns included', () => {
    expect(loadConfig({ ...names, RUN_RETRY_COUNT: '0', RUN_RETRY_INTERVAL_SECONDS: '2' })).toMatchObject({ runRetryCount: 0, runRetryIntervalSeconds: 2 });
  });

  it.each([
    ['RUN_RETRY_COUNT', '-1'],
    ['RUN_RETRY_COUNT', 'five'],
    ['RUN_RETRY_INTERVAL_SECONDS', '0'],
    ['RUN_RETRY_INTERVAL_SECONDS', '1.5'],
  ])('refuses %s=%s, naming the variable', (variable, value) => {
    expect(() => loadConfig({ ...names, [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ ...names, [variable]: value })).toThrow(variable);
  });
});

describe('Policy: decideAfterRun', () => {
  const job = { status: 'active' as const, schedule: { type: 'recurring' as const, expression: 'rate(1 day)', timezone: 'UTC' } };
  const run = { state: 'failed' as const, phase: 'failed' as const, attempt: 1, completedAt: '2026-11-25T10:00:30.000Z', importJobId: 'ij', metadata: { source: 'import_job' as const } };
  const policy = { retryCount: 5, intervalSeconds: 900 };
  const now = new Date('2026-11-25T11:00:00.000Z');

  it('reruns from the run\'s end, so deciding twice gives the same rerun', () => {
    expect(decideAfterRun(job, run, policy, now)).toEqual({ action: 'rerun', attempt: 2, at: new Date('2026-11-25T10:15:30.000Z') });
    expect(scheduleAt(new Date('2026-11-25T10:15:30.000Z'))).toBe('2026-11-25T10:15:30');
  });

  it.each([
    ['a failed last attempt keeps the schedule', { ...run, attempt: 6 }, 'keep_schedule'],
    ['a halted last attempt halts the job', { ...run, phase: 'halted' as const, attempt: 6 }, 'halt_job'],
    ['a cancelled run changes nothing', { ...run, state: 'cancelled' as const }, 'none'],
    ['an upload changes nothing', { ...run, importJobId: null, metadata: {} }, 'none'],
    ['a retry of failed rows changes nothing', { ...run, metadata: { source: 'retry_failed' as const } }, 'none'],
    ['a completed run of a recurring job changes nothing', { ...run, state: 'completed' as const, phase: 'completed' as const }, 'none'],
  ])('%s', (_, ended, action) => {
    expect(decideAfterRun(job, ended, policy, now).action).toBe(action);
  });

  it('halts a one-time job whose last rerun failed: it has no regular schedule to fall back on', () => {
    const once = { status: 'active' as const, schedule: { type: 'once' as const, at: '2026-11-25T10:00:00', timezone: 'UTC' } };
    expect(decideAfterRun(once, { ...run, attempt: 6 }, policy, now)).toEqual({ action: 'halt_job' });
    expect(decideAfterRun(once, { ...run, attempt: 5 }, policy, now).action).toBe('rerun');
  });

  it('never reruns with RUN_RETRY_COUNT=0: a halted run halts the job at once', () => {
    expect(decideAfterRun(job, { ...run, phase: 'halted' }, { ...policy, retryCount: 0 }, now)).toEqual({ action: 'halt_job' });
  });

  it('names schedules within EventBridge Scheduler\'s limits', () => {
    const id = '0b5e1c3a-9a63-4f7e-8d2a-2f1c0e9b7a11';
    expect(scheduleNames(id).retry(6)).toMatch(/^[0-9A-Za-z_.-]{1,64}$/);
    expect(scheduleNames(id).retry(6)).not.toBe(scheduleNames(id).retry(5));
  });
});

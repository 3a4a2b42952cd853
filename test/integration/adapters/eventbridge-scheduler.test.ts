import { randomUUID } from 'node:crypto';
import {
  CreateScheduleGroupCommand,
  GetScheduleCommand,
  GetScheduleGroupCommand,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { EventBridgeScheduler } from '../../../functions/adapters/scheduler/eventbridge-scheduler';
import { configSchema, loadConfig, Scheduling } from '../../../functions/config';
import type { ScheduleDefinition, ScheduledRunRequest } from '../../../functions/core/scheduling/ports';
import { startLocalScheduler, type LocalScheduler, type ScheduledInvocation } from '../../../local/emulators/scheduler';
import { SCHEDULE_GROUP, SCHEDULE_RETRY_POLICY, SCHEDULED_FUNCTIONS } from '../../../lib/resources';

// The Scheduler port over @aws-sdk/client-scheduler, against the stand-in (in this process, on a clock the test
// moves), then against the local stack's own stand-in, as the handlers reach it.
const TARGET = 'arn:aws:lambda:us-east-1:000000000000:function:RunImportJobFunction';
const ROLE = 'arn:aws:iam::000000000000:role/scheduler';
const START = Date.parse('2026-11-25T10:00:00Z');
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

const request = (attempt = 1): ScheduledRunRequest => ({ orgId: 'acme', importJobId: 'job-1', trigger: attempt > 1 ? 'retry' : 'schedule', attempt });

describe('Class: EventBridgeScheduler (stand-in)', () => {
  let standIn: LocalScheduler;
  let client: SchedulerClient;
  let scheduler: EventBridgeScheduler;
  let invoked: ScheduledInvocation[];

  beforeEach(async () => {
    invoked = [];
    const realStart = Date.now();
    standIn = await startLocalScheduler({ now: () => START + (Date.now() - realStart), invoke: async (i) => void invoked.push(i) });
    client = new SchedulerClient({ endpoint: standIn.endpoint, region: 'us-east-1', credentials });
    await client.send(new CreateScheduleGroupCommand({ Name: 'service' }));
    scheduler = new EventBridgeScheduler({ client, groupName: 'service', targetArn: TARGET, roleArn: ROLE });
  });

  afterEach(async () => {
    client.destroy();
    await standIn.stop();
  });

  const get = (name: string) => client.send(new GetScheduleCommand({ Name: name, GroupName: 'service' }));

  it("gives every schedule the retry policy and the stack's dead-letter queue, and keeps them through a pause", async () => {
    // Arrange
    const deadLetterArn = 'arn:aws:sqs:us-east-1:000000000000:schedules-dlq';
    const withDeadLetters = new EventBridgeScheduler({ client, groupName: 'service', targetArn: TARGET, roleArn: ROLE, deadLetterArn });
    const expected = {
      RetryPolicy: { MaximumRetryAttempts: SCHEDULE_RETRY_POLICY.maximumRetryAttempts, MaximumEventAgeInSeconds: SCHEDULE_RETRY_POLICY.maximumEventAgeSeconds },
      DeadLetterConfig: { Arn: deadLetterArn },
    };
    // Act
    await withDeadLetters.put({ name: 'job-dlq', timing: { type: 'recurring', expression: 'rate(1 hour)', timezone: 'UTC' }, request: request(), enabled: true });
    const created = await get('job-dlq');
    await withDeadLetters.setEnabled('job-dlq', false);
    const paused = await get('job-dlq');
    // Assert
    expect(created.Target).toMatchObject(expected);
    expect(paused).toMatchObject({ State: 'DISABLED', Target: expected });
  });

  it('puts a recurring schedule: the expression in its zone, the request as the Lambda input, no flexible window', async () => {
    // Act
    await scheduler.put({
      name: 'job-1',
      timing: { type: 'recurring', expression: 'cron(0 6 ? * MON-FRI *)', timezone: 'Europe/Madrid' },
      request: request(),
      enabled: true,
    });
    // Assert
    const schedule = await get('job-1');
    expect(schedule).toMatchObject({
      GroupName: 'service',
      ScheduleExpression: 'cron(0 6 ? * MON-FRI *)',
      ScheduleExpressionTimezone: 'Europe/Madrid',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'NONE',
      Target: { Arn: TARGET, RoleArn: ROLE },
    });
    // The scheduled-time keyword goes with it: Scheduler fills it in, the trigger dedupes firings by it.
    expect(JSON.parse(schedule.Target?.Input as string)).toEqual({ ...request(), scheduledTime: '<aws.scheduler.scheduled-time>' });
  });

  it('puts a one-time schedule that deletes itself after firing, and fires it with the request', async () => {
    // Arrange
    const definition: ScheduleDefinition = {
      name: 'job-1-retry-2',
      timing: { type: 'once', at: '2026-11-25T10:15:00Z' },
      request: request(2),
      enabled: true,
    };
    // Act
    await scheduler.put(definition);
    const written = await get('job-1-retry-2');
    const fired = await standIn.advance(15 * 60_000);
    // Assert
    expect(written).toMatchObject({ ScheduleExpression: 'at(2026-11-25T10:15:00)', ScheduleExpressionTimezone: 'UTC', ActionAfterCompletion: 'DELETE' });
    expect(fired.map((i) => [i.targetArn, JSON.parse(i.input as string)])).toEqual([[TARGET, { ...request(2), scheduledTime: '2026-11-25T10:15:00Z' }]]);
    await expect(get('job-1-retry-2')).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('keeps a local one-time schedule in its own time zone', async () => {
    await scheduler.put({ name: 'once', timing: { type: 'once', at: '2026-12-01T08:30', timezone: 'America/Sao_Paulo' }, request: request(), enabled: true });
    expect(await get('once')).toMatchObject({ ScheduleExpression: 'at(2026-12-01T08:30:00)', ScheduleExpressionTimezone: 'America/Sao_Paulo' });
  });

  it('replaces a schedule of the same name', async () => {
    // Arrange
    await scheduler.put({ name: 'job-1', timing: { type: 'recurring', expression: 'rate(1 day)', timezone: 'UTC' }, request: request(), enabled: true });
    // Act
    await scheduler.put({ name: 'job-1', timing: { type: 'recurring', expression: 'rate(2 hours)', timezone: 'UTC' }, request: request(), enabled: false });
    // Assert
    expect(await get('job-1')).toMatchObject({ ScheduleExpression: 'rate(2 hours)', State: 'DISABLED' });
  });

  it('disables and enables a schedule, keeping everything else, and says when there is none', async () => {
    // Arrange
    await scheduler.put({
      name: 'job-1',
      timing: { type: 'recurring', expression: 'cron(0/10 * * * ? *)', timezone: 'Asia/Kolkata' },
      request: request(),
      enabled: true,
    });
    const before = await get('job-1');
    // Act
    const disabled = await scheduler.setEnabled('job-1', false);
    const whilePaused = await standIn.advance(60 * 60_000);
    const afterDisabling = await get('job-1');
    const enabled = await scheduler.setEnabled('job-1', true);
    const afterEnabling = await standIn.advance(10 * 60_000);
    const missing = await scheduler.setEnabled('no-such-job', false);
    // Assert
    expect([disabled, enabled, missing]).toEqual([true, true, false]);
    expect(afterDisabling.State).toBe('DISABLED');
    expect(whilePaused).toEqual([]);
    expect(afterEnabling).toHaveLength(1);
    const { State: _before, LastModificationDate: _b, $metadata: _m1, ...kept } = before;
    const { State: _after, LastModificationDate: _a, $metadata: _m2, ...still } = await get('job-1');
    expect(still).toEqual(kept);
  });

  it('deletes a schedule, and a missing one is no error', async () => {
    await scheduler.put({ name: 'job-1', timing: { type: 'recurring', expression: 'rate(1 day)', timezone: 'UTC' }, request: request(), enabled: true });
    await scheduler.delete('job-1');
    await expect(get('job-1')).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(scheduler.delete('job-1')).resolves.toBeUndefined();
  });

  it('passes on the errors it does not handle', async () => {
    const put = scheduler.put({ name: 'job-1', timing: { type: 'recurring', expression: 'cron(0 6 * * * *)', timezone: 'UTC' }, request: request(), enabled: true });
    await expect(put).rejects.toMatchObject({ name: 'ValidationException' });
    const elsewhere = new EventBridgeScheduler({ client, groupName: 'no-such-group', targetArn: TARGET, roleArn: ROLE });
    await expect(elsewhere.delete('job-1')).resolves.toBeUndefined();
  });
});

describe('Local stack: schedules reach the scheduled functions', () => {
  const schedulerUrl = (): string => {
    const url = process.env.E2E_SCHEDULER_URL;
    if (!url) throw new Error('E2E_SCHEDULER_URL is not set: is the integration global setup running?');
    return url;
  };

  it('has the schedule group and the configuration the handlers read', async () => {
    // Arrange: the SDK finds the stand-in through AWS_ENDPOINT_URL_SCHEDULER, as the handlers do.
    const client = new SchedulerClient({});
    const config = loadConfig(configSchema(Scheduling)).scheduling;
    try {
      // Act
      const group = await client.send(new GetScheduleGroupCommand({ Name: config.groupName }));
      // Assert
      expect(process.env.AWS_ENDPOINT_URL_SCHEDULER).toBe(schedulerUrl());
      expect(group.Name).toBe(SCHEDULE_GROUP.name);
      expect(config.targetArn).toMatch(new RegExp(`:function:${SCHEDULED_FUNCTIONS.runImportJob.id}$`));
    } finally {
      client.destroy();
    }
  });

  it('hands a schedule that comes due to the function its target names', async () => {
    // Arrange
    const client = new SchedulerClient({});
    const config = loadConfig(configSchema(Scheduling)).scheduling;
    const scheduler = new EventBridgeScheduler({ client, ...config });
    const name = `test-${randomUUID()}`;
    const run = { ...request(), importJobId: name };
    try {
      // Act: a one-time schedule already due fires at once.
      await scheduler.put({ name, timing: { type: 'once', at: '2026-01-01T00:00:00Z' }, request: run, enabled: true });
      let invocation: ScheduledInvocation | undefined;
      const deadline = Date.now() + 10_000;
      while (!invocation && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const response = await fetch(`${schedulerUrl()}/_local/invocations`);
        const { invocations } = (await response.json()) as { invocations: ScheduledInvocation[] };
        invocation = invocations.find((candidate) => candidate.scheduleName === name && candidate.status !== 'pending');
      }
      // Assert: it reached the run-import-job function (whatever that function made of it), not "no function".
      expect(invocation).toMatchObject({ targetArn: config.targetArn, groupName: config.groupName });
      expect(JSON.parse(invocation?.input as string)).toEqual({ ...run, scheduledTime: invocation?.scheduledTime.replace(/\.\d{3}Z$/, 'Z') });
      expect(invocation?.error ?? '').not.toMatch(/no local function/);
      await expect(client.send(new GetScheduleCommand({ Name: name, GroupName: config.groupName }))).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
      });
    } finally {
      client.destroy();
    }
  });
});

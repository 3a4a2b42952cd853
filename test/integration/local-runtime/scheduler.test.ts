import {
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  DeleteScheduleGroupCommand,
  GetScheduleCommand,
  GetScheduleGroupCommand,
  ListSchedulesCommand,
  SchedulerClient,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import type { Context } from 'aws-lambda';
import { startLocalScheduler, type LocalScheduler, type ScheduledInvocation } from '../../../local/emulators/scheduler';
import { localFunctionArn } from '../../../local/lambda-runtime';
import { createScheduledTargetInvoker } from '../../../local/scheduling';

// The EventBridge Scheduler stand-in, driven by the real @aws-sdk/client-scheduler, on a clock the test moves.
const REGION = 'us-east-1';
const TARGET = localFunctionArn(REGION, 'TestTarget');
const ROLE = 'arn:aws:iam::000000000000:role/test';
const START = Date.parse('2026-11-25T10:00:00Z');

let scheduler: LocalScheduler;
let client: SchedulerClient;
let invoked: Array<Readonly<ScheduledInvocation>>;
let failNext = false;

beforeEach(async () => {
  invoked = [];
  const realStart = Date.now();
  scheduler = await startLocalScheduler({
    region: REGION,
    // A fixed starting point, advancing with real time (firing needs none: tests call `advance`).
    now: () => START + (Date.now() - realStart),
    invoke: async (invocation) => {
      invoked.push(invocation);
      if (failNext) {
        failNext = false;
        throw new Error('target broke');
      }
    },
  });
  client = new SchedulerClient({
    endpoint: scheduler.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await client.send(new CreateScheduleGroupCommand({ Name: 'jobs' }));
});

afterEach(async () => {
  client.destroy();
  await scheduler.stop();
});

function schedule(name: string, overrides: Partial<CreateScheduleCommandInput> = {}): CreateScheduleCommandInput {
  return {
    Name: name,
    GroupName: 'jobs',
    ScheduleExpression: 'rate(1 hour)',
    FlexibleTimeWindow: { Mode: 'OFF' },
    Target: { Arn: TARGET, RoleArn: ROLE, Input: JSON.stringify({ name }) },
    ...overrides,
  };
}

const minutes = (n: number): number => n * 60_000;

describe('Local scheduler: the API as the SDK calls it', () => {
  it('creates, reads, lists, updates and deletes a schedule', async () => {
    // Act
    const created = await client.send(
      new CreateScheduleCommand(
        schedule('nightly', {
          ScheduleExpression: 'cron(0 2 * * ? *)',
          ScheduleExpressionTimezone: 'Europe/Paris',
          State: 'DISABLED',
          StartDate: new Date('2027-01-01T00:00:00Z'),
          Description: 'nightly import',
        }),
      ),
    );
    const read = await client.send(new GetScheduleCommand({ Name: 'nightly', GroupName: 'jobs' }));
    await client.send(new UpdateScheduleCommand(schedule('nightly', { ScheduleExpression: 'rate(5 minutes)' })));
    const updated = await client.send(new GetScheduleCommand({ Name: 'nightly', GroupName: 'jobs' }));
    const listed = await client.send(new ListSchedulesCommand({ GroupName: 'jobs' }));
    await client.send(new DeleteScheduleCommand({ Name: 'nightly', GroupName: 'jobs' }));

    // Assert
    expect(created.ScheduleArn).toBe('arn:aws:scheduler:us-east-1:000000000000:schedule/jobs/nightly');
    expect(read).toMatchObject({
      Arn: created.ScheduleArn,
      Name: 'nightly',
      GroupName: 'jobs',
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      State: 'DISABLED',
      StartDate: new Date('2027-01-01T00:00:00Z'),
      Description: 'nightly import',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: { Arn: TARGET, RoleArn: ROLE, Input: '{"name":"nightly"}' },
      ActionAfterCompletion: 'NONE',
    });
    expect(read.CreationDate).toBeInstanceOf(Date);
    // UpdateSchedule replaces every field: what it does not send is gone.
    expect(updated).toMatchObject({ ScheduleExpression: 'rate(5 minutes)', ScheduleExpressionTimezone: 'UTC', State: 'ENABLED' });
    expect(updated.StartDate).toBeUndefined();
    expect(updated.Description).toBeUndefined();
    expect(listed.Schedules).toEqual([expect.objectContaining({ Name: 'nightly', GroupName: 'jobs', Target: { Arn: TARGET } })]);
    await expect(client.send(new GetScheduleCommand({ Name: 'nightly', GroupName: 'jobs' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('answers the errors the SDK knows, with their messages', async () => {
    // Arrange
    await client.send(new CreateScheduleCommand(schedule('taken')));
    // Act / Assert
    await expect(client.send(new CreateScheduleCommand(schedule('taken')))).rejects.toMatchObject({
      name: 'ConflictException',
      message: 'Schedule taken already exists.',
    });
    await expect(client.send(new UpdateScheduleCommand(schedule('missing')))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(client.send(new DeleteScheduleCommand({ Name: 'missing', GroupName: 'jobs' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(client.send(new CreateScheduleCommand(schedule('elsewhere', { GroupName: 'nope' })))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(client.send(new CreateScheduleGroupCommand({ Name: 'jobs' }))).rejects.toMatchObject({ name: 'ConflictException' });
    for (const bad of [
      { ScheduleExpression: 'cron(0 2 * * * *)' },
      { ScheduleExpression: 'rate(1 fortnight)' },
      { ScheduleExpressionTimezone: 'Nowhere/Land' },
      { FlexibleTimeWindow: { Mode: 'SOMETIMES' as 'OFF' } },
      { Name: 'has spaces' },
    ]) {
      await expect(client.send(new CreateScheduleCommand(schedule('bad', bad)))).rejects.toMatchObject({
        name: 'ValidationException',
        $metadata: { httpStatusCode: 400 },
      });
    }
  });

  it('pages through a group, and keeps groups apart', async () => {
    // Arrange
    await client.send(new CreateScheduleGroupCommand({ Name: 'other' }));
    for (let i = 0; i < 5; i++) await client.send(new CreateScheduleCommand(schedule(`s${i}`)));
    await client.send(new CreateScheduleCommand(schedule('s9', { GroupName: 'other' })));
    // Act
    const first = await client.send(new ListSchedulesCommand({ GroupName: 'jobs', MaxResults: 3 }));
    const second = await client.send(new ListSchedulesCommand({ GroupName: 'jobs', MaxResults: 3, NextToken: first.NextToken }));
    // Assert
    expect(first.Schedules?.map((s) => s.Name)).toEqual(['s0', 's1', 's2']);
    expect(second.Schedules?.map((s) => s.Name)).toEqual(['s3', 's4']);
    expect(second.NextToken).toBeUndefined();
    await expect(client.send(new GetScheduleGroupCommand({ Name: 'other' }))).resolves.toMatchObject({ State: 'ACTIVE' });
    // Deleting a group deletes its schedules.
    await client.send(new DeleteScheduleGroupCommand({ Name: 'other' }));
    await expect(client.send(new GetScheduleCommand({ Name: 's9', GroupName: 'other' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });
});

describe('Local scheduler: firing', () => {
  it('fires an at() schedule at its second, then deletes it when asked to', async () => {
    // Arrange
    await client.send(
      new CreateScheduleCommand(schedule('retry-1', { ScheduleExpression: 'at(2026-11-25T10:15:30)', ActionAfterCompletion: 'DELETE' })),
    );
    await client.send(new CreateScheduleCommand(schedule('keep', { ScheduleExpression: 'at(2026-11-25T10:15:30)' })));
    // Act
    const early = await scheduler.advance(minutes(15));
    const due = await scheduler.advance(minutes(1));
    const later = await scheduler.advance(minutes(60));
    // Assert
    expect(early).toEqual([]);
    expect(due.map((i) => [i.scheduleName, i.scheduledTime, i.input, i.status])).toEqual([
      ['retry-1', '2026-11-25T10:15:30.000Z', '{"name":"retry-1"}', 'succeeded'],
      ['keep', '2026-11-25T10:15:30.000Z', '{"name":"keep"}', 'succeeded'],
    ]);
    expect(later).toEqual([]);
    await expect(client.send(new GetScheduleCommand({ Name: 'retry-1', GroupName: 'jobs' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
    await expect(client.send(new GetScheduleCommand({ Name: 'keep', GroupName: 'jobs' }))).resolves.toMatchObject({ Name: 'keep' });
  });

  it('reads at() in its time zone', async () => {
    // 11:20 in Paris is 10:20 UTC in November.
    await client.send(
      new CreateScheduleCommand(schedule('paris', { ScheduleExpression: 'at(2026-11-25T11:20:00)', ScheduleExpressionTimezone: 'Europe/Paris' })),
    );
    expect(await scheduler.advance(minutes(19))).toEqual([]);
    expect((await scheduler.advance(minutes(2))).map((i) => i.scheduledTime)).toEqual(['2026-11-25T10:20:00.000Z']);
  });

  it('fires a rate() schedule when created, then every period, once per period that passed', async () => {
    // Arrange / Act
    // Counted through the target's invocations: the firing due at creation may come from the stand-in's own timer
    // before `advance(0)` is called (the clock runs with real time), and is then not in advance's answer.
    await client.send(new CreateScheduleCommand(schedule('every-minute', { ScheduleExpression: 'rate(1 minute)' })));
    await scheduler.advance(0);
    const atCreation = invoked.length;
    await scheduler.advance(30_000);
    const halfway = invoked.length;
    await scheduler.advance(30_000);
    const aMinuteOn = invoked.length;
    await scheduler.advance(minutes(10));
    const tenMinutesOn = invoked.length;
    // Assert
    expect(atCreation).toBe(1);
    expect(halfway).toBe(1);
    expect(aMinuteOn).toBe(2);
    // A jump over several periods fires once, not once per period.
    expect(tenMinutesOn).toBe(3);
  });

  it('fires a cron() schedule on its minutes in its time zone', async () => {
    // 10:00 UTC is 19:00 in Tokyo; the schedule wants 19:30 and 20:30 Tokyo time.
    await client.send(
      new CreateScheduleCommand(schedule('tokyo', { ScheduleExpression: 'cron(30 19,20 * * ? *)', ScheduleExpressionTimezone: 'Asia/Tokyo' })),
    );
    const fired = [...(await scheduler.advance(minutes(31))), ...(await scheduler.advance(minutes(60)))];
    expect(fired.map((i) => i.scheduledTime)).toEqual(['2026-11-25T10:30:00.000Z', '2026-11-25T11:30:00.000Z']);
  });

  it('does not fire a DISABLED schedule until it is enabled again', async () => {
    // Arrange
    await client.send(new CreateScheduleCommand(schedule('paused', { ScheduleExpression: 'cron(0/10 * * * ? *)', State: 'DISABLED' })));
    // Act
    const whileDisabled = await scheduler.advance(minutes(30));
    await client.send(new UpdateScheduleCommand(schedule('paused', { ScheduleExpression: 'cron(0/10 * * * ? *)', State: 'ENABLED' })));
    const afterEnabling = await scheduler.advance(minutes(10));
    // Assert
    expect(whileDisabled).toEqual([]);
    expect(afterEnabling.map((i) => i.scheduledTime)).toEqual(['2026-11-25T10:40:00.000Z']);
  });

  it('stops a recurring schedule at its EndDate and deletes it when asked to', async () => {
    await client.send(
      new CreateScheduleCommand(
        schedule('ending', { ScheduleExpression: 'rate(10 minutes)', EndDate: new Date('2026-11-25T10:15:00Z'), ActionAfterCompletion: 'DELETE' }),
      ),
    );
    // Counted through the target's invocations, for the reason given above.
    for (const step of [0, minutes(10), minutes(30)]) await scheduler.advance(step);
    expect(invoked).toHaveLength(2);
    await expect(client.send(new GetScheduleCommand({ Name: 'ending', GroupName: 'jobs' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('records a failed invocation and keeps the schedule', async () => {
    // Arrange
    failNext = true;
    await client.send(new CreateScheduleCommand(schedule('flaky', { ScheduleExpression: 'rate(1 minute)' })));
    // Act: a rate fires when it is created, so its own timer may fire the first one before `advance(0)` does;
    // either way `advance` waits for every invocation in flight, and the record holds both.
    await scheduler.advance(0);
    await scheduler.advance(minutes(1));
    // Assert
    const [first, second] = scheduler.invocations();
    expect(first).toMatchObject({ status: 'failed', error: 'target broke' });
    expect(second).toMatchObject({ status: 'succeeded' });
    const response = await fetch(`${scheduler.endpoint}/_local/invocations`);
    const body = (await response.json()) as { invocations: ScheduledInvocation[] };
    expect(body.invocations.map((i) => i.status)).toEqual(['failed', 'succeeded']);
  });

  it('fires on its own timer, without advance', async () => {
    // The clock runs: an at() two seconds ahead fires by itself.
    const at = new Date(scheduler.now().getTime() + 2000).toISOString().slice(0, 19);
    await client.send(new CreateScheduleCommand(schedule('soon', { ScheduleExpression: `at(${at})` })));
    const deadline = Date.now() + 10_000;
    while (invoked.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(invoked.map((i) => i.scheduleName)).toEqual(['soon']);
  });

  it('makes time pass over HTTP', async () => {
    await client.send(new CreateScheduleCommand(schedule('in-an-hour', { ScheduleExpression: 'at(2026-11-25T11:00:00)' })));
    const response = await fetch(`${scheduler.endpoint}/_local/advance`, { method: 'POST', body: JSON.stringify({ seconds: 3600 }) });
    const body = (await response.json()) as { invocations: ScheduledInvocation[] };
    expect(response.status).toBe(200);
    expect(body.invocations.map((i) => i.scheduleName)).toEqual(['in-an-hour']);
  });
});

describe('Local stack: scheduled targets', () => {
  it('invokes the handler the target ARN names, with the parsed input and a Lambda context', async () => {
    // Arrange
    const calls: Array<{ event: unknown; context: Context }> = [];
    const invoke = createScheduledTargetInvoker({
      region: REGION,
      targets: new Map([
        [TARGET, { functionName: 'TestTarget', timeoutSeconds: 5, memoryMb: 128, loadHandler: () => async (event, context) => void calls.push({ event, context }) }],
      ]),
    });
    const invocation = { scheduleName: 's', groupName: 'g', scheduledTime: '', firedAt: '', status: 'pending' as const };
    // Act
    await invoke({ ...invocation, targetArn: TARGET, input: '{"importJobId":"j1","attempt":2}' });
    await invoke({ ...invocation, targetArn: `${TARGET}:live`, input: undefined });
    // Assert
    expect(calls.map((call) => call.event)).toEqual([{ importJobId: 'j1', attempt: 2 }, {}]);
    expect(calls[0].context.invokedFunctionArn).toBe(TARGET);
    expect(calls[0].context.getRemainingTimeInMillis()).toBeGreaterThan(0);
    await expect(invoke({ ...invocation, targetArn: localFunctionArn(REGION, 'Other'), input: undefined })).rejects.toThrow(
      /no local function has the ARN/,
    );
  });
});

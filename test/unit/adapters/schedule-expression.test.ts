import { toSchedulerExpression } from '../../../functions/adapters/scheduler/schedule-expression';
import { ConfigError, configSchema, loadConfig, Mail, Scheduling } from '../../../functions/config';

const loadSchedulingConfig = (env: NodeJS.ProcessEnv) => loadConfig(configSchema(Scheduling), env).scheduling;
const loadMailConfig = (env: NodeJS.ProcessEnv) => loadConfig(configSchema(Mail), env).mail;

describe('Function: toSchedulerExpression', () => {
  it.each([
    ['a UTC instant', { type: 'once', at: '2026-11-25T10:15:00Z' }, 'at(2026-11-25T10:15:00)', 'UTC'],
    ['an instant with an offset, in UTC', { type: 'once', at: '2026-11-25T10:15:30.250+02:00' }, 'at(2026-11-25T08:15:30)', 'UTC'],
    ['a local time in its zone', { type: 'once', at: '2026-11-25T10:15', timezone: 'Europe/Paris' }, 'at(2026-11-25T10:15:00)', 'Europe/Paris'],
    ['a local time without a zone, in UTC', { type: 'once', at: '2026-11-25T10:15:45' }, 'at(2026-11-25T10:15:45)', 'UTC'],
    ['a rate', { type: 'recurring', expression: 'rate(15 minutes)', timezone: 'UTC' }, 'rate(15 minutes)', 'UTC'],
    ['a cron in its zone', { type: 'recurring', expression: 'cron(0 6 ? * MON *)', timezone: 'Asia/Tokyo' }, 'cron(0 6 ? * MON *)', 'Asia/Tokyo'],
  ] as const)('writes %s', (_case, timing, expression, timezone) => {
    expect(toSchedulerExpression(timing)).toEqual({ expression, timezone, once: timing.type === 'once' });
  });

  it.each([
    { type: 'once', at: 'tomorrow' },
    { type: 'once', at: '2026-11-25' },
    { type: 'recurring', expression: 'every day', timezone: 'UTC' },
    { type: 'recurring', expression: 'at(2026-11-25T10:15:00)', timezone: 'UTC' },
  ] as const)('refuses %j', (timing) => {
    expect(() => toSchedulerExpression(timing)).toThrow(TypeError);
  });
});

describe('Function: loadSchedulingConfig / loadMailConfig', () => {
  const scheduling = {
    SCHEDULE_GROUP_NAME: 'batch-import',
    SCHEDULE_TARGET_ARN: 'arn:aws:lambda:eu-west-1:123456789012:function:RunImportJob-abc',
    SCHEDULE_ROLE_ARN: 'arn:aws:iam::123456789012:role/BatchImport-SchedulerRole',
  };

  it('reads the group, the target and the role', () => {
    expect(loadSchedulingConfig(scheduling)).toEqual({
      groupName: 'batch-import',
      targetArn: scheduling.SCHEDULE_TARGET_ARN,
      roleArn: scheduling.SCHEDULE_ROLE_ARN,
    });
    expect(loadMailConfig({ SES_FROM_ADDRESS: 'alerts@example.org' })).toEqual({ fromAddress: 'alerts@example.org' });
  });

  it.each([
    ['SCHEDULE_TARGET_ARN', { ...scheduling, SCHEDULE_TARGET_ARN: 'arn:aws:sqs:eu-west-1:123456789012:queue' }],
    ['SCHEDULE_ROLE_ARN', { ...scheduling, SCHEDULE_ROLE_ARN: undefined }],
    ['SCHEDULE_GROUP_NAME', { ...scheduling, SCHEDULE_GROUP_NAME: 'has spaces' }],
  ])('names %s when it is wrong', (name, env) => {
    expect(() => loadSchedulingConfig(env)).toThrow(ConfigError);
    expect(() => loadSchedulingConfig(env)).toThrow(name);
  });

  it("reads the schedules' dead-letter queue when the stack gives one", () => {
    const deadLetterArn = 'arn:aws:sqs:eu-west-1:123456789012:BatchImport-ScheduleDeadLetterQueue-1A2B';
    expect(loadSchedulingConfig({ ...scheduling, SCHEDULE_DEAD_LETTER_ARN: deadLetterArn }).deadLetterArn).toBe(deadLetterArn);
    expect(() => loadSchedulingConfig({ ...scheduling, SCHEDULE_DEAD_LETTER_ARN: 'https://sqs.example/queue' })).toThrow(
      'SCHEDULE_DEAD_LETTER_ARN',
    );
  });

  it('names SES_FROM_ADDRESS when it is not an address', () => {
    expect(() => loadMailConfig({ SES_FROM_ADDRESS: 'alerts' })).toThrow('SES_FROM_ADDRESS');
  });
});

import { recurringExpressionProblem, ScheduleInput } from '../../../functions/core/import-jobs/schedule-input';
import { instantToZonedTime, isIanaTimeZone, zonedTimeToInstant } from '../../../functions/core/scheduling/time-zones';
import { scheduleNames } from '../../../functions/core/scheduling/schedule-names';

describe('Function: recurringExpressionProblem (EventBridge Scheduler shapes)', () => {
  it.each([
    'rate(1 minute)',
    'rate(15 minutes)',
    'rate(1 hour)',
    'rate(12 hours)',
    'rate(1 day)',
    'rate(7 days)',
    'cron(0 6 * * ? *)',
    'cron(0/15 * * * ? *)',
    'cron(30 8 ? * MON-FRI *)',
    'cron(0 22 L * ? *)',
    'cron(0 9 ? * 2#1 *)',
    'cron(0 9 ? * 6L 2027)',
    'cron(15 10 1,15 JAN,JUL ? 2026-2030)',
    'cron(0 12 15W * ? *)',
  ])('accepts %s', (expression) => {
    expect(recurringExpressionProblem(expression)).toBeUndefined();
  });

  it.each([
    ['every 15 minutes', 'rate(...) or cron(...)'],
    ['rate(15 minute)', 'rate(15 minutes)'],
    ['rate(1 minutes)', 'rate(1 minute)'],
    ['rate(0 minutes)', 'positive'],
    ['rate(5 weeks)', 'rate(<value>'],
    ['rate(-5 minutes)', 'rate(<value>'],
    ['cron(0 6 * * *)', 'six fields'],
    ['cron(0 6 * * * *)', 'exactly one'],
    ['cron(0 6 ? * ? *)', 'exactly one'],
    ['cron(60 6 * * ? *)', 'minutes field'],
    ['cron(0 24 * * ? *)', 'hours field'],
    ['cron(0 6 32 * ? *)', 'day-of-month field'],
    ['cron(0 6 * 13 ? *)', 'month field'],
    ['cron(0 6 ? * 8 *)', 'day-of-week field'],
    ['cron(0 6 * * ? 1969)', 'year field'],
    ['cron(0 6 * FOO ? *)', 'month field'],
    ['cron(0 6 ?,1 * ? *)', 'day-of-month field'],
  ])('refuses %s, saying what is wrong', (expression, said) => {
    expect(recurringExpressionProblem(expression)).toContain(said);
  });
});

describe('Function: isIanaTimeZone', () => {
  it.each(['UTC', 'Europe/Paris', 'America/Argentina/Buenos_Aires', 'Etc/GMT+3'])('accepts %s', (zone) => {
    expect(isIanaTimeZone(zone)).toBe(true);
  });
  it.each(['Mars/Olympus', 'Europe/Parisx', '', '+02:00', 'Europe/../Paris'])('refuses %s', (zone) => {
    expect(isIanaTimeZone(zone)).toBe(false);
  });
});

describe('Schema: ScheduleInput', () => {
  it('keeps a recurring schedule as sent', () => {
    const parsed = ScheduleInput.parse({ type: 'recurring', expression: 'rate(1 hour)', timezone: 'Europe/Madrid' });
    expect(parsed).toEqual({ type: 'recurring', expression: 'rate(1 hour)', timezone: 'Europe/Madrid' });
  });

  it('reads a recurring schedule sent without a timezone in UTC, rate and cron alike, and says so', () => {
    expect(ScheduleInput.parse({ type: 'recurring', expression: 'rate(5 minutes)' })).toEqual({ type: 'recurring', expression: 'rate(5 minutes)', timezone: 'UTC' });
    expect(ScheduleInput.parse({ type: 'recurring', expression: 'cron(0 6 * * ? *)' })).toEqual({ type: 'recurring', expression: 'cron(0 6 * * ? *)', timezone: 'UTC' });
  });

  it('stores a one-time schedule as local time in its zone, as at() reads it', () => {
    expect(ScheduleInput.parse({ type: 'once', at: '2026-12-01T06:00' })).toEqual({ type: 'once', at: '2026-12-01T06:00:00', timezone: 'UTC' });
    // 05:00Z is 06:00 in Paris in winter.
    expect(ScheduleInput.parse({ type: 'once', at: '2026-12-01T05:00:00Z', timezone: 'Europe/Paris' })).toEqual({
      type: 'once',
      at: '2026-12-01T06:00:00',
      timezone: 'Europe/Paris',
    });
    expect(ScheduleInput.parse({ type: 'once', at: '2026-07-01T12:00:00+02:00' })).toEqual({ type: 'once', at: '2026-07-01T10:00:00', timezone: 'UTC' });
  });

  it.each([
    [{ type: 'once', at: 'tomorrow' }, 'at'],
    [{ type: 'once', at: '2026-02-30T10:00:00' }, 'at'],
    [{ type: 'once', at: '2026-12-01T06:00:00', timezone: 'Nowhere/City' }, 'timezone'],
    [{ type: 'recurring', expression: 'cron(0 6 * * *)', timezone: 'UTC' }, 'expression'],
    [{ type: 'recurring', expression: 'rate(5 minutes)', timezone: 'Nowhere/City' }, 'timezone'],
    [{ type: 'weekly', expression: 'rate(5 minutes)', timezone: 'UTC' }, 'type'],
    [{ type: 'once', at: '2026-12-01T06:00:00', extra: 1 }, ''],
  ])('refuses %j, naming %s', (input, field) => {
    const parsed = ScheduleInput.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.')).join(' ')).toContain(field);
  });
});

describe('Function: zonedTimeToInstant', () => {
  it('reads a local time in its zone, across daylight saving time', () => {
    expect(zonedTimeToInstant('2026-12-01T06:00:00', 'Europe/Paris').toISOString()).toBe('2026-12-01T05:00:00.000Z');
    expect(zonedTimeToInstant('2026-07-01T06:00:00', 'Europe/Paris').toISOString()).toBe('2026-07-01T04:00:00.000Z');
    expect(zonedTimeToInstant('2026-07-01T06:00:00', 'America/New_York').toISOString()).toBe('2026-07-01T10:00:00.000Z');
    expect(instantToZonedTime(new Date('2026-07-01T10:00:00Z'), 'America/New_York')).toBe('2026-07-01T06:00:00');
  });
});

describe('Function: scheduleNames', () => {
  it('derives the regular and the retry names from the job id, within Scheduler limits', () => {
    const id = '6f1c2d3e-0000-4000-8000-123456789abc';
    const names = scheduleNames(id);
    expect(names.regular).toBe(`import-job-${id}`);
    expect(names.retry(2)).toBe(`import-job-${id}-retry-2`);
    expect(names.all(2)).toEqual([`import-job-${id}`, `import-job-${id}-retry-2`, `import-job-${id}-retry-3`]);
    expect(names.retry(6).length).toBeLessThanOrEqual(64);
    expect(() => names.retry(1)).toThrow();
    expect(() => scheduleNames('x'.repeat(60))).toThrow();
  });
});

import { buildExpression, describeSchedule, formatInZone, nextRunTimes } from '../../../web/src/components/import-jobs/schedule';

describe('Dashboard: import-job schedules in words and run times', () => {
  it.each([
    [{ type: 'recurring', expression: 'rate(15 minutes)', timezone: 'UTC' }, 'Every 15 minutes'],
    [{ type: 'recurring', expression: 'rate(1 day)', timezone: 'UTC' }, 'Every day'],
    [{ type: 'recurring', expression: 'cron(0 6 * * ? *)', timezone: 'Europe/Paris' }, 'Every day at 06:00 (Europe/Paris)'],
    [{ type: 'recurring', expression: 'cron(30 9 ? * MON-FRI *)', timezone: 'UTC' }, 'Every weekday (Monday to Friday) at 09:30 (UTC)'],
    [{ type: 'recurring', expression: 'cron(0 7 ? * MON,THU *)', timezone: 'UTC' }, 'Every Monday and Thursday at 07:00 (UTC)'],
    [{ type: 'recurring', expression: 'cron(0/15 * * * ? *)', timezone: 'UTC' }, 'Every 15 minutes (UTC)'],
    [{ type: 'recurring', expression: 'cron(5 0/2 * * ? *)', timezone: 'UTC' }, 'Every 2 hours at 05 minutes past (UTC)'],
    [{ type: 'recurring', expression: 'cron(0 6 1 * ? *)', timezone: 'UTC' }, 'On day 1 of every month at 06:00 (UTC)'],
    [{ type: 'recurring', expression: 'cron(0 6 1 1 ? *)', timezone: 'UTC' }, 'Every year on 1 Jan at 06:00 (UTC)'],
    // Shapes of our own words' reach are read by cronstrue (1 is Sunday in EventBridge's day-of-week).
    [{ type: 'recurring', expression: 'cron(0 6 ? * 2#1 *)', timezone: 'UTC' }, 'At 06:00, on the first Monday of the month (UTC)'],
    [{ type: 'recurring', expression: 'cron(15 10 ? * 6L 2026-2028)', timezone: 'UTC' }, 'At 10:15, on the last Friday of the month, 2026 through 2028 (UTC)'],
    [{ type: 'recurring', expression: 'cron(0 8-17 ? * MON-FRI *)', timezone: 'Europe/Berlin' }, 'Every hour, between 08:00 and 17:00, Monday through Friday (Europe/Berlin)'],
    // Not a cron anyone can read: shown as written.
    [{ type: 'recurring', expression: 'cron(0 6 ? * 9 *)', timezone: 'UTC' }, 'cron(0 6 ? * 9 *) (UTC)'],
    [{ type: 'once', at: '2026-12-07T09:00:00', timezone: 'Europe/Madrid' }, 'Once on 7 Dec 2026, 09:00 (Europe/Madrid)'],
  ] as const)('%j reads "%s"', (schedule, words) => {
    expect(describeSchedule(schedule)).toBe(words);
  });

  it('builds the EventBridge expression of each helper', () => {
    expect(buildExpression({ every: 'minutes', value: 1 })).toBe('rate(1 minute)');
    expect(buildExpression({ every: 'minutes', value: 15 })).toBe('rate(15 minutes)');
    expect(buildExpression({ every: 'hours', value: 1, minute: 30 })).toBe('cron(30 * * * ? *)');
    expect(buildExpression({ every: 'hours', value: 6, minute: 0 })).toBe('cron(0 0/6 * * ? *)');
    expect(buildExpression({ every: 'days', value: 1, time: '06:00' })).toBe('cron(0 6 * * ? *)');
    expect(buildExpression({ every: 'days', value: 3, time: '21:45' })).toBe('cron(45 21 1/3 * ? *)');
    expect(buildExpression({ every: 'weekdays', time: '08:05', days: ['MON', 'FRI'] })).toBe('cron(5 8 ? * MON,FRI *)');
    expect(buildExpression({ every: 'cron', expression: ' cron(0 6 * * ? *) ' })).toBe('cron(0 6 * * ? *)');
  });

  it('lists the next run times of a cron in its zone, across a clock change', () => {
    const from = new Date('2026-03-27T12:00:00Z');
    const times = nextRunTimes({ type: 'recurring', expression: 'cron(0 6 * * ? *)', timezone: 'Europe/Paris' }, 3, from);
    // 06:00 in Paris is 05:00 UTC in winter and 04:00 UTC from 29 March.
    expect(times.map((t) => t.toISOString())).toEqual(['2026-03-28T05:00:00.000Z', '2026-03-29T04:00:00.000Z', '2026-03-30T04:00:00.000Z']);
    expect(formatInZone(times[1], 'Europe/Paris')).toBe('29 Mar 2026, 06:00 CEST');
  });

  it('counts a rate from when it was armed, and gives a one-time schedule one time or none', () => {
    const armed = new Date('2026-12-06T10:07:00Z');
    const from = new Date('2026-12-06T10:20:00Z');
    expect(nextRunTimes({ type: 'recurring', expression: 'rate(15 minutes)', timezone: 'UTC' }, 2, from, armed).map((t) => t.toISOString())).toEqual([
      '2026-12-06T10:22:00.000Z',
      '2026-12-06T10:37:00.000Z',
    ]);
    const once = { type: 'once', at: '2026-12-07T09:00:00', timezone: 'Europe/Madrid' } as const;
    expect(nextRunTimes(once, 5, from).map((t) => t.toISOString())).toEqual(['2026-12-07T08:00:00.000Z']);
    expect(nextRunTimes(once, 5, new Date('2026-12-08T00:00:00Z'))).toEqual([]);
    expect(nextRunTimes({ type: 'recurring', expression: 'cron(0 6 * * * *)', timezone: 'UTC' }, 5, from)).toEqual([]);
  });
});

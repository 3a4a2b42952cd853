import {
  nextOccurrence,
  parseScheduleExpression,
  ScheduleExpressionError,
} from '../../../functions/core/scheduling/schedule-expression';

/** The next `count` occurrences from `from`, as ISO strings (a rate starts counting at `from`). */
function occurrences(expression: string, timezone: string, from: string, count: number): string[] {
  const parsed = parseScheduleExpression(expression, timezone);
  const start = new Date(from);
  const found: string[] = [];
  let cursor = start;
  while (found.length < count) {
    const next = nextOccurrence(parsed, cursor, start);
    if (!next) break;
    found.push(next.toISOString());
    cursor = new Date(next.getTime() + 1);
  }
  return found;
}

describe('Local scheduler: schedule expressions', () => {
  describe('at()', () => {
    it('reads the local time in the schedule time zone', () => {
      // Paris is UTC+2 in summer, UTC+1 in winter.
      expect(occurrences('at(2026-07-01T09:00:00)', 'Europe/Paris', '2026-01-01T00:00:00Z', 2)).toEqual(['2026-07-01T07:00:00.000Z']);
      expect(occurrences('at(2026-12-01T09:00:00)', 'Europe/Paris', '2026-01-01T00:00:00Z', 2)).toEqual(['2026-12-01T08:00:00.000Z']);
      expect(occurrences('at(2026-12-01T09:00:30)', 'UTC', '2026-01-01T00:00:00Z', 1)).toEqual(['2026-12-01T09:00:30.000Z']);
    });

    it('has no occurrence after its time', () => {
      expect(occurrences('at(2026-12-01T09:00:00)', 'UTC', '2026-12-01T09:00:01Z', 1)).toEqual([]);
    });

    it.each(['at(2026-02-30T09:00:00)', 'at(2026-12-01T24:00:00)', 'at(2026-12-01 09:00:00)', 'at(2026-12-01T09:00)'])(
      'rejects %s',
      (expression) => {
        expect(() => parseScheduleExpression(expression, 'UTC')).toThrow(ScheduleExpressionError);
      },
    );
  });

  describe('rate()', () => {
    it('fires at its start, then every period', () => {
      expect(occurrences('rate(1 minute)', 'UTC', '2026-11-25T10:00:00Z', 3)).toEqual([
        '2026-11-25T10:00:00.000Z',
        '2026-11-25T10:01:00.000Z',
        '2026-11-25T10:02:00.000Z',
      ]);
      expect(occurrences('rate(2 hours)', 'UTC', '2026-11-25T10:00:00Z', 2)).toEqual(['2026-11-25T10:00:00.000Z', '2026-11-25T12:00:00.000Z']);
    });

    it('counts a day as 24 hours across a DST change', () => {
      // Paris turns its clocks forward on 2026-03-29: 09:00 local becomes 10:00 local, 24 hours later.
      expect(occurrences('rate(1 day)', 'Europe/Paris', '2026-03-28T08:00:00Z', 2)).toEqual(['2026-03-28T08:00:00.000Z', '2026-03-29T08:00:00.000Z']);
    });

    it('continues from the start, whatever the cursor', () => {
      const parsed = parseScheduleExpression('rate(15 minutes)');
      expect(nextOccurrence(parsed, new Date('2026-11-25T10:16:00Z'), new Date('2026-11-25T10:00:00Z'))?.toISOString()).toBe(
        '2026-11-25T10:30:00.000Z',
      );
    });

    it.each(['rate(0 minutes)', 'rate(5 seconds)', 'rate(1.5 hours)', 'rate(minutes)', 'rate(5  minutes)'])('rejects %s', (expression) => {
      expect(() => parseScheduleExpression(expression)).toThrow(ScheduleExpressionError);
    });
  });

  describe('cron()', () => {
    it('reads a time in the schedule time zone', () => {
      expect(occurrences('cron(0 9 ? * MON-FRI *)', 'Asia/Tokyo', '2026-11-27T00:00:01Z', 3)).toEqual([
        // Friday 27 is past 09:00 in Tokyo; then Monday 30 and Tuesday 1.
        '2026-11-30T00:00:00.000Z',
        '2026-12-01T00:00:00.000Z',
        '2026-12-02T00:00:00.000Z',
      ]);
    });

    it('numbers days of the week 1-7 from Sunday', () => {
      const days = occurrences('cron(0 12 ? * 1,2 *)', 'UTC', '2026-11-25T00:00:00Z', 2).map((iso) => new Date(iso).getUTCDay());
      expect(days).toEqual([0, 1]); // Sunday 29, Monday 30
    });

    it('takes steps written the EventBridge way', () => {
      expect(occurrences('cron(0/20 10 * * ? *)', 'UTC', '2026-11-25T00:00:00Z', 4)).toEqual([
        '2026-11-25T10:00:00.000Z',
        '2026-11-25T10:20:00.000Z',
        '2026-11-25T10:40:00.000Z',
        '2026-11-26T10:00:00.000Z',
      ]);
    });

    it('understands L, W and # in the day fields', () => {
      // Last day of the month.
      expect(occurrences('cron(0 12 L * ? *)', 'UTC', '2027-02-01T00:00:00Z', 2)).toEqual(['2027-02-28T12:00:00.000Z', '2027-03-31T12:00:00.000Z']);
      // The weekday nearest the 15th: 2026-11-15 is a Sunday, so Monday 16.
      expect(occurrences('cron(0 12 15W * ? *)', 'UTC', '2026-11-01T00:00:00Z', 1)).toEqual(['2026-11-16T12:00:00.000Z']);
      // The last Friday (6L) and the second Tuesday (3#2) of the month.
      expect(occurrences('cron(0 12 ? * 6L *)', 'UTC', '2026-11-01T00:00:00Z', 1)).toEqual(['2026-11-27T12:00:00.000Z']);
      expect(occurrences('cron(0 12 ? * 3#2 *)', 'UTC', '2026-11-01T00:00:00Z', 1)).toEqual(['2026-11-10T12:00:00.000Z']);
      // L alone in day-of-week is the last day of the week: every Saturday.
      expect(occurrences('cron(0 12 ? * L *)', 'UTC', '2026-11-25T00:00:00Z', 2)).toEqual(['2026-11-28T12:00:00.000Z', '2026-12-05T12:00:00.000Z']);
    });

    it('honours the year field, and ends after it', () => {
      expect(occurrences('cron(0 0 1 JAN ? 2027-2028)', 'UTC', '2026-01-01T00:00:00Z', 5)).toEqual([
        '2027-01-01T00:00:00.000Z',
        '2028-01-01T00:00:00.000Z',
      ]);
    });

    it('skips a time that does not exist when the clocks go forward', () => {
      // 02:30 does not exist in Paris on 2026-03-29.
      expect(occurrences('cron(30 2 * * ? *)', 'Europe/Paris', '2026-03-28T00:00:00Z', 3)).toEqual([
        '2026-03-28T01:30:00.000Z',
        '2026-03-30T00:30:00.000Z',
        '2026-03-31T00:30:00.000Z',
      ]);
    });

    it('fires a repeated time once when the clocks go back', () => {
      // 01:00-01:59 happens twice in New York on 2026-11-01 (EDT, then EST).
      expect(occurrences('cron(0/30 1 * * ? *)', 'America/New_York', '2026-11-01T00:00:00Z', 4)).toEqual([
        '2026-11-01T05:00:00.000Z',
        '2026-11-01T05:30:00.000Z',
        '2026-11-02T06:00:00.000Z',
        '2026-11-02T06:30:00.000Z',
      ]);
      expect(occurrences('cron(30 1 * * ? *)', 'America/New_York', '2026-11-01T00:00:00Z', 2)).toEqual([
        '2026-11-01T05:30:00.000Z',
        '2026-11-02T06:30:00.000Z',
      ]);
    });

    it('keeps every hour around the change that does exist', () => {
      const hours = occurrences('cron(0 * * * ? *)', 'America/New_York', '2026-11-01T03:00:00Z', 5);
      // 23:00 EDT, 00:00 EDT, 01:00 EDT, (01:00 EST skipped), 02:00 EST, 03:00 EST.
      expect(hours).toEqual([
        '2026-11-01T03:00:00.000Z',
        '2026-11-01T04:00:00.000Z',
        '2026-11-01T05:00:00.000Z',
        '2026-11-01T07:00:00.000Z',
        '2026-11-01T08:00:00.000Z',
      ]);
    });

    it.each([
      ['five fields', 'cron(0 12 * * ?)'],
      ['no ? in either day field', 'cron(0 12 * * MON *)'],
      ['? in both day fields', 'cron(0 12 ? * ? *)'],
      ['a minute out of range', 'cron(61 12 * * ? *)'],
      ['an unknown day name', 'cron(0 12 ? * FUN *)'],
    ])('rejects %s', (_case, expression) => {
      expect(() => parseScheduleExpression(expression)).toThrow(ScheduleExpressionError);
    });
  });

  it('rejects an unknown time zone and an unknown kind of expression', () => {
    expect(() => parseScheduleExpression('rate(1 hour)', 'Mars/Olympus')).toThrow(ScheduleExpressionError);
    expect(() => parseScheduleExpression('every(1 hour)')).toThrow(ScheduleExpressionError);
  });
});

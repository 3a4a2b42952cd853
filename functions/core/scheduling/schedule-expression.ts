import { Cron } from 'croner';
import { isIanaTimeZone, offsetMs, parseLocalTime, wallClockToInstant } from './time-zones';

/**
 * EventBridge Scheduler's schedule expressions, evaluated: when a schedule fires. The local Scheduler stand-in
 * (local/emulators/scheduler.ts) fires by it and the dashboard shows the next run times with it:
 * `at(yyyy-mm-ddThh:mm:ss)`, `rate(n minute|minutes|hour|hours|day|days)` and EventBridge's six-field
 * `cron(min hour day-of-month month day-of-week year)`, each read in an IANA time zone.
 *
 * Cron fields are handed to croner after translating EventBridge's dialect (`?`, day-of-week 1-7 = SUN-SAT, `5L`
 * = last Thursday, `L` alone = Saturday). Daylight saving time follows EventBridge, not croner: a time that does
 * not exist (spring forward) is skipped, and a time that occurs twice (fall back) fires once, the first time.
 * A rate counts real time from its start (a day is 24 hours, whatever the clocks do).
 */

export class ScheduleExpressionError extends Error {}

export type ScheduleExpression =
  | { readonly kind: 'at'; readonly instant: Date }
  | { readonly kind: 'rate'; readonly periodMs: number }
  | { readonly kind: 'cron'; readonly cron: Cron; readonly wallClock: Cron; readonly timezone: string };

const MINUTE_MS = 60_000;
const RATE_UNITS: Record<string, number> = {
  minute: MINUTE_MS,
  minutes: MINUTE_MS,
  hour: 60 * MINUTE_MS,
  hours: 60 * MINUTE_MS,
  day: 24 * 60 * MINUTE_MS,
  days: 24 * 60 * MINUTE_MS,
};
const AT = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/;
const RATE = /^rate\((\d+) ([a-z]+)\)$/;
const CRON = /^cron\((.+)\)$/;

/** Parses an expression; throws ScheduleExpressionError, with a message for a ValidationException, when invalid. */
export function parseScheduleExpression(expression: string, timezone = 'UTC'): ScheduleExpression {
  if (!isIanaTimeZone(timezone)) throw new ScheduleExpressionError(`Invalid ScheduleExpressionTimezone ${timezone}.`);
  const at = AT.exec(expression);
  if (at) {
    const wall = parseLocalTime(at[1]!);
    if (wall === undefined) throw new ScheduleExpressionError(`Invalid Schedule Expression ${expression}.`);
    return { kind: 'at', instant: new Date(wallClockToInstant(wall, timezone)) };
  }
  const rate = RATE.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    const unit = RATE_UNITS[rate[2]];
    if (!unit || !Number.isSafeInteger(value) || value < 1) {
      throw new ScheduleExpressionError(`Invalid Schedule Expression ${expression}.`);
    }
    return { kind: 'rate', periodMs: value * unit };
  }
  const cron = CRON.exec(expression);
  if (cron) {
    const pattern = toCronerPattern(cron[1], expression);
    try {
      return {
        kind: 'cron',
        cron: newCron(pattern, timezone),
        // The same pattern on a clock without DST: tells whether a local wall time matches the pattern.
        wallClock: newCron(pattern, 'UTC'),
        timezone,
      };
    } catch (error) {
      throw new ScheduleExpressionError(`Invalid Schedule Expression ${expression}: ${(error as Error).message}`);
    }
  }
  throw new ScheduleExpressionError(`Invalid Schedule Expression ${expression}.`);
}

/**
 * The first occurrence at or after `from`, or null when there is none. `start` is when a rate starts counting
 * (its StartDate, else when the schedule was created or last updated): a rate fires at start, then every period.
 */
export function nextOccurrence(expression: ScheduleExpression, from: Date, start: Date): Date | null {
  switch (expression.kind) {
    case 'at':
      return expression.instant.getTime() >= from.getTime() ? expression.instant : null;
    case 'rate': {
      const elapsed = from.getTime() - start.getTime();
      const periods = elapsed <= 0 ? 0 : Math.ceil(elapsed / expression.periodMs);
      return new Date(start.getTime() + periods * expression.periodMs);
    }
    case 'cron':
      return nextCronOccurrence(expression, from);
  }
}

function nextCronOccurrence(expression: Extract<ScheduleExpression, { kind: 'cron' }>, from: Date): Date | null {
  // croner's nextRun is strictly after its argument, at whole seconds.
  let cursor = new Date(Math.floor(from.getTime() / 1000) * 1000 - 1000);
  for (let guard = 0; guard < 10_000; guard++) {
    const candidate = expression.cron.nextRun(cursor);
    if (!candidate) return null;
    cursor = candidate;
    if (candidate.getTime() < from.getTime()) continue;
    const wall = candidate.getTime() + offsetMs(candidate.getTime(), expression.timezone);
    // Spring forward: croner moves a time that does not exist to after the gap; EventBridge skips it.
    if (!matchesWallClock(expression.wallClock, wall)) continue;
    // Fall back: croner fires an interval pattern in both passes of the repeated hour; EventBridge once.
    if (isSecondPass(candidate.getTime(), wall, expression.timezone)) continue;
    return candidate;
  }
  return null;
}

function matchesWallClock(wallClock: Cron, wall: number): boolean {
  return wallClock.nextRun(new Date(wall - 1000))?.getTime() === wall;
}

/** True when the same wall time already occurred shortly before (the clocks were turned back in between). */
function isSecondPass(instant: number, wall: number, timezone: string): boolean {
  const turnedBack = offsetMs(instant - 3 * 3600_000, timezone) - offsetMs(instant, timezone);
  if (turnedBack <= 0) return false;
  const earlier = instant - turnedBack;
  return earlier + offsetMs(earlier, timezone) === wall;
}

function toCronerPattern(body: string, expression: string): string {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    throw new ScheduleExpressionError(`Invalid Schedule Expression ${expression}: cron needs 6 fields.`);
  }
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields;
  // EventBridge: one of day-of-month and day-of-week is `?`, never both, never neither.
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    throw new ScheduleExpressionError(
      `Invalid Schedule Expression ${expression}: exactly one of day-of-month and day-of-week must be '?'.`,
    );
  }
  const weekday = dayOfWeek
    .split(',')
    .map((item) => (item === 'L' ? '7' : item.replace(/^(\w+)L$/, '$1#L')))
    .join(',');
  const any = (field: string): string => (field === '?' ? '*' : field);
  return ['0', minutes, hours, any(dayOfMonth), month, any(weekday), year].join(' ');
}

function newCron(pattern: string, timezone: string): Cron {
  return new Cron(pattern, {
    timezone,
    mode: '7-part',
    // The `?` field is `*`: AND leaves the other field alone in charge, as EventBridge does.
    domAndDow: true,
    alternativeWeekdays: true,
    // EventBridge writes `0/15` for "every 15 from 0".
    sloppyRanges: true,
    paused: true,
  });
}

import cronstrue from 'cronstrue';
import type { components } from '../../../../client';
// EventBridge expressions as the core reads them (croner underneath, EventBridge's daylight-saving
// rules on top): the page shows the run times that the scheduler itself would fire, computed in the browser.
import { nextOccurrence, parseScheduleExpression } from '../../../../functions/core/scheduling/schedule-expression';

export type Schedule = components['schemas']['Schedule'];

const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_NAMES: Record<string, string> = {
  '1': 'Sunday', SUN: 'Sunday',
  '2': 'Monday', MON: 'Monday',
  '3': 'Tuesday', TUE: 'Tuesday',
  '4': 'Wednesday', WED: 'Wednesday',
  '5': 'Thursday', THU: 'Thursday',
  '6': 'Friday', FRI: 'Friday',
  '7': 'Saturday', SAT: 'Saturday',
};

/** `rate(15 minutes)` → "Every 15 minutes"; `rate(1 day)` → "Every day". */
function describeRate(expression: string): string | undefined {
  const match = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression);
  if (!match) return undefined;
  const value = Number(match[1]);
  return value === 1 ? `Every ${match[2]}` : `Every ${value} ${match[2]}s`;
}

function describeDays(field: string): string | undefined {
  const upper = field.toUpperCase();
  if (upper === 'MON-FRI' || upper === '2-6') return 'every weekday (Monday to Friday)';
  if (upper === 'SAT,SUN' || upper === 'SUN,SAT' || upper === '1,7' || upper === '7,1') return 'every Saturday and Sunday';
  const names = upper.split(',').map((day) => DAY_NAMES[day]);
  if (names.some((name) => name === undefined)) return undefined;
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
  return `every ${list}`;
}

/**
 * Common cron shapes in our own words ("Every day at 06:00", "Every Monday at 09:30", "On day 1 of every month at
 * 06:00", "Every 15 minutes"); the rest are left to cronstrue (describeAnyCron).
 */
function describeCron(expression: string): string | undefined {
  const match = /^cron\((.+)\)$/.exec(expression);
  const fields = match?.[1]?.trim().split(/\s+/);
  if (!fields || fields.length !== 6) return undefined;
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = fields as [string, string, string, string, string, string];
  if (year !== '*') return undefined;
  if (month !== '*') {
    // Once a year: a single day of a single month.
    const once = /^\d+$/.test(month) && /^\d+$/.test(dayOfMonth) && dayOfWeek === '?' && /^\d+$/.test(minutes) && /^\d+$/.test(hours);
    return once ? `Every year on ${Number(dayOfMonth)} ${MONTHS[Number(month) - 1] ?? month} at ${pad(Number(hours))}:${pad(Number(minutes))}` : undefined;
  }
  const everyDay = (dayOfMonth === '*' && dayOfWeek === '?') || (dayOfMonth === '?' && dayOfWeek === '*');
  const step = /^(?:\*|0)\/(\d+)$/;
  if (everyDay && step.test(minutes) && hours === '*') return `Every ${Number(step.exec(minutes)![1])} minutes`;
  if (everyDay && /^\d+$/.test(minutes) && step.test(hours)) {
    return `Every ${Number(step.exec(hours)![1])} hours at ${pad(Number(minutes))} minutes past`;
  }
  if (everyDay && /^\d+$/.test(minutes) && hours === '*') return `Every hour at ${pad(Number(minutes))} minutes past`;
  if (!/^\d+$/.test(minutes) || !/^\d+(,\d+)*$/.test(hours)) return undefined;
  const at = hours
    .split(',')
    .map((hour) => `${pad(Number(hour))}:${pad(Number(minutes))}`)
    .join(' and ');
  if (everyDay) return `Every day at ${at}`;
  if (dayOfMonth === '?') {
    const days = describeDays(dayOfWeek);
    return days ? `${days.charAt(0).toUpperCase()}${days.slice(1)} at ${at}` : undefined;
  }
  const daysStep = /^1\/(\d+)$/.exec(dayOfMonth);
  if (dayOfWeek === '?' && daysStep) return `Every ${daysStep[1]} days at ${at} (counted from the 1st of each month)`;
  if (dayOfWeek === '?' && dayOfMonth === 'L') return `On the last day of every month at ${at}`;
  if (dayOfWeek === '?' && /^\d+(,\d+)*$/.test(dayOfMonth)) return `On day ${dayOfMonth.split(',').join(', ')} of every month at ${at}`;
  return undefined;
}

/**
 * Any other EventBridge cron in cronstrue's words ("At 06:00, on the first Monday of the month"). EventBridge's
 * fields are minutes to years with 1 for Sunday; cronstrue reads a leading seconds field, then the same. An
 * expression it cannot read is shown as it is, which is what EventBridge reads.
 */
function describeAnyCron(expression: string): string | undefined {
  const fields = /^cron\((.+)\)$/.exec(expression)?.[1]?.trim().split(/\s+/);
  if (!fields || fields.length !== 6) return undefined;
  try {
    return cronstrue.toString(['0', ...fields].join(' '), { use24HourTimeFormat: true, dayOfWeekStartIndexZero: false, throwExceptionOnParseError: true });
  } catch {
    return undefined;
  }
}

/** The schedule in words a data manager reads, with its zone when a wall-clock time is involved. */
export function describeSchedule(schedule: Schedule): string {
  if (schedule.type === 'once') {
    const [date, time] = schedule.at.split('T') as [string, string | undefined];
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return `Once on ${d} ${MONTHS[m - 1] ?? m} ${y}, ${(time ?? '00:00').slice(0, 5)} (${schedule.timezone ?? 'UTC'})`;
  }
  const rate = describeRate(schedule.expression);
  if (rate) return rate;
  const cron = describeCron(schedule.expression) ?? describeAnyCron(schedule.expression);
  return cron ? `${cron} (${schedule.timezone})` : `${schedule.expression} (${schedule.timezone})`;
}

/**
 * The next `count` run times after `from`. A rate counts from when its schedule was armed (`rateStart`: the job's
 * activation, or now for a schedule being set up); a one-time schedule has one time, or none once it has passed.
 * Returns an empty list for an expression the scheduler would refuse.
 */
export function nextRunTimes(schedule: Schedule, count: number, from: Date = new Date(), rateStart: Date = from): Date[] {
  const expression = schedule.type === 'once' ? `at(${normaliseAt(schedule.at)})` : schedule.expression;
  let parsed;
  try {
    parsed = parseScheduleExpression(expression, schedule.timezone ?? 'UTC');
  } catch {
    return [];
  }
  const times: Date[] = [];
  let cursor = from;
  while (times.length < count) {
    const next = nextOccurrence(parsed, cursor, rateStart);
    if (!next) break;
    times.push(next);
    cursor = new Date(next.getTime() + 1000);
  }
  return times;
}

function normaliseAt(at: string): string {
  return at.length === 16 ? `${at}:00` : at.slice(0, 19);
}

/** What the schedule step's helpers build (a person picks a shape; the expression follows). */
export type RecurringHelper =
  | { readonly every: 'minutes'; readonly value: number }
  | { readonly every: 'hours'; readonly value: number; readonly minute: number }
  | { readonly every: 'days'; readonly value: number; readonly time: string }
  | { readonly every: 'weekdays'; readonly time: string; readonly days: readonly string[] }
  | { readonly every: 'cron'; readonly expression: string };

/**
 * The EventBridge expression of a helper's choice. Every N minutes is a rate (it needs no wall clock, and counts
 * from activation); hours, days and weekdays are crons, so that the minute and time of day hold in the job's zone.
 */
export function buildExpression(helper: RecurringHelper): string {
  switch (helper.every) {
    case 'minutes':
      return `rate(${helper.value} ${helper.value === 1 ? 'minute' : 'minutes'})`;
    case 'hours':
      return helper.value === 1 ? `cron(${helper.minute} * * * ? *)` : `cron(${helper.minute} 0/${helper.value} * * ? *)`;
    case 'days': {
      const [h, m] = helper.time.split(':').map(Number) as [number, number];
      return `cron(${m} ${h} ${helper.value === 1 ? '*' : `1/${helper.value}`} * ? *)`;
    }
    case 'weekdays': {
      const [h, m] = helper.time.split(':').map(Number) as [number, number];
      return `cron(${m} ${h} ? * ${helper.days.length > 0 ? helper.days.join(',') : 'MON'} *)`;
    }
    case 'cron':
      return helper.expression.trim();
  }
}

/** Every IANA zone the browser knows, UTC first. */
export function timeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...zones.filter((zone) => zone !== 'UTC')];
}

/** The viewer's own zone, the default for a new schedule. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant as wall-clock time in an import job's zone, with the zone's abbreviation ("7 Dec 2026, 09:00 CET").
 * (Intl refuses `timeZoneName` beside `dateStyle`, so the fields are spelled out.)
 */
export function formatInZone(instant: string | Date | null | undefined, timeZone: string): string {
  if (!instant) return '–';
  const date = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(date.getTime())) return String(instant);
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone,
      timeZoneName: 'short',
    });
    zoneFormats.set(timeZone, format);
  }
  return format.format(date);
}

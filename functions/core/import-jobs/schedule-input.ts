import { z } from 'zod';
import type { ScheduleTiming } from '../scheduling/ports';
import { instantToZonedTime, isIanaTimeZone, parseLocalTime, zonedTimeToInstant } from '../scheduling/time-zones';

/**
 * A schedule as people send it (§7), checked against what EventBridge Scheduler accepts, so a bad expression is a
 * 400 when the job is saved rather than a failure when it is activated:
 * - `{ type: "once", at, timezone? }`: `at` is ISO 8601, with or without an offset; it is stored as the local time
 *   in `timezone` (UTC by default) without an offset, which is what Scheduler's `at(yyyy-mm-ddThh:mm:ss)` takes;
 * - `{ type: "recurring", expression, timezone? }`: `rate(value unit)` or a six-field `cron(...)`, in an IANA zone
 *   (UTC by default: a rate has no wall-clock time to read in a zone, and a cron without one reads as Scheduler's
 *   own default does). The stored and answered schedule always names its zone.
 */

const RATE = /^rate\((\d{1,6}) (minute|minutes|hour|hours|day|days)\)$/;

/** Why a rate expression is not one Scheduler takes; undefined when it is. */
function rateProblem(expression: string): string | undefined {
  const match = RATE.exec(expression);
  if (!match) return 'a rate is rate(<value> <minute|minutes|hour|hours|day|days>), e.g. rate(15 minutes)';
  const value = Number(match[1]);
  const plural = (match[2] as string).endsWith('s');
  if (value < 1) return 'a rate value is a positive integer';
  if (value === 1 && plural) return `write rate(1 ${(match[2] as string).slice(0, -1)})`;
  if (value > 1 && !plural) return `write rate(${value} ${match[2]}s)`;
  return undefined;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Items allowed in this field besides values, ranges, `*` and increments. */
  readonly special?: RegExp;
}

// EventBridge's six fields: minutes hours day-of-month month day-of-week year.
const CRON_FIELDS: readonly CronField[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, special: /^(\?|L|LW|L-\d{1,2}|\d{1,2}W)$/ },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS, special: /^(\?|L|[1-7]L|[1-7]#[1-5]|(SUN|MON|TUE|WED|THU|FRI|SAT)(L|#[1-5]))$/ },
  { name: 'year', min: 1970, max: 2199 },
];

function valueOf(field: CronField, text: string): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= field.min && n <= field.max ? n : undefined;
  }
  const index = field.names?.indexOf(text) ?? -1;
  return index >= 0 ? index + field.min : undefined;
}

function cronItemOk(field: CronField, item: string): boolean {
  if (field.special?.test(item)) return true;
  const [base, step, extra] = item.split('/');
  if (extra !== undefined || base === undefined || base === '') return false;
  if (step !== undefined && !(/^\d{1,4}$/.test(step) && Number(step) >= 1)) return false;
  if (base === '*') return true;
  const [from, to, more] = base.split('-');
  if (more !== undefined || from === undefined) return false;
  const start = valueOf(field, from);
  if (start === undefined) return false;
  if (to === undefined) return true;
  const end = valueOf(field, to);
  return end !== undefined;
}

/** Why a cron expression is not one Scheduler takes; undefined when it is. */
function cronProblem(expression: string): string | undefined {
  const match = /^cron\((.*)\)$/.exec(expression);
  const fields = match?.[1]?.trim().split(/\s+/) ?? [];
  if (!match || fields.length !== 6) {
    return 'a cron expression has six fields: cron(minutes hours day-of-month month day-of-week year), e.g. cron(0 6 * * ? *)';
  }
  const upper = fields.map((f) => f.toUpperCase());
  for (let i = 0; i < CRON_FIELDS.length; i++) {
    const field = CRON_FIELDS[i] as CronField;
    const value = upper[i] as string;
    const items = value.split(',');
    if (items.some((item) => !cronItemOk(field, item)) || (items.length > 1 && items.includes('?'))) {
      return `the ${field.name} field "${fields[i]}" is not valid (${field.min}-${field.max}${field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : ''})`;
    }
  }
  const dayOfMonthAny = upper[2] === '?';
  const dayOfWeekAny = upper[4] === '?';
  if (dayOfMonthAny === dayOfWeekAny) {
    return 'use ? in exactly one of day-of-month and day-of-week, e.g. cron(0 6 * * ? *) or cron(0 6 ? * MON-FRI *)';
  }
  return undefined;
}

/** Why a recurring expression is not one Scheduler takes; undefined when it is. */
export function recurringExpressionProblem(expression: string): string | undefined {
  if (expression.startsWith('rate(')) return rateProblem(expression);
  if (expression.startsWith('cron(')) return cronProblem(expression);
  return 'a recurring schedule is rate(...) or cron(...)';
}

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

const TimeZone = z.string().refine(isIanaTimeZone, 'an IANA time zone, e.g. Europe/Paris or UTC');

export const ScheduleInput = z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('once'),
      at: z
        .string()
        .refine((at) => WITH_OFFSET.test(at) ? !Number.isNaN(Date.parse(at)) : parseLocalTime(at) !== undefined, 'an ISO 8601 date and time, e.g. 2026-12-01T06:00:00 or 2026-12-01T06:00:00Z'),
      timezone: TimeZone.optional(),
    }),
    z.strictObject({
      type: z.literal('recurring'),
      expression: z
        .string()
        .trim()
        .superRefine((expression, ctx) => {
          const problem = recurringExpressionProblem(expression);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      timezone: TimeZone.default('UTC'),
    }),
  ])
  .transform((input): ScheduleTiming => {
    if (input.type === 'recurring') return input;
    const timezone = input.timezone ?? 'UTC';
    // One form whatever was sent: local time in the schedule's zone, as Scheduler's at() reads it.
    const at = WITH_OFFSET.test(input.at) ? instantToZonedTime(new Date(input.at), timezone) : input.at.length === 16 ? `${input.at}:00` : input.at;
    return { type: 'once', at, timezone };
  });

/** When a one-time schedule fires. */
export function onceInstant(timing: Extract<ScheduleTiming, { type: 'once' }>): Date {
  return zonedTimeToInstant(timing.at, timing.timezone ?? 'UTC');
}

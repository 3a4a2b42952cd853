import type { ScheduleTiming } from '../../core/scheduling/ports';

/** A timing as EventBridge Scheduler takes it: an expression and the time zone it is read in. */
export interface SchedulerExpression {
  readonly expression: string;
  readonly timezone: string;
  readonly once: boolean;
}

// yyyy-mm-ddThh:mm[:ss[.fff]][Z|±hh[:]mm]
const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const RECURRING = /^(rate|cron)\(.+\)$/;

/**
 * `once` becomes `at(yyyy-mm-ddThh:mm:ss)`: a local time without an offset is kept as written and read in the
 * timing's zone (UTC by default); a time with an offset is an instant, written in UTC. `recurring` passes its
 * `rate(...)` / `cron(...)` expression through with its zone.
 */
export function toSchedulerExpression(timing: ScheduleTiming): SchedulerExpression {
  if (timing.type === 'recurring') {
    if (!RECURRING.test(timing.expression)) {
      throw new TypeError(`a recurring schedule needs rate(...) or cron(...), got '${timing.expression}'`);
    }
    return { expression: timing.expression, timezone: timing.timezone, once: false };
  }
  const match = ISO_DATE_TIME.exec(timing.at);
  if (!match) throw new TypeError(`a one-time schedule needs an ISO 8601 date and time, got '${timing.at}'`);
  const [, date, hours, minutes, seconds = '00', offset] = match;
  if (offset === undefined) {
    return { expression: `at(${date}T${hours}:${minutes}:${seconds})`, timezone: timing.timezone ?? 'UTC', once: true };
  }
  const instant = new Date(timing.at);
  if (Number.isNaN(instant.getTime())) throw new TypeError(`'${timing.at}' is not a valid date and time`);
  return { expression: `at(${instant.toISOString().slice(0, 19)})`, timezone: 'UTC', once: true };
}

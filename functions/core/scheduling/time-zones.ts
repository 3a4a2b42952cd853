/**
 * Time-zone arithmetic on IANA names, with the runtime's own zone database (Intl): what a wall-clock time in a zone
 * means as an instant and back. The import-job schedules (core) and the local Scheduler stand-in both read it.
 */

/** True when the runtime's time zone database knows the name (the IANA names Scheduler takes). */
export function isIanaTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in milliseconds (local = UTC + offset). */
export function offsetMs(instant: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  const wall = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a wall-clock time (given as if it were UTC) stands for in a zone. Two passes settle the zone's
 * offset at that moment: in a gap (spring forward) it is the time after the gap, and a time that occurs twice
 * (fall back) is the later one.
 */
export function wallClockToInstant(wall: number, timeZone: string): number {
  const first = wall - offsetMs(wall, timeZone);
  return wall - offsetMs(first, timeZone);
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** `yyyy-mm-ddThh:mm[:ss]` as if it were UTC, or undefined when it is not a real date and time. */
export function parseLocalTime(local: string): number | undefined {
  const match = LOCAL_TIME.exec(local);
  if (!match) return undefined;
  const [y, mo, d, h, mi, s = 0] = match.slice(1).map((part) => (part === undefined ? 0 : Number(part))) as number[];
  const wall = Date.UTC(y!, mo! - 1, d, h, mi, s);
  const check = new Date(wall);
  const valid = check.getUTCMonth() === mo! - 1 && check.getUTCDate() === d && h! < 24 && mi! < 60 && s < 60;
  return valid ? wall : undefined;
}

/** The instant a local time in a zone names (the later one when a clock change makes it ambiguous). */
export function zonedTimeToInstant(local: string, timeZone: string): Date {
  const wall = parseLocalTime(local);
  if (wall === undefined) throw new Error(`not a local time: ${local}`);
  return new Date(wallClockToInstant(wall, timeZone));
}

/** An instant as local time in a zone, `yyyy-mm-ddThh:mm:ss`. */
export function instantToZonedTime(instant: Date, timeZone: string): string {
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return new Date(whole + offsetMs(whole, timeZone)).toISOString().slice(0, 19);
}

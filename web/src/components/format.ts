/** Formatting shared by every page, so a count or a time reads the same everywhere. */

const integer = new Intl.NumberFormat('en-US');

export function formatCount(value: number | undefined | null): string {
  return value == null ? '–' : integer.format(value);
}

/** An ISO instant in the viewer's time zone, or in `timeZone` when given (an import job shows its own zone). */
export function formatInstant(iso: string | undefined | null, timeZone?: string): string {
  if (!iso) return '–';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // Intl refuses timeZoneName beside dateStyle/timeStyle, so the zone's form spells the fields out.
  const options: Intl.DateTimeFormatOptions = timeZone
    ? { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' }
    : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat('en-GB', options).format(date);
}

export function formatPercent(part: number, whole: number): string {
  if (!whole) return '0%';
  const percent = (part / whole) * 100;
  return `${percent < 10 && percent > 0 ? percent.toFixed(1) : Math.round(percent)}%`;
}

/** SCREAMING_SNAKE status words of the contract, in words a person reads ("PARTIALLY_COMPLETED" → "Partially completed"). */
export function statusInWords(status: string | undefined | null): string {
  if (!status) return '–';
  const words = status.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

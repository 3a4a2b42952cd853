import { browserTimeZone, buildExpression, type RecurringHelper, type Schedule } from './schedule';
import type { ImportJob, JobKind, NotificationEvent, Sample } from './model';

/** What a person has entered in the set-up steps so far; Back and Next keep it whole. */
export interface SetupState {
  readonly name: string;
  readonly kind: JobKind;
  readonly namespace: string;
  readonly filenamePattern: string;
  /** Empty: any age. */
  readonly maxFileAgeHours: string;
  /** Empty strings: let the service detect. */
  readonly format: { readonly encoding: string; readonly columnDelimiter: string; readonly rowDelimiter: string };
  readonly sampleFile: File | null;
  readonly sample: Sample | null;
  /** Column → field (or `attributes.<column>`), one per sample header. */
  readonly mapping: Readonly<Record<string, string>>;
  /** The mapping the last sample was read with: a different one is read again on Next, to show its problems. */
  readonly sampledMapping: Readonly<Record<string, string>> | null;
  readonly schedule: ScheduleDraft;
  /** One address a line (commas work too). */
  readonly emails: string;
  readonly events: readonly NotificationEvent[];
}

export type HelperKind = RecurringHelper['every'];

export interface ScheduleDraft {
  readonly type: 'once' | 'recurring';
  /** `yyyy-mm-ddThh:mm`, as an `<input type="datetime-local">` gives it. */
  readonly at: string;
  readonly helper: HelperKind;
  readonly value: number;
  readonly minute: number;
  readonly time: string;
  readonly days: readonly string[];
  readonly cron: string;
  readonly timezone: string;
}

function tomorrowAt(hour: number): string {
  const date = new Date(Date.now() + 24 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(hour)}:00`;
}

export function initialState(): SetupState {
  return {
    name: '',
    kind: 'transaction_batch',
    namespace: 'default',
    filenamePattern: '*.csv',
    maxFileAgeHours: '',
    format: { encoding: '', columnDelimiter: '', rowDelimiter: 'auto' },
    sampleFile: null,
    sample: null,
    mapping: {},
    sampledMapping: null,
    schedule: {
      type: 'recurring',
      at: tomorrowAt(9),
      helper: 'days',
      value: 1,
      minute: 0,
      time: '06:00',
      days: ['MON'],
      cron: 'cron(0 6 * * ? *)',
      timezone: browserTimeZone(),
    },
    emails: '',
    events: [],
  };
}

export function helperOf(draft: ScheduleDraft): RecurringHelper {
  switch (draft.helper) {
    case 'minutes':
      return { every: 'minutes', value: draft.value };
    case 'hours':
      return { every: 'hours', value: draft.value, minute: draft.minute };
    case 'days':
      return { every: 'days', value: draft.value, time: draft.time };
    case 'weekdays':
      return { every: 'weekdays', time: draft.time, days: draft.days };
    case 'cron':
      return { every: 'cron', expression: draft.cron };
  }
}

/** The schedule the service is sent (§7 shapes). */
export function scheduleOf(draft: ScheduleDraft): Schedule {
  if (draft.type === 'once') return { type: 'once', at: draft.at.length === 16 ? `${draft.at}:00` : draft.at, timezone: draft.timezone };
  return { type: 'recurring', expression: buildExpression(helperOf(draft)), timezone: draft.timezone };
}

/** Addresses as typed, one a line or separated by commas or spaces. */
export function emailList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((email) => email.trim())
    .filter((email) => email.length > 0);
}

/**
 * The mapping sent to the service: a column kept under `attributes` by its own name is what a run does anyway, so it
 * is left out; then a later file without that extra column still matches the job's mapping.
 */
export function mappingToSend(mapping: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(mapping).filter(([column, target]) => target !== `attributes.${column.trim()}`));
}

/** The mapping the selects start from: the sample's suggestion, each other column kept as an attribute. */
export function mappingFromSample(sample: Sample, current: Readonly<Record<string, string>> = {}): Record<string, string> {
  return Object.fromEntries(
    sample.headers.map((header) => [header, sample.suggestedMapping[header] ?? current[header] ?? `attributes.${header.trim()}`]),
  );
}

/** A job being set up again (`?importJobId=`): its saved settings become the steps' starting values. */
export function stateFromJob(job: ImportJob): SetupState {
  const base = initialState();
  const schedule: ScheduleDraft =
    job.schedule.type === 'once'
      ? { ...base.schedule, type: 'once', at: job.schedule.at.slice(0, 16), timezone: job.schedule.timezone ?? 'UTC' }
      : recurringDraft(base.schedule, job.schedule.expression, job.schedule.timezone);
  return {
    ...base,
    name: job.name,
    kind: job.kind,
    namespace: job.namespace,
    filenamePattern: job.source.filenamePattern,
    maxFileAgeHours: job.source.maxFileAgeHours === null ? '' : String(job.source.maxFileAgeHours),
    format: { encoding: job.format.encoding, columnDelimiter: job.format.columnDelimiter ?? '', rowDelimiter: job.format.rowDelimiter },
    mapping: { ...(job.columnMapping ?? {}) },
    schedule,
    emails: job.notifications.emails.join('\n'),
    events: [...job.notifications.events],
  };
}

function recurringDraft(base: ScheduleDraft, expression: string, timezone: string): ScheduleDraft {
  const rate = /^rate\((\d+) minutes?\)$/.exec(expression);
  if (rate) return { ...base, type: 'recurring', helper: 'minutes', value: Number(rate[1]), timezone };
  return { ...base, type: 'recurring', helper: 'cron', cron: expression, timezone };
}

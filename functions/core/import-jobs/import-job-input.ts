import { z } from 'zod';
import { DomainError } from '../errors';
import { FormatOptionsInput } from '../files/format';
import { JOB_KINDS } from '../kinds';
import { NOTIFICATION_EVENTS, type ImportJob } from './import-job';
import { ScheduleInput } from './schedule-input';
import { ID_PATTERN, NAMESPACE_PATTERN } from '../id-formats';

/** Import job bodies as people send them (§7), checked before anything is stored. */

const columnMapping = z
  .record(z.string().min(1).max(200), z.string().min(1).max(200))
  .refine((value) => Object.keys(value).length >= 1 && Object.keys(value).length <= 500, '1-500 columns');

const format = z
  .strictObject({ encoding: z.string(), columnDelimiter: z.string(), rowDelimiter: z.string() })
  .partial()
  .pipe(FormatOptionsInput);

/**
 * A file name pattern below the job's prefix (a glob such as `orders-*.csv`): one level, so no `/`. At most 200
 * characters, no control characters.
 */
const filenamePattern = z
  .string()
  .min(1)
  .max(200)
  .refine((p) => !p.includes('/') && !/[\u0000-\u001f\u007f]/.test(p), 'a file name pattern such as orders-*.csv, without /');

const source = z.strictObject({
  filenamePattern,
  /** Older files are never picked. At most a year. */
  maxFileAgeHours: z.number().int().min(1).max(8760).nullable().optional(),
});

const notifications = z.strictObject({
  emails: z.array(z.email()).max(10, 'at most 10 recipients'),
  events: z
    .array(z.enum(NOTIFICATION_EVENTS))
    .refine((events) => new Set(events).size === events.length, 'events are listed once each')
    .meta({
      description:
        'The events to email (none: every event). A run is emailed when the outcome of the job\'s runs changes (the first failure, a different one, the recovery), not for reruns that fail the same way; `every_attempt` emails every ended run.',
    })
    .optional(),
});

const name = z.string().trim().min(1, 'name is 1-100 characters').max(100, 'name is 1-100 characters');
const namespace = z.string().regex(NAMESPACE_PATTERN, 'namespace is 1-64 letters, digits, _ . or -');
const mappingId = z.string().regex(ID_PATTERN, 'a mapping id');

export const NewImportJobInput = z.strictObject({
  name,
  kind: z.enum(JOB_KINDS),
  namespace: namespace.default('default'),
  mappingId: mappingId.optional(),
  columnMapping: columnMapping.optional(),
  format: format.optional(),
  source,
  schedule: ScheduleInput,
  notifications: notifications.default({ emails: [] }),
});
export type NewImportJobInput = z.output<typeof NewImportJobInput>;

/**
 * PATCH: any field but `kind` (a job's kind decides its mapping, its runs and its scope: make a new job instead).
 * `source` and `notifications` are replaced whole; `mappingId: null` or `columnMapping: null` clears one.
 */
export const ImportJobPatch = z
  .strictObject({
    name,
    namespace,
    mappingId: mappingId.nullable(),
    columnMapping: columnMapping.nullable(),
    format,
    source,
    schedule: ScheduleInput,
    notifications,
  })
  .partial()
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), 'send at least one field to change');
export type ImportJobPatch = z.output<typeof ImportJobPatch>;

/** Parses with a schema; a failure is a 400 naming the fields. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const flat = z.flattenError(parsed.error);
    // Nested fields (schedule.expression) are named by their path, which flattenError leaves out.
    const details = Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join('.') || '_', issue.message]));
    throw new DomainError('VALIDATION_ERROR', `Invalid ${what}`, Object.keys(details).length > 0 ? details : flat.fieldErrors);
  }
  return parsed.data;
}

/** An import job as the API shows it: the org is implied by the key that asks. */
export type ImportJobView = Omit<ImportJob, 'orgId'>;

export function toImportJobView(job: ImportJob): ImportJobView {
  const { orgId: _orgId, ...view } = job;
  return view;
}

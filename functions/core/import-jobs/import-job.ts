import type { JobKind } from '../kinds';
import type { FormatOptions } from '../files/format';
import type { ColumnMapping } from '../runs/run';
import type { ScheduleTiming } from '../scheduling/ports';

/** Import job statuses (§7, the seed page's words in lower snake case). */
export const IMPORT_JOB_STATUSES = ['draft', 'sampling', 'sampling_failed', 'active', 'paused', 'halted', 'completed'] as const;
export type ImportJobStatus = (typeof IMPORT_JOB_STATUSES)[number];

/**
 * Events an import job's recipients can be emailed about (§10). By default a run's email is sent when the job's
 * outcome changes (functions/core/notifications/alert-policy.ts); `every_attempt` is no event but a switch in the
 * same list: email every ended run (every rerun too) whose event is asked for.
 */
export const NOTIFICATION_EVENTS = [
  'run_completed',
  'run_partially_completed',
  'run_failed',
  'run_halted',
  'import_job_halted',
  'sampling_failed',
  'every_attempt',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** Where an import job's files come from: a drop prefix of its own in the upload bucket (§7). */
export interface ImportJobSource {
  readonly bucket: string;
  /** Ends with `/`; unique to this import job. */
  readonly prefix: string;
  /** A glob matched against the file name below the prefix, e.g. `orders-*.csv`. */
  readonly filenamePattern: string;
  /** Older files are not picked; null: any age. */
  readonly maxFileAgeHours: number | null;
}

export interface ImportJobNotifications {
  /** Empty: the org's default recipients. */
  readonly emails: readonly string[];
  /** Empty or absent: every event, when the job's outcome changes; with `every_attempt`: every ended run. */
  readonly events: readonly NotificationEvent[];
}

/** An import job: the definition that produces runs (batch jobs) on a schedule (§7). */
export interface ImportJob {
  readonly id: string;
  readonly orgId: string;
  readonly status: ImportJobStatus;
  readonly name: string;
  readonly kind: JobKind;
  readonly namespace: string;
  readonly mappingId: string | null;
  readonly columnMapping: ColumnMapping | null;
  readonly format: FormatOptions;
  readonly source: ImportJobSource;
  readonly schedule: ScheduleTiming;
  readonly notifications: ImportJobNotifications;
  /** Why the job is `sampling_failed` or `halted`; null otherwise. */
  readonly statusReason: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

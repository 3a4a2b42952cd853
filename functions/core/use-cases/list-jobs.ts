import { z } from 'zod';
import type { Principal } from '../auth/api-key';
import { requireScope } from '../auth/scopes';
import { DomainError } from '../errors';
import { JOB_KINDS, READ_JOB_SCOPES } from '../kinds';
import type { Clock, RunRepository } from '../ports';
import { toJobView, type JobView } from '../runs/job-view';
import { RUN_STATES, RUN_PHASES } from '../runs/run';

/**
 * A bound of the createdAt range: a date (`2026-12-04`, a whole UTC day) or a date-time, with a zone or without
 * one (then UTC).
 */
const CreatedBound = z.union([z.iso.date(), z.iso.datetime({ offset: true, local: true })], {
  error: 'Expected an ISO 8601 date (2026-12-04) or date-time (2026-12-04T10:00:00Z)',
});

/** `GET /batch-import/jobs` query parameters (§6). */
export const JobHistoryQuery = z.object({
  kind: z.enum(JOB_KINDS).optional(),
  status: z.enum(RUN_STATES).optional(),
  runStatus: z.enum(RUN_PHASES).optional(),
  importJobId: z.string().min(1).max(64).optional(),
  namespace: z.string().min(1).max(64).optional(),
  createdFrom: CreatedBound.optional(),
  createdTo: CreatedBound.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(2048).optional(),
});
export type JobHistoryQuery = z.output<typeof JobHistoryQuery>;

export interface JobHistoryPage {
  readonly success: true;
  readonly jobs: readonly JobView[];
  readonly nextCursor: string | null;
}

/** Unified history: the org's runs, newest first, filtered, a page at a time. A query, never a scan. */
export async function listJobs(
  deps: { runs: RunRepository; clock: Clock },
  principal: Principal,
  rawQuery: Readonly<Record<string, string | undefined>>,
): Promise<JobHistoryPage> {
  requireScope(principal, READ_JOB_SCOPES);
  const parsed = JobHistoryQuery.safeParse(rawQuery);
  if (!parsed.success) {
    throw new DomainError('VALIDATION_ERROR', 'Invalid history query', z.flattenError(parsed.error).fieldErrors);
  }
  const query = parsed.data;
  const ranged = query.createdFrom !== undefined || query.createdTo !== undefined;
  // Both bounds, or neither: an open end is the first or last instant there is (DynamoDB refuses an empty bound).
  const createdFrom = ranged ? boundToUtc(query.createdFrom ?? FIRST_DAY, 'start') : undefined;
  const createdTo = ranged ? boundToUtc(query.createdTo ?? LAST_DAY, 'end') : undefined;
  // A range that ends before it starts holds no job: the answer is an empty page, as for any filter nothing matches.
  if (createdFrom !== undefined && createdTo !== undefined && createdFrom > createdTo) {
    return { success: true, jobs: [], nextCursor: null };
  }
  const page = await deps.runs.listByOrg(principal.orgId, {
    filters: {
      kind: query.kind,
      state: query.status,
      phase: query.runStatus,
      importJobId: query.importJobId,
      namespace: query.namespace,
    },
    createdFrom,
    createdTo,
    limit: query.limit,
    cursor: query.cursor,
  });
  const now = deps.clock.now();
  return { success: true, jobs: page.runs.map((run) => toJobView(run, now)), nextCursor: page.nextCursor };
}

const FIRST_DAY = '0000-01-01';
const LAST_DAY = '9999-12-31';
const FIRST_INSTANT = Date.parse('0000-01-01T00:00:00.000Z');
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * A range bound as stored timestamps are written (UTC, milliseconds), so that they compare as text: a date is its
 * day's first or last millisecond, a date-time without a zone is UTC, and an instant past year 9999 or before year
 * 0 (an offset can push one there) is clamped, since toISOString would write it with a sign that sorts wrong.
 */
function boundToUtc(value: string, side: 'start' | 'end'): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T${side === 'start' ? '00:00:00.000' : '23:59:59.999'}Z`;
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`;
  const parsed = Date.parse(zoned);
  if (Number.isNaN(parsed)) throw new DomainError('VALIDATION_ERROR', `Not a date-time: ${value}`);
  const instant = Math.min(LAST_INSTANT, Math.max(FIRST_INSTANT, parsed));
  return new Date(instant).toISOString();
}

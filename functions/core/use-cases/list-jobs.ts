import { z } from 'zod';
import type { Principal } from '../auth/api-key';
import { requireScope } from '../auth/scopes';
import { DomainError } from '../errors';
import { JOB_KINDS, READ_JOB_SCOPES } from '../kinds';
import type { Clock, RunRepository } from '../ports';
import { toJobView, type JobView } from '../runs/job-view';
import { JOB_STATUSES, RUN_STATUSES } from '../runs/run';

/** `GET /batch-import/jobs` query parameters (§6). */
export const JobHistoryQuery = z.object({
  kind: z.enum(JOB_KINDS).optional(),
  status: z.enum(JOB_STATUSES).optional(),
  runStatus: z.enum(RUN_STATUSES).optional(),
  importJobId: z.string().min(1).max(64).optional(),
  namespace: z.string().min(1).max(64).optional(),
  createdFrom: z.iso.datetime({ offset: true }).optional(),
  createdTo: z.iso.datetime({ offset: true }).optional(),
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
  // Timestamps are stored in UTC with milliseconds; compare like with like.
  const toUtc = (value: string | undefined) => (value === undefined ? undefined : new Date(value).toISOString());
  const page = await deps.runs.listByOrg(principal.orgId, {
    filters: {
      kind: query.kind,
      status: query.status,
      runStatus: query.runStatus,
      importJobId: query.importJobId,
      namespace: query.namespace,
    },
    createdFrom: toUtc(query.createdFrom),
    createdTo: toUtc(query.createdTo),
    limit: query.limit,
    cursor: query.cursor,
  });
  const now = deps.clock.now();
  return { success: true, jobs: page.runs.map((run) => toJobView(run, now)), nextCursor: page.nextCursor };
}

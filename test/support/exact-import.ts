import type { Job } from './service-client';
import { recordsOfJob, uploadCsv, waitForEnd, type OwnStack, type Target } from './faulted-stack';
import type { KnownOutcomes } from './known-outcomes';

/** What must come out the same whatever went wrong on the way. */
export const countersOf = (job: Job) => ({
  status: job.status,
  runStatus: job.runStatus,
  totalItems: job.totalItems,
  succeeded: job.succeeded,
  failed: job.failed,
  skipped: job.skipped,
});

/**
 * Imports a file of known outcomes (its parties first, when it has some) and checks the run's counters against
 * them. With a stack of one's own, also checks the records table: one record per imported externalId, no other.
 */
export async function importKnownOutcomes(target: Target | OwnStack, data: KnownOutcomes): Promise<Job> {
  const fields: Record<string, string> = { skipDuplicates: 'true' };
  if (data.entitiesCsv) {
    const partiesJob = await uploadCsv(target, 'entities', 'parties.csv', data.entitiesCsv);
    const parties = await waitForEnd(target, partiesJob);
    expect(parties).toMatchObject({ status: 'completed', failed: 0, skipped: 0 });
    fields.validateExistingEntity = 'true';
  }
  const jobId = await uploadCsv(target, 'transactions', 'transactions.csv', data.csv, fields);
  const job = await waitForEnd(target, jobId);
  expect(countersOf(job)).toEqual({
    status: 'completed',
    runStatus: data.failed > 0 ? 'partially_completed' : 'completed',
    totalItems: data.totalItems,
    succeeded: data.succeeded,
    failed: data.failed,
    skipped: data.skipped,
  });
  expect(job.succeeded + job.failed + job.skipped).toBe(job.totalItems);

  if ('dynamo' in target) {
    const records = await recordsOfJob(target, jobId);
    const ids = records.map((record) => String(record.data.externalId)).sort();
    expect(ids).toEqual([...data.importedIds].sort());
    expect(new Set(records.map((record) => record.pk)).size).toBe(records.length);
  }
  return job;
}

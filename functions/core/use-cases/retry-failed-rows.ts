import type { Principal } from '../auth/api-key';
import { requireScope } from '../auth/scopes';
import { DomainError, notFound } from '../errors';
import { SCOPE_BY_KIND, type JobKind } from '../kinds';
import { uploadKey } from '../files/object-keys';
import type { Clock, IdGenerator, Logger, ObjectStore, RunRepository } from '../ports';
import { failedRowsCsv } from '../reports/failed-rows-csv';
import { newRun } from '../runs/new-run';
import { isTerminal } from '../runs/run';

export interface RetryFailedRowsDeps {
  readonly runs: RunRepository;
  readonly objects: ObjectStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
}

export interface RetryAccepted {
  readonly success: true;
  readonly jobId: string;
  readonly kind: JobKind;
  readonly status: 'queued';
  readonly retryOf: string;
}

/**
 * `POST /batch-import/jobs/{jobId}/retry-failed`: a new job made of the failed rows of a finished one, linked to
 * it (`metadata.retryOf`). The rows are the ones failed-rows.csv gives back, streamed into a new upload, and go
 * through the same options and mapping as the first time; rows already imported are not touched again. Useful
 * when the cause was outside the rows: the referenced entities now exist, the duplicates were cleaned up.
 */
export async function retryFailedRows(deps: RetryFailedRowsDeps, principal: Principal, runId: string): Promise<RetryAccepted> {
  const original = await deps.runs.get(runId);
  if (!original || original.orgId !== principal.orgId) throw notFound('Job');
  requireScope(principal, [SCOPE_BY_KIND[original.kind]]);
  if (!isTerminal(original.state)) throw new DomainError('CONFLICT', 'The job has not finished: retry its failed rows once it has');
  if (original.failed === 0) throw new DomainError('CONFLICT', 'The job has no failed rows to retry');

  const retryRunId = deps.ids.newId();
  const fileName = `failed-rows-${runId}.csv`;
  const run = newRun({
    runId: retryRunId,
    orgId: original.orgId,
    kind: original.kind,
    options: {
      namespace: original.namespace,
      // failed-rows.csv is written as plain UTF-8 CSV whatever the original file's encoding and delimiters.
      format: { encoding: 'utf-8', columnDelimiter: ',', rowDelimiter: 'auto' },
      columnMapping: original.columnMapping,
      defaultFields: original.defaultFields,
      mappingId: typeof original.metadata.mappingId === 'string' ? original.metadata.mappingId : null,
      kindOptions: original.options,
      reportRecipientEmails: original.reportRecipientEmails,
    },
    files: [{ fileName, format: 'csv', gzip: false, sizeBytes: 0 }],
    createdAt: deps.clock.now().toISOString(),
    dryRun: original.dryRun,
    metadata: { source: 'retry_failed', retryOf: runId },
  });
  await deps.runs.create({ ...run, importJobId: original.importJobId });
  try {
    await deps.objects.putStream(uploadKey(retryRunId, 0), failedRowsCsv(deps.objects, original), 'text/csv');
  } catch (error) {
    await deps.runs.fail(retryRunId, { code: 'INTERNAL_ERROR', message: 'The failed rows could not be copied' }, deps.clock.now().toISOString());
    throw error;
  }
  deps.logger.info('Failed rows retried', { jobId: retryRunId, retryOf: runId });
  return { success: true, jobId: retryRunId, kind: original.kind, status: 'queued', retryOf: runId };
}

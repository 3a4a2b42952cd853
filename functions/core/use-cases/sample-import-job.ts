import { z } from 'zod';
import type { Principal } from '../auth/api-key';
import { DomainError, notFound } from '../errors';
import { detectFileFormat, FormatOptionsInput, type FormatOptions } from '../files/format';
import type { ImportJob, ImportJobStatus } from '../import-jobs/import-job';
import { ImportJobPatch, toImportJobView, type ImportJobView } from '../import-jobs/import-job-input';
import { analyseSample, shownSuggestion, type SampleAnalysis, type SampleReport } from '../import-jobs/sample';
import { adoptableColumns, suggestFromJobMapping } from '../import-jobs/suggested-columns';
import { applyTransition, expectedFrom, invalidTransition } from '../import-jobs/status-machine';
import { ownImportJob, requireManage, resolveColumns, type ImportJobDeps } from './import-job-deps';

/**
 * A job left `sampling` this long ago was abandoned by a request that died (a Lambda timeout is 29 s): it may be
 * sampled again rather than stay stuck.
 */
export const SAMPLING_STALE_MS = 2 * 60 * 1000;

export interface SampleRequest {
  readonly fileName: string;
  readonly contentType?: string;
  readonly body: Buffer;
  /** Form fields: `encoding`, `columnDelimiter`, `rowDelimiter`; only those sent are fixed, the rest detected. */
  readonly fields: Readonly<Record<string, string>>;
}

const SampleFields = z.strictObject({
  encoding: z.string().optional(),
  columnDelimiter: z.string().optional(),
  rowDelimiter: z.string().optional(),
});

/** The format options sent with the sample, and only those. */
function requestedFormat(fields: Readonly<Record<string, string>>): Partial<FormatOptions> {
  const sent = SampleFields.safeParse(fields);
  if (!sent.success) {
    throw new DomainError('VALIDATION_ERROR', 'Send a file and, optionally, encoding, columnDelimiter and rowDelimiter', z.flattenError(sent.error).fieldErrors);
  }
  const parsed = FormatOptionsInput.safeParse(sent.data);
  if (!parsed.success) throw new DomainError('VALIDATION_ERROR', 'Invalid format options', z.flattenError(parsed.error).fieldErrors);
  return Object.fromEntries(
    (Object.keys(sent.data) as Array<keyof FormatOptions>).filter((key) => sent.data[key] !== undefined).map((key) => [key, parsed.data[key]]),
  ) as Partial<FormatOptions>;
}

/**
 * `POST …/{id}/sample` (§7): draft | sampling_failed → sampling → draft, or → sampling_failed with a reason a
 * person can act on. A usable sample also sets the job's format to what it was read with (the options sent, else
 * the detected encoding and column delimiter), so the job's runs read its files the same way; and a job without a
 * mapping adopts the suggested one as its columnMapping (a PATCH changes it), so sample → activate works.
 */
export async function sampleImportJob(
  deps: ImportJobDeps,
  principal: Principal,
  id: string,
  request: SampleRequest,
): Promise<{ success: true; importJob: ImportJobView; sample: SampleReport }> {
  requireManage(principal);
  const job = await ownImportJob(deps, principal, id);
  const now = deps.clock.now();
  const stale = job.status === 'sampling' && now.getTime() - Date.parse(job.updatedAt) > SAMPLING_STALE_MS;
  const from: readonly ImportJobStatus[] = stale ? ['sampling'] : expectedFrom('sample');
  if (!from.includes(job.status)) throw invalidTransition(job.status, 'sampling');

  // Everything that can be refused is refused before the job moves.
  const requested = requestedFormat(request.fields);
  const detected = detectFileFormat(request.fileName, request.contentType);
  if (detected && detected.format !== 'csv') {
    throw new DomainError('UNSUPPORTED_FORMAT', `${request.fileName}: a sample is a CSV file (optionally gzip-compressed)`);
  }
  const columns = await resolveColumns(deps, principal.orgId, job.kind, job);

  const sampling: ImportJob = { ...(stale ? job : applyTransition(job, 'sample', now.toISOString())), updatedAt: now.toISOString() };
  if (!(await deps.importJobs.replace(sampling, from))) {
    const current = await deps.importJobs.get(principal.orgId, id);
    if (!current) throw notFound('Import job');
    throw invalidTransition(current.status, 'sampling');
  }

  let report: SampleReport;
  let format: FormatOptions;
  let allColumns: SampleAnalysis['allColumns'];
  try {
    ({ report, format, allColumns } = await analyseSample({
      body: request.body,
      gzip: detected?.gzip ?? false,
      requested,
      kind: job.kind,
      orgId: job.orgId,
      namespace: job.namespace,
      ...columns,
      limits: deps.fileLimits,
    }));
  } catch (error) {
    // Never leave the job stuck in `sampling` because of a fault of ours.
    const failed = applyTransition(sampling, 'samplingFailed', deps.clock.now().toISOString(), 'The sample could not be processed; upload it again.');
    await deps.importJobs.replace(failed, ['sampling']).catch(() => false);
    throw error;
  }

  // The suggestion starts from the job's own mapping; a job without one adopts it, so it can be activated as it is.
  // Over every column of the sample: the answer shows a bounded part (shownSuggestion), the job adopts from all.
  const suggestion = suggestFromJobMapping(columns.columnMapping, allColumns.headers, allColumns.suggestedMapping);
  const sample: SampleReport = { ...report, suggestedMapping: shownSuggestion(suggestion, report.headers) };
  // Only what a person could set with a PATCH (names and column counts within bounds): else the job keeps none.
  const adopted = adoptableColumns(job.kind, suggestion);
  const adopts =
    sampling.mappingId === null && sampling.columnMapping === null && ImportJobPatch.safeParse({ columnMapping: adopted }).success;
  const at = deps.clock.now().toISOString();
  const ended = report.failure
    ? applyTransition(sampling, 'samplingFailed', at, report.failure.message)
    : { ...applyTransition(sampling, 'sampled', at), format, ...(adopts ? { columnMapping: adopted } : {}) };
  if (!(await deps.importJobs.replace(ended, ['sampling']))) {
    // Deleted (or sampled by a request that found this one stale) while the file was read.
    const current = await deps.importJobs.get(principal.orgId, id);
    if (!current) throw notFound('Import job');
    throw invalidTransition(current.status, ended.status);
  }
  if (ended.status === 'sampling_failed') {
    deps.logger.info('Import job sampling failed', { importJobId: id, code: report.failure?.code });
    await notifySamplingFailed(deps, ended, request.fileName);
  }
  if (adopts && ended.status === 'draft') deps.logger.info('Import job adopted the suggested mapping', { importJobId: id });
  return { success: true, importJob: toImportJobView(ended), sample };
}

async function notifySamplingFailed(deps: ImportJobDeps, job: ImportJob, fileName: string): Promise<void> {
  if (!deps.samplingFailed) return;
  try {
    await deps.samplingFailed.samplingFailed(job, fileName);
  } catch (error) {
    deps.logger.warn('Sampling-failed listener failed', { importJobId: job.id, error: error instanceof Error ? error.message : String(error) });
  }
}

import { DomainError, SourceMissingError } from '../errors';
import { detectFileFormat } from '../files/format';
import { uploadKey } from '../files/object-keys';
import type { ImportJob } from '../import-jobs/import-job';
import type { ImportJobRepository } from '../import-jobs/ports';
import type { ImportRunLedger } from '../import-jobs/run-ledger';
import { selectSourceFiles, type SourceFile, type SourceLimits, type SourceSelection } from '../import-jobs/source-files';
import type { Clock, IdGenerator, Logger, MappingRepository, ObjectStore, RunRepository, StoredObject } from '../ports';
import { newRun } from '../runs/new-run';
import type { RunFailure, Run, RunFile } from '../runs/run';
import type { ScheduledRunEvent } from '../scheduling/target-input';
import { parseUploadOptions } from './upload-options';
import type { UploadOptions } from '../runs/upload-options';

/** Files one run takes at most (chunk ids carry a two-digit file index); the rest wait for the next run. */
export const MAX_FILES_PER_RUN = 20;
/** Claims of a firing outlive any redelivery of it (EventBridge Scheduler retries for up to 24 hours). */
const TRIGGER_CLAIM_SECONDS = 7 * 24 * 3600;

export interface StartImportJobRunDeps {
  readonly importJobs: ImportJobRepository;
  readonly mappings: MappingRepository;
  readonly runs: RunRepository;
  readonly objects: ObjectStore;
  readonly ledger: ImportRunLedger;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly sourceLimits: SourceLimits;
}

/** How a run of an import job came about; kept in the run's metadata. */
export interface RunTrigger {
  readonly trigger: 'schedule' | 'retry' | 'manual';
  readonly attempt: number;
  readonly scheduledTime?: string;
  readonly previousRunId?: string;
}

export type ScheduledRunOutcome =
  | { readonly started: true; readonly runId: string }
  | { readonly started: false; readonly reason: 'import_job_not_found' | 'import_job_not_active' | 'duplicate'; readonly runId?: string };

/**
 * A schedule of an import job fired (its regular schedule, or a rerun). Only an `active` job runs: a job paused,
 * halted, completed or deleted since the schedule was set does nothing. EventBridge Scheduler delivers at least
 * once, so the firing is claimed first: a second delivery of it finds the claim and starts nothing (or finishes
 * what a crashed first delivery left half done).
 */
export async function startScheduledRun(deps: StartImportJobRunDeps, event: ScheduledRunEvent): Promise<ScheduledRunOutcome> {
  const context = { importJobId: event.importJobId, trigger: event.trigger, attempt: event.attempt };
  const job = await deps.importJobs.get(event.orgId, event.importJobId);
  if (!job) {
    deps.logger.warn('Schedule fired for an import job that no longer exists', context);
    return { started: false, reason: 'import_job_not_found' };
  }
  if (job.status !== 'active') {
    deps.logger.info('Schedule fired for an import job that is not active; nothing to do', { ...context, status: job.status });
    return { started: false, reason: 'import_job_not_active' };
  }

  const now = deps.clock.now();
  const newRunId = deps.ids.newId();
  const key = triggerKey(event, now);
  const claim = await deps.ledger.claimTrigger({
    importJobId: job.id,
    key,
    runId: newRunId,
    expiresAt: Math.floor(now.getTime() / 1000) + TRIGGER_CLAIM_SECONDS,
  });
  const trigger: RunTrigger = {
    trigger: event.trigger,
    attempt: event.attempt,
    ...(event.scheduledTime ? { scheduledTime: event.scheduledTime } : {}),
    ...(event.previousRunId ? { previousRunId: event.previousRunId } : {}),
  };
  if (claim.claimed) {
    await startImportJobRun(deps, job, trigger, newRunId);
    await deps.ledger.settleTrigger(job.id, key);
    return { started: true, runId: newRunId };
  }

  // Another delivery of this firing got here first. Its run is on its way, unless that delivery died before it
  // created the run or finished copying its files: then this one completes the work.
  const existing = claim.settled ? null : await deps.runs.get(claim.runId);
  if (claim.settled || (existing && existing.state !== 'queued')) {
    deps.logger.info('Duplicate delivery of a schedule firing; its run exists', { ...context, jobId: claim.runId });
    return { started: false, reason: 'duplicate', runId: claim.runId };
  }
  deps.logger.warn('Resuming a run an earlier delivery of this firing left unfinished', { ...context, jobId: claim.runId });
  await startImportJobRun(deps, job, trigger, claim.runId, existing ?? undefined);
  await deps.ledger.settleTrigger(job.id, key);
  return { started: true, runId: claim.runId };
}

/**
 * The dedupe key of a firing. A rerun is one per run it reruns. A regular firing is named by the time it was due,
 * which the scheduler hands over (`<aws.scheduler.scheduled-time>`); without it, by the minute it arrived in
 * (the scheduler's precision), which still folds together deliveries that come within the same minute.
 */
export function triggerKey(event: ScheduledRunEvent, now: Date): string {
  const due = event.scheduledTime ?? `${now.toISOString().slice(0, 16)}Z`;
  if (event.trigger === 'retry') return event.previousRunId ? `retry#${event.previousRunId}` : `retry#${event.attempt}#${due}`;
  return `schedule#${due}`;
}

/**
 * Makes one run of an import job: picks the new files of its drop prefix, claims each (by ETag: a file is imported
 * once), creates the run with them and copies each to the run's upload key, where its object-created event starts
 * the split as for any upload. No file to import, or a mapping gone: the run still exists, and ends failed
 * (`SOURCE_FILE_NOT_FOUND`) or halted (`MAPPING_MISMATCH`) at once, so the run history and the retry policy see it.
 */
export async function startImportJobRun(
  deps: StartImportJobRunDeps,
  job: ImportJob,
  trigger: RunTrigger,
  runId: string,
  resumed?: Run,
): Promise<string> {
  if (resumed) {
    await copyFiles(deps, resumed);
    return runId;
  }
  const now = deps.clock.now();
  const columns = await runOptions(deps, job);

  const picked: SourceFile[] = [];
  let failure: RunFailure | null = 'failure' in columns ? columns.failure : null;
  if (!failure) {
    const selection = selectSourceFiles(await listAll(deps.objects.listObjects(job.source.prefix)), job.source, now, deps.sourceLimits);
    let alreadyImported = 0;
    for (const file of selection.eligible) {
      if (picked.length >= MAX_FILES_PER_RUN) break;
      const claimed = await deps.ledger.claimFile({ importJobId: job.id, eTag: file.eTag, runId, key: file.key, at: now.toISOString() });
      if (claimed) picked.push(file);
      else alreadyImported++;
    }
    if (picked.length === 0) failure = noSourceFile(job, selection, alreadyImported);
  }

  const options = 'options' in columns ? columns.options : fallbackOptions(job);
  const run: Run = {
    ...newRun({
      runId,
      orgId: job.orgId,
      kind: job.kind,
      options,
      files: picked.map(toRunFile),
      createdAt: now.toISOString(),
      dryRun: false,
      metadata: {
        source: 'import_job',
        trigger: trigger.trigger,
        ...(trigger.scheduledTime ? { scheduledTime: trigger.scheduledTime } : {}),
        ...(trigger.previousRunId ? { previousRunId: trigger.previousRunId } : {}),
      },
      control: { sourceFiles: picked.map((file) => ({ key: file.key, eTag: file.eTag })) },
    }),
    importJobId: job.id,
    attempt: trigger.attempt,
  };
  await deps.runs.create(run);
  deps.logger.info('Import job run created', { jobId: runId, importJobId: job.id, trigger: trigger.trigger, attempt: trigger.attempt, files: picked.length });
  if (failure) {
    await endRun(deps, runId, failure);
    return runId;
  }
  await copyFiles(deps, run);
  return runId;
}

/** The run's columns and format: the job's saved mapping (with its defaults) or its inline mapping. */
async function runOptions(deps: StartImportJobRunDeps, job: ImportJob): Promise<{ options: UploadOptions } | { failure: RunFailure }> {
  const raw: Record<string, unknown> = {
    namespace: job.namespace,
    ...(job.mappingId ? { mappingId: job.mappingId } : {}),
    ...(job.columnMapping ? { columnMapping: job.columnMapping } : {}),
    encoding: job.format.encoding,
    rowDelimiter: job.format.rowDelimiter,
    ...(job.format.columnDelimiter !== null ? { columnDelimiter: job.format.columnDelimiter } : {}),
  };
  try {
    return { options: await parseUploadOptions(deps, { orgId: job.orgId, kind: job.kind, raw }) };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    // The saved mapping was deleted or no longer fits the kind: a person must fix the job before a run can work.
    return { failure: { code: 'MAPPING_MISMATCH', message: `The import job's mapping cannot be used: ${error.message}`, details: error.details } };
  }
}

function fallbackOptions(job: ImportJob): UploadOptions {
  return {
    namespace: job.namespace,
    format: job.format,
    columnMapping: job.columnMapping,
    defaultFields: null,
    mappingId: job.mappingId,
    kindOptions: {},
    reportRecipientEmails: [],
  };
}

function toRunFile(file: SourceFile): RunFile {
  // Drop files are CSV unless their name says otherwise (`.json`, `.ndjson`, `.jsonl`, `.gz`). A `.json` one is not
  // converted at upload as the API's are: the reader streams it, as a JSON array or as NDJSON (see read-rows.ts).
  const detected = detectFileFormat(file.name) ?? { format: 'csv' as const, gzip: false };
  return { fileName: file.name, format: detected.format, gzip: detected.gzip, sizeBytes: file.sizeBytes };
}

function noSourceFile(job: ImportJob, selection: SourceSelection, alreadyImported: number): RunFailure {
  const { filenamePattern, prefix, maxFileAgeHours } = job.source;
  const notes = [
    alreadyImported > 0 ? `${alreadyImported} already imported` : '',
    selection.tooOld > 0 ? `${selection.tooOld} older than ${maxFileAgeHours} hours` : '',
    selection.tooLarge > 0 ? `${selection.tooLarge} too large` : '',
    selection.nameTooLong > 0 ? `${selection.nameTooLong} with a name too long` : '',
  ].filter(Boolean);
  return {
    code: 'SOURCE_FILE_NOT_FOUND',
    message: `No new file matching "${filenamePattern}" in the drop location${notes.length > 0 ? ` (matching but left out: ${notes.join(', ')})` : ''}`,
    details: { prefix, filenamePattern, maxFileAgeHours, alreadyImported, tooOld: selection.tooOld, tooLarge: selection.tooLarge, nameTooLong: selection.nameTooLong },
  };
}

/**
 * Copies each picked file to its upload key; S3 then starts the split. A file removed meanwhile ends the run
 * (nothing of it can be imported); any other error ends it too rather than leave a run queued forever.
 */
async function copyFiles(deps: StartImportJobRunDeps, run: Run): Promise<void> {
  const sources = run.control.sourceFiles ?? [];
  for (const [index, source] of sources.entries()) {
    try {
      await deps.objects.copy(source.key, uploadKey(run.runId, index));
    } catch (error) {
      const fileName = run.files[index]?.fileName ?? source.key;
      if (error instanceof SourceMissingError) {
        await endRun(deps, run.runId, { code: 'SOURCE_FILE_NOT_FOUND', message: `${fileName} was removed before it could be imported` });
        return;
      }
      deps.logger.error('Copying a source file failed', { jobId: run.runId, error: error instanceof Error ? error.message : String(error) });
      await endRun(deps, run.runId, { code: 'INTERNAL_ERROR', message: `${fileName} could not be read from the drop location` });
      return;
    }
  }
}

async function endRun(deps: StartImportJobRunDeps, runId: string, failure: RunFailure): Promise<void> {
  deps.logger.warn('Import job run ended before it started', { jobId: runId, code: failure.code });
  // A conditional write: only the first failure ends the run, and that write is the run-ended event.
  await deps.runs.fail(runId, failure, deps.clock.now().toISOString());
}

async function listAll(objects: AsyncIterable<StoredObject>): Promise<StoredObject[]> {
  const all: StoredObject[] = [];
  for await (const object of objects) all.push(object);
  return all;
}

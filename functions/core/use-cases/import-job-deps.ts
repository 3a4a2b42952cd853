import type { Principal } from '../auth/api-key';
import { requireScope } from '../auth/scopes';
import { DomainError, notFound } from '../errors';
import type { FileLimits } from '../files/limits';
import type { ImportJob } from '../import-jobs/import-job';
import type { ImportJobRepository, ImportJobRunHistory, SamplingFailedListener } from '../import-jobs/ports';
import { READ_JOB_SCOPES, type JobKind, type Scope } from '../kinds';
import { effectiveDefaults, KIND_BY_TARGET } from '../mappings/mapping';
import type { Clock, IdGenerator, Logger, MappingRepository, ObjectStore } from '../ports';
import { validateColumnMapping } from '../records/mapping';
import type { ColumnMapping } from '../runs/run';
import type { Scheduler } from '../scheduling/ports';

/** What the import job use cases need. */
export interface ImportJobDeps {
  readonly importJobs: ImportJobRepository;
  readonly importJobRuns: ImportJobRunHistory;
  readonly mappings: MappingRepository;
  readonly scheduler: Scheduler;
  readonly objects: ObjectStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  /** The bucket drop prefixes live in (the upload bucket). */
  readonly uploadBucket: string;
  /** Reruns the run policy may schedule after a failed or halted run (RUN_RETRY_COUNT): deleted with the job. */
  readonly runRetryCount: number;
  readonly limits: {
    readonly maxFileNameLength: number;
    readonly maxPresignedFileBytes: number;
    readonly uploadUrlTtlSeconds: number;
  };
  /** The readers' limits a sample is read with, as the job's runs will be (MAX_COLUMNS, …). @default DEFAULT_FILE_LIMITS */
  readonly fileLimits?: FileLimits;
  /** Emails "sampling failed" (§10); optional so a deployment without mail still samples. */
  readonly samplingFailed?: SamplingFailedListener;
}

/** Changing import jobs is for people who set up imports (§3); reading them needs any scope. */
export const MANAGE_SCOPES: readonly Scope[] = ['import-jobs:manage'];
export const READ_SCOPES: readonly Scope[] = [...READ_JOB_SCOPES, 'import-jobs:manage'];

/** The org's job; another org's answers exactly like a missing one (404, never 403). */
export async function ownImportJob(deps: Pick<ImportJobDeps, 'importJobs'>, principal: Principal, id: string): Promise<ImportJob> {
  const job = await deps.importJobs.get(principal.orgId, id);
  if (!job) throw notFound('Import job');
  return job;
}

export function requireManage(principal: Principal): void {
  requireScope(principal, MANAGE_SCOPES);
}

/** The columns a run of this job will use, checked against its kind. */
export interface ResolvedColumns {
  readonly columnMapping: ColumnMapping | null;
  readonly defaultFields: Readonly<Record<string, string>> | null;
}

/**
 * A saved mapping of the org made for files of this kind, or an inline mapping onto the kind's fields, or none.
 * Anything else is INVALID_MAPPING: a job set up with the wrong columns would fail every run.
 */
export async function resolveColumns(
  deps: Pick<ImportJobDeps, 'mappings'>,
  orgId: string,
  kind: JobKind,
  job: { readonly mappingId: string | null; readonly columnMapping: ColumnMapping | null },
): Promise<ResolvedColumns> {
  if (job.mappingId !== null && job.columnMapping !== null) {
    throw new DomainError('INVALID_MAPPING', 'Send mappingId or columnMapping, not both');
  }
  if (job.mappingId !== null) {
    const mapping = await deps.mappings.get(job.mappingId);
    if (!mapping || mapping.orgId !== orgId) throw new DomainError('INVALID_MAPPING', `Unknown mappingId ${job.mappingId}`);
    if (KIND_BY_TARGET[mapping.target] !== kind) {
      throw new DomainError('INVALID_MAPPING', `Mapping ${mapping.id} is for ${mapping.target} files, not ${kind}`, { target: mapping.target });
    }
    const defaults = effectiveDefaults(mapping);
    return { columnMapping: mapping.columnMapping, defaultFields: Object.keys(defaults).length > 0 ? defaults : null };
  }
  if (job.columnMapping !== null) validateColumnMapping(kind, job.columnMapping);
  return { columnMapping: job.columnMapping, defaultFields: null };
}

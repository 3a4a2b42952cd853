import type { Run } from '../runs/run';
import type { ImportJob, ImportJobStatus } from './import-job';

/** Import jobs in storage. Every read and write names the org: another org's job does not exist. */
export interface ImportJobRepository {
  create(job: ImportJob): Promise<void>;
  get(orgId: string, id: string): Promise<ImportJob | null>;
  /** One page of the org's import jobs, newest first; the cursor is opaque and bound to the org. */
  listByOrg(orgId: string, page: { limit: number; cursor?: string }): Promise<{ importJobs: ImportJob[]; nextCursor: string | null }>;
  /**
   * Replaces the job if it still is in one of `expectedStatuses` (a conditional write): false when it moved on
   * meanwhile or is gone. Status transitions go through here, so two racing changes cannot both win.
   */
  replace(job: ImportJob, expectedStatuses: readonly ImportJobStatus[]): Promise<boolean>;
  /** False when the org has no such job. */
  delete(orgId: string, id: string): Promise<boolean>;
}

/** The runs (batch jobs) one import job started, through an index on the job: never a scan of the org's history. */
export interface ImportJobRunHistory {
  /**
   * One page of the job's runs, newest first. The cursor is opaque and bound to this org's job: another job's or a
   * forged cursor is a DomainError VALIDATION_ERROR.
   */
  listByImportJob(
    orgId: string,
    importJobId: string,
    page: { limit: number; cursor?: string },
  ): Promise<{ runs: Run[]; nextCursor: string | null }>;
}

/** Told once a sample left a job `sampling_failed` (§10 emails it); the reason is `job.statusReason`. */
export interface SamplingFailedListener {
  samplingFailed(job: ImportJob, fileName: string): Promise<void>;
}

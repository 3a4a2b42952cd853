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

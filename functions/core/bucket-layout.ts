/**
 * How the upload bucket is laid out: its key prefixes and how long each kind of object is kept. The core's rules
 * depend on these facts (an upload's key names its run, a dropped file starts nothing until its job runs, a final
 * report is used for half of its lifetime), so the core owns them; lib/resources.ts builds the bucket from them,
 * for the CDK and for the local stack.
 */
export interface BucketLayout {
  /** Raw uploads land under this prefix; object-created events under it start a split. */
  readonly uploadPrefix: string;
  /** Per-chunk row failure documents. */
  readonly failuresPrefix: string;
  /** Chunks set aside while their run is paused; a resume sends them back to the chunk queue and deletes them. */
  readonly parkedPrefix: string;
  /** Rows never attempted (the run was cancelled), one document per chunk: the source of unprocessed.csv. */
  readonly unprocessedPrefix: string;
  /** Generated downloads (failures.csv, failed-rows.csv), too large for an API answer, fetched by presigned GET. */
  readonly reportsPrefix: string;
  /** Import jobs' drop locations: `<dropsPrefix><orgId>/<importJobId>/`, read by their scheduled runs (§7). */
  readonly dropsPrefix: string;
  /** Days after which raw uploads expire. */
  readonly uploadExpirationDays: number;
  readonly failuresExpirationDays: number;
  /**
   * Reports of a running job are rebuilt on every request, so a copy only has to outlive its presigned URL; the
   * final copies of an ended run's reports are used for half of this and then built again.
   */
  readonly reportsExpirationDays: number;
}

export const UPLOAD_BUCKET: BucketLayout = {
  uploadPrefix: 'uploads/',
  failuresPrefix: 'failures/',
  parkedPrefix: 'parked/',
  unprocessedPrefix: 'unprocessed/',
  reportsPrefix: 'reports/',
  dropsPrefix: 'drops/',
  uploadExpirationDays: 30,
  failuresExpirationDays: 90,
  reportsExpirationDays: 1,
};

/** A drop-location file an import job's run was made from: the run copies it, and gives its ETag back if it fails. */
export interface SourceFile {
  readonly key: string;
  readonly eTag: string;
}

/**
 * The state that steers a run once it exists. Each field is moved by one conditional write of the repositories
 * (job control, the sweeper, chunk recording, the quota), and read by the rules that decide what happens next.
 * The status body (§6) shows it inside `metadata`, under these same names (see `controlEntries`).
 */
export interface RunControlState {
  /** The run is queued for a presigned upload that has not landed; the sweeper fails it once its URL expired. */
  readonly awaitingUpload: boolean;
  /** When the presigned upload's URL expires (kept after the upload landed). */
  readonly uploadExpiresAt: string | null;
  /** When the pause in progress began; null when the run is not paused. */
  readonly pausedAt: string | null;
  readonly resumedAt: string | null;
  /** Time spent paused, left out of the run's rate; null until a measured pause has ended. */
  readonly pausedMs: number | null;
  /** Someone asked to cancel the run: no chunk met from then on is attempted (§6 names it so). */
  readonly batchCancelRequested: boolean;
  readonly cancelRequestedAt: string | null;
  /** Times the sweeper resumed the run's split after its lease lapsed. */
  readonly leaseResumes: number;
  /** Chunks that failed every delivery and were salvaged: the run ends failed (see dead-chunks.ts). */
  readonly deadLetteredChunks: readonly string[];
  /** The monthly quota refused some of the run's rows (§9). */
  readonly limitReached: boolean;
  /** What an import job's run copies from the drop location; null for any other run. */
  readonly sourceFiles: readonly SourceFile[] | null;
}

/** A run's control state before anything steered it. */
export const NO_CONTROL: RunControlState = {
  awaitingUpload: false,
  uploadExpiresAt: null,
  pausedAt: null,
  resumedAt: null,
  pausedMs: null,
  batchCancelRequested: false,
  cancelRequestedAt: null,
  leaseResumes: 0,
  deadLetteredChunks: [],
  limitReached: false,
  sourceFiles: null,
};

/**
 * The control state as flat entries, leaving out what was never set: the shape the status body's `metadata` shows
 * (§6: `awaitingUpload: true`, `batchCancelRequested: true`, …), which is also how the run item has always stored it.
 */
export function controlEntries(control: RunControlState): Record<string, unknown> {
  const entries: Record<string, unknown> = {};
  if (control.awaitingUpload) entries.awaitingUpload = true;
  if (control.uploadExpiresAt !== null) entries.uploadExpiresAt = control.uploadExpiresAt;
  if (control.pausedAt !== null) entries.pausedAt = control.pausedAt;
  if (control.resumedAt !== null) entries.resumedAt = control.resumedAt;
  if (control.pausedMs !== null) entries.pausedMs = control.pausedMs;
  if (control.batchCancelRequested) entries.batchCancelRequested = true;
  if (control.cancelRequestedAt !== null) entries.cancelRequestedAt = control.cancelRequestedAt;
  if (control.leaseResumes > 0) entries.leaseResumes = control.leaseResumes;
  if (control.deadLetteredChunks.length > 0) entries.deadLetteredChunks = [...control.deadLetteredChunks];
  if (control.limitReached) entries.limitReached = true;
  if (control.sourceFiles !== null) entries.sourceFiles = control.sourceFiles.map((file) => ({ ...file }));
  return entries;
}

/** How long a pause lasted, in whole milliseconds (never negative: the clocks of two functions may disagree a little). */
export function pausedMillis(since: string, until: string): number {
  return Math.max(0, Date.parse(until) - Date.parse(since)) || 0;
}

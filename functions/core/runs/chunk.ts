/**
 * A chunk: a slice of one file's rows, the unit the row processor takes from the queue and the unit whose
 * outcome is added to the run's counters exactly once.
 */
export interface ChunkRow {
  /** Row number in the file (the header is row 1 of a CSV; NDJSON counts lines). */
  readonly n: number;
  /** CSV: the cells as read. */
  readonly cells?: readonly string[];
  /** JSON / NDJSON: the item as read. */
  readonly item?: Readonly<Record<string, unknown>>;
  /** Set when the row could not be read at all (bad quoting, invalid JSON, too large). */
  readonly malformed?: string;
}

export interface Chunk {
  readonly runId: string;
  /** `<fileIndex>-<sequence>`, the same for the same rows when a split is replayed. */
  readonly chunkId: string;
  readonly fileIndex: number;
  /** CSV header of the file; absent for JSON rows. */
  readonly header?: readonly string[];
  readonly rows: readonly ChunkRow[];
}

export interface ChunkOutcome {
  readonly succeeded: number;
  readonly failed: number;
  readonly skipped: number;
}

export function chunkIdOf(fileIndex: number, sequence: number): string {
  return `${String(fileIndex).padStart(2, '0')}-${String(sequence).padStart(7, '0')}`;
}

/**
 * A chunk as its queue message and its parked object carry it: the run's id under its wire name, `jobId`, so that
 * messages in flight and chunks parked before a deploy still parse after it (and the other way round).
 */
export type ChunkBody = Omit<Chunk, 'runId'> & { readonly jobId: string };

export function chunkBody({ runId, ...chunk }: Chunk): ChunkBody {
  return { jobId: runId, ...chunk };
}

export function chunkFromBody({ jobId, ...chunk }: ChunkBody): Chunk {
  return { runId: jobId, ...chunk };
}

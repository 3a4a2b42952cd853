import type { RunPhase } from '../runs/run';

/**
 * Who gets to handle a chunk once a run may be cancelled: the first worker to meet it either attempts it (its rows
 * may be written from then on) or sets it aside as never attempted. Whichever claim is written first holds for good,
 * so a chunk is never both imported and listed in unprocessed.csv, however often it is delivered.
 */
export type ChunkClaim = 'attempt' | 'unprocessed';

/**
 * Status changes of job control (§6), kept apart from RunRepository so they can grow without touching it. Every
 * change is one conditional write: `false` means the run was not in a state that allows it (someone else moved it).
 */
export interface RunControl {
  /** running (no cancel requested) → paused. */
  pause(runId: string, at: string): Promise<boolean>;
  /**
   * paused → running, with a fresh lease (none is renewed while a run is paused). With `pausedSince` (the
   * `control.pausedAt` the caller read), only that pause ends, and its length is added to `control.pausedMs`, the
   * time the run's rate leaves out.
   */
  resume(runId: string, at: string, leaseExpiresAt: string, pausedSince?: string): Promise<boolean>;
  /**
   * running or paused, no cancel requested yet → running with `control.batchCancelRequested`. The run closes
   * `cancelled` once every chunk is recorded.
   */
  requestCancel(runId: string, at: string, leaseExpiresAt: string): Promise<boolean>;
  /** queued (its upload not yet split) → cancelled at once, with nothing counted. */
  cancelQueued(runId: string, phase: Extract<RunPhase, 'failed'>, at: string): Promise<boolean>;
  /** A running run with a cancel requested and every chunk recorded → cancelled. */
  closeCancelled(runId: string, phase: Extract<RunPhase, 'completed' | 'partially_completed' | 'failed'>, at: string): Promise<boolean>;
  /** Writes `claim` for the chunk unless one exists; answers the claim that holds (the one written, or the older one). */
  claimChunk(runId: string, chunkId: string, claim: ChunkClaim, at: string): Promise<ChunkClaim>;
  /**
   * Records a chunk whose rows were never attempted: its marker, and one more chunk done, with no counter moved.
   * Exactly once, like `recordChunk` (they share the marker); false when the chunk was already recorded.
   */
  recordUnprocessedChunk(runId: string, chunkId: string, rows: number, at: string): Promise<boolean>;
}

/** Deleting objects, for the parked chunks that resume sends back to the queue. */
export interface ObjectRemover {
  delete(key: string): Promise<void>;
}

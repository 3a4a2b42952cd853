/**
 * What a split that outlasts one invocation needs: a durable checkpoint of what it has queued, and a way to hand
 * the rest of the file to a later invocation.
 */

/** Where one file's split stands, written at a chunk boundary. */
export interface SplitCheckpoint {
  readonly runId: string;
  readonly fileIndex: number;
  /**
   * Rows queued so far: the first `rows` rows the reader yields are in chunks on the queue, and a resumed split
   * reads past them again without queueing them (gzip cannot be seeked, and re-reading needs no byte arithmetic
   * across encodings and quoted line breaks).
   */
  readonly rows: number;
  /** Chunks queued so far, which is also the sequence number of the next chunk. */
  readonly chunks: number;
  /** Invocations that have finished a share of the file, this one included. */
  readonly invocations: number;
  /** True once the file's split has been recorded on the run: later messages for it have nothing to do. */
  readonly done: boolean;
}

export interface SplitCheckpointStore {
  get(runId: string, fileIndex: number): Promise<SplitCheckpoint | null>;
  /**
   * Replaces `previous` (null: no checkpoint yet) with `next`, only if the stored checkpoint is still `previous`;
   * false when another invocation moved it first (a duplicate message ran beside this one).
   */
  save(previous: SplitCheckpoint | null, next: SplitCheckpoint): Promise<boolean>;
}

/** Asks for another invocation to go on with a file's split from its checkpoint. */
export interface SplitContinuationQueue {
  continueSplit(target: { readonly runId: string; readonly fileIndex: number }): Promise<void>;
}

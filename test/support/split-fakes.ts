import type { SplitCheckpoint, SplitCheckpointStore, SplitContinuationQueue } from '../../functions/core/splitting/ports';

/** Split checkpoints in memory, with the adapter's conditional write on the previous version. */
export class InMemorySplitCheckpoints implements SplitCheckpointStore {
  readonly checkpoints = new Map<string, SplitCheckpoint>();
  /** Saves to fail with an error before writing, to let a test crash a split at its checkpoint. */
  failNextSaves = 0;

  async get(runId: string, fileIndex: number): Promise<SplitCheckpoint | null> {
    const found = this.checkpoints.get(`${runId}/${fileIndex}`);
    return found ? { ...found } : null;
  }

  async save(previous: SplitCheckpoint | null, next: SplitCheckpoint): Promise<boolean> {
    if (this.failNextSaves > 0) {
      this.failNextSaves--;
      throw new Error('simulated crash before the checkpoint');
    }
    const id = `${next.runId}/${next.fileIndex}`;
    const current = this.checkpoints.get(id);
    const unchanged = previous === null ? current === undefined : current !== undefined && !current.done && current.invocations === previous.invocations;
    if (!unchanged) return false;
    this.checkpoints.set(id, { ...next });
    return true;
  }
}

/** Continuations as the queue would hold them, in order. */
export class InMemorySplitContinuations implements SplitContinuationQueue {
  readonly sent: Array<{ runId: string; fileIndex: number }> = [];
  async continueSplit(target: { runId: string; fileIndex: number }): Promise<void> {
    this.sent.push({ runId: target.runId, fileIndex: target.fileIndex });
  }
}

import type { Chunk } from '../runs/chunk';
import type { Run } from '../runs/run';
import type { Clock, ObjectStore, RunRepository } from '../ports';
import { unprocessedKey } from './object-keys';
import type { RunControl } from './ports';

export interface SetAsideDeps {
  readonly runs: RunRepository & RunControl;
  readonly objects: ObjectStore;
  readonly clock: Clock;
}

/**
 * Sets a chunk aside as never attempted, unless it was attempted before the cancel (then whoever attempted it
 * finishes it, and it counts as usual). Safe to repeat: the claim, once written, holds; the document is the same
 * rows again; the marker is written once. Answers whether the chunk is (now) set aside.
 */
export async function setAsideChunk(deps: SetAsideDeps, run: Pick<Run, 'runId'>, chunk: Chunk): Promise<boolean> {
  const at = deps.clock.now().toISOString();
  const claim = await deps.runs.claimChunk(run.runId, chunk.chunkId, 'unprocessed', at);
  if (claim === 'attempt') return false;
  await storeUnprocessed(deps, run, chunk);
  return true;
}

/**
 * Writes the chunk's rows for unprocessed.csv, then records the chunk (marker, one more chunk done, no counter
 * moved). The document comes first: a crash in between leaves a document that the next delivery writes again and
 * then records; never a recorded chunk whose rows are missing from the download.
 */
export async function storeUnprocessed(deps: SetAsideDeps, run: Pick<Run, 'runId'>, chunk: Chunk): Promise<void> {
  const body = chunk.rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
  await deps.objects.put(unprocessedKey(run.runId, chunk.chunkId), body, 'application/x-ndjson');
  await deps.runs.recordUnprocessedChunk(run.runId, chunk.chunkId, chunk.rows.length, deps.clock.now().toISOString());
}

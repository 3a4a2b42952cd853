import type { Chunk } from '../runs/chunk';
import { isTerminal, type Run } from '../runs/run';
import type { Clock, IdGenerator, Logger, ObjectStore, RunRepository } from '../ports';
import { closeRunIfDone } from './close-run';
import { isCancelRequested } from '../control/control-rules';
import { parkedKey } from '../control/object-keys';
import type { ObjectRemover, RunControl } from '../control/ports';
import { setAsideChunk, storeUnprocessed } from '../control/set-aside';
import { chunkBody } from '../runs/chunk';

export interface ChunkGateDeps {
  readonly runs: RunRepository & RunControl;
  readonly objects: ObjectStore & ObjectRemover;
  readonly clock: Clock;
  /** The token that keeps each parking of a chunk under a key of its own. */
  readonly ids: IdGenerator;
  readonly logger: Logger;
}

/** `proceed`: process the chunk as usual. Otherwise the gate has dealt with it and the message can go. */
export type GateResult = 'proceed' | 'parked' | 'unprocessed' | 'run_closed';

/**
 * What job control (§6) decides for a chunk before any of its rows is touched; cooperative, between chunks.
 *
 * - Paused: the chunk is parked in the bucket (the message is then acknowledged, so SQS never dead-letters it);
 *   resume sends it back to the queue.
 * - Cancel requested: the chunk is set aside as never attempted, unless it was attempted before the cancel (a
 *   worker crashed half-way, or a duplicate is in flight): then it is finished, so no row is both imported and
 *   listed as unprocessed.
 * - Otherwise the chunk is claimed for an attempt, which a later cancel respects.
 */
export async function gateChunk(deps: ChunkGateDeps, run: Run, chunk: Chunk): Promise<GateResult> {
  let current = run;
  if (current.state === 'paused' && !isCancelRequested(current)) {
    const key = parkedKey(chunk.runId, chunk.chunkId, deps.ids.newId());
    await deps.objects.put(key, JSON.stringify(chunkBody(chunk)), 'application/json');
    // A resume may have listed the parked chunks just before this one landed: look again. Still paused means any
    // later resume will find it; otherwise take it back and go on as the run now says.
    const after = await deps.runs.get(chunk.runId);
    if (after?.state === 'paused' && !isCancelRequested(after)) {
      deps.logger.info('Chunk parked', { jobId: chunk.runId, chunkId: chunk.chunkId });
      return 'parked';
    }
    await deps.objects.delete(key);
    if (!after || isTerminal(after.state)) return 'run_closed';
    current = after;
  }

  const at = deps.clock.now().toISOString();
  if (isCancelRequested(current)) {
    if (!(await setAsideChunk(deps, current, chunk))) return 'proceed';
    deps.logger.info('Chunk set aside: cancel requested', { jobId: chunk.runId, chunkId: chunk.chunkId });
    await closeRunIfDone(deps, chunk.runId);
    return 'unprocessed';
  }
  const claim = await deps.runs.claimChunk(chunk.runId, chunk.chunkId, 'attempt', at);
  if (claim === 'attempt') return 'proceed';
  // Set aside by an earlier delivery that may have stopped before recording it: finish that, then close.
  await storeUnprocessed(deps, current, chunk);
  await closeRunIfDone(deps, chunk.runId);
  return 'unprocessed';
}

import type { Clock, RunRepository } from '../ports';
import { deadChunksFailure, deadLetteredChunksOf } from '../runs/dead-chunks';
import type { RunControl } from '../control/ports';
import { cancelledRunStatus, isCancelRequested } from '../control/control-rules';
import { finalPhase, isFullyProcessed, isTerminal } from '../runs/run';
import { haltsOnQuota, quotaFailure } from '../quota/quota';

/**
 * Ends a run once every file is split and every chunk recorded. Both the splitter (after the last file) and
 * the row processor (after each chunk) call it, because either can be the last to finish; the conditional
 * write lets exactly one of them close the run. That write is the run-ended event: the control table's stream
 * carries it to the run-ended consumer (functions/handlers/stream/run-ended.ts). A run with a dead-lettered chunk
 * ends `failed` even though every chunk is recorded: part of it was not imported for a reason nobody reported.
 * A run whose cancel was requested closes `cancelled`.
 */
export async function closeRunIfDone(
  deps: { clock: Clock; runs: RunRepository & Pick<RunControl, 'closeCancelled'> },
  runId: string,
): Promise<void> {
  const run = await deps.runs.get(runId);
  if (!run || isTerminal(run.state) || !isFullyProcessed(run)) return;
  const at = deps.clock.now().toISOString();
  const dead = deadLetteredChunksOf(run);
  // A conditional write: exactly one caller ends the run, and that write is the run-ended event (no call here).
  if (isCancelRequested(run)) await deps.runs.closeCancelled(runId, cancelledRunStatus(run), at);
  else if (dead.length > 0) await deps.runs.fail(runId, deadChunksFailure(dead), at);
  else if (run.totalItems === 0) await deps.runs.fail(runId, { code: 'EMPTY_FILE', message: 'The upload holds no rows' }, at);
  else if (haltsOnQuota(run)) await deps.runs.fail(runId, quotaFailure(run), at);
  else await deps.runs.complete(runId, finalPhase(run), at);
}

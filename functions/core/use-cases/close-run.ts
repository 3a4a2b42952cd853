import type { Clock } from '../ports';
import { deadChunksFailure, deadLetteredChunksOf } from '../runs/dead-chunks';
import type { RunControl } from '../control/ports';
import { cancelledRunStatus, isCancelRequested } from '../control/control-rules';
import { finalRunStatus, isFullyProcessed, isTerminal } from '../runs/run';
import { announceRunEnded, type AnnounceDeps } from './announce-run-ended';
import { haltsOnQuota, quotaFailure } from '../quota/quota';

/**
 * Ends a run once every file is split and every chunk recorded. Both the splitter (after the last file) and
 * the row processor (after each chunk) call it, because either can be the last to finish; the conditional
 * write lets exactly one of them close the run, and only that one announces it. A run with a dead-lettered chunk
 * ends `failed` even though every chunk is recorded: part of it was not imported for a reason nobody reported.
 * write lets exactly one of them close the run, and only that one announces it. A run whose cancel was requested
 * closes `cancelled`.
 */
export async function closeRunIfDone(
  deps: AnnounceDeps & { clock: Clock; runs: AnnounceDeps['runs'] & Pick<RunControl, 'closeCancelled'> },
  jobId: string,
): Promise<void> {
  const run = await deps.runs.get(jobId);
  if (!run || isTerminal(run.status) || !isFullyProcessed(run)) return;
  const at = deps.clock.now().toISOString();
  const dead = deadLetteredChunksOf(run);
  const ended = isCancelRequested(run)
    ? await deps.runs.closeCancelled(jobId, cancelledRunStatus(run), at)
    : dead.length > 0
      ? await deps.runs.fail(jobId, deadChunksFailure(dead), at)
      : run.totalItems === 0
        ? await deps.runs.fail(jobId, { code: 'EMPTY_FILE', message: 'The upload holds no rows' }, at)
        : haltsOnQuota(run)
          ? await deps.runs.fail(jobId, quotaFailure(run), at)
          : await deps.runs.complete(jobId, finalRunStatus(run), at);
  if (ended) await announceRunEnded(deps, jobId);
}

import type { Clock, RunRepository } from '../ports';
import { finalRunStatus, isFullyProcessed, isTerminal } from '../runs/run';

/**
 * Ends a run once every file is split and every chunk recorded. Both the splitter (after the last file) and
 * the row processor (after each chunk) call it, because either can be the last to finish; the conditional
 * write lets exactly one of them close the run.
 */
export async function closeRunIfDone(deps: { runs: RunRepository; clock: Clock }, jobId: string): Promise<void> {
  const run = await deps.runs.get(jobId);
  if (!run || isTerminal(run.status) || !isFullyProcessed(run)) return;
  const at = deps.clock.now().toISOString();
  if (run.totalItems === 0) {
    await deps.runs.fail(jobId, { code: 'EMPTY_FILE', message: 'The upload holds no rows' }, at);
    return;
  }
  await deps.runs.complete(jobId, finalRunStatus(run), at);
}

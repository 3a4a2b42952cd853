import type { Logger, RunEndedListener, RunRepository } from '../ports';

export interface AnnounceDeps {
  readonly runs: RunRepository;
  readonly runEnded: RunEndedListener;
  readonly logger: Logger;
}

/**
 * Tells the listener that a run just ended. Call it only after your own conditional write ended the run, so it
 * is told once. Whatever the listener does wrong is logged: the run has ended either way.
 */
export async function announceRunEnded(deps: AnnounceDeps, jobId: string): Promise<void> {
  try {
    const run = await deps.runs.get(jobId);
    if (run) await deps.runEnded.runEnded(run);
  } catch (error) {
    deps.logger.error('Run-ended listener failed', { jobId, error: error instanceof Error ? error.message : String(error) });
  }
}

/** For runs nobody needs to hear about (and tests that do not listen). */
export const ignoreRunEnded: RunEndedListener = { runEnded: async () => undefined };

import type { EndedRunClaims } from '../../functions/core/ports';
import { isTerminal, type RunState, type Run } from '../../functions/core/runs/run';
import type { InMemoryRuns } from './fakes';

/** Ended runs claimed in memory, with the adapter's first-caller-wins rule. */
export class InMemoryEndedRunClaims implements EndedRunClaims {
  readonly claimed = new Set<string>();
  async claim(runId: string): Promise<boolean> {
    if (this.claimed.has(runId)) return false;
    this.claimed.add(runId);
    return true;
  }
}

/**
 * The control table's stream as the run-ended filter sees it, over the in-memory runs: each run whose status moved
 * from a non-terminal one into a terminal one is one run-ended event (a run is never created ended). It looks at
 * the runs when asked, so a test reads what the writes made, not what some caller said.
 */
export class FakeRunEndedStream {
  private readonly seen = new Map<string, RunState>();
  private readonly events: Run[] = [];
  private delivered = 0;

  constructor(private readonly runs: InMemoryRuns) {}

  /** Every run-ended event so far, each run as it was when its event was seen. */
  get ended(): readonly Run[] {
    this.look();
    return this.events;
  }

  /** The events not taken yet (what the consumer gets next). */
  take(): Run[] {
    this.look();
    const next = this.events.slice(this.delivered);
    this.delivered = this.events.length;
    return next;
  }

  private look(): void {
    for (const [jobId, run] of this.runs.runs) {
      const before = this.seen.get(jobId);
      this.seen.set(jobId, run.state);
      if (isTerminal(run.state) && (before === undefined || !isTerminal(before))) this.events.push(structuredClone(run));
    }
  }
}

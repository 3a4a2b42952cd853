/**
 * What the core needs from a scheduler (EventBridge Scheduler in AWS, a stand-in locally). Nothing here names AWS.
 */

/** The payload a schedule hands to its target when it fires: start a run of an import job. */
export interface ScheduledRunRequest {
  readonly orgId: string;
  readonly importJobId: string;
  /** `schedule`: the job's regular schedule; `retry`: a rerun after a failed or halted run (§7). */
  readonly trigger: 'schedule' | 'retry';
  /** 1 for a regular run; 2 … 1 + RUN_RETRY_COUNT for the reruns that follow it. */
  readonly attempt: number;
  /** A retry: the run it reruns. One rerun per run, however often the retry schedule fires. */
  readonly previousRunId?: string;
}

/** When a schedule fires (§7): once at a local time, or on a `rate(...)` / `cron(...)` expression. */
export type ScheduleTiming =
  | { readonly type: 'once'; /** ISO 8601; without an offset it is read in `timezone`. */ readonly at: string; readonly timezone?: string }
  | { readonly type: 'recurring'; readonly expression: string; /** IANA, e.g. Europe/Paris. */ readonly timezone: string };

export interface ScheduleDefinition {
  /** Unique within the service's schedule group. */
  readonly name: string;
  readonly timing: ScheduleTiming;
  readonly request: ScheduledRunRequest;
  readonly enabled: boolean;
}

export interface Scheduler {
  /** Creates the schedule, or replaces the one of that name. */
  put(definition: ScheduleDefinition): Promise<void>;
  /** Enables or disables an existing schedule; false when there is none of that name. */
  setEnabled(name: string, enabled: boolean): Promise<boolean>;
  /** Deletes a schedule; one already gone is not an error. */
  delete(name: string): Promise<void>;
}

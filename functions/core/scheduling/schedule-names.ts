import { SCHEDULE_NAME_PATTERN } from '../id-formats';

/**
 * The names of an import job's schedules, in one place: the routes create, pause and delete the regular one; the
 * run policy creates the one-time reruns after a failed or halted run (§7). Whoever deletes a job must find every
 * one of them by name, so nobody spells them by hand.
 *
 * EventBridge Scheduler names are 1-64 characters of `[0-9a-zA-Z-_.]`: `import-job-<uuid>-retry-<n>` is 55.
 */
const NAME = SCHEDULE_NAME_PATTERN;

export interface ScheduleNames {
  /** The job's own schedule (`once` or `recurring`), created on activate. */
  readonly regular: string;
  /** The one-time schedule that reruns the job as attempt `attempt` (2 … 1 + RUN_RETRY_COUNT). */
  retry(attempt: number): string;
  /** The regular schedule and every rerun a policy of `retryCount` reruns can have created. */
  all(retryCount: number): string[];
}

export function scheduleNames(importJobId: string): ScheduleNames {
  const regular = `import-job-${importJobId}`;
  const retry = (attempt: number): string => {
    if (!Number.isInteger(attempt) || attempt < 2) throw new Error(`a rerun's attempt is an integer from 2, got ${attempt}`);
    return checked(`${regular}-retry-${attempt}`);
  };
  return {
    regular: checked(regular),
    retry,
    all: (retryCount) => [checked(regular), ...Array.from({ length: Math.max(0, retryCount) }, (_, i) => retry(i + 2))],
  };
}

function checked(name: string): string {
  if (!NAME.test(name)) throw new Error(`"${name}" is not a valid schedule name`);
  return name;
}

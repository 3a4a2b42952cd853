/**
 * The one retry loop of the adapters: an operation is tried again, after an exponential backoff with full jitter,
 * while it fails with an error worth another try. The SDK already retries throttled calls on its own; this is for
 * what it does not retry: cancelled transactions, and the parts of a batch call left unprocessed.
 */

/** How long to wait before try `attempt + 1`: a random time up to `min(capMs, baseMs × 2^attempt)`. */
export interface Backoff {
  readonly baseMs: number;
  readonly capMs: number;
}

export interface RetryOptions extends Backoff {
  /** Tries in all, the first included; the error of the last one is thrown. */
  readonly maxAttempts: number;
  /** Which errors are worth another try; any other is thrown at once. @default only {@link Unfinished} */
  readonly retryable?: (error: unknown) => boolean;
  /** Waits between tries (tests pass one that records instead of waiting). @default a timer */
  readonly sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) that picks the wait within the backoff. @default Math.random */
  readonly random?: () => number;
}

/**
 * Work a try left undone, for the next try to finish: the unprocessed part of a batch call. Its message is the one
 * thrown when the tries run out, so it should say what was left.
 */
export class Unfinished extends Error {
  override readonly name = 'Unfinished';
}

export const isUnfinished = (error: unknown): boolean => error instanceof Unfinished;

const timer = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Full jitter (each waiter picks a random time up to the exponential bound): the retries of many workers spread out
 * instead of meeting again at the same moment.
 */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  return random() * Math.min(backoff.capMs, backoff.baseMs * 2 ** attempt);
}

/** Runs `operation` (given the number of this try, from 1) until it returns, or fails in a way not worth a retry. */
export async function retry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { maxAttempts, retryable = isUnfinished, sleep = timer, random = Math.random } = options;
  if (!(Number.isInteger(maxAttempts) && maxAttempts >= 1)) throw new Error(`maxAttempts must be a positive integer, got ${maxAttempts}`);
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= maxAttempts || !retryable(error)) throw error;
      await sleep(backoffDelay(attempt, options, random));
    }
  }
}

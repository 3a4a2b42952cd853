import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/** Cancellation reasons that say "not now" rather than "no": nothing was applied, and the same request may succeed. */
const PASSING_REASONS = new Set(['ThrottlingError', 'TransactionConflict', 'ProvisionedThroughputExceeded']);

/**
 * True for a transaction DynamoDB cancelled only because of throughput or a concurrent transaction on the same
 * items. The SDK does not retry these (a cancellation is not a throttling error to it), so callers must; a
 * cancellation that carries a failed condition is an answer and is never retried.
 */
export function isPassingCancellation(error: unknown): boolean {
  if (!(error instanceof TransactionCanceledException) || !error.CancellationReasons) return false;
  const codes = error.CancellationReasons.map((reason) => reason.Code ?? 'None');
  return codes.some((code) => PASSING_REASONS.has(code)) && codes.every((code) => code === 'None' || PASSING_REASONS.has(code));
}

/** Sends a transaction again, with jittered exponential backoff, while it is cancelled only for passing reasons. */
export async function withTransactionRetries<T>(send: () => Promise<T>, maxAttempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (attempt >= maxAttempts || !isPassingCancellation(error)) throw error;
      // Full jitter: retries of many workers spread out instead of meeting again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2000, 50 * 2 ** attempt)));
    }
  }
}

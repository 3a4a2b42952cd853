import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { retry } from '../retry';

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
export function withTransactionRetries<T>(send: () => Promise<T>, maxAttempts = 10): Promise<T> {
  return retry(send, { maxAttempts, baseMs: 50, capMs: 2000, retryable: isPassingCancellation });
}

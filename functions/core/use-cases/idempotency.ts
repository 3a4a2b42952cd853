import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import { DomainError } from '../errors';
import type { Clock, IdGenerator, IdempotencyStore } from '../ports';

/** §4: the same key from the same org within 24 h answers the same job. */
export const IDEMPOTENCY_WINDOW_SECONDS = 24 * 3600;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface IdempotencyDeps {
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/**
 * Runs `create` with a new job id, unless the key was already used: then the same request answers the job it
 * created (`replay`), and another request is a 409. The key is claimed before the job exists, so two requests
 * racing with one key cannot both create one; a create that fails gives the key back for a retry.
 */
export async function idempotent<T>(
  deps: IdempotencyDeps,
  input: { readonly orgId: string; readonly key: string | undefined; readonly fingerprint: string },
  create: (jobId: string) => Promise<T>,
  replay: (jobId: string) => Promise<T>,
): Promise<T> {
  const jobId = deps.ids.newId();
  if (input.key === undefined) return create(jobId);
  if (!KEY_PATTERN.test(input.key)) {
    throw new DomainError('VALIDATION_ERROR', 'Idempotency-Key is 1-255 printable ASCII characters');
  }
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const claim = await deps.idempotency.claim({
    orgId: input.orgId,
    key: input.key,
    fingerprint: input.fingerprint,
    jobId,
    now,
    expiresAt: now + IDEMPOTENCY_WINDOW_SECONDS,
  });
  if (!claim.claimed) {
    if (claim.fingerprint !== input.fingerprint) {
      throw new DomainError('CONFLICT', 'This Idempotency-Key was used for another request in the last 24 hours', {
        jobId: claim.jobId,
      });
    }
    return replay(claim.jobId);
  }
  try {
    return await create(jobId);
  } catch (error) {
    await deps.idempotency.release(input.orgId, input.key);
    throw error;
  }
}

/** A stable digest of what a request asks for: JSON with sorted keys, so field order does not matter. */
export function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export function digestOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

import { DomainError } from '../errors';
import type { Clock, IdGenerator, IdempotencyStore } from '../ports';

/** §4: the same key from the same org within 24 h answers the same job. */
export const IDEMPOTENCY_WINDOW_SECONDS = 24 * 3600;
/**
 * How long a claim may stay in progress before a retry takes it over, as Powertools' in-progress expiry: longer
 * than any API function may run (29 s at most, lib/resources.ts), so a live request is never taken over.
 */
export const IDEMPOTENCY_IN_PROGRESS_SECONDS = 60;
/** A duplicate that finds the key in progress waits this long for the first request to finish, then answers 409. */
export const IN_PROGRESS_WAIT = { attempts: 10, intervalMs: 200 } as const;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export interface IdempotencyDeps {
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** @default IN_PROGRESS_WAIT */
  readonly idempotencyWait?: { readonly attempts: number; readonly intervalMs: number };
}

export interface IdempotentRequest {
  readonly orgId: string;
  readonly key: string | undefined;
  readonly fingerprint: string;
  /** Whether a job of this id exists: asked when a claim is taken over from a request that died in progress. */
  readonly jobExists?: (runId: string) => Promise<boolean>;
}

/**
 * Runs `create` with a new job id, unless the key was already used: then the same request answers the job it
 * created (`replay`), and another request is a 409. Timeline of a key:
 *
 *   claim (IN_PROGRESS, in-progress expiry) → create the job → COMPLETED with its jobId → forgotten after 24 h
 *
 * - A duplicate during IN_PROGRESS waits briefly for COMPLETED, then answers 409 IDEMPOTENCY_IN_PROGRESS.
 * - A create that fails gives the key back (released) for a retry.
 * - A request killed between claim and COMPLETED (a Lambda timeout, a crash) leaves IN_PROGRESS behind: after
 *   the in-progress expiry a retry takes it over. If the dead request had created its job, the retry completes
 *   the key with that job and answers it; otherwise it creates the job itself. No key ever answers a job that
 *   was never created.
 */
export async function idempotent<T>(
  deps: IdempotencyDeps,
  input: IdempotentRequest,
  create: (runId: string) => Promise<T>,
  replay: (runId: string) => Promise<T>,
): Promise<T> {
  const runId = deps.ids.newId();
  if (input.key === undefined) return create(runId);
  if (!KEY_PATTERN.test(input.key)) {
    throw new DomainError('VALIDATION_ERROR', 'Idempotency-Key is 1-255 printable ASCII characters');
  }
  const { orgId, key, fingerprint } = input;
  const wait = deps.idempotencyWait ?? IN_PROGRESS_WAIT;
  for (let attempt = 1; ; attempt += 1) {
    const now = Math.floor(deps.clock.now().getTime() / 1000);
    const claim = await deps.idempotency.claim({
      orgId,
      key,
      fingerprint,
      runId,
      now,
      inProgressUntil: now + IDEMPOTENCY_IN_PROGRESS_SECONDS,
      expiresAt: now + IDEMPOTENCY_WINDOW_SECONDS,
    });
    if (claim.claimed) {
      const dead = claim.tookOver;
      if (dead && (await input.jobExists?.(dead.runId))) {
        // The dead request created its job and died before saying so: the key answers that job from now on.
        await deps.idempotency.complete({ orgId, key, claimedAs: runId, runId: dead.runId, fingerprint: dead.fingerprint });
        if (dead.fingerprint !== fingerprint) throw conflict(dead.runId);
        return replay(dead.runId);
      }
      break;
    }
    if (claim.fingerprint !== fingerprint) throw conflict(claim.runId);
    if (claim.status === 'COMPLETED') return replay(claim.runId);
    if (attempt >= wait.attempts) {
      throw new DomainError('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed: retry in a moment', {
        retryAfterSeconds: 1,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, wait.intervalMs));
  }

  let result: T;
  try {
    result = await create(runId);
  } catch (error) {
    await deps.idempotency.release(orgId, key, runId);
    throw error;
  }
  // The job exists whatever happens now. Should this write fail, the key stays in progress until a retry takes it
  // over and finds the job: the client is not told of a failure that did not happen.
  await deps.idempotency.complete({ orgId, key, claimedAs: runId, runId, fingerprint }).catch(() => false);
  return result;
}

function conflict(runId: string): DomainError {
  return new DomainError('CONFLICT', 'This Idempotency-Key was used for another request in the last 24 hours', { jobId: runId });
}

import type { IdempotencyClaim, IdempotencyStore } from '../../../functions/core/ports';
import { freshId, freshOrg, type MakePort } from './fixtures';

const NOW = 1_900_000_000;

function claimOf(overrides: Partial<IdempotencyClaim> = {}): IdempotencyClaim {
  return {
    orgId: freshOrg(), key: freshId('key-'), fingerprint: 'fp-1', runId: freshId('job-'),
    now: NOW, inProgressUntil: NOW + 60, expiresAt: NOW + 86_400, ...overrides,
  };
}

/**
 * The Idempotency-Key store's contract, held by InMemoryIdempotency and DynamoIdempotencyStore alike: the first
 * claim of a key wins; a live claim answers who holds it; a claim whose request died in progress may be taken
 * over; only the claimant completes or releases its claim.
 */
export function describeIdempotencyStoreContract(name: string, makePort: MakePort<IdempotencyStore>): void {
  describe(`IdempotencyStore contract: ${name}`, () => {
    let store: IdempotencyStore;
    beforeEach(async () => {
      store = await makePort();
    });

    it('lets the first claim of a key win and tells a later one who holds it, in progress', async () => {
      const first = claimOf();
      expect(await store.claim(first)).toEqual({ claimed: true });
      expect(await store.claim({ ...first, runId: freshId('job-'), fingerprint: 'fp-2', now: NOW + 30 })).toEqual({
        claimed: false, status: 'IN_PROGRESS', fingerprint: 'fp-1', runId: first.runId,
      });
    });

    it('lets exactly one of many concurrent claims of a key win', async () => {
      const base = claimOf();
      const answers = await Promise.all([1, 2, 3, 4].map((n) => store.claim({ ...base, runId: `${base.runId}-${n}` })));
      const winners = answers.filter((answer) => answer.claimed);
      expect(winners).toEqual([{ claimed: true }]);
      const winner = `${base.runId}-${answers.findIndex((answer) => answer.claimed) + 1}`;
      for (const answer of answers.filter((a) => !a.claimed)) {
        expect(answer).toEqual({ claimed: false, status: 'IN_PROGRESS', fingerprint: 'fp-1', runId: winner });
      }
    });

    it('answers a completed claim with the job it completed with, for good until it expires', async () => {
      const first = claimOf();
      await store.claim(first);
      const done = { orgId: first.orgId, key: first.key, claimedAs: first.runId, runId: 'job-made', fingerprint: 'fp-done' };
      expect(await store.complete(done)).toBe(true);
      expect(await store.complete(done)).toBe(false);
      // Past inProgressUntil: a completed claim is not taken over.
      expect(await store.claim({ ...claimOf({ orgId: first.orgId, key: first.key }), now: NOW + 3600 })).toEqual({
        claimed: false, status: 'COMPLETED', fingerprint: 'fp-done', runId: 'job-made',
      });
      // From its expiry on, the key is forgotten and claimed afresh.
      expect(await store.claim(claimOf({ orgId: first.orgId, key: first.key, now: first.expiresAt, inProgressUntil: first.expiresAt + 60, expiresAt: first.expiresAt + 86_400 }))).toEqual({ claimed: true });
    });

    it('lets a claim left in progress past its deadline be taken over, and keeps the dead claimant from completing or releasing it', async () => {
      const dead = claimOf();
      await store.claim(dead);
      const next = claimOf({ orgId: dead.orgId, key: dead.key, fingerprint: 'fp-next', now: dead.inProgressUntil, inProgressUntil: dead.inProgressUntil + 60 });
      expect(await store.claim(next)).toEqual({ claimed: true, tookOver: { runId: dead.runId, fingerprint: 'fp-1' } });
      expect(await store.complete({ orgId: dead.orgId, key: dead.key, claimedAs: dead.runId, runId: dead.runId, fingerprint: 'fp-1' })).toBe(false);
      await store.release(dead.orgId, dead.key, dead.runId);
      expect(await store.claim({ ...claimOf({ orgId: dead.orgId, key: dead.key }), now: next.now + 1 })).toEqual({
        claimed: false, status: 'IN_PROGRESS', fingerprint: 'fp-next', runId: next.runId,
      });
      // The claimant that took over completes with the dead one's job, which may exist.
      expect(await store.complete({ orgId: dead.orgId, key: dead.key, claimedAs: next.runId, runId: dead.runId, fingerprint: 'fp-1' })).toBe(true);
      expect(await store.claim({ ...claimOf({ orgId: dead.orgId, key: dead.key }), now: next.now + 2 })).toMatchObject({ claimed: false, status: 'COMPLETED', runId: dead.runId });
    });

    it('gives a key back on release by its claimant only', async () => {
      const first = claimOf();
      await store.claim(first);
      await store.release(first.orgId, first.key, 'someone-else');
      expect(await store.claim({ ...claimOf({ orgId: first.orgId, key: first.key }) })).toMatchObject({ claimed: false, runId: first.runId });
      await store.release(first.orgId, first.key, first.runId);
      await store.release(first.orgId, first.key, first.runId);
      const again = claimOf({ orgId: first.orgId, key: first.key });
      expect(await store.claim(again)).toEqual({ claimed: true });
      expect(await store.complete({ orgId: first.orgId, key: first.key, claimedAs: first.runId, runId: first.runId, fingerprint: 'fp-1' })).toBe(false);
    });

    it('keeps one org’s keys apart from another’s, and takes long keys of any printable characters', async () => {
      const key = `${'ключ/ \u00e9#'.repeat(30)}`.slice(0, 255);
      const mine = claimOf({ key });
      expect(await store.claim(mine)).toEqual({ claimed: true });
      expect(await store.claim(claimOf({ key }))).toEqual({ claimed: true });
      expect(await store.claim(claimOf({ orgId: mine.orgId, key: `${key.slice(0, 254)}!` }))).toEqual({ claimed: true });
      expect(await store.claim(claimOf({ orgId: mine.orgId, key }))).toMatchObject({ claimed: false, runId: mine.runId });
    });

    it('completes nothing for a key never claimed', async () => {
      const never = claimOf();
      expect(await store.complete({ orgId: never.orgId, key: never.key, claimedAs: never.runId, runId: never.runId, fingerprint: 'fp-1' })).toBe(false);
      await store.release(never.orgId, never.key, never.runId);
      expect(await store.claim(never)).toEqual({ claimed: true });
    });
  });
}

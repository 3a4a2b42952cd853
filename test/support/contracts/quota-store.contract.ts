import type { ChunkReservation, QuotaKey, QuotaStore } from '../../../functions/core/quota/ports';
import { freshId, freshOrg, type MakePort } from './fixtures';

const at = '2026-11-25T10:00:00.000Z';
const freshKey = (): QuotaKey => ({ orgId: freshOrg(), namespace: 'eu' });

function reservation(key: QuotaKey, rows: number, overrides: Partial<ChunkReservation> = {}): ChunkReservation {
  return {
    ...key, runId: freshId(), chunkId: '00-0000000', month: '2026-11',
    rows: Array.from({ length: rows }, (_, i) => i + 2), released: null, ...overrides,
  };
}

/**
 * The monthly quota store's contract (§9), held by InMemoryQuotas and DynamoQuotaStore alike: a chunk reserves once,
 * its rows and its reservation land together or not at all, the counter never passes the limit however many chunks
 * race for it, and a reservation gives back its unused rows once.
 */
export function describeQuotaStoreContract(name: string, makePort: MakePort<QuotaStore>): void {
  describe(`QuotaStore contract: ${name}`, () => {
    let quotas: QuotaStore;
    beforeEach(async () => {
      quotas = await makePort();
    });

    it('keeps one limit per org and namespace, replaced by the last set', async () => {
      const key = freshKey();
      expect(await quotas.getLimit(key)).toBeNull();
      await quotas.setLimit(key, 1234, at);
      await quotas.setLimit(key, 99, at);
      expect(await quotas.getLimit(key)).toBe(99);
      expect(await quotas.getLimit({ ...key, namespace: 'us' })).toBeNull();
      expect(await quotas.getLimit({ ...key, orgId: freshOrg() })).toBeNull();
    });

    it('counts 0 used in a month nothing was reserved in', async () => {
      expect(await quotas.getUsed(freshKey(), '2026-11')).toBe(0);
    });

    it('adds a reservation’s rows to its month’s counter exactly, per org, namespace and month', async () => {
      const key = freshKey();
      expect(await quotas.reserve(reservation(key, 3), 100)).toEqual({ outcome: 'reserved' });
      expect(await quotas.reserve(reservation(key, 4), 100)).toEqual({ outcome: 'reserved' });
      expect(await quotas.reserve(reservation(key, 5, { month: '2026-12' }), 100)).toEqual({ outcome: 'reserved' });
      expect(await quotas.getUsed(key, '2026-11')).toBe(7);
      expect(await quotas.getUsed(key, '2026-12')).toBe(5);
      expect(await quotas.getUsed({ ...key, namespace: 'us' }, '2026-11')).toBe(0);
      expect(await quotas.getUsed({ ...key, orgId: freshOrg() }, '2026-11')).toBe(0);
    });

    it('takes a chunk’s rows once: a replay answers the reservation that stands and adds nothing', async () => {
      const key = freshKey();
      const first = reservation(key, 3);
      await quotas.reserve(first, 100);
      const replay = await quotas.reserve({ ...first, rows: [2, 3, 4, 5, 6, 7], month: '2026-12' }, 100);
      expect(replay).toEqual({ outcome: 'already_reserved', reservation: first });
      expect(await quotas.getUsed(key, '2026-11')).toBe(3);
      expect(await quotas.getUsed(key, '2026-12')).toBe(0);
    });

    it('lets one of many concurrent deliveries of a chunk reserve, and the others see its reservation', async () => {
      const key = freshKey();
      const made = reservation(key, 4);
      const answers = await Promise.all([1, 2, 3].map(() => quotas.reserve(made, 100)));
      expect(answers.filter((answer) => answer.outcome === 'reserved')).toHaveLength(1);
      expect(answers.filter((answer) => answer.outcome === 'already_reserved')).toEqual([
        { outcome: 'already_reserved', reservation: made },
        { outcome: 'already_reserved', reservation: made },
      ]);
      expect(await quotas.getUsed(key, '2026-11')).toBe(4);
    });

    it('refuses rows that would pass the limit, writing nothing, and answers the counter and the limit', async () => {
      const key = freshKey();
      await quotas.reserve(reservation(key, 8), 10);
      const refused = reservation(key, 3);
      expect(await quotas.reserve(refused, 10)).toEqual({ outcome: 'not_enough', used: 8, limit: 10 });
      expect(await quotas.findReservation(refused)).toBeNull();
      expect(await quotas.getUsed(key, '2026-11')).toBe(8);
      // Exactly up to the limit is within it.
      expect(await quotas.reserve(reservation(key, 2), 10)).toEqual({ outcome: 'reserved' });
      expect(await quotas.getUsed(key, '2026-11')).toBe(10);
      // More rows than the whole limit, in a month with no counter yet.
      expect(await quotas.reserve(reservation(key, 11, { month: '2027-01' }), 10)).toEqual({ outcome: 'not_enough', used: 0, limit: 10 });
      expect(await quotas.getUsed(key, '2027-01')).toBe(0);
    });

    it('never passes the limit, however many chunks race for it', async () => {
      const key = freshKey();
      const chunks = Array.from({ length: 6 }, (_, i) => reservation(key, 3, { chunkId: `00-000000${i}` }));
      const answers = await Promise.all(chunks.map((chunk) => quotas.reserve(chunk, 10)));
      expect(answers.filter((answer) => answer.outcome === 'reserved')).toHaveLength(3);
      // Three chunks of three fill it to 9: each refused one saw that counter.
      expect(answers.filter((answer) => answer.outcome === 'not_enough')).toEqual(Array(3).fill({ outcome: 'not_enough', used: 9, limit: 10 }));
      expect(await quotas.getUsed(key, '2026-11')).toBe(9);
      const held = await Promise.all(chunks.map((chunk) => quotas.findReservation(chunk)));
      expect(held.filter((found) => found !== null)).toHaveLength(3);
    });

    it('records a reservation of no rows without touching the counter, even over the limit', async () => {
      const key = freshKey();
      await quotas.reserve(reservation(key, 5), 5);
      const empty = reservation(key, 0);
      expect(await quotas.reserve(empty, 5)).toEqual({ outcome: 'reserved' });
      expect(await quotas.findReservation(empty)).toEqual(empty);
      expect(await quotas.reserve(empty, 5)).toEqual({ outcome: 'already_reserved', reservation: empty });
      expect(await quotas.getUsed(key, '2026-11')).toBe(5);
    });

    it('holds a reservation to the namespace’s own limit, or the default when it has none, as set a moment ago', async () => {
      const key = freshKey();
      expect(await quotas.reserve(reservation(key, 6), { ownOrDefault: 10 })).toEqual({ outcome: 'reserved' });
      await quotas.setLimit(key, 8, at);
      expect(await quotas.reserve(reservation(key, 3), { ownOrDefault: 10 })).toEqual({ outcome: 'not_enough', used: 6, limit: 8 });
      await quotas.setLimit(key, 20, at);
      expect(await quotas.reserve(reservation(key, 3), { ownOrDefault: 10 })).toEqual({ outcome: 'reserved' });
      // A fixed limit is the limit, whatever the namespace's own.
      expect(await quotas.reserve(reservation(key, 3), 10)).toEqual({ outcome: 'not_enough', used: 9, limit: 10 });
      expect(await quotas.getUsed(key, '2026-11')).toBe(9);
    });

    it('gives back a reservation’s unused rows once, to the month it took them from', async () => {
      const key = freshKey();
      const made = reservation(key, 5, { month: '2026-10' });
      await quotas.reserve(made, 100);
      await quotas.reserve(reservation(key, 1, { month: '2026-11' }), 100);
      const answers = await Promise.all([quotas.release(made, 2), quotas.release(made, 2)]);
      expect(answers.filter(Boolean)).toHaveLength(1);
      expect(await quotas.release(made, 3)).toBe(false);
      expect(await quotas.findReservation(made)).toEqual({ ...made, released: 2 });
      expect(await quotas.getUsed(key, '2026-10')).toBe(3);
      expect(await quotas.getUsed(key, '2026-11')).toBe(1);
    });

    it('releases nothing for a chunk that never reserved', async () => {
      const key = freshKey();
      await quotas.reserve(reservation(key, 4), 100);
      expect(await quotas.release(reservation(key, 4), 4)).toBe(false);
      expect(await quotas.getUsed(key, '2026-11')).toBe(4);
    });

    it('finds the reservation a chunk made, and none for one that made none', async () => {
      const key = freshKey();
      const made = reservation(key, 2);
      await quotas.reserve(made, 100);
      expect(await quotas.findReservation(made)).toEqual(made);
      expect(await quotas.findReservation({ runId: made.runId, chunkId: '00-0000001' })).toBeNull();
      expect(await quotas.findReservation({ runId: freshId(), chunkId: made.chunkId })).toBeNull();
    });
  });
}

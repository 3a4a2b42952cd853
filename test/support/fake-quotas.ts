import type { ChunkReservation, QuotaKey, QuotaLimit, QuotaStore, ReserveAnswer } from '../../functions/core/quota/ports';

/** Where a test may crash the store: before an operation is applied, or after it was applied but before it answers. */
export interface QuotaCrash {
  readonly operation: 'reserve' | 'release';
  readonly when: 'before' | 'after';
}

/**
 * The quota store in memory, with the DynamoDB adapter's contract: a reservation and its counter increment happen
 * together or not at all, once per chunk; a release happens once per reservation.
 */
export class InMemoryQuotas implements QuotaStore {
  readonly limits = new Map<string, number>();
  readonly counters = new Map<string, number>();
  readonly reservations = new Map<string, ChunkReservation>();
  /** The next matching operation throws 'simulated crash' (then the hook clears itself). */
  crash: QuotaCrash | undefined;

  async getLimit(key: QuotaKey): Promise<number | null> {
    return this.limits.get(quotaId(key)) ?? null;
  }
  async setLimit(key: QuotaKey, limit: number): Promise<void> {
    this.limits.set(quotaId(key), limit);
  }
  async getUsed(key: QuotaKey, month: string): Promise<number> {
    return this.counters.get(`${quotaId(key)}#${month}`) ?? 0;
  }
  async reserve(reservation: ChunkReservation, asked: QuotaLimit): Promise<ReserveAnswer> {
    const limit = typeof asked === 'number' ? asked : (this.limits.get(quotaId(reservation)) ?? asked.ownOrDefault);
    this.maybeCrash('reserve', 'before');
    const existing = this.reservations.get(chunkRef(reservation));
    if (existing) return { outcome: 'already_reserved', reservation: structuredClone(existing) };
    const counter = `${quotaId(reservation)}#${reservation.month}`;
    const used = this.counters.get(counter) ?? 0;
    if (reservation.rows.length > 0) {
      if (used + reservation.rows.length > limit) return { outcome: 'not_enough', used, limit };
      this.counters.set(counter, used + reservation.rows.length);
    }
    this.reservations.set(chunkRef(reservation), structuredClone(reservation));
    this.maybeCrash('reserve', 'after');
    return { outcome: 'reserved' };
  }
  async release(reservation: ChunkReservation, rows: number): Promise<boolean> {
    this.maybeCrash('release', 'before');
    const stored = this.reservations.get(chunkRef(reservation));
    if (!stored || stored.released !== null) return false;
    this.reservations.set(chunkRef(reservation), { ...stored, released: rows });
    const counter = `${quotaId(reservation)}#${reservation.month}`;
    this.counters.set(counter, (this.counters.get(counter) ?? 0) - rows);
    this.maybeCrash('release', 'after');
    return true;
  }

  async findReservation(ref: Pick<ChunkReservation, 'runId' | 'chunkId'>): Promise<ChunkReservation | null> {
    const stored = this.reservations.get(`${ref.runId}#${ref.chunkId}`);
    return stored ? structuredClone(stored) : null;
  }

  private maybeCrash(operation: QuotaCrash['operation'], when: QuotaCrash['when']): void {
    if (this.crash?.operation === operation && this.crash.when === when) {
      this.crash = undefined;
      throw new Error('simulated crash');
    }
  }
}

const quotaId = (key: QuotaKey) => `${key.orgId}#${key.namespace}`;
const chunkRef = (reservation: ChunkReservation) => `${reservation.runId}#${reservation.chunkId}`;

/**
 * What the monthly quota (§9) needs from storage. One counter per org, namespace and UTC month; one limit per org
 * and namespace (absent: the configured default); one reservation per chunk, which is what makes a chunk delivered
 * twice, or retried after a crash, take its rows from the counter once and give back what it did not import once.
 */

/** A quota unit: a namespace of one org. Another org's namespace of the same name is another quota. */
export interface QuotaKey {
  readonly orgId: string;
  readonly namespace: string;
}

/** The rows one chunk took from its namespace's counter for one month. */
export interface ChunkReservation extends QuotaKey {
  readonly runId: string;
  readonly chunkId: string;
  /** `YYYY-MM` (UTC) of the counter the rows were taken from: a replay next month gives them back there. */
  readonly month: string;
  /** Row numbers granted a row of quota, in chunk order; the chunk's other importable rows are LIMIT_REACHED. */
  readonly rows: readonly number[];
  /** Rows given back to the counter (reserved but not imported), once; null until then. */
  readonly released: number | null;
}

export type ReserveAnswer =
  /** The reservation is recorded and its rows were added to the counter. */
  | { readonly outcome: 'reserved' }
  /** The chunk had reserved before (a replay): that reservation stands, nothing was added. */
  | { readonly outcome: 'already_reserved'; readonly reservation: ChunkReservation }
  /**
   * `used + rows` would pass the limit: nothing was written; `used` is the counter as the store saw it, `limit` the
   * limit it checked against.
   */
  | { readonly outcome: 'not_enough'; readonly used: number; readonly limit: number };

/**
 * The limit a reservation is held to: a fixed number, or the namespace's own limit (its LIMIT item) and `ownOrDefault`
 * when it has none. The store reads the namespace's limit in the same atomic step as it reserves, so no separate
 * read is needed and a limit changed a moment ago applies at once.
 */
export type QuotaLimit = number | { readonly ownOrDefault: number };

export interface QuotaStore {
  /** The namespace's own limit; null when none was set (the default applies). */
  getLimit(key: QuotaKey): Promise<number | null>;
  setLimit(key: QuotaKey, limit: number, at: string): Promise<void>;
  /** Rows counted in the namespace's month; 0 for a month nothing was imported in. */
  getUsed(key: QuotaKey, month: string): Promise<number>;
  /**
   * In one atomic step: records the chunk's reservation unless the chunk already has one, and adds its rows to
   * the month's counter provided the counter then stays within `limit`. A reservation of no rows is recorded
   * without touching the counter.
   */
  reserve(reservation: ChunkReservation, limit: QuotaLimit): Promise<ReserveAnswer>;
  /**
   * In one atomic step, once per reservation: notes `rows` as released on it and takes them off its month's
   * counter. False when the reservation had already been released (nothing changes then).
   */
  release(reservation: ChunkReservation, rows: number): Promise<boolean>;
  /** The reservation a chunk made, if it made one. */
  findReservation(ref: Pick<ChunkReservation, 'runId' | 'chunkId'>): Promise<ChunkReservation | null>;
}

import type { Clock, Logger, RunRepository } from '../ports';
import type { ImportRecord } from '../records/record';
import type { RowProblem } from '../runs/row-outcome';
import type { Run } from '../runs/run';
import type { ChunkReservation, QuotaKey, QuotaLimit, QuotaStore } from './ports';
import { grantable, limitReached, monthOf } from './quota';

export interface QuotaDeps {
  readonly quotas: QuotaStore;
  /** MONTHLY_ROW_LIMIT: a namespace's limit unless one was set for it. */
  readonly monthlyRowLimit: number;
  readonly runs: Pick<RunRepository, 'markLimitReached'>;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** Rounds of reserve → "not enough" → reserve less before the chunk gives up and is redelivered. */
const MAX_RESERVE_ATTEMPTS = 20;

/**
 * Writes a chunk's importable records within its namespace's monthly quota (§9), so that `used` counts imported
 * rows exactly and never passes the limit, however many runs write at once. The steps, in this order:
 *
 *   1. reserve: the chunk's reservation and the counter increment, in one transaction, once per chunk;
 *      a replay finds the reservation it made and takes nothing more;
 *   2. refuse the importable rows past the reservation (LIMIT_REACHED) and flag the run, which closing reads;
 *   3. write the granted rows (`write`); a replay recognises its own records, so the same rows end imported;
 *   4. release the reserved rows that did not import (duplicates, skips, rows already there), once per chunk.
 *
 * The caller records the chunk only afterwards. A crash between any two steps redelivers the chunk, which runs
 * them again: 1 and 4 happen once, 2 and 3 are idempotent, so nothing is counted twice or lost. Between 1 and 4
 * the counter holds more than is imported, never less: concurrent runs may be refused a row early, never let past.
 * A dry run goes through the same steps against a counter of its own (see `counterFor`).
 */
export async function writeWithinQuota(
  deps: QuotaDeps,
  run: Run,
  chunkId: string,
  records: ImportRecord[],
  problems: RowProblem[],
  write: (records: ImportRecord[]) => Promise<number>,
): Promise<number> {
  // A replay's importable rows are a superset of the first attempt's (validation is deterministic, entities are
  // never removed), so a chunk with none now reserved none before.
  if (records.length === 0) return write(records);

  const reservation = await reserveRows(deps, run, chunkId, records.map((record) => record.rowNumber));
  const granted = new Set(reservation.rows);
  const allowed = records.filter((record) => granted.has(record.rowNumber));
  if (allowed.length < records.length) {
    await deps.runs.markLimitReached(run.runId);
    for (const record of records) if (!granted.has(record.rowNumber)) problems.push(limitReached(record));
  }

  const imported = await write(allowed);

  const unused = reservation.rows.length - imported;
  if (reservation.released === null) {
    if (unused > 0) await deps.quotas.release(reservation, unused);
  } else if (reservation.released !== unused) {
    // Cannot happen while records are never deleted; kept visible because `used` would be off by the difference.
    deps.logger.warn('A replayed chunk imported another number of rows than it released', {
      jobId: run.runId, chunkId, released: reservation.released, unused,
    });
  }
  return imported;
}

/**
 * A chunk that will never be processed again (dead-lettered): gives back, once, the reserved rows it did not
 * import, so `used` counts what was imported. `imported` are the chunk's rows whose records this run wrote.
 */
export async function releaseAbandonedReservation(
  quotas: QuotaStore,
  chunk: { readonly runId: string; readonly chunkId: string },
  imported: number,
): Promise<void> {
  const reservation = await quotas.findReservation(chunk);
  if (!reservation || reservation.released !== null) return;
  const unused = reservation.rows.length - imported;
  if (unused > 0) await quotas.release(reservation, unused);
}

/** Step 1: the chunk's reservation, made now or found from an earlier delivery. */
async function reserveRows(deps: QuotaDeps, run: Run, chunkId: string, rowNumbers: readonly number[]): Promise<ChunkReservation> {
  const month = monthOf(deps.clock.now());
  const { key, limit } = await counterFor(deps, run, month);
  // Optimistic: ask for every row the limit may allow, which costs one write when the counter has room; a refusal
  // tells what the counter holds and the limit it was held to.
  let granted = typeof limit === 'number' ? grantable(rowNumbers.length, limit, 0) : rowNumbers.length;
  for (let attempt = 1; attempt <= MAX_RESERVE_ATTEMPTS; attempt++) {
    const rows = rowNumbers.slice(0, granted);
    const reservation: ChunkReservation = { ...key, runId: run.runId, chunkId, month, rows, released: null };
    const answer = await deps.quotas.reserve(reservation, limit);
    if (answer.outcome === 'reserved') return reservation;
    if (answer.outcome === 'already_reserved') return answer.reservation;
    granted = grantable(rowNumbers.length, answer.limit, answer.used);
  }
  throw new Error(`Could not reserve quota for chunk ${chunkId} of run ${run.runId}: the counter kept changing`);
}

/**
 * The counter a run's chunks reserve from, and its limit. A real run: its namespace's month counter, held to the
 * namespace's limit (the store checks it as it reserves). A dry run imports nothing and must take nothing from the
 * namespace (§4), yet report LIMIT_REACHED where the real run would if it ran now: it counts on a counter of its own
 * (a key no namespace can have, `#` being refused in names), limited to what the namespace has left at the moment
 * each chunk asks.
 */
async function counterFor(deps: QuotaDeps, run: Run, month: string): Promise<{ key: QuotaKey; limit: QuotaLimit }> {
  const namespace = { orgId: run.orgId, namespace: run.namespace };
  if (!run.dryRun) return { key: namespace, limit: { ownOrDefault: deps.monthlyRowLimit } };
  const [own, used] = await Promise.all([deps.quotas.getLimit(namespace), deps.quotas.getUsed(namespace, month)]);
  const left = Math.max(0, (own ?? deps.monthlyRowLimit) - used);
  return { key: { orgId: run.orgId, namespace: `${run.namespace}#dry-run#${run.runId}` }, limit: left };
}

import type { RunControl } from '../control/ports';
import type { Chunk, ChunkOutcome, ChunkRow } from '../runs/chunk';
import type { RowProblem } from '../runs/row-outcome';
import { isTerminal, type Run } from '../runs/run';
import { leaseExpiry } from '../runs/lease';
import { deadLetteredChunksOf } from '../runs/dead-chunks';
import { evaluatorForChunk, identityOf } from '../records/evaluate-row';
import { standInKey } from '../records/dry-run-writes';
import type { ExistingRecord, ImportRecord } from '../records/record';
import type { Clock, Logger, ObjectStore, RecordStore, RunRepository } from '../ports';
import { storeChunkProblems } from '../reports/stored-problems';
import { closeRunIfDone } from './close-run';
import type { QuotaStore } from '../quota/ports';
import { releaseAbandonedReservation } from '../quota/write-within-quota';

export interface SalvageDeadChunkDeps {
  /** closeCancelled: a run whose cancel was requested closes cancelled, whoever records its last chunk. */
  readonly runs: RunRepository & Pick<RunControl, 'closeCancelled'>;
  readonly records: RecordStore;
  readonly quotas: QuotaStore;
  readonly objects: ObjectStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly leaseSeconds: number;
}

export type SalvageResult = 'recorded' | 'already_recorded' | 'run_closed' | 'no_run';

/**
 * A chunk the row processor gave up on (it failed on every delivery and was dead-lettered). Its run must still end,
 * with exact counters and a failure, instead of waiting for a chunk that will never be recorded.
 *
 * The processor may have written some of the chunk's records before it died. The rows are evaluated again (the
 * same evaluation gives the same keys) and their keys looked up: a record of this run and this row was written by
 * this chunk, so the row succeeded. Every other valid row counts failed with PROCESSING_ERROR; an invalid row keeps
 * the problem the processor would have reported. The chunk is then recorded like any other, once, and marked
 * dead-lettered in the same transaction, so whoever records the run's last chunk ends it `failed`. The quota rows
 * the chunk reserved and did not import are given back.
 */
export async function salvageDeadChunk(deps: SalvageDeadChunkDeps, chunk: Chunk): Promise<SalvageResult> {
  const run = await deps.runs.get(chunk.runId);
  if (!run) {
    deps.logger.warn('Dead-lettered chunk of an unknown run dropped', { jobId: chunk.runId, chunkId: chunk.chunkId });
    return 'no_run';
  }
  // Like the processor: rows of an ended run are its unprocessed rows, and stay so.
  if (isTerminal(run.state)) return 'run_closed';

  const { outcome, problems } = await classifyRows(deps, run, chunk);
  const now = deps.clock.now();
  const recorded = await deps.runs.recordChunk({
    runId: run.runId,
    chunkId: chunk.chunkId,
    outcome,
    at: now.toISOString(),
    leaseExpiresAt: leaseExpiry(now, deps.leaseSeconds),
    deadLettered: true,
  });
  // The failure document follows the counters that were recorded: ours (now, or by an earlier delivery of this
  // message that died before writing it), never over the document of a processor that did record the chunk.
  const ours = recorded || deadLetteredChunksOf((await deps.runs.get(run.runId)) ?? run).includes(chunk.chunkId);
  if (ours) {
    await storeChunkProblems(deps.objects, run.runId, chunk.chunkId, problems);
    // The rows it reserved but never wrote go back to the namespace's month (a processor that recorded the chunk
    // gave back its own unused rows already).
    await releaseAbandonedReservation(deps.quotas, chunk, outcome.succeeded);
  }
  deps.logger.error('Dead-lettered chunk salvaged', { jobId: run.runId, chunkId: chunk.chunkId, recorded, ...outcome });
  await closeRunIfDone(deps, run.runId);
  return recorded ? 'recorded' : 'already_recorded';
}

async function classifyRows(
  deps: SalvageDeadChunkDeps,
  run: Run,
  chunk: Chunk,
): Promise<{ outcome: ChunkOutcome; problems: RowProblem[] }> {
  const evaluator = evaluatorForChunk(run, chunk);
  const problems: RowProblem[] = [];
  const candidates: Array<{ row: ChunkRow; record: ImportRecord }> = [];
  for (const row of chunk.rows) {
    try {
      const evaluation = evaluator.evaluate(row);
      if (evaluation.ok) candidates.push({ row, record: evaluation.record });
      else problems.push(evaluation.problem);
    } catch {
      // Whatever killed the processor may be this row: it is a failed row, not a reason to fail the salvage too.
      problems.push(notImported(chunk, row, {}));
    }
  }

  // A dry run writes stand-ins private to the run instead of records.
  const storedKey = (record: ImportRecord) => (run.dryRun ? standInKey(run.runId, record.key) : record.key);
  const keys = [...new Set(candidates.map(({ record }) => storedKey(record)))];
  const found = keys.length > 0 ? await deps.records.find(run.orgId, keys) : new Map<string, ExistingRecord>();
  let succeeded = 0;
  for (const { row, record } of candidates) {
    const existing = found.get(storedKey(record));
    if (existing && existing.runId === run.runId && existing.rowNumber === record.rowNumber) succeeded++;
    else problems.push(notImported(chunk, row, record.data));
  }
  problems.sort((a, b) => a.rowNumber - b.rowNumber);
  return {
    outcome: {
      succeeded,
      failed: problems.filter((p) => p.outcome === 'failed').length,
      skipped: problems.filter((p) => p.outcome === 'skipped').length,
    },
    problems,
  };
}

function notImported(chunk: Chunk, row: ChunkRow, data: Readonly<Record<string, unknown>>): RowProblem {
  return {
    rowNumber: row.n,
    outcome: 'failed',
    code: 'PROCESSING_ERROR',
    message: `Not imported: chunk ${chunk.chunkId} failed on every delivery`,
    ...identityOf(data),
    ...(row.cells ? { cells: row.cells } : row.item ? { item: row.item } : {}),
  };
}

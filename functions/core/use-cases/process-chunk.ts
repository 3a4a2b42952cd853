import type { Chunk, ChunkOutcome } from '../runs/chunk';
import type { RowProblem } from '../runs/row-outcome';
import { isTerminal, type Run } from '../runs/run';
import { leaseExpiry } from '../runs/lease';
import { evaluatorForChunk, type RowEvaluator } from '../records/evaluate-row';
import { classifyExisting } from '../records/duplicates';
import { rehearseWrites } from '../records/dry-run-writes';
import type { ImportRecord } from '../records/record';
import type { Clock, IdGenerator, Logger, ObjectStore, RecordStore, RunRepository } from '../ports';
import { storeChunkProblems } from '../reports/stored-problems';
import { gateChunk, type GateResult } from './chunk-gate';
import type { ObjectRemover, RunControl } from '../control/ports';
import { closeRunIfDone } from './close-run';
import { writeWithinQuota, type QuotaDeps } from '../quota/write-within-quota';

export interface ProcessChunkDeps extends QuotaDeps {
  readonly runs: RunRepository & RunControl;
  readonly records: RecordStore;
  readonly objects: ObjectStore & ObjectRemover;
  readonly clock: Clock;
  /** Tokens for parked chunks' keys. */
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly leaseSeconds: number;
}

export type ChunkResult = 'recorded' | 'already_recorded' | Exclude<GateResult, 'proceed'>;

/**
 * Validates and imports one chunk, then adds its outcome to the run. Safe to repeat: records are written under
 * deterministic keys and a replayed row recognises its own record, so a chunk delivered twice (or retried after
 * a crash half-way) ends with the same outcome, and the run counts it once.
 */
export async function processChunk(deps: ProcessChunkDeps, chunk: Chunk): Promise<ChunkResult> {
  const run = await deps.runs.get(chunk.runId);
  if (!run) throw new Error(`Run ${chunk.runId} not found`); // redelivered until the run exists, then dead-lettered
  if (isTerminal(run.state)) return 'run_closed';
  // Job control (pause, cancel) decides first, between chunks.
  const gate = await gateChunk(deps, run, chunk);
  if (gate !== 'proceed') return gate;

  const problems: RowProblem[] = [];
  const candidates: ImportRecord[] = [];
  const evaluator = evaluatorOf(run, chunk);
  for (const row of chunk.rows) {
    const evaluation = evaluator.evaluate(row);
    if (evaluation.ok) candidates.push(evaluation.record);
    else problems.push(evaluation.problem);
  }

  const lateProblems: RowProblem[] = [];
  const importable = await rejectUnknownEntities(deps, run, candidates, lateProblems);
  // The monthly quota (§9) decides which of them may be written: rows past it fail LIMIT_REACHED.
  const succeeded = await writeWithinQuota(deps, run, chunk.chunkId, importable, lateProblems, (allowed) =>
    writeRecords(deps, run, allowed, lateProblems),
  );
  // Problems found while writing know the record, not the row as read: give them its cells back, so
  // failed-rows.csv can return every failed row.
  const rowsByNumber = lateProblems.length > 0 ? new Map(chunk.rows.map((row) => [row.n, row])) : new Map<number, never>();
  for (const problem of lateProblems) {
    const row = rowsByNumber.get(problem.rowNumber);
    problems.push(row?.cells ? { ...problem, cells: row.cells } : row?.item ? { ...problem, item: row.item } : problem);
  }

  const outcome: ChunkOutcome = {
    succeeded,
    failed: problems.filter((p) => p.outcome === 'failed').length,
    skipped: problems.filter((p) => p.outcome === 'skipped').length,
  };
  await storeChunkProblems(deps.objects, run.runId, chunk.chunkId, problems);

  const now = deps.clock.now();
  const recording = { runId: run.runId, chunkId: chunk.chunkId, outcome, at: now.toISOString(), leaseExpiresAt: leaseExpiry(now, deps.leaseSeconds) };
  // Most chunks are not the run's last: recorded on that condition, they need not read the run again to close it.
  const early = await deps.runs.recordChunkUnlessLast(recording, { files: run.files.length, totalChunks: run.totalChunks });
  if (early === 'recorded') return 'recorded';
  const recorded = early === 'may_end_run' && (await deps.runs.recordChunk(recording));
  if (!recorded) {
    deps.logger.info('Chunk already recorded', { jobId: run.runId, chunkId: chunk.chunkId });
    return 'already_recorded';
  }
  await closeRunIfDone(deps, run.runId);
  return 'recorded';
}

/**
 * Evaluators by run and header, so a worker builds a file's row mapper once, not once per chunk (a file's chunks
 * share its header). Bounded: a worker sees few runs at once.
 */
const evaluators = new Map<string, RowEvaluator>();
const EVALUATORS_KEPT = 32;

function evaluatorOf(run: Run, chunk: Chunk): RowEvaluator {
  // Everything the evaluator is built from, so an entry can never serve another run's rows.
  const key = JSON.stringify([run.runId, run.orgId, run.namespace, run.kind, run.columnMapping, run.defaultFields, chunk.header ?? null]);
  let evaluator = evaluators.get(key);
  if (!evaluator) {
    evaluator = evaluatorForChunk(run, chunk);
    if (evaluators.size >= EVALUATORS_KEPT) evaluators.delete(evaluators.keys().next().value as string);
    evaluators.set(key, evaluator);
  }
  return evaluator;
}

/** Transactions with `validateExistingEntity`: both parties must be imported entities of the same org. */
async function rejectUnknownEntities(
  deps: ProcessChunkDeps,
  run: Run,
  candidates: ImportRecord[],
  problems: RowProblem[],
): Promise<ImportRecord[]> {
  if (run.kind !== 'transaction_batch' || !run.options.validateExistingEntity) return candidates;
  const taxIdsOf = (r: ImportRecord) =>
    (['originTaxId', 'destinationTaxId'] as const).flatMap((f) =>
      typeof r.data[f] === 'string' ? [{ field: f, taxId: r.data[f] as string }] : [],
    );
  const keys = [...new Set(candidates.flatMap((r) => taxIdsOf(r).map((t) => `ENTITY#${t.taxId}`)))];
  const found = keys.length > 0 ? await deps.records.find(run.orgId, keys) : new Map();
  return candidates.filter((record) => {
    const missing = taxIdsOf(record).find((t) => !found.has(`ENTITY#${t.taxId}`));
    if (!missing) return true;
    problems.push({
      rowNumber: record.rowNumber,
      outcome: 'failed',
      code: 'ENTITY_NOT_FOUND',
      message: `No entity with taxId ${missing.taxId}`,
      field: missing.field,
      value: missing.taxId,
      externalId: String(record.data.externalId),
    });
    return false;
  });
}

/**
 * Writes in waves: first the first row of each key in the chunk, then the rows that repeat a key. A repeated row
 * then meets the record its twin just wrote and is classified like any duplicate, and a replay of the chunk
 * sorts every row the same way again.
 */
async function writeRecords(
  deps: ProcessChunkDeps,
  run: Run,
  records: ImportRecord[],
  problems: RowProblem[],
): Promise<number> {
  let succeeded = 0;
  let pending = records;
  while (pending.length > 0) {
    const wave: ImportRecord[] = [];
    const later: ImportRecord[] = [];
    const keys = new Set<string>();
    for (const record of pending) {
      if (keys.has(record.key)) later.push(record);
      else {
        keys.add(record.key);
        wave.push(record);
      }
    }
    const results = run.dryRun
      ? await rehearseWrites(deps.records, run, wave, deps.clock.now())
      : await deps.records.putNew(wave);
    results.forEach((result, i) => {
      const record = wave[i] as ImportRecord;
      if (result.written) succeeded++;
      else problems.push(classifyExisting(record, result.existing, run.options));
    });
    pending = later;
  }
  return succeeded;
}

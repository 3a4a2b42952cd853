import type { Readable } from 'node:stream';
import type { Chunk } from '../runs/chunk';
import { Chunker } from '../runs/chunker';
import { leaseExpiry } from '../runs/lease';
import { isTerminal, type RunFailure, type Run } from '../runs/run';
import { buildRowMapper, type RowMapper } from '../records/mapping';
import { FileReadError, readRows } from '../files/read-rows';
import { uploadKey } from '../files/object-keys';
import type { FileLimits } from '../files/limits';
import { SourceMissingError } from '../errors';
import type { ChunkQueue, Clock, Logger, ObjectStore, RunRepository } from '../ports';
import type { SplitCheckpoint, SplitCheckpointStore, SplitContinuationQueue } from '../splitting/ports';
import { closeRunIfDone } from './close-run';
import type { RunControl } from '../control/ports';
import { isCancelRequested } from '../control/control-rules';
import { setAsideChunk } from '../control/set-aside';

export interface SplitUploadDeps {
  readonly runs: RunRepository & RunControl;
  readonly objects: ObjectStore;
  readonly chunks: ChunkQueue;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly chunkMaxRows: number;
  readonly chunkMaxBytes: number;
  readonly leaseSeconds: number;
  /** Chunks sent to the queue in one go; bounds the rows held in memory. */
  readonly sendBatchChunks?: number;
  /** How often the lease is renewed while a file streams. @default a third of the lease, at most 10 s */
  readonly heartbeatEveryMs?: number;
  /** Where a split that runs out of time records what it has queued. */
  readonly checkpoints: SplitCheckpointStore;
  /** Hands the rest of a file to another invocation. */
  readonly continuations: SplitContinuationQueue;
  /**
   * Time one invocation spends on a file before it stops at the next chunk boundary, checkpoints and hands the
   * rest on; below the function's timeout, with room for the last send and the checkpoint.
   */
  readonly splitTimeBudgetMs: number;
  /** What one row may take (MAX_COLUMNS, MAX_ROW_BYTES, MAX_JSON_DEPTH). @default DEFAULT_FILE_LIMITS */
  readonly fileLimits?: FileLimits;
}

/**
 * Streams one uploaded file into chunks on the queue. The file is never held whole: rows flow from the object
 * stream through the parser into chunks, a bounded number at a time. A file that cannot be read as a whole
 * (empty, wrong encoding, required columns missing) ends the run `failed` with a job-level code.
 *
 * A file too long for one invocation is split in shares: when the time budget runs out the split stops where a
 * chunk closes by itself, checkpoints the rows and chunks queued, and sends a continuation; the next invocation
 * reads past those rows and goes on. Chunks only ever close where an unbroken split would close them, so every
 * chunk id names the same rows however the file was shared out, and anything sent twice (a crash before the
 * checkpoint, a duplicate message running beside this one) is a chunk the run counts once.
 */
export async function splitUpload(deps: SplitUploadDeps, target: { runId: string; fileIndex: number }): Promise<void> {
  const { runId, fileIndex } = target;
  const run = await deps.runs.get(runId);
  if (!run) throw new Error(`Run ${runId} not found`); // the object landed before its run was written: retry
  if (isTerminal(run.state)) return;
  const file = run.files[fileIndex];
  if (!file) {
    deps.logger.warn('Upload names a file the run does not have', { jobId: runId, fileIndex });
    return;
  }

  const checkpoint = await deps.checkpoints.get(runId, fileIndex);
  if (checkpoint?.done) return; // a late duplicate: the file's split is recorded

  const started = deps.clock.now();
  await deps.runs.markStarted(runId, started.toISOString(), leaseExpiry(started, deps.leaseSeconds));
  // A run already running (another file, or a split resumed by the lease sweeper): this worker holds the lease now.
  if (run.state !== 'queued') await deps.runs.heartbeat(runId, started.toISOString(), leaseExpiry(started, deps.leaseSeconds));
  // A queued run can be cancelled up to the moment it starts: whichever conditional write came first holds.
  const current = await deps.runs.get(runId);
  if (!current || isTerminal(current.state)) return;

  let source: Readable;
  try {
    source = await deps.objects.read(uploadKey(runId, fileIndex));
  } catch (error) {
    if (error instanceof SourceMissingError) {
      return failRun(deps, runId, { code: 'SOURCE_FILE_NOT_FOUND', message: `${file.fileName} is no longer stored` });
    }
    throw error;
  }

  const queued: Queued = { rows: checkpoint?.rows ?? 0, chunks: checkpoint?.chunks ?? 0 };
  const deadline = started.getTime() + deps.splitTimeBudgetMs;
  let share: 'whole_file' | 'out_of_time';
  try {
    share = await streamChunks(deps, current, fileIndex, source, queued, deadline);
  } catch (error) {
    const failure =
      error instanceof JobFailureError
        ? error.failure
        : error instanceof FileReadError
          ? { code: error.code, message: `${file.fileName}: ${error.message}` }
          : undefined;
    if (!failure) throw error;
    // Rows already queued may be imported: count them in totalItems so the counters still add up.
    if (queued.chunks > 0) {
      await deps.runs.recordFileSplit({ runId, fileIndex, ...queued, at: deps.clock.now().toISOString() });
    }
    return failRun(deps, runId, failure);
  }
  if (share === 'out_of_time') {
    source.destroy();
    return handOn(deps, checkpoint, { runId, fileIndex, rows: queued.rows, chunks: queued.chunks });
  }
  const counts = queued;

  const at = deps.clock.now().toISOString();
  await deps.runs.recordFileSplit({ runId, fileIndex, ...counts, at });
  // After the split is recorded, never before: a crash in between only makes a later message split the tail again.
  await deps.checkpoints.save(checkpoint, { ...nextCheckpoint(checkpoint, { runId, fileIndex, ...counts }), done: true });
  const after = await deps.runs.get(runId);
  if (after && after.filesSplit >= after.files.length) await deps.runs.setPhase(runId, 'importing');
  deps.logger.info('File split', { jobId: runId, fileIndex, rows: counts.rows, chunks: counts.chunks });
  await closeRunIfDone(deps, runId);
}

type Queued = { rows: number; chunks: number; header?: readonly string[] };

function nextCheckpoint(
  previous: SplitCheckpoint | null,
  position: { runId: string; fileIndex: number; rows: number; chunks: number },
): SplitCheckpoint {
  const { runId, fileIndex, rows, chunks } = position;
  return { runId, fileIndex, rows, chunks, invocations: (previous?.invocations ?? 0) + 1, done: false };
}

/**
 * Checkpoint first, then the continuation. A crash after the checkpoint fails this message, which comes back and
 * resumes from the checkpoint itself; a crash before it only repeats chunks. An invocation whose checkpoint write
 * loses (a duplicate message ran beside it) sends nothing: the winner hands on, so the chain never forks.
 */
async function handOn(
  deps: SplitUploadDeps,
  previous: SplitCheckpoint | null,
  position: { runId: string; fileIndex: number; rows: number; chunks: number },
): Promise<void> {
  const next = nextCheckpoint(previous, position);
  if (!(await deps.checkpoints.save(previous, next))) {
    deps.logger.info('Another invocation went on with this file', { jobId: position.runId, fileIndex: position.fileIndex });
    return;
  }
  await deps.continuations.continueSplit({ runId: position.runId, fileIndex: position.fileIndex });
  deps.logger.info('Split out of time: continues in another invocation', {
    jobId: position.runId,
    fileIndex: position.fileIndex,
    rows: next.rows,
    chunks: next.chunks,
    invocations: next.invocations,
  });
}

class JobFailureError extends Error {
  constructor(readonly failure: RunFailure) {
    super(failure.message);
  }
}

/**
 * Streams the file onto the queue from where `queued` says (rows before it are read and passed over);
 * `queued` counts what the queue has accepted so far, even if this throws. Answers `out_of_time` when it stopped
 * at a chunk boundary past the deadline, with every closed chunk sent.
 */
async function streamChunks(
  deps: SplitUploadDeps,
  run: Run,
  fileIndex: number,
  source: Readable,
  queued: Queued,
  deadline: number,
): Promise<'whole_file' | 'out_of_time'> {
  const file = run.files[fileIndex] as Run['files'][number];
  const chunker = new Chunker({
    runId: run.runId,
    fileIndex,
    maxRows: deps.chunkMaxRows,
    maxBytes: deps.chunkMaxBytes,
    firstSequence: queued.chunks,
  });
  let toSkip = queued.rows;
  const sendEvery = deps.sendBatchChunks ?? 20;
  const heartbeatEveryMs = deps.heartbeatEveryMs ?? Math.min(10_000, (deps.leaseSeconds * 1000) / 3);
  let pending: Chunk[] = [];
  // Once a cancel is requested, no more rows are queued: the rest of the file is set aside as never attempted,
  // still counted in totalItems and in the run's chunks, so the run can close and unprocessed.csv lists them.
  let cancelled = isCancelRequested(run);
  const send = async () => {
    cancelled = cancelled || isCancelRequested((await deps.runs.get(run.runId)) ?? run);
    if (cancelled) await Promise.all(pending.map((chunk) => setAsideChunk(deps, run, chunk)));
    else await deps.chunks.send(pending);
    queued.chunks += pending.length;
    queued.rows += pending.reduce((sum, chunk) => sum + chunk.rows.length, 0);
    pending = [];
  };
  let lastBeat = deps.clock.now().getTime();
  let validated = false;

  const markProcessing = async () => {
    if (validated) return;
    validated = true;
    await deps.runs.setPhase(run.runId, 'processing');
  };

  for await (const event of readRows(source, file, run.format, deps.fileLimits)) {
    if ('header' in event) {
      // Every chunk carries the header: one that fills half a chunk would leave no room for rows, or not fit at all.
      const headerBytes = Buffer.byteLength(JSON.stringify(event.header));
      if (headerBytes > deps.chunkMaxBytes / 2) {
        throw new JobFailureError({
          code: 'FILE_UNREADABLE',
          message: `${file.fileName}: the header row takes ${headerBytes} bytes; at most ${Math.floor(deps.chunkMaxBytes / 2)} (half of CHUNK_MAX_BYTES)`,
        });
      }
      const mapper = buildRowMapper(run.kind, event.header, run.columnMapping, run.defaultFields);
      if (mapper.missingRequired.length > 0) throw new JobFailureError(missingColumnsFailure(file.fileName, event.header, mapper));
      chunker.setHeader(event.header);
      queued.header = event.header;
      await markProcessing();
      continue;
    }
    await markProcessing();
    if (toSkip > 0) {
      toSkip--; // queued by an earlier invocation
    } else {
      const full = chunker.add(event.row);
      if (full) pending.push(full);
      // Only where a chunk closed by itself, so the next invocation starts a chunk where an unbroken split would.
      if (full && deps.clock.now().getTime() >= deadline) {
        await send();
        return 'out_of_time';
      }
      if (pending.length >= sendEvery) await send();
    }
    const now = deps.clock.now();
    if (now.getTime() - lastBeat >= heartbeatEveryMs) {
      lastBeat = now.getTime();
      await deps.runs.heartbeat(run.runId, now.toISOString(), leaseExpiry(now, deps.leaseSeconds));
    }
  }
  const last = chunker.flush();
  if (last) pending.push(last);
  if (pending.length > 0) await send();
  return 'whole_file';
}

/**
 * A required field without a column. When the mapping names columns the file does not have, the file no longer
 * matches the mapping (it changed, or the wrong mapping was picked): that is what to tell people.
 */
function missingColumnsFailure(fileName: string, header: readonly string[], mapper: RowMapper): RunFailure {
  const details = { missingFields: mapper.missingRequired, headers: header };
  if (mapper.missingMappedColumns.length > 0) {
    return {
      code: 'MAPPING_MISMATCH',
      message: `${fileName} does not match the mapping: no column ${mapper.missingMappedColumns.map((c) => `"${c}"`).join(', ')}`,
      details: { ...details, missingColumns: mapper.missingMappedColumns },
    };
  }
  return {
    code: 'MISSING_REQUIRED_COLUMNS',
    message: `${fileName} has no column for: ${mapper.missingRequired.join(', ')}`,
    details,
  };
}

async function failRun(deps: SplitUploadDeps, runId: string, failure: RunFailure): Promise<void> {
  deps.logger.warn('Run failed before import', { jobId: runId, code: failure.code });
  // A conditional write: only the first failure ends the run, and that write is the run-ended event.
  await deps.runs.fail(runId, failure, deps.clock.now().toISOString());
}

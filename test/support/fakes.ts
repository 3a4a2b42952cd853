import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pausedMillis } from '../../functions/core/runs/run-control-state';
import type { StoredApiKey } from '../../functions/core/auth/api-key';
import type {
  ApiKeyRepository,
  ChunkQueue,
  ChunkRecording,
  Clock,
  FileSplitRecording,
  IdempotencyClaim,
  IdempotencyClaimResult,
  IdempotencyStore,
  IdGenerator,
  Logger,
  MappingRepository,
  ObjectStore,
  RecordStore,
  RunHistoryQuery,
  RunRepository,
  StoredObject,
} from '../../functions/core/ports';
import type { Mapping } from '../../functions/core/mappings/mapping';
import type { ChunkClaim, RunControl } from '../../functions/core/control/ports';
import type { ImportJob, ImportJobStatus } from '../../functions/core/import-jobs/import-job';
import type { ImportJobRepository } from '../../functions/core/import-jobs/ports';
import type { ExistingRecord, ImportRecord } from '../../functions/core/records/record';
import type { Chunk } from '../../functions/core/runs/chunk';
import { isTerminal, phaseForFailure, type RunFailure, type Run, type RunPhase } from '../../functions/core/runs/run';
import { DomainError, SourceMissingError } from '../../functions/core/errors';
import { chunkFromBody, type ChunkBody, chunkBody } from '../../functions/core/runs/chunk';

/**
 * In-memory implementations of the core's ports, with the same contracts as the DynamoDB, S3 and SQS adapters
 * (the integration tests hold the adapters to those contracts against the emulators).
 */
export class FakeClock implements Clock {
  constructor(private current = new Date('2026-11-25T10:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export class SequentialIds implements IdGenerator {
  private n = 0;
  newId(): string {
    return `job-${String(++this.n).padStart(4, '0')}`;
  }
}

export class MemoryLogger implements Logger {
  readonly lines: Array<{ level: string; message: string; extra?: Record<string, unknown> }> = [];
  info(message: string, extra?: Record<string, unknown>) {
    this.lines.push({ level: 'info', message, extra });
  }
  warn(message: string, extra?: Record<string, unknown>) {
    this.lines.push({ level: 'warn', message, extra });
  }
  error(message: string, extra?: Record<string, unknown>) {
    this.lines.push({ level: 'error', message, extra });
  }
}

export class InMemoryApiKeys implements ApiKeyRepository {
  readonly keys = new Map<string, StoredApiKey>();
  async put(key: StoredApiKey): Promise<void> {
    // As the adapter's conditional put: a hash already stored keeps its key.
    if (this.keys.has(key.keyHash)) throw new Error('exists');
    this.keys.set(key.keyHash, key);
  }
  async findByHash(keyHash: string): Promise<StoredApiKey | null> {
    return this.keys.get(keyHash) ?? null;
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class InMemoryRuns implements RunRepository, RunControl {
  readonly runs = new Map<string, Mutable<Run>>();
  readonly markers = new Set<string>();
  /** Rows each recorded chunk counted, by marker (what a chunk marker item holds). */
  readonly chunkRows = new Map<string, number>();
  readonly claims = new Map<string, ChunkClaim>();
  /**
   * The lease index (lib/resources.ts LEASE_INDEX) as the adapter's writes keep it: the runs listed, with the time
   * each is due. It is not derived from the runs, because the adapter does not derive it either: job control's
   * writes leave it as it was (InMemoryLeases reads it; see the lease repository's contract suite).
   */
  readonly leaseIndex = new Map<string, string>();

  async create(run: Run): Promise<void> {
    if (this.runs.has(run.runId)) throw new Error('exists');
    this.runs.set(run.runId, structuredClone(run) as Mutable<Run>);
    // A presigned upload may never arrive: the sweeper looks at it once its URL has expired.
    if (run.state === 'queued' && run.control.awaitingUpload && run.control.uploadExpiresAt !== null) {
      this.leaseIndex.set(run.runId, run.control.uploadExpiresAt);
    }
  }
  /** Moves an indexed run's due time (a write of `leaseDueAt` alone does not put a run in the sparse index). */
  private renewDue(runId: string, dueAt: string): void {
    if (this.leaseIndex.has(runId)) this.leaseIndex.set(runId, dueAt);
  }
  async get(runId: string): Promise<Run | null> {
    const run = this.runs.get(runId);
    return run ? structuredClone(run) : null;
  }
  async listByOrg(orgId: string, query: RunHistoryQuery): Promise<{ runs: Run[]; nextCursor: string | null }> {
    const sortKey = (run: Run) => `${run.createdAt}#${run.runId}`;
    const matching = [...this.runs.values()]
      .filter((run) => run.orgId === orgId)
      .filter((run) => Object.entries(query.filters).every(([field, value]) => value === undefined || run[field as keyof Run] === value))
      .filter((run) => (query.createdFrom === undefined || run.createdAt >= query.createdFrom) && (query.createdTo === undefined || run.createdAt <= query.createdTo))
      .sort((a, b) => (sortKey(a) < sortKey(b) ? 1 : -1));
    // Like the adapter's, the cursor is bound to the org's history: another org's, or a forged one, is refused.
    const after = query.cursor === undefined ? undefined : orgCursors.decode(query.cursor, orgId);
    const start = after === undefined ? 0 : matching.findIndex((run) => sortKey(run) < after);
    const page = start === -1 ? [] : matching.slice(start, start + query.limit);
    const more = start !== -1 && start + query.limit < matching.length;
    return { runs: page.map((run) => structuredClone(run)), nextCursor: more ? orgCursors.encode(orgId, sortKey(page[page.length - 1]!)) : null };
  }
  async markStarted(runId: string, at: string, leaseExpiresAt: string): Promise<void> {
    const run = this.runs.get(runId);
    if (run?.state !== 'queued') return;
    Object.assign(run, { state: 'running', startedAt: at, heartbeatAt: at, leaseExpiresAt, control: { ...run.control, awaitingUpload: false } });
    this.leaseIndex.set(runId, leaseExpiresAt);
  }
  async setPhase(runId: string, phase: Extract<RunPhase, 'processing' | 'importing'>): Promise<void> {
    const run = this.runs.get(runId);
    const from: RunPhase[] = phase === 'processing' ? ['validating'] : ['validating', 'processing'];
    if (run?.state === 'running' && from.includes(run.phase)) run.phase = phase;
  }
  async heartbeat(runId: string, at: string, leaseExpiresAt: string): Promise<void> {
    const run = this.runs.get(runId);
    if (run?.state !== 'running') return;
    Object.assign(run, { heartbeatAt: at, leaseExpiresAt });
    this.renewDue(runId, leaseExpiresAt);
  }
  // Job control: the same conditions as the DynamoDB adapter's conditional writes.
  async pause(runId: string, at: string): Promise<boolean> {
    const run = this.runs.get(runId);
    if (run?.state !== 'running' || run.control.batchCancelRequested) return false;
    Object.assign(run, { state: 'paused', control: { ...run.control, pausedAt: at } });
    return true;
  }
  async resume(runId: string, at: string, leaseExpiresAt: string, pausedSince?: string): Promise<boolean> {
    const run = this.runs.get(runId);
    if (run?.state !== 'paused') return false;
    if (pausedSince !== undefined && run.control.pausedAt !== pausedSince) return false;
    const pausedMs = pausedSince === undefined ? run.control.pausedMs : (run.control.pausedMs ?? 0) + pausedMillis(pausedSince, at);
    Object.assign(run, { state: 'running', heartbeatAt: at, leaseExpiresAt, control: { ...run.control, pausedAt: null, resumedAt: at, pausedMs } });
    return true;
  }
  async requestCancel(runId: string, at: string, leaseExpiresAt: string): Promise<boolean> {
    const run = this.runs.get(runId);
    if (!run || !['running', 'paused'].includes(run.state) || run.control.batchCancelRequested) return false;
    Object.assign(run, {
      state: 'running',
      heartbeatAt: at,
      leaseExpiresAt,
      control: { ...run.control, pausedAt: null, batchCancelRequested: true, cancelRequestedAt: at },
    });
    return true;
  }
  async cancelQueued(runId: string, phase: 'failed', at: string): Promise<boolean> {
    const run = this.runs.get(runId);
    if (run?.state !== 'queued') return false;
    Object.assign(run, {
      state: 'cancelled',
      phase,
      completedAt: at,
      control: { ...run.control, awaitingUpload: false, batchCancelRequested: true, cancelRequestedAt: at },
    });
    return true;
  }
  async closeCancelled(runId: string, phase: 'completed' | 'partially_completed' | 'failed', at: string): Promise<boolean> {
    const run = this.runs.get(runId);
    if (run?.state !== 'running' || !run.control.batchCancelRequested || run.chunksDone !== run.totalChunks) return false;
    Object.assign(run, { state: 'cancelled', phase, completedAt: at });
    return true;
  }
  async claimChunk(runId: string, chunkId: string, claim: ChunkClaim, _at?: string): Promise<ChunkClaim> {
    const key = `${runId}/CLAIM#${chunkId}`;
    const held = this.claims.get(key);
    if (held) return held;
    this.claims.set(key, claim);
    return claim;
  }
  async recordUnprocessedChunk(runId: string, chunkId: string): Promise<boolean> {
    const marker = `${runId}/CHUNK#${chunkId}`;
    if (this.markers.has(marker)) return false;
    const run = this.must(runId);
    this.markers.add(marker);
    run.chunksDone += 1;
    return true;
  }
  async recordChunkUnlessLast(r: ChunkRecording, known: { files: number; totalChunks: number }): Promise<'recorded' | 'already_recorded' | 'may_end_run'> {
    if (this.markers.has(`${r.runId}/CHUNK#${r.chunkId}`)) return 'already_recorded';
    // A run that is not there fails the run's condition, as in the adapter's transaction.
    const run = this.runs.get(r.runId);
    if (!run || !(run.filesSplit < known.files || run.chunksDone < known.totalChunks - 1)) return 'may_end_run';
    return (await this.recordChunk(r)) ? 'recorded' : 'already_recorded';
  }
  async recordChunk(r: ChunkRecording): Promise<boolean> {
    const marker = `${r.runId}/CHUNK#${r.chunkId}`;
    if (this.markers.has(marker)) return false;
    const run = this.must(r.runId);
    this.markers.add(marker);
    this.chunkRows.set(marker, r.outcome.succeeded + r.outcome.failed + r.outcome.skipped);
    run.succeeded += r.outcome.succeeded;
    run.failed += r.outcome.failed;
    run.skipped += r.outcome.skipped;
    run.chunksDone += 1;
    run.heartbeatAt = r.at;
    run.leaseExpiresAt = r.leaseExpiresAt;
    this.renewDue(r.runId, r.leaseExpiresAt);
    if (r.deadLettered) run.control = { ...run.control, deadLetteredChunks: [...run.control.deadLetteredChunks, r.chunkId] };
    return true;
  }
  async recordFileSplit(r: FileSplitRecording): Promise<boolean> {
    const marker = `${r.runId}/FILE#${r.fileIndex}`;
    if (this.markers.has(marker)) return false;
    const run = this.must(r.runId);
    this.markers.add(marker);
    run.totalItems = (run.totalItems ?? 0) + r.rows;
    run.totalChunks += r.chunks;
    run.filesSplit += 1;
    if (r.header) run.files = run.files.map((file, i) => (i === r.fileIndex ? { ...file, header: r.header } : file));
    return true;
  }
  async complete(runId: string, phase: 'completed' | 'partially_completed', at: string): Promise<boolean> {
    const run = this.runs.get(runId);
    if (run?.state !== 'running' || run.chunksDone !== run.totalChunks) return false;
    Object.assign(run, { state: 'completed', phase, completedAt: at });
    this.leaseIndex.delete(runId);
    return true;
  }
  async fail(runId: string, failure: RunFailure, at: string): Promise<boolean> {
    const run = this.runs.get(runId);
    if (!run || isTerminal(run.state)) return false;
    Object.assign(run, {
      state: 'failed',
      phase: phaseForFailure(failure.code),
      failure: failure,
      workerError: workerErrorOf(failure),
      completedAt: at,
    });
    this.leaseIndex.delete(runId);
    return true;
  }
  async markLimitReached(runId: string): Promise<void> {
    const run = this.must(runId);
    run.control = { ...run.control, limitReached: true };
  }
  private must(runId: string): Mutable<Run> {
    const run = this.runs.get(runId);
    if (!run) throw new Error(`no run ${runId}`);
    return run;
  }
}

/** A run's workerError, cut as the adapters cut it (the whole failure stays in jobFailure). */
export const workerErrorOf = (failure: RunFailure): string => `${failure.code}: ${failure.message}`.slice(0, 500);

/**
 * Opaque page cursors bound to one org's list, refused (VALIDATION_ERROR) for another org or when forged, as the
 * adapters' cursors are (adapters/dynamodb/page-cursor.ts).
 */
export const orgCursors = {
  encode: (scope: string, position: string): string => Buffer.from(JSON.stringify({ scope, position })).toString('base64url'),
  decode(cursor: string, scope: string): string {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      parsed = undefined;
    }
    const { scope: bound, position } = (parsed ?? {}) as { scope?: unknown; position?: unknown };
    if (bound !== scope || typeof position !== 'string') {
      throw new DomainError('VALIDATION_ERROR', 'Invalid cursor: pass nextCursor from a previous page unchanged');
    }
    return position;
  },
};

export class InMemoryRecords implements RecordStore {
  readonly items = new Map<string, ImportRecord>();
  /** Calls to putNew, to let a test crash a write half-way. */
  failAfterWrites: number | undefined;
  private writes = 0;

  async putNew(records: readonly ImportRecord[]) {
    return records.map((record) => {
      const id = `${record.orgId}#${record.key}`;
      const current = this.items.get(id);
      if (current && !(current.runId === record.runId && current.rowNumber === record.rowNumber)) {
        const existing: ExistingRecord = { key: record.key, runId: current.runId, rowNumber: current.rowNumber, data: current.data };
        return { written: false as const, existing };
      }
      if (this.failAfterWrites !== undefined && this.writes >= this.failAfterWrites) throw new Error('simulated crash');
      this.writes++;
      // A replayed row finds its own record there and leaves it as first written (the adapter's INSERT fails on it).
      if (!current) this.items.set(id, record);
      return { written: true as const };
    });
  }
  async find(orgId: string, keys: readonly string[]): Promise<Map<string, ExistingRecord>> {
    const found = new Map<string, ExistingRecord>();
    for (const key of keys) {
      const item = this.items.get(`${orgId}#${key}`);
      if (item) found.set(key, { key, runId: item.runId, rowNumber: item.rowNumber, data: item.data });
    }
    return found;
  }
}

export class InMemoryObjects implements ObjectStore {
  /** `lastModified` defaults to when the object was put. */
  readonly objects = new Map<string, { body: Buffer; contentType: string; lastModified?: Date }>();
  async put(key: string, body: Buffer | string, contentType: string): Promise<void> {
    this.objects.set(key, { body: Buffer.isBuffer(body) ? body : Buffer.from(body), contentType, lastModified: new Date() });
  }
  async read(key: string): Promise<Readable> {
    const object = this.objects.get(key);
    if (!object) throw new SourceMissingError(key);
    // Small pieces, so parsers meet rows and multi-byte characters cut across reads.
    const pieces: Buffer[] = [];
    for (let i = 0; i < object.body.length; i += 7) pieces.push(object.body.subarray(i, i + 7));
    return Readable.from(pieces);
  }
  /** ObjectRemover (job control's parked chunks). */
  async delete(key: string): Promise<void> {
    this.objects.delete(key);
  }
  async presignPut(key: string, options: { contentType: string; contentLength?: number; expiresInSeconds: number; createOnly?: boolean }) {
    return {
      url: `https://uploads.example/${key}?expires=${options.expiresInSeconds}`,
      // The headers S3ObjectStore signs, so a client is told to send the same ones.
      headers: {
        'content-type': options.contentType,
        ...(options.contentLength !== undefined ? { 'content-length': String(options.contentLength) } : {}),
        ...(options.createOnly ? { 'if-none-match': '*' } : {}),
      },
    };
  }
  async *list(prefix: string): AsyncIterable<string> {
    // Sorted like S3 lists keys (UTF-8 byte order; the keys here are ASCII).
    yield* [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort();
  }
  async putStream(key: string, body: Readable, contentType: string): Promise<void> {
    const parts: Buffer[] = [];
    for await (const part of body) parts.push(Buffer.isBuffer(part) ? part : Buffer.from(part as string));
    this.objects.set(key, { body: Buffer.concat(parts), contentType, lastModified: new Date() });
  }
  async presignGet(key: string, options: { expiresInSeconds: number; fileName: string; contentType: string }) {
    const query = new URLSearchParams({ expires: String(options.expiresInSeconds), filename: options.fileName, type: options.contentType });
    return `https://downloads.example/${key}?${query.toString()}`;
  }
  async *listObjects(prefix: string): AsyncIterable<StoredObject> {
    for (const key of [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort()) {
      const object = this.objects.get(key)!;
      yield {
        key,
        // S3's ETag of a single-part object is the MD5 of its bytes.
        eTag: createHash('md5').update(object.body).digest('hex'),
        lastModified: object.lastModified ?? new Date(0),
        sizeBytes: object.body.length,
      };
    }
  }
  async copy(fromKey: string, toKey: string): Promise<void> {
    const object = this.objects.get(fromKey);
    if (!object) throw new SourceMissingError(fromKey);
    this.objects.set(toKey, { ...object, lastModified: new Date() });
  }
  text(key: string): string | undefined {
    return this.objects.get(key)?.body.toString('utf8');
  }
}

export class InMemoryChunkQueue implements ChunkQueue {
  readonly sent: Chunk[] = [];
  async send(chunks: readonly Chunk[]): Promise<void> {
    // Through JSON, as SQS would carry them.
    this.sent.push(...chunks.map((c) => chunkFromBody(JSON.parse(JSON.stringify(chunkBody(c))) as ChunkBody)));
  }
}

export class InMemoryMappings implements MappingRepository {
  readonly mappings = new Map<string, Mapping>();
  async create(mapping: Mapping): Promise<void> {
    if (this.mappings.has(mapping.id)) throw new Error('exists');
    this.mappings.set(mapping.id, structuredClone(mapping));
  }
  async get(id: string): Promise<Mapping | null> {
    const mapping = this.mappings.get(id);
    return mapping ? structuredClone(mapping) : null;
  }
  async listByOrg(orgId: string): Promise<Mapping[]> {
    // Newest first, as the index orders `<createdAt>#<id>`.
    const key = (m: Mapping) => `${m.createdAt}#${m.id}`;
    return [...this.mappings.values()]
      .filter((m) => m.orgId === orgId)
      .sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0))
      .map((m) => structuredClone(m));
  }
  async replace(mapping: Mapping): Promise<boolean> {
    if (this.mappings.get(mapping.id)?.orgId !== mapping.orgId) return false;
    this.mappings.set(mapping.id, structuredClone(mapping));
    return true;
  }
  async delete(orgId: string, id: string): Promise<boolean> {
    if (this.mappings.get(id)?.orgId !== orgId) return false;
    return this.mappings.delete(id);
  }
}

/** Idempotency-Key claims in memory, with the DynamoDB store's conditions (see idempotency-store.ts). */
export class InMemoryIdempotency implements IdempotencyStore {
  readonly claims = new Map<string, IdempotencyClaim & { status: 'IN_PROGRESS' | 'COMPLETED' }>();
  async claim(claim: IdempotencyClaim): Promise<IdempotencyClaimResult> {
    const id = `${claim.orgId}#${claim.key}`;
    const held = this.claims.get(id);
    const live = held && held.expiresAt > claim.now;
    if (live && !(held.status === 'IN_PROGRESS' && held.inProgressUntil <= claim.now)) {
      return { claimed: false, status: held.status, fingerprint: held.fingerprint, runId: held.runId };
    }
    this.claims.set(id, { ...claim, status: 'IN_PROGRESS' });
    return live ? { claimed: true, tookOver: { runId: held.runId, fingerprint: held.fingerprint } } : { claimed: true };
  }
  async complete(done: { orgId: string; key: string; claimedAs: string; runId: string; fingerprint: string }): Promise<boolean> {
    const id = `${done.orgId}#${done.key}`;
    const held = this.claims.get(id);
    if (!held || held.runId !== done.claimedAs || held.status !== 'IN_PROGRESS') return false;
    this.claims.set(id, { ...held, status: 'COMPLETED', runId: done.runId, fingerprint: done.fingerprint });
    return true;
  }
  async release(orgId: string, key: string, claimedAs: string): Promise<void> {
    if (this.claims.get(`${orgId}#${key}`)?.runId === claimedAs) this.claims.delete(`${orgId}#${key}`);
  }
}

/** Import jobs in memory, with the repository's org scoping and conditional replace. */
export class InMemoryImportJobs implements ImportJobRepository {
  readonly jobs = new Map<string, ImportJob>();
  async create(job: ImportJob): Promise<void> {
    if (this.jobs.has(job.id)) throw new Error('exists');
    this.jobs.set(job.id, structuredClone(job));
  }
  async get(orgId: string, id: string): Promise<ImportJob | null> {
    const job = this.jobs.get(id);
    return job && job.orgId === orgId ? structuredClone(job) : null;
  }
  async listByOrg(orgId: string, page: { limit: number; cursor?: string }) {
    const key = (j: ImportJob) => `${j.createdAt}#${j.id}`;
    const all = [...this.jobs.values()].filter((j) => j.orgId === orgId).sort((a, b) => (key(a) < key(b) ? 1 : -1));
    // Bound to the org's list, as the adapter's cursor is: another org's, or a forged one, is refused.
    const after = page.cursor === undefined ? undefined : orgCursors.decode(page.cursor, orgId);
    const start = after === undefined ? 0 : all.findIndex((j) => key(j) < after);
    const slice = start < 0 ? [] : all.slice(start, start + page.limit);
    const last = slice[slice.length - 1];
    const more = start >= 0 && start + page.limit < all.length;
    return { importJobs: slice.map((j) => structuredClone(j)), nextCursor: more && last ? orgCursors.encode(orgId, key(last)) : null };
  }
  async replace(job: ImportJob, expectedStatuses: readonly ImportJobStatus[]): Promise<boolean> {
    const current = this.jobs.get(job.id);
    if (!current || current.orgId !== job.orgId || !expectedStatuses.includes(current.status)) return false;
    this.jobs.set(job.id, structuredClone(job));
    return true;
  }
  async delete(orgId: string, id: string): Promise<boolean> {
    if (this.jobs.get(id)?.orgId !== orgId) return false;
    return this.jobs.delete(id);
  }
}

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
import { isTerminal, runStatusForFailure, type JobFailure, type Run, type RunStatus } from '../../functions/core/runs/run';
import { DomainError, SourceMissingError } from '../../functions/core/errors';

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
    if (this.runs.has(run.jobId)) throw new Error('exists');
    this.runs.set(run.jobId, structuredClone(run) as Mutable<Run>);
    // A presigned upload may never arrive: the sweeper looks at it once its URL has expired.
    if (run.status === 'queued' && run.control.awaitingUpload && run.control.uploadExpiresAt !== null) {
      this.leaseIndex.set(run.jobId, run.control.uploadExpiresAt);
    }
  }
  /** Moves an indexed run's due time (a write of `leaseDueAt` alone does not put a run in the sparse index). */
  private renewDue(jobId: string, dueAt: string): void {
    if (this.leaseIndex.has(jobId)) this.leaseIndex.set(jobId, dueAt);
  }
  async get(jobId: string): Promise<Run | null> {
    const run = this.runs.get(jobId);
    return run ? structuredClone(run) : null;
  }
  async listByOrg(orgId: string, query: RunHistoryQuery): Promise<{ runs: Run[]; nextCursor: string | null }> {
    const sortKey = (run: Run) => `${run.createdAt}#${run.jobId}`;
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
  async markStarted(jobId: string, at: string, leaseExpiresAt: string): Promise<void> {
    const run = this.runs.get(jobId);
    if (run?.status !== 'queued') return;
    Object.assign(run, { status: 'running', startedAt: at, heartbeatAt: at, leaseExpiresAt, control: { ...run.control, awaitingUpload: false } });
    this.leaseIndex.set(jobId, leaseExpiresAt);
  }
  async setRunStatus(jobId: string, runStatus: Extract<RunStatus, 'processing' | 'importing'>): Promise<void> {
    const run = this.runs.get(jobId);
    const from: RunStatus[] = runStatus === 'processing' ? ['validating'] : ['validating', 'processing'];
    if (run?.status === 'running' && from.includes(run.runStatus)) run.runStatus = runStatus;
  }
  async heartbeat(jobId: string, at: string, leaseExpiresAt: string): Promise<void> {
    const run = this.runs.get(jobId);
    if (run?.status !== 'running') return;
    Object.assign(run, { heartbeatAt: at, leaseExpiresAt });
    this.renewDue(jobId, leaseExpiresAt);
  }
  // Job control: the same conditions as the DynamoDB adapter's conditional writes.
  async pause(jobId: string, at: string): Promise<boolean> {
    const run = this.runs.get(jobId);
    if (run?.status !== 'running' || run.control.batchCancelRequested) return false;
    Object.assign(run, { status: 'paused', control: { ...run.control, pausedAt: at } });
    return true;
  }
  async resume(jobId: string, at: string, leaseExpiresAt: string, pausedSince?: string): Promise<boolean> {
    const run = this.runs.get(jobId);
    if (run?.status !== 'paused') return false;
    if (pausedSince !== undefined && run.control.pausedAt !== pausedSince) return false;
    const pausedMs = pausedSince === undefined ? run.control.pausedMs : (run.control.pausedMs ?? 0) + pausedMillis(pausedSince, at);
    Object.assign(run, { status: 'running', heartbeatAt: at, leaseExpiresAt, control: { ...run.control, pausedAt: null, resumedAt: at, pausedMs } });
    return true;
  }
  async requestCancel(jobId: string, at: string, leaseExpiresAt: string): Promise<boolean> {
    const run = this.runs.get(jobId);
    if (!run || !['running', 'paused'].includes(run.status) || run.control.batchCancelRequested) return false;
    Object.assign(run, {
      status: 'running',
      heartbeatAt: at,
      leaseExpiresAt,
      control: { ...run.control, pausedAt: null, batchCancelRequested: true, cancelRequestedAt: at },
    });
    return true;
  }
  async cancelQueued(jobId: string, runStatus: 'failed', at: string): Promise<boolean> {
    const run = this.runs.get(jobId);
    if (run?.status !== 'queued') return false;
    Object.assign(run, {
      status: 'cancelled',
      runStatus,
      completedAt: at,
      control: { ...run.control, awaitingUpload: false, batchCancelRequested: true, cancelRequestedAt: at },
    });
    return true;
  }
  async closeCancelled(jobId: string, runStatus: 'completed' | 'partially_completed' | 'failed', at: string): Promise<boolean> {
    const run = this.runs.get(jobId);
    if (run?.status !== 'running' || !run.control.batchCancelRequested || run.chunksDone !== run.totalChunks) return false;
    Object.assign(run, { status: 'cancelled', runStatus, completedAt: at });
    return true;
  }
  async claimChunk(jobId: string, chunkId: string, claim: ChunkClaim, _at?: string): Promise<ChunkClaim> {
    const key = `${jobId}/CLAIM#${chunkId}`;
    const held = this.claims.get(key);
    if (held) return held;
    this.claims.set(key, claim);
    return claim;
  }
  async recordUnprocessedChunk(jobId: string, chunkId: string): Promise<boolean> {
    const marker = `${jobId}/CHUNK#${chunkId}`;
    if (this.markers.has(marker)) return false;
    const run = this.must(jobId);
    this.markers.add(marker);
    run.chunksDone += 1;
    return true;
  }
  async recordChunkUnlessLast(r: ChunkRecording, known: { files: number; totalChunks: number }): Promise<'recorded' | 'already_recorded' | 'may_end_run'> {
    if (this.markers.has(`${r.jobId}/CHUNK#${r.chunkId}`)) return 'already_recorded';
    // A run that is not there fails the run's condition, as in the adapter's transaction.
    const run = this.runs.get(r.jobId);
    if (!run || !(run.filesSplit < known.files || run.chunksDone < known.totalChunks - 1)) return 'may_end_run';
    return (await this.recordChunk(r)) ? 'recorded' : 'already_recorded';
  }
  async recordChunk(r: ChunkRecording): Promise<boolean> {
    const marker = `${r.jobId}/CHUNK#${r.chunkId}`;
    if (this.markers.has(marker)) return false;
    const run = this.must(r.jobId);
    this.markers.add(marker);
    this.chunkRows.set(marker, r.outcome.succeeded + r.outcome.failed + r.outcome.skipped);
    run.succeeded += r.outcome.succeeded;
    run.failed += r.outcome.failed;
    run.skipped += r.outcome.skipped;
    run.chunksDone += 1;
    run.heartbeatAt = r.at;
    run.leaseExpiresAt = r.leaseExpiresAt;
    this.renewDue(r.jobId, r.leaseExpiresAt);
    if (r.deadLettered) run.control = { ...run.control, deadLetteredChunks: [...run.control.deadLetteredChunks, r.chunkId] };
    return true;
  }
  async recordFileSplit(r: FileSplitRecording): Promise<boolean> {
    const marker = `${r.jobId}/FILE#${r.fileIndex}`;
    if (this.markers.has(marker)) return false;
    const run = this.must(r.jobId);
    this.markers.add(marker);
    run.totalItems = (run.totalItems ?? 0) + r.rows;
    run.totalChunks += r.chunks;
    run.filesSplit += 1;
    if (r.header) run.files = run.files.map((file, i) => (i === r.fileIndex ? { ...file, header: r.header } : file));
    return true;
  }
  async complete(jobId: string, runStatus: 'completed' | 'partially_completed', at: string): Promise<boolean> {
    const run = this.runs.get(jobId);
    if (run?.status !== 'running' || run.chunksDone !== run.totalChunks) return false;
    Object.assign(run, { status: 'completed', runStatus, completedAt: at });
    this.leaseIndex.delete(jobId);
    return true;
  }
  async fail(jobId: string, failure: JobFailure, at: string): Promise<boolean> {
    const run = this.runs.get(jobId);
    if (!run || isTerminal(run.status)) return false;
    Object.assign(run, {
      status: 'failed',
      runStatus: runStatusForFailure(failure.code),
      jobFailure: failure,
      workerError: workerErrorOf(failure),
      completedAt: at,
    });
    this.leaseIndex.delete(jobId);
    return true;
  }
  async markLimitReached(jobId: string): Promise<void> {
    const run = this.must(jobId);
    run.control = { ...run.control, limitReached: true };
  }
  private must(jobId: string): Mutable<Run> {
    const run = this.runs.get(jobId);
    if (!run) throw new Error(`no run ${jobId}`);
    return run;
  }
}

/** A run's workerError, cut as the adapters cut it (the whole failure stays in jobFailure). */
export const workerErrorOf = (failure: JobFailure): string => `${failure.code}: ${failure.message}`.slice(0, 500);

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
      if (current && !(current.jobId === record.jobId && current.rowNumber === record.rowNumber)) {
        const existing: ExistingRecord = { key: record.key, jobId: current.jobId, rowNumber: current.rowNumber, data: current.data };
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
      if (item) found.set(key, { key, jobId: item.jobId, rowNumber: item.rowNumber, data: item.data });
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
    this.sent.push(...chunks.map((c) => JSON.parse(JSON.stringify(c)) as Chunk));
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
      return { claimed: false, status: held.status, fingerprint: held.fingerprint, jobId: held.jobId };
    }
    this.claims.set(id, { ...claim, status: 'IN_PROGRESS' });
    return live ? { claimed: true, tookOver: { jobId: held.jobId, fingerprint: held.fingerprint } } : { claimed: true };
  }
  async complete(done: { orgId: string; key: string; claimedAs: string; jobId: string; fingerprint: string }): Promise<boolean> {
    const id = `${done.orgId}#${done.key}`;
    const held = this.claims.get(id);
    if (!held || held.jobId !== done.claimedAs || held.status !== 'IN_PROGRESS') return false;
    this.claims.set(id, { ...held, status: 'COMPLETED', jobId: done.jobId, fingerprint: done.fingerprint });
    return true;
  }
  async release(orgId: string, key: string, claimedAs: string): Promise<void> {
    if (this.claims.get(`${orgId}#${key}`)?.jobId === claimedAs) this.claims.delete(`${orgId}#${key}`);
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

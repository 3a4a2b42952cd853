import type { Readable } from 'node:stream';
import type { StoredApiKey } from './auth/api-key';
import type { RunFailure, Run, RunPhase } from './runs/run';
import type { Chunk, ChunkOutcome } from './runs/chunk';
import type { ImportRecord, ExistingRecord } from './records/record';
import type { Mapping } from './mappings/mapping';

/**
 * The small interfaces the core needs from the outside world. Adapters implement them over the AWS SDK;
 * tests implement them in memory. Nothing here names an AWS service.
 */

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  newId(): string;
}

export interface ApiKeyRepository {
  put(key: StoredApiKey): Promise<void>;
  findByHash(keyHash: string): Promise<StoredApiKey | null>;
}

/** Counters a recorded chunk adds to its run, once. */
export interface ChunkRecording {
  readonly runId: string;
  readonly chunkId: string;
  readonly outcome: ChunkOutcome;
  readonly at: string;
  readonly leaseExpiresAt: string;
  /** The chunk was dead-lettered and salvaged: the run is told (control.deadLetteredChunks), so it ends failed. */
  readonly deadLettered?: boolean;
}

/** What a finished split adds to its run, once. */
export interface FileSplitRecording {
  readonly runId: string;
  readonly fileIndex: number;
  readonly rows: number;
  readonly chunks: number;
  /** The file's CSV header, kept on the run for the failure reports. */
  readonly header?: readonly string[];
  readonly at: string;
}

/** One page of an org's runs, newest first; the cursor is opaque and bound to the org. */
export interface RunHistoryQuery {
  readonly filters: Readonly<Partial<Pick<Run, 'kind' | 'state' | 'phase' | 'importJobId' | 'namespace'>>>;
  /** ISO 8601 UTC bounds on createdAt, both inclusive. */
  readonly createdFrom?: string;
  readonly createdTo?: string;
  readonly limit: number;
  readonly cursor?: string;
}

export interface RunRepository {
  create(run: Run): Promise<void>;
  get(runId: string): Promise<Run | null>;
  /** An invalid or foreign cursor is a DomainError VALIDATION_ERROR. */
  listByOrg(orgId: string, query: RunHistoryQuery): Promise<{ runs: Run[]; nextCursor: string | null }>;
  /** queued → running (validating); no-op when the run already left `queued`. */
  markStarted(runId: string, at: string, leaseExpiresAt: string): Promise<void>;
  /** Moves a running run to `runStatus` unless it is already terminal. */
  setPhase(runId: string, phase: Extract<RunPhase, 'processing' | 'importing'>): Promise<void>;
  heartbeat(runId: string, at: string, leaseExpiresAt: string): Promise<void>;
  /**
   * Adds a chunk's outcome to the run's counters exactly once: a second recording of the same chunk
   * (a redelivered message) changes nothing and answers false.
   */
  recordChunk(recording: ChunkRecording): Promise<boolean>;
  /**
   * Records the chunk as `recordChunk` does, but only if it cannot be the run's last: some file is still being
   * split, or other chunks than this one are still to be recorded, judged from `known` (the run as read earlier:
   * its chunks only grow, so an old count errs towards "may be last"). A chunk that is not last need not read the
   * run again to see whether it ends. Otherwise nothing is written: `may_end_run`, and the caller records it plainly.
   */
  recordChunkUnlessLast(
    recording: ChunkRecording,
    known: { readonly files: number; readonly totalChunks: number },
  ): Promise<'recorded' | 'already_recorded' | 'may_end_run'>;
  /** Adds a file's rows and chunks to the run exactly once; false when it was already recorded. */
  recordFileSplit(recording: FileSplitRecording): Promise<boolean>;
  /** Closes a running run whose every chunk is recorded; false when someone else closed it first. */
  complete(runId: string, phase: 'completed' | 'partially_completed', at: string): Promise<boolean>;
  /**
   * Ends a non-terminal run as failed with a job-level failure (phase `failed` or `halted`, as
   * `phaseForFailure` says); false when it had already ended.
   */
  fail(runId: string, failure: RunFailure, at: string): Promise<boolean>;
  /** Notes on the run (`control.limitReached`) that the monthly quota refused some of its rows. */
  markLimitReached(runId: string): Promise<void>;
}

/** Saved column mappings. Writes that name an org only touch that org's mapping. */
export interface MappingRepository {
  create(mapping: Mapping): Promise<void>;
  get(id: string): Promise<Mapping | null>;
  /** Every mapping of one org, newest first. */
  listByOrg(orgId: string): Promise<Mapping[]>;
  /** Replaces a mapping of the org; false when it no longer exists (deleted meanwhile). */
  replace(mapping: Mapping): Promise<boolean>;
  /** False when the org has no mapping with this id. */
  delete(orgId: string, id: string): Promise<boolean>;
}

export interface RecordStore {
  /**
   * Writes each record unless its key already holds another row's record. Writing the same row of the
   * same run again succeeds (a replayed chunk). Answers, per input record in order, `written` or the record
   * that was there.
   */
  putNew(records: readonly ImportRecord[]): Promise<Array<{ written: true } | { written: false; existing: ExistingRecord }>>;
  /** The records these keys of one org hold; absent keys are absent from the answer. */
  find(orgId: string, keys: readonly string[]): Promise<Map<string, ExistingRecord>>;
}

export interface ObjectStore {
  put(key: string, body: Buffer | string, contentType: string): Promise<void>;
  read(key: string): Promise<Readable>;
  /** A URL a client can PUT the object to, and the headers it must send with it. */
  presignPut(
    key: string,
    /** `createOnly`: the URL cannot replace an object already there (S3 answers 412); its headers say so. */
    options: { contentType: string; contentLength?: number; expiresInSeconds: number; createOnly?: boolean },
  ): Promise<{ url: string; headers: Record<string, string> }>;
  /** Keys under a prefix in lexicographic order, fetched page by page as the caller iterates. */
  list(prefix: string): AsyncIterable<string>;
  /** Writes a generated object from a stream, part by part, without ever holding all of it. */
  putStream(key: string, body: Readable, contentType: string): Promise<void>;
  /** A URL a client can GET the object from, answered with this download name and content type. */
  presignGet(key: string, options: { expiresInSeconds: number; fileName: string; contentType: string }): Promise<string>;
  /** Objects under a prefix, in key order, with what a listing tells about each; fetched page by page. */
  listObjects(prefix: string): AsyncIterable<StoredObject>;
  /** Copies an object inside the store, server-side; a missing source is a SourceMissingError. */
  copy(fromKey: string, toKey: string): Promise<void>;
}

/** One object as a listing describes it. */
export interface StoredObject {
  readonly key: string;
  /** Without quotes; changes whenever the content does. */
  readonly eTag: string;
  readonly lastModified: Date;
  readonly sizeBytes: number;
}

export interface ChunkQueue {
  /** Sends chunks in order; resolves when every one is accepted. */
  send(chunks: readonly Chunk[]): Promise<void>;
}

/** A claim of an Idempotency-Key by the request that is about to create job `jobId`. */
export interface IdempotencyClaim {
  readonly orgId: string;
  readonly key: string;
  readonly fingerprint: string;
  readonly runId: string;
  /** Epoch seconds: now. */
  readonly now: number;
  /** Epoch seconds: a claim still in progress then is taken to be dead (its function was killed) and may be taken over. */
  readonly inProgressUntil: number;
  /** Epoch seconds: when the key is forgotten. */
  readonly expiresAt: number;
}

/** A live claim held by another request: still creating its job, or done. */
export interface HeldIdempotencyKey {
  readonly status: 'IN_PROGRESS' | 'COMPLETED';
  readonly fingerprint: string;
  readonly runId: string;
}

export type IdempotencyClaimResult =
  /** `tookOver`: the claim replaced one whose request died in progress; its job may or may not exist. */
  | { readonly claimed: true; readonly tookOver?: { readonly runId: string; readonly fingerprint: string } }
  | ({ readonly claimed: false } & HeldIdempotencyKey);

export interface IdempotencyStore {
  /** Claims the key in progress, unless a live claim holds it; then answers that claim. */
  claim(claim: IdempotencyClaim): Promise<IdempotencyClaimResult>;
  /**
   * Marks the claim made as `claimedAs` completed, answering `runId` (the claimant's own job, or the one a dead
   * claimant created) for `fingerprint`. False when the claim is no longer `claimedAs`'s.
   */
  complete(done: { orgId: string; key: string; claimedAs: string; runId: string; fingerprint: string }): Promise<boolean>;
  /** Gives the key back after a failed create, unless another request holds it by now. */
  release(orgId: string, key: string, claimedAs: string): Promise<void>;
}

/**
 * Told that a run ended: the run-ended consumer calls it for each run the control table's stream shows moving into
 * a terminal status (the conditional write that ended the run is the event). Emails (§10), the retry policy of
 * import jobs (§7) and the final reports (§8) hang off it. A stream record can be delivered more than once, so it
 * must be safe to tell twice; it throws only when telling again later may succeed (a claim it could not write).
 */
export interface RunEndedListener {
  runEnded(run: Run): Promise<void>;
}

/**
 * One claim per ended run, taken before the steps that must not happen twice (the email, the report request). A
 * redelivered run-ended event finds the claim and skips them: such a step is sent at most once.
 */
export interface EndedRunClaims {
  /** True for the first caller of a run; false once the run was claimed. */
  claim(runId: string): Promise<boolean>;
}

export interface Logger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

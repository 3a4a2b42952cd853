import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ChunkClaim, RunControl } from '../../core/control/ports';
import type { ChunkRecording, FileSplitRecording, RunHistoryQuery, RunRepository } from '../../core/ports';
import type { JobFailure, Run, RunStatus } from '../../core/runs/run';
import { RunControlWrites } from './runs/run-control-writes';
import { RunCounters } from './runs/run-counters';
import { RunLifecycle } from './runs/run-lifecycle';
import { RunStore } from './runs/run-store';
import { RunTable } from './runs/run-table';

/**
 * Runs in the control table. One item per run under `RUN#<jobId>` (the status lookup is one GetItem), parsed at
 * this boundary (runs/run-item.ts), with a marker item per recorded chunk and per split file under the same
 * partition: the markers are what make counting exactly-once (runs/run-counters.ts). The writes are split by
 * concern under runs/; the writes that end a run share one builder (runs/run-end.ts) with the lease repository.
 */
export class DynamoRunRepository implements RunRepository, RunControl {
  private readonly store: RunStore;
  private readonly lifecycle: RunLifecycle;
  private readonly counters: RunCounters;
  private readonly control: RunControlWrites;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    const table = new RunTable(client, tableName);
    this.store = new RunStore(table);
    this.lifecycle = new RunLifecycle(table);
    this.counters = new RunCounters(table);
    this.control = new RunControlWrites(table);
  }

  create(run: Run): Promise<void> {
    return this.store.create(run);
  }
  get(jobId: string): Promise<Run | null> {
    return this.store.get(jobId);
  }
  listByOrg(orgId: string, query: RunHistoryQuery): Promise<{ runs: Run[]; nextCursor: string | null }> {
    return this.store.listByOrg(orgId, query);
  }

  markStarted(jobId: string, at: string, leaseExpiresAt: string): Promise<void> {
    return this.lifecycle.markStarted(jobId, at, leaseExpiresAt);
  }
  setRunStatus(jobId: string, runStatus: Extract<RunStatus, 'processing' | 'importing'>): Promise<void> {
    return this.lifecycle.setRunStatus(jobId, runStatus);
  }
  heartbeat(jobId: string, at: string, leaseExpiresAt: string): Promise<void> {
    return this.lifecycle.heartbeat(jobId, at, leaseExpiresAt);
  }
  markLimitReached(jobId: string): Promise<void> {
    return this.lifecycle.markLimitReached(jobId);
  }
  complete(jobId: string, runStatus: 'completed' | 'partially_completed', at: string): Promise<boolean> {
    return this.lifecycle.complete(jobId, runStatus, at);
  }
  fail(jobId: string, failure: JobFailure, at: string): Promise<boolean> {
    return this.lifecycle.fail(jobId, failure, at);
  }

  recordChunk(recording: ChunkRecording): Promise<boolean> {
    return this.counters.recordChunk(recording);
  }
  recordChunkUnlessLast(recording: ChunkRecording, known: { files: number; totalChunks: number }) {
    return this.counters.recordChunkUnlessLast(recording, known);
  }
  recordFileSplit(recording: FileSplitRecording): Promise<boolean> {
    return this.counters.recordFileSplit(recording);
  }
  recordUnprocessedChunk(jobId: string, chunkId: string, rows: number, at: string): Promise<boolean> {
    return this.counters.recordUnprocessedChunk(jobId, chunkId, rows, at);
  }
  claimChunk(jobId: string, chunkId: string, claim: ChunkClaim, at: string): Promise<ChunkClaim> {
    return this.counters.claimChunk(jobId, chunkId, claim, at);
  }

  pause(jobId: string, at: string): Promise<boolean> {
    return this.control.pause(jobId, at);
  }
  resume(jobId: string, at: string, leaseExpiresAt: string, pausedSince?: string): Promise<boolean> {
    return this.control.resume(jobId, at, leaseExpiresAt, pausedSince);
  }
  requestCancel(jobId: string, at: string, leaseExpiresAt: string): Promise<boolean> {
    return this.control.requestCancel(jobId, at, leaseExpiresAt);
  }
  cancelQueued(jobId: string, runStatus: 'failed', at: string): Promise<boolean> {
    return this.control.cancelQueued(jobId, runStatus, at);
  }
  closeCancelled(jobId: string, runStatus: 'completed' | 'partially_completed' | 'failed', at: string): Promise<boolean> {
    return this.control.closeCancelled(jobId, runStatus, at);
  }
}

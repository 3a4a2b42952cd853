import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ChunkClaim, RunControl } from '../../core/control/ports';
import type { ChunkRecording, FileSplitRecording, RunHistoryQuery, RunRepository } from '../../core/ports';
import type { RunFailure, Run, RunPhase } from '../../core/runs/run';
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
  get(runId: string): Promise<Run | null> {
    return this.store.get(runId);
  }
  listByOrg(orgId: string, query: RunHistoryQuery): Promise<{ runs: Run[]; nextCursor: string | null }> {
    return this.store.listByOrg(orgId, query);
  }

  markStarted(runId: string, at: string, leaseExpiresAt: string): Promise<void> {
    return this.lifecycle.markStarted(runId, at, leaseExpiresAt);
  }
  setPhase(runId: string, phase: Extract<RunPhase, 'processing' | 'importing'>): Promise<void> {
    return this.lifecycle.setPhase(runId, phase);
  }
  heartbeat(runId: string, at: string, leaseExpiresAt: string): Promise<void> {
    return this.lifecycle.heartbeat(runId, at, leaseExpiresAt);
  }
  markLimitReached(runId: string): Promise<void> {
    return this.lifecycle.markLimitReached(runId);
  }
  complete(runId: string, phase: 'completed' | 'partially_completed', at: string): Promise<boolean> {
    return this.lifecycle.complete(runId, phase, at);
  }
  fail(runId: string, failure: RunFailure, at: string): Promise<boolean> {
    return this.lifecycle.fail(runId, failure, at);
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
  recordUnprocessedChunk(runId: string, chunkId: string, rows: number, at: string): Promise<boolean> {
    return this.counters.recordUnprocessedChunk(runId, chunkId, rows, at);
  }
  claimChunk(runId: string, chunkId: string, claim: ChunkClaim, at: string): Promise<ChunkClaim> {
    return this.counters.claimChunk(runId, chunkId, claim, at);
  }

  pause(runId: string, at: string): Promise<boolean> {
    return this.control.pause(runId, at);
  }
  resume(runId: string, at: string, leaseExpiresAt: string, pausedSince?: string): Promise<boolean> {
    return this.control.resume(runId, at, leaseExpiresAt, pausedSince);
  }
  requestCancel(runId: string, at: string, leaseExpiresAt: string): Promise<boolean> {
    return this.control.requestCancel(runId, at, leaseExpiresAt);
  }
  cancelQueued(runId: string, phase: 'failed', at: string): Promise<boolean> {
    return this.control.cancelQueued(runId, phase, at);
  }
  closeCancelled(runId: string, phase: 'completed' | 'partially_completed' | 'failed', at: string): Promise<boolean> {
    return this.control.closeCancelled(runId, phase, at);
  }
}

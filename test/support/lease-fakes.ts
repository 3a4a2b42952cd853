import type { LeaseRepository, ObservedRun, RunProgress, UploadEvents, UploadProbe, UploadWindows } from '../../functions/core/leases/ports';
import { isTerminal, phaseForFailure, type RunFailure, type Run } from '../../functions/core/runs/run';
import { workerErrorOf, type InMemoryObjects, type InMemoryRuns } from './fakes';

/**
 * The lease index and the sweeper's conditional writes over the in-memory runs, with the contract of
 * DynamoLeaseRepository (test/support/contracts/lease-repository.contract.ts holds both to it): the index is
 * `InMemoryRuns.leaseIndex`, written by the same operations that write the adapter's index attributes.
 */
export class InMemoryLeases implements LeaseRepository {
  constructor(private readonly runs: InMemoryRuns) {}

  async findDue(now: string, limit: number): Promise<string[]> {
    return [...this.runs.leaseIndex]
      .filter(([, dueAt]) => dueAt <= now)
      .sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
      .slice(0, limit)
      .map(([jobId]) => jobId);
  }

  async takeOver(runId: string, observedLease: string | null, newLease: string, options: { resume: boolean }): Promise<boolean> {
    const run = this.runs.runs.get(runId);
    if (run?.state !== 'running' || run.leaseExpiresAt !== observedLease) return false;
    run.leaseExpiresAt = newLease;
    if (this.runs.leaseIndex.has(runId)) this.runs.leaseIndex.set(runId, newLease);
    if (options.resume) run.control = { ...run.control, leaseResumes: run.control.leaseResumes + 1 };
    return true;
  }

  async interrupt(observed: ObservedRun, end: { totalItems: number; failure: RunFailure; at: string }): Promise<boolean> {
    const run = this.runs.runs.get(observed.runId);
    const same = run !== undefined && (['leaseExpiresAt', 'succeeded', 'failed', 'skipped', 'chunksDone', 'filesSplit'] as const).every((f) => run[f] === observed[f]);
    if (run?.state !== 'running' || !same) return false;
    Object.assign(run, {
      state: 'interrupted',
      phase: phaseForFailure(end.failure.code),
      failure: end.failure,
      workerError: workerErrorOf(end.failure),
      completedAt: end.at,
      totalItems: end.totalItems,
    });
    this.runs.leaseIndex.delete(observed.runId);
    return true;
  }

  async expireUpload(runId: string, failure: RunFailure, at: string): Promise<boolean> {
    const run = this.runs.runs.get(runId);
    if (run?.state !== 'queued' || !run.control.awaitingUpload) return false;
    Object.assign(run, {
      state: 'failed',
      phase: phaseForFailure(failure.code),
      failure: failure,
      workerError: workerErrorOf(failure),
      completedAt: at,
      control: { ...run.control, awaitingUpload: false },
    });
    this.runs.leaseIndex.delete(runId);
    return true;
  }

  async postpone(runId: string, status: Run['state'], dueAt: string): Promise<void> {
    if (this.runs.runs.get(runId)?.state === status && this.runs.leaseIndex.has(runId)) this.runs.leaseIndex.set(runId, dueAt);
  }

  async unindex(runId: string): Promise<void> {
    const run = this.runs.runs.get(runId);
    if (run && isTerminal(run.state)) this.runs.leaseIndex.delete(runId);
  }

  async progress(runId: string): Promise<RunProgress> {
    const splitFiles = new Set<number>();
    const recordedRowsByFile = new Map<number, number>();
    for (const marker of this.runs.markers) {
      const [owner, name] = marker.split('/') as [string, string];
      if (owner !== runId) continue;
      const file = /^FILE#(\d+)$/.exec(name);
      if (file) splitFiles.add(Number(file[1]));
      const chunk = /^CHUNK#(\d+)-\d+$/.exec(name);
      if (chunk) recordedRowsByFile.set(Number(chunk[1]), (recordedRowsByFile.get(Number(chunk[1])) ?? 0) + (this.runs.chunkRows.get(marker) ?? 0));
    }
    return { splitFiles, recordedRowsByFile };
  }
}

/** Upload events sent to the splitter's queue, in order. */
export class RecordingUploadEvents implements UploadEvents {
  readonly sent: Array<{ runId: string; fileIndex: number }> = [];
  async announce(runId: string, fileIndex: number): Promise<void> {
    this.sent.push({ runId, fileIndex });
  }
  /** Takes what was sent so far, as the splitter's queue hands it out. */
  take(): Array<{ runId: string; fileIndex: number }> {
    return this.sent.splice(0);
  }
}

/** Whether an object is in the in-memory bucket. */
export class ObjectsProbe implements UploadProbe {
  constructor(private readonly objects: InMemoryObjects) {}
  async exists(key: string): Promise<boolean> {
    return this.objects.objects.has(key);
  }
}

/** Upload deadlines of waiting presigned runs, with DynamoUploadWindows' conditions. */
export class InMemoryUploadWindows implements UploadWindows {
  constructor(private readonly runs: InMemoryRuns) {}
  async extend(runId: string, expiresAt: string): Promise<boolean> {
    const run = this.runs.runs.get(runId);
    const current = run?.control.uploadExpiresAt ?? null;
    if (!run || run.state !== 'queued' || !run.control.awaitingUpload || !(current !== null && current < expiresAt)) return false;
    run.control = { ...run.control, uploadExpiresAt: expiresAt };
    if (this.runs.leaseIndex.has(runId)) this.runs.leaseIndex.set(runId, expiresAt);
    return true;
  }
}

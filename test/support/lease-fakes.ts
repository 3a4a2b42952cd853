import type { LeaseRepository, ObservedRun, RunProgress, UploadEvents, UploadProbe, UploadWindows } from '../../functions/core/leases/ports';
import { isTerminal, runStatusForFailure, type JobFailure, type Run } from '../../functions/core/runs/run';
import type { InMemoryObjects, InMemoryRuns } from './fakes';

/**
 * The lease index and the sweeper's conditional writes over the in-memory runs, with the contract of
 * DynamoLeaseRepository (the integration tests hold that one to it against DynamoDB Local): a run is indexed while
 * it is not terminal and due at its lease expiry (a presigned upload: at its URL expiry) unless postponed.
 */
export class InMemoryLeases implements LeaseRepository {
  /** Postponed due times, with the lease they were set under (a renewed lease overrides them, as in the index). */
  private readonly postponed = new Map<string, { dueAt: string; lease: string | null }>();

  constructor(private readonly runs: InMemoryRuns) {}

  async findDue(now: string, limit: number): Promise<string[]> {
    const due: Array<[string, string]> = [];
    for (const run of this.runs.runs.values()) {
      const dueAt = this.dueAt(run);
      if (dueAt !== null && dueAt <= now) due.push([run.jobId, dueAt]);
    }
    return due.sort((a, b) => (a[1] < b[1] ? -1 : 1)).slice(0, limit).map(([jobId]) => jobId);
  }

  async takeOver(jobId: string, observedLease: string | null, newLease: string, options: { resume: boolean }): Promise<boolean> {
    const run = this.must(jobId);
    if (run.status !== 'running' || run.leaseExpiresAt !== observedLease) return false;
    run.leaseExpiresAt = newLease;
    this.postponed.delete(jobId);
    if (options.resume) run.metadata = { ...run.metadata, leaseResumes: (Number(run.metadata.leaseResumes) || 0) + 1 };
    return true;
  }

  async interrupt(observed: ObservedRun, end: { totalItems: number; failure: JobFailure; at: string }): Promise<boolean> {
    const run = this.must(observed.jobId);
    const same = (['leaseExpiresAt', 'succeeded', 'failed', 'skipped', 'chunksDone', 'filesSplit'] as const).every((f) => run[f] === observed[f]);
    if (run.status !== 'running' || !same) return false;
    Object.assign(run, {
      status: 'interrupted',
      runStatus: runStatusForFailure(end.failure.code),
      jobFailure: end.failure,
      workerError: `${end.failure.code}: ${end.failure.message}`,
      completedAt: end.at,
      totalItems: end.totalItems,
    });
    return true;
  }

  async expireUpload(jobId: string, failure: JobFailure, at: string): Promise<boolean> {
    const run = this.must(jobId);
    if (run.status !== 'queued' || run.metadata.awaitingUpload !== true) return false;
    const { awaitingUpload: _, ...metadata } = run.metadata;
    Object.assign(run, {
      status: 'failed',
      runStatus: runStatusForFailure(failure.code),
      jobFailure: failure,
      workerError: `${failure.code}: ${failure.message}`,
      completedAt: at,
      metadata,
    });
    return true;
  }

  async postpone(jobId: string, status: Run['status'], dueAt: string): Promise<void> {
    const run = this.must(jobId);
    if (run.status === status && this.dueAt(run) !== null) this.postponed.set(jobId, { dueAt, lease: run.leaseExpiresAt });
  }

  async unindex(): Promise<void> {
    // Terminal runs are never indexed here.
  }

  async progress(jobId: string): Promise<RunProgress> {
    const splitFiles = new Set<number>();
    const recordedRowsByFile = new Map<number, number>();
    for (const marker of this.runs.markers) {
      const [owner, name] = marker.split('/') as [string, string];
      if (owner !== jobId) continue;
      const file = /^FILE#(\d+)$/.exec(name);
      if (file) splitFiles.add(Number(file[1]));
      const chunk = /^CHUNK#(\d+)-/.exec(name);
      if (chunk) recordedRowsByFile.set(Number(chunk[1]), (recordedRowsByFile.get(Number(chunk[1])) ?? 0) + (this.runs.chunkRows.get(marker) ?? 0));
    }
    return { splitFiles, recordedRowsByFile };
  }

  private dueAt(run: Run): string | null {
    if (isTerminal(run.status)) return null;
    const postponed = this.postponed.get(run.jobId);
    if (run.status === 'queued') {
      if (run.metadata.awaitingUpload !== true) return null;
      return postponed?.dueAt ?? String(run.metadata.uploadExpiresAt);
    }
    if (postponed && postponed.lease === run.leaseExpiresAt) return postponed.dueAt;
    return run.leaseExpiresAt;
  }

  private must(jobId: string) {
    const run = this.runs.runs.get(jobId);
    if (!run) throw new Error(`no run ${jobId}`);
    return run;
  }
}

/** Upload events sent to the splitter's queue, in order. */
export class RecordingUploadEvents implements UploadEvents {
  readonly sent: Array<{ jobId: string; fileIndex: number }> = [];
  async announce(jobId: string, fileIndex: number): Promise<void> {
    this.sent.push({ jobId, fileIndex });
  }
  /** Takes what was sent so far, as the splitter's queue hands it out. */
  take(): Array<{ jobId: string; fileIndex: number }> {
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
  async extend(jobId: string, expiresAt: string): Promise<boolean> {
    const run = this.runs.runs.get(jobId);
    const current = run?.metadata.uploadExpiresAt;
    if (!run || run.status !== 'queued' || run.metadata.awaitingUpload !== true || !(typeof current === 'string' && current < expiresAt)) return false;
    run.metadata = { ...run.metadata, uploadExpiresAt: expiresAt };
    return true;
  }
}

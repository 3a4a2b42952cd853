import type { RunControl } from '../control/ports';
import { uploadKey } from '../files/object-keys';
import type { LeaseRepository, RunProgress, UploadEvents, UploadProbe } from '../leases/ports';
import { decideSweep, leaseResumesOf, type LeasePolicy, type SweepDecision } from '../leases/sweep-rules';
import { leaseExpiry } from '../runs/lease';
import type { RunFailure, Run } from '../runs/run';
import type { Clock, Logger, RunRepository } from '../ports';
import { closeRunIfDone } from './close-run';

export interface SweepLeasesDeps {
  /** closeCancelled: a run whose cancel was requested closes cancelled, whoever records its last chunk. */
  readonly runs: RunRepository & Pick<RunControl, 'closeCancelled'>;
  readonly leases: LeaseRepository;
  readonly uploadEvents: UploadEvents;
  readonly uploads: UploadProbe;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly policy: LeasePolicy;
  /** Runs looked at in one sweep at most; the rest wait for the next. @default 200 */
  readonly maxRunsPerSweep?: number;
}

/** What one sweep did, by the action it took (runs a worker won the race for count as `raced`). */
export type SweepReport = Record<SweepDecision['action'] | 'raced' | 'errors', number>;

/**
 * One pass of the lease sweeper (§6): finds the runs whose lease or upload window is due, with a query of the
 * sparse lease index, and for each reads the run and does what `decideSweep` says. A run that fails to sweep is
 * logged and left for the next pass; it never stops the others.
 */
export async function sweepLeases(deps: SweepLeasesDeps): Promise<SweepReport> {
  const report: SweepReport = { unindex: 0, wait: 0, check_upload: 0, close: 0, resume: 0, extend: 0, interrupt: 0, raced: 0, errors: 0 };
  const due = await deps.leases.findDue(deps.clock.now().toISOString(), deps.maxRunsPerSweep ?? 200);
  for (const runId of due) {
    try {
      const action = await sweepRun(deps, runId);
      if (action) report[action]++;
    } catch (error) {
      report.errors++;
      deps.logger.error('Sweeping a run failed', { jobId: runId, error: error instanceof Error ? error.message : String(error) });
    }
  }
  if (due.length > 0) deps.logger.info('Lease sweep', { ...report });
  return report;
}

async function sweepRun(deps: SweepLeasesDeps, runId: string): Promise<keyof SweepReport | undefined> {
  const run = await deps.runs.get(runId);
  if (!run) return undefined;
  const now = deps.clock.now();
  const decision = decideSweep(run, now, deps.policy);
  const newLease = leaseExpiry(now, deps.policy.leaseSeconds);
  switch (decision.action) {
    case 'unindex':
      await deps.leases.unindex(runId);
      return 'unindex';
    case 'wait':
      await deps.leases.postpone(runId, run.state, decision.until);
      return 'wait';
    case 'close':
      await closeRunIfDone(deps, runId);
      return 'close';
    case 'extend': {
      const taken = await deps.leases.takeOver(runId, run.leaseExpiresAt, newLease, { resume: false });
      return taken ? 'extend' : 'raced';
    }
    case 'resume':
      return resume(deps, run, newLease);
    case 'interrupt':
      return interrupt(deps, run, decision.reason);
    case 'check_upload':
      return checkUpload(deps, run, newLease);
  }
}

/**
 * Splits again every file whose split was not recorded. The lease is taken over first, conditionally: if the
 * worker renewed it meanwhile it is alive and nothing is sent. Splitting a file twice is safe (chunk ids are
 * deterministic, a chunk and a file are recorded once), so a slow worker that carries on does no harm either.
 */
async function resume(deps: SweepLeasesDeps, run: Run, newLease: string): Promise<keyof SweepReport> {
  const progress = await deps.leases.progress(run.runId);
  if (!(await deps.leases.takeOver(run.runId, run.leaseExpiresAt, newLease, { resume: true }))) return 'raced';
  const files = run.files.map((_, index) => index).filter((index) => !progress.splitFiles.has(index));
  for (const fileIndex of files) await deps.uploadEvents.announce(run.runId, fileIndex);
  deps.logger.warn('Lease expired: split resumed', { jobId: run.runId, files, resume: leaseResumesOf(run) + 1 });
  return 'resume';
}

async function interrupt(deps: SweepLeasesDeps, run: Run, reason: 'resumes_exhausted' | 'stalled'): Promise<keyof SweepReport> {
  const progress = await deps.leases.progress(run.runId);
  const totalItems = knownRows(run, progress);
  const failure = leaseFailure(run, progress, reason);
  const ended = await deps.leases.interrupt(run, { totalItems, failure, at: deps.clock.now().toISOString() });
  if (!ended) return 'raced';
  deps.logger.error('Lease expired: run interrupted', { jobId: run.runId, reason, totalItems });
  return 'interrupt';
}

/**
 * The rows the run knows of: those of every split file, plus the rows counted from files whose split never
 * finished (the rest of such a file was never read, so nothing else can be said of it). What was never counted
 * is then `unprocessed`, and the counters add up.
 */
function knownRows(run: Run, progress: RunProgress): number {
  let rows = run.totalItems ?? 0;
  for (const [fileIndex, counted] of progress.recordedRowsByFile) {
    if (!progress.splitFiles.has(fileIndex)) rows += counted;
  }
  return rows;
}

function leaseFailure(run: Run, progress: RunProgress, reason: 'resumes_exhausted' | 'stalled'): RunFailure {
  if (reason === 'stalled') {
    return {
      code: 'WORKER_LEASE_EXPIRED',
      message: `No chunk was recorded since ${run.heartbeatAt ?? run.startedAt}: the run's remaining chunks are lost; rows never counted are unprocessed`,
      details: { lastProgressAt: run.heartbeatAt, chunksRecorded: run.chunksDone, chunksExpected: run.totalChunks },
    };
  }
  const unsplit = run.files.filter((_, index) => !progress.splitFiles.has(index)).map((file) => file.fileName);
  return {
    code: 'WORKER_LEASE_EXPIRED',
    message:
      `The worker's lease expired while splitting ${unsplit.join(', ')}, and the split was resumed ${leaseResumesOf(run)} times ` +
      'without finishing; rows never counted are unprocessed',
    details: { resumes: leaseResumesOf(run), filesNotSplit: unsplit },
  };
}

/**
 * A presigned upload whose URL (and grace period) has passed. If the file did land, its event is late or was lost:
 * announce it again and let the splitter start the run. If not, fail the run, conditionally: an upload that lands
 * at this very moment either starts the run first (and the failure is not written) or finds it failed.
 */
async function checkUpload(deps: SweepLeasesDeps, run: Run, newLease: string): Promise<keyof SweepReport> {
  const landed = await Promise.all(run.files.map((_, index) => deps.uploads.exists(uploadKey(run.runId, index))));
  if (landed.every(Boolean)) {
    for (const fileIndex of run.files.keys()) await deps.uploadEvents.announce(run.runId, fileIndex);
    await deps.leases.postpone(run.runId, 'queued', newLease);
    deps.logger.warn('Upload landed but its run never started: announced again', { jobId: run.runId });
    return 'check_upload';
  }
  const failure: RunFailure = {
    code: 'SOURCE_FILE_NOT_FOUND',
    message: `The upload never arrived: its URL expired at ${String(run.control.uploadExpiresAt)} and no file was received`,
    details: { uploadExpiresAt: run.control.uploadExpiresAt },
  };
  if (!(await deps.leases.expireUpload(run.runId, failure, deps.clock.now().toISOString()))) return 'raced';
  deps.logger.warn('Presigned upload never arrived: run failed', { jobId: run.runId });
  return 'check_upload';
}

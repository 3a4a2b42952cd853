import { isFullyProcessed, isTerminal, type Run } from '../runs/run';

export interface LeasePolicy {
  /** Length of a lease, and of one taken over by the sweeper. */
  readonly leaseSeconds: number;
  /** Resumes of a split before the run is interrupted. */
  readonly maxResumes: number;
  /** How long after its URL expired a presigned upload may still land (a PUT started just in time). */
  readonly uploadGraceSeconds: number;
  /**
   * How long a run whose files are all split may go without a recorded chunk before its chunks count as lost.
   * Until then they are in the chunk queue (behind other runs' chunks) or its DLQ, whose consumer ends the run.
   */
  readonly stallSeconds: number;
}

export type SweepDecision =
  /** The run ended: it only has to leave the index. */
  | { readonly action: 'unindex' }
  /** Nothing to do before `until`. */
  | { readonly action: 'wait'; readonly until: string }
  /** The upload URL expired: the file landed (its event is late or lost) or it never will. */
  | { readonly action: 'check_upload' }
  /** Every chunk is recorded but nobody closed the run (its worker died right after the last one). */
  | { readonly action: 'close' }
  /** A split died: split the files not split yet, again. */
  | { readonly action: 'resume' }
  /** The files are split and the chunks are queued: renew the lease on their behalf. */
  | { readonly action: 'extend' }
  | { readonly action: 'interrupt'; readonly reason: 'resumes_exhausted' | 'stalled' };

/**
 * What the sweeper does with a run the lease index says is due. Pure: the use case reads the run (consistently)
 * and carries the decision out with conditional writes.
 */
export function decideSweep(run: Run, now: Date, policy: LeasePolicy): SweepDecision {
  if (isTerminal(run.state)) return { action: 'unindex' };
  const later = (seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();

  if (run.state === 'queued') {
    const expiresAt = run.control.uploadExpiresAt;
    if (!run.control.awaitingUpload || expiresAt === null) return { action: 'wait', until: later(policy.leaseSeconds) };
    const deadline = new Date(Date.parse(expiresAt) + policy.uploadGraceSeconds * 1000);
    return now < deadline ? { action: 'wait', until: deadline.toISOString() } : { action: 'check_upload' };
  }
  // Paused (or any state that holds no worker): nothing can lapse; look again later.
  if (run.state !== 'running') return { action: 'wait', until: later(policy.leaseSeconds) };

  if (run.leaseExpiresAt !== null && Date.parse(run.leaseExpiresAt) > now.getTime()) {
    return { action: 'wait', until: run.leaseExpiresAt };
  }
  if (isFullyProcessed(run)) return { action: 'close' };
  if (run.filesSplit < run.files.length) {
    return leaseResumesOf(run) < policy.maxResumes ? { action: 'resume' } : { action: 'interrupt', reason: 'resumes_exhausted' };
  }
  const lastProgress = Date.parse(run.heartbeatAt ?? run.startedAt ?? run.createdAt);
  return now.getTime() - lastProgress > policy.stallSeconds * 1000
    ? { action: 'interrupt', reason: 'stalled' }
    : { action: 'extend' };
}

/** Times the sweeper has resumed the run's split. */
export function leaseResumesOf(run: Pick<Run, 'control'>): number {
  return run.control.leaseResumes;
}

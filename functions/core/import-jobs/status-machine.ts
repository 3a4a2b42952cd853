import { DomainError } from '../errors';
import type { ImportJob, ImportJobStatus } from './import-job';

/**
 * The only moves an import job makes (§7, the seed page):
 *
 *   draft ──sample──▶ sampling ──sampled──▶ draft
 *   sampling_failed ──sample──▶ sampling ──samplingFailed──▶ sampling_failed
 *   draft ──activate──▶ active ──pause──▶ paused ──reactivate──▶ active
 *   active ──halt (system)──▶ halted ──reactivate──▶ active
 *   active ──complete (system, after a one-time job's run)──▶ completed
 *
 * Every move is a conditional write on the status it starts from (ImportJobRepository.replace), so of two racing
 * requests exactly one wins; the other gets the same 409 as a move that was never allowed.
 */
export const TRANSITIONS = {
  sample: { from: ['draft', 'sampling_failed'], to: 'sampling' },
  sampled: { from: ['sampling'], to: 'draft' },
  samplingFailed: { from: ['sampling'], to: 'sampling_failed' },
  activate: { from: ['draft'], to: 'active' },
  pause: { from: ['active'], to: 'paused' },
  reactivate: { from: ['paused', 'halted'], to: 'active' },
  halt: { from: ['active'], to: 'halted' },
  complete: { from: ['active'], to: 'completed' },
} as const satisfies Record<string, { from: readonly ImportJobStatus[]; to: ImportJobStatus }>;

export type ImportJobTransition = keyof typeof TRANSITIONS;

/**
 * Statuses in which a person may change the definition: while setting it up, and while it is stopped (paused by
 * them, or halted by the system and waiting for them to fix the mapping or the schedule). An active job is paused
 * first, so a schedule never fires on a half-edited definition; `sampling` and `completed` are not edited.
 */
export const EDITABLE_STATUSES: readonly ImportJobStatus[] = ['draft', 'sampling_failed', 'paused', 'halted'];

/** Statuses that can have schedules in the scheduler: a job that was never activated has none. */
export const SCHEDULED_STATUSES: readonly ImportJobStatus[] = ['active', 'paused', 'halted', 'completed'];

export function invalidTransition(from: ImportJobStatus, to: ImportJobStatus | string, hint?: string): DomainError {
  return new DomainError(
    'INVALID_STATUS_TRANSITION',
    `An import job cannot go from ${from} to ${to}${hint ? `: ${hint}` : ''}`,
    { from, to },
  );
}

/** The job after the move, or the 409 that says the move is not allowed from its status. */
export function applyTransition(
  job: ImportJob,
  transition: ImportJobTransition,
  at: string,
  statusReason: string | null = null,
): ImportJob {
  const { from, to } = TRANSITIONS[transition];
  if (!(from as readonly ImportJobStatus[]).includes(job.status)) throw invalidTransition(job.status, to);
  return { ...job, status: to, statusReason, updatedAt: at };
}

export function expectedFrom(transition: ImportJobTransition): readonly ImportJobStatus[] {
  return TRANSITIONS[transition].from;
}

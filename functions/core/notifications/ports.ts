import type { AlertState } from './alert-policy';

/** One email, in both parts (§10). */
export interface EmailMessage {
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Sends email (SES in AWS and locally, through its emulator). A failure throws; callers log it and go on. */
export interface Mailer {
  send(message: EmailMessage): Promise<void>;
}

/**
 * Where each import job's alert state (alert-policy.ts) is kept. The write is conditional on the version read, so
 * two deciders racing on one job cannot both send, and a redelivered run finds itself already decided.
 */
export interface AlertStateStore {
  /** The job's state; INITIAL_ALERT_STATE (version 0) when none was written yet. */
  get(importJobId: string): Promise<AlertState>;
  /** Stores `next` if the stored version still is `expectedVersion` (0: nothing stored); false when another write won. */
  put(importJobId: string, next: AlertState, expectedVersion: number): Promise<boolean>;
}

import type { ImportJob, NotificationEvent } from '../import-jobs/import-job';
import type { Run } from '../runs/run';
import { asksFor } from './alert-policy';

/**
 * The org's default recipients (§10: an import job without emails of its own notifies them). Operators set them
 * with `npm run keys -- recipients` (OrgRecipientsStore); an upload's `reportRecipientEmails` are its own.
 */
export interface DefaultRecipients {
  forOrg(orgId: string): Promise<readonly string[]>;
}

/** Where an org's default recipients are kept. */
export interface OrgRecipientsStore extends DefaultRecipients {
  /** Replaces the org's list; an empty list removes it. */
  setForOrg(orgId: string, emails: readonly string[], at: string): Promise<void>;
}

/** For functions and tests that send to no defaults. */
export const noDefaultRecipients: DefaultRecipients = { forOrg: async () => [] };

/** Whether the job's recipients asked to hear about this event (no event named: every event; `every_attempt` is no filter). */
export function wantsEvent(job: Pick<ImportJob, 'notifications'>, event: NotificationEvent): boolean {
  return asksFor(job, event);
}

/** An import job's recipients whatever the event (the alert policy decided already): its own, or the org's defaults. */
export async function jobRecipients(defaults: DefaultRecipients, job: Pick<ImportJob, 'orgId' | 'notifications'>): Promise<string[]> {
  const own = job.notifications.emails ?? [];
  return distinct(own.length > 0 ? own : await defaults.forOrg(job.orgId));
}

/** An import job's recipients for one event: its own, or the org's defaults; none if the event is not wanted. */
export async function importJobRecipients(
  defaults: DefaultRecipients,
  job: Pick<ImportJob, 'orgId' | 'notifications'>,
  event: NotificationEvent,
): Promise<string[]> {
  if (!wantsEvent(job, event)) return [];
  return jobRecipients(defaults, job);
}

/** A run's recipients: its import job's (for this event), and the upload's `reportRecipientEmails`. */
export async function runRecipients(
  defaults: DefaultRecipients,
  run: Pick<Run, 'reportRecipientEmails'>,
  job: Pick<ImportJob, 'orgId' | 'notifications'> | null,
  event: NotificationEvent,
): Promise<string[]> {
  const fromJob = job ? await importJobRecipients(defaults, job, event) : [];
  return distinct([...fromJob, ...(run.reportRecipientEmails ?? [])]);
}

/** Addresses once each, compared without case, in their first spelling. */
export function distinct(addresses: readonly string[]): string[] {
  const seen = new Set<string>();
  return addresses.filter((address) => {
    const key = address.trim().toLowerCase();
    if (key === '' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

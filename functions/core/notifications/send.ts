import type { ImportJob } from '../import-jobs/import-job';
import type { Logger } from '../ports';
import { samplingFailedEmail } from './emails';
import type { DashboardLinks } from './links';
import type { EmailMessage, Mailer } from './ports';
import { importJobRecipients, noDefaultRecipients, type DefaultRecipients } from './recipients';

export interface NotifyDeps {
  readonly mailer: Mailer;
  readonly logger: Logger;
  /** @default noDefaultRecipients */
  readonly defaultRecipients?: DefaultRecipients;
  /** Where the emails' dashboard links point (PUBLIC_BASE_URL). */
  readonly links: DashboardLinks;
}

/**
 * Sends one email if it has recipients. A failure to send is logged and swallowed (§10): an email is never a
 * reason for a run, a sample or a status change to fail. Logs carry ids and counts, never the addresses.
 */
export async function sendQuietly(deps: NotifyDeps, message: EmailMessage, context: Record<string, unknown>): Promise<boolean> {
  if (message.to.length === 0) return false;
  try {
    await deps.mailer.send(message);
    deps.logger.info('Notification sent', { ...context, recipients: message.to.length });
    return true;
  } catch (error) {
    deps.logger.error('Notification could not be sent', { ...context, error: error instanceof Error ? error.message : String(error) });
    return false;
  }
}

/** Tells an import job's recipients (if they want `sampling_failed`) that its sample file could not be used. */
export async function notifySamplingFailed(
  deps: NotifyDeps,
  job: Pick<ImportJob, 'id' | 'name' | 'orgId' | 'notifications'>,
  reason: string,
  fileName?: string,
): Promise<boolean> {
  try {
    const to = await importJobRecipients(deps.defaultRecipients ?? noDefaultRecipients, job, 'sampling_failed');
    return await sendQuietly(deps, samplingFailedEmail({ job, reason, fileName, links: deps.links }, to), { importJobId: job.id, event: 'sampling_failed' });
  } catch (error) {
    deps.logger.error('Notification could not be prepared', { importJobId: job.id, error: error instanceof Error ? error.message : String(error) });
    return false;
  }
}

/**
 * The sampling route's `SamplingFailedListener` (functions/core/import-jobs/ports.ts in main): the reason is the
 * job's `statusReason`, which the transition to `sampling_failed` set.
 */
export function samplingFailedNotifier(deps: NotifyDeps) {
  return {
    samplingFailed: async (job: ImportJob, fileName: string): Promise<void> => {
      await notifySamplingFailed(deps, job, job.statusReason ?? 'The sample file could not be processed', fileName);
    },
  };
}

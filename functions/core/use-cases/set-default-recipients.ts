import { z } from 'zod';
import { DomainError } from '../errors';
import type { OrgRecipientsStore } from '../notifications/recipients';
import type { Clock } from '../ports';

/** As many as an upload's `reportRecipientEmails` (§4). */
const MAX_DEFAULT_RECIPIENTS = 10;

const Recipients = z.array(z.email({ error: 'must be an email address' }).max(320)).max(MAX_DEFAULT_RECIPIENTS);

/**
 * Sets the org's default recipients: whom the alerts of an import job without emails of its own go to (§10). An
 * empty list clears them. Answers the list as stored.
 */
export async function setDefaultRecipients(
  deps: { readonly recipients: OrgRecipientsStore; readonly clock: Clock },
  orgId: string,
  emails: readonly string[],
): Promise<string[]> {
  const parsed = Recipients.safeParse(emails.map((email) => email.trim()));
  if (!parsed.success) {
    throw new DomainError('VALIDATION_ERROR', `Default recipients must be at most ${MAX_DEFAULT_RECIPIENTS} email addresses`, {
      issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    });
  }
  await deps.recipients.setForOrg(orgId, parsed.data, deps.clock.now().toISOString());
  return parsed.data;
}

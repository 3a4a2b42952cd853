import type { JobKind } from '../kinds';

/** Record fields per kind (§5); the starred ones are required. */
export const FIELDS: Record<JobKind, { readonly required: readonly string[]; readonly optional: readonly string[] }> = {
  entity_automatic: {
    required: ['taxId', 'type'],
    optional: ['name', 'country', 'externalId', 'email', 'phone'],
  },
  transaction_batch: {
    required: ['externalId', 'amount', 'currency', 'occurredAt'],
    optional: ['type', 'status', 'originTaxId', 'destinationTaxId', 'description'],
  },
  user_event_batch: {
    required: ['eventType', 'userId', 'occurredAt'],
    optional: ['eventId', 'ip', 'deviceId'],
  },
};

/** `Tax ID`, `tax_id` and `taxId` name the same field. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

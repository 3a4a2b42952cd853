import { z } from 'zod';
import type { JobKind } from '../kinds';
import { isCountryCode, isCurrencyCode } from './iso-codes';

/**
 * Record schemas per kind (§5). Inputs are strings as read from a file (JSON values were turned into strings
 * the same way); outputs are what gets stored. Amounts stay decimal strings so they are kept exact. Currency and
 * country codes are checked against the ISO lists whatever their case, and stored in upper case (`eur` → `EUR`),
 * so records and reports hold one spelling of each.
 */
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional();
const isoDateTime = z.union([z.iso.datetime({ offset: true, local: false }), z.iso.date()], {
  error: 'must be an ISO 8601 date or date-time',
});
const attributes = z.record(z.string(), z.unknown()).optional();

export const EntityRecord = z.object({
  taxId: text(64),
  type: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['person', 'company'], { error: 'must be person or company' })),
  name: optionalText(300),
  country: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 country code')
    .optional(),
  externalId: optionalText(256),
  email: z.email({ error: 'must be an email address' }).max(320).optional(),
  phone: optionalText(40),
  attributes,
});

export const TransactionRecord = z.object({
  externalId: text(256),
  amount: z
    .string()
    .trim()
    .regex(/^-?\d{1,20}(\.\d{1,12})?$/, 'must be a decimal number such as 1250.75'),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .refine(isCurrencyCode, 'must be an ISO 4217 currency code'),
  occurredAt: isoDateTime,
  type: optionalText(64),
  status: optionalText(64),
  originTaxId: optionalText(64),
  destinationTaxId: optionalText(64),
  description: optionalText(1000),
  attributes,
});

export const UserEventRecord = z.object({
  eventType: text(128),
  userId: text(256),
  occurredAt: isoDateTime,
  eventId: optionalText(256),
  ip: z.union([z.ipv4(), z.ipv6()], { error: 'must be an IPv4 or IPv6 address' }).optional(),
  deviceId: optionalText(256),
  attributes,
});

export const RECORD_SCHEMAS = {
  entity_automatic: EntityRecord,
  transaction_batch: TransactionRecord,
  user_event_batch: UserEventRecord,
} as const satisfies Record<JobKind, z.ZodType>;

export type EntityRecord = z.output<typeof EntityRecord>;
export type TransactionRecord = z.output<typeof TransactionRecord>;
export type UserEventRecord = z.output<typeof UserEventRecord>;

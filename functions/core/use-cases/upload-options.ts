import { z } from 'zod';
import { DomainError } from '../errors';
import type { JobKind } from '../kinds';
import { FormatOptionsInput, type FormatOptions } from '../files/format';
import { validateColumnMapping } from '../records/mapping';
import type { ColumnMapping, KindOptions } from '../runs/run';

/** Options of an upload, checked before a job exists, whichever way the file arrives. */
export interface UploadOptions {
  readonly namespace: string;
  readonly format: FormatOptions;
  readonly columnMapping: ColumnMapping | null;
  readonly kindOptions: KindOptions;
  readonly reportRecipientEmails: readonly string[];
}

/** A JSON string in a form field, or the value itself in a JSON body. */
const jsonField = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      return value; // the schema then says what was expected
    }
  }, schema);

const booleanField = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());

const RawOptions = z.object({
  namespace: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'namespace is 1-64 letters, digits, _ . or -')
    .default('default'),
  mappingId: z.string().optional(),
  columnMapping: jsonField(z.record(z.string().min(1), z.string().min(1))).optional(),
  reportRecipientEmails: jsonField(z.array(z.email()).max(10, 'at most 10 recipients')).default([]),
  encoding: z.string().optional(),
  columnDelimiter: z.string().optional(),
  rowDelimiter: z.string().optional(),
  duplicateTaxIdPolicy: z.enum(['skip_existing', 'error']).optional(),
  skipDuplicates: booleanField.optional(),
  validateExistingEntity: booleanField.optional(),
});

export function parseUploadOptions(kind: JobKind, raw: Readonly<Record<string, unknown>>): UploadOptions {
  const parsed = RawOptions.safeParse(raw);
  if (!parsed.success) {
    throw new DomainError('VALIDATION_ERROR', 'Invalid upload options', z.flattenError(parsed.error).fieldErrors);
  }
  const options = parsed.data;
  const format = FormatOptionsInput.safeParse({
    encoding: options.encoding,
    columnDelimiter: options.columnDelimiter,
    rowDelimiter: options.rowDelimiter,
  });
  if (!format.success) {
    throw new DomainError('VALIDATION_ERROR', 'Invalid format options', z.flattenError(format.error).fieldErrors);
  }
  if (options.mappingId !== undefined) {
    // Saved mappings (§2) are not built yet: say so rather than import with the wrong columns.
    throw new DomainError('INVALID_MAPPING', `Unknown mappingId ${options.mappingId}`);
  }
  const columnMapping: ColumnMapping | null = options.columnMapping ?? null;
  if (columnMapping) validateColumnMapping(kind, columnMapping);

  const kindOptions: KindOptions = {
    ...(kind === 'entity_automatic' ? { duplicateTaxIdPolicy: options.duplicateTaxIdPolicy ?? 'skip_existing' } : {}),
    ...(kind === 'transaction_batch'
      ? { skipDuplicates: options.skipDuplicates ?? false, validateExistingEntity: options.validateExistingEntity ?? false }
      : {}),
  };
  return {
    namespace: options.namespace,
    format: format.data,
    columnMapping,
    kindOptions,
    reportRecipientEmails: options.reportRecipientEmails,
  };
}

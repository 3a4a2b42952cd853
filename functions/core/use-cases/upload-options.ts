import { z } from 'zod';
import { DomainError } from '../errors';
import type { JobKind } from '../kinds';
import { FormatOptionsInput } from '../files/format';
import { effectiveDefaults, KIND_BY_TARGET, type DefaultFields } from '../mappings/mapping';
import type { MappingRepository } from '../ports';
import { validateColumnMapping } from '../records/mapping';
import type { ColumnMapping, KindOptions } from '../runs/run';
import { Namespace } from '../quota/quota';
import type { UploadOptions } from '../runs/upload-options';

/**
 * A JSON string in a form field, or the value itself in a JSON body. Text that is not JSON is named as such,
 * rather than as a string where `schema` expected something else.
 */
const jsonField = <T extends z.ZodType>(schema: T, expected: string) =>
  z
    .unknown()
    .transform((value, ctx) => {
      if (typeof value !== 'string') return value;
      try {
        return JSON.parse(value) as unknown;
      } catch {
        ctx.issues.push({ code: 'custom', input: value, message: `Expected ${expected} as JSON; this is not valid JSON` });
        return z.NEVER;
      }
    })
    .pipe(schema);

export const MAX_REPORT_RECIPIENTS = 10;

/**
 * `reportRecipientEmails`: one address, or a JSON array of up to 10 (in a form field, as JSON text). A form
 * field holding one address is the common case, and it is not JSON.
 */
const RecipientEmails = z
  .unknown()
  .transform((value, ctx) => {
    if (typeof value !== 'string') return value;
    const text = value.trim();
    if (/^[^[].*[,;]/.test(text)) {
      ctx.issues.push({ code: 'custom', input: value, message: 'Send several addresses as a JSON array: ["a@example.com","b@example.com"]' });
      return z.NEVER;
    }
    if (!text.startsWith('[')) return text === '' ? [] : [text];
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.issues.push({ code: 'custom', input: value, message: 'Expected one email address or a JSON array of them; this array is not valid JSON' });
      return z.NEVER;
    }
  })
  .pipe(
    z
      .array(z.string({ error: 'Expected an email address' }).pipe(z.email({ error: (issue) => `Not an email address: ${String(issue.input)}` })), {
        error: 'Expected one email address or a JSON array of them',
      })
      .max(MAX_REPORT_RECIPIENTS, `At most ${MAX_REPORT_RECIPIENTS} recipients`),
  );

const booleanField = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());

const RawOptions = z.object({
  namespace: Namespace,
  mappingId: z.string().min(1).max(64).optional(),
  columnMapping: jsonField(z.record(z.string().min(1), z.string().min(1)), 'an object of column → field').optional(),
  reportRecipientEmails: RecipientEmails.default([]),
  encoding: z.string().optional(),
  columnDelimiter: z.string().optional(),
  rowDelimiter: z.string().optional(),
  duplicateTaxIdPolicy: z.enum(['skip_existing', 'error']).optional(),
  skipDuplicates: booleanField.optional(),
  validateExistingEntity: booleanField.optional(),
});

export interface UploadOptionsRequest {
  readonly orgId: string;
  readonly kind: JobKind;
  readonly raw: Readonly<Record<string, unknown>>;
}

export async function parseUploadOptions(
  deps: { readonly mappings: MappingRepository },
  request: UploadOptionsRequest,
): Promise<UploadOptions> {
  const { kind, raw } = request;
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
  const { columnMapping, defaultFields } = await resolveColumns(deps, request, options);

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
    defaultFields,
    mappingId: options.mappingId ?? null,
    kindOptions,
    reportRecipientEmails: options.reportRecipientEmails,
  };
}

/**
 * The columns of the upload: a saved mapping of the caller's org, or a mapping sent inline, or none. A mapping
 * id that names nothing the org owns, or a mapping made for another kind, is refused before a job exists:
 * importing with the wrong columns would fail every row or, worse, succeed with the wrong values.
 */
async function resolveColumns(
  deps: { readonly mappings: MappingRepository },
  request: UploadOptionsRequest,
  options: { readonly mappingId?: string; readonly columnMapping?: Record<string, string> },
): Promise<{ columnMapping: ColumnMapping | null; defaultFields: DefaultFields | null }> {
  if (options.mappingId !== undefined && options.columnMapping !== undefined) {
    throw new DomainError('INVALID_MAPPING', 'Send mappingId or columnMapping, not both');
  }
  if (options.mappingId !== undefined) {
    const mapping = await deps.mappings.get(options.mappingId);
    if (!mapping || mapping.orgId !== request.orgId) {
      throw new DomainError('INVALID_MAPPING', `Unknown mappingId ${options.mappingId}`);
    }
    if (KIND_BY_TARGET[mapping.target] !== request.kind) {
      throw new DomainError('INVALID_MAPPING', `Mapping ${mapping.id} is for ${mapping.target} files, not ${request.kind}`, {
        target: mapping.target,
      });
    }
    const defaultFields = effectiveDefaults(mapping);
    return { columnMapping: mapping.columnMapping, defaultFields: Object.keys(defaultFields).length > 0 ? defaultFields : null };
  }
  const columnMapping = options.columnMapping ?? null;
  if (columnMapping) validateColumnMapping(request.kind, columnMapping);
  return { columnMapping, defaultFields: null };
}

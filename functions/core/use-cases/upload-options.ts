import { z } from 'zod';
import { DomainError } from '../errors';
import type { JobKind } from '../kinds';
import { FormatOptionsInput, type FormatOptions } from '../files/format';
import { effectiveDefaults, KIND_BY_TARGET, type DefaultFields } from '../mappings/mapping';
import type { MappingRepository } from '../ports';
import { validateColumnMapping } from '../records/mapping';
import type { ColumnMapping, KindOptions } from '../runs/run';
import { Namespace } from '../quota/quota';

/** Options of an upload, checked before a job exists, whichever way the file arrives. */
export interface UploadOptions {
  readonly namespace: string;
  readonly format: FormatOptions;
  readonly columnMapping: ColumnMapping | null;
  /** Values for fields a row leaves empty; from a saved mapping. */
  readonly defaultFields: DefaultFields | null;
  /** The saved mapping the columns come from, if any. */
  readonly mappingId: string | null;
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
  namespace: Namespace,
  mappingId: z.string().min(1).max(64).optional(),
  columnMapping: jsonField(z.record(z.string().min(1), z.string().min(1))).optional(),
  reportRecipientEmails: jsonField(z.array(z.email()).max(10, 'at most 10 recipients')).default([]),
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

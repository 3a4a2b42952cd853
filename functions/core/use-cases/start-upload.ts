import { z } from 'zod';
import type { Principal } from '../auth/api-key';
import { requireScope } from '../auth/scopes';
import { DomainError } from '../errors';
import { MAX_FILES_BY_KIND, SCOPE_BY_KIND, type JobKind } from '../kinds';
import { detectFileFormat, FormatOptionsInput } from '../files/format';
import { uploadKey } from '../files/object-keys';
import { validateColumnMapping } from '../records/mapping';
import type { Clock, IdGenerator, Logger, ObjectStore, RunRepository } from '../ports';
import type { ColumnMapping, KindOptions, Run, RunFile } from '../runs/run';

export interface UploadedFile {
  readonly fileName: string;
  readonly contentType?: string;
  readonly body: Buffer;
}

export interface StartUploadRequest {
  readonly principal: Principal;
  readonly kind: JobKind;
  readonly files: readonly UploadedFile[];
  /** Form fields (strings) or JSON body options, as the client sent them. */
  readonly options: Readonly<Record<string, unknown>>;
}

export interface UploadLimits {
  readonly maxFileNameLength: number;
  readonly maxRowsPerFile: number;
}

export interface StartUploadDeps {
  readonly runs: RunRepository;
  readonly objects: ObjectStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly limits: UploadLimits;
}

export interface UploadAccepted {
  readonly success: true;
  readonly jobId: string;
  readonly kind: JobKind;
  readonly status: 'queued';
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

const UploadOptions = z.object({
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

/**
 * Accepts an upload: checks everything that can be checked before a row is read, stores the files and creates
 * the run as `queued`. The object-created event of each file then starts its split; nothing here waits for rows.
 */
export async function startUpload(deps: StartUploadDeps, request: StartUploadRequest): Promise<UploadAccepted> {
  const { principal, kind } = request;
  requireScope(principal, [SCOPE_BY_KIND[kind]]);

  const parsed = UploadOptions.safeParse(request.options);
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

  const files = checkFiles(kind, request.files, deps.limits);
  const kindOptions: KindOptions = {
    ...(kind === 'entity_automatic' ? { duplicateTaxIdPolicy: options.duplicateTaxIdPolicy ?? 'skip_existing' } : {}),
    ...(kind === 'transaction_batch'
      ? { skipDuplicates: options.skipDuplicates ?? false, validateExistingEntity: options.validateExistingEntity ?? false }
      : {}),
  };

  const jobId = deps.ids.newId();
  const now = deps.clock.now().toISOString();
  const run: Run = {
    jobId,
    orgId: principal.orgId,
    kind,
    namespace: options.namespace,
    status: 'queued',
    runStatus: 'validating',
    importJobId: null,
    attempt: 1,
    files: files.map((f) => f.file),
    format: format.data,
    columnMapping,
    options: kindOptions,
    reportRecipientEmails: options.reportRecipientEmails,
    totalItems: null,
    succeeded: 0,
    failed: 0,
    skipped: 0,
    filesSplit: 0,
    totalChunks: 0,
    chunksDone: 0,
    createdAt: now,
    startedAt: null,
    completedAt: null,
    heartbeatAt: null,
    leaseExpiresAt: null,
    workerError: null,
    jobFailure: null,
    metadata: {
      fileName: files.map((f) => f.file.fileName).join(', '),
      ...(files.length > 1 ? { fileNames: files.map((f) => f.file.fileName) } : {}),
      source: 'upload',
    },
  };
  await deps.runs.create(run);
  try {
    for (const [index, { body, contentType }] of files.entries()) {
      await deps.objects.put(uploadKey(jobId, index), body, contentType);
    }
  } catch (error) {
    await deps.runs.fail(jobId, { code: 'INTERNAL_ERROR', message: 'The upload could not be stored' }, now);
    throw error;
  }
  deps.logger.info('Upload accepted', { jobId, kind, files: files.length });
  return { success: true, jobId, kind, status: 'queued' };
}

function checkFiles(
  kind: JobKind,
  uploaded: readonly UploadedFile[],
  limits: UploadLimits,
): Array<{ file: RunFile; body: Buffer; contentType: string }> {
  if (uploaded.length === 0) throw new DomainError('VALIDATION_ERROR', 'A file is required');
  const max = MAX_FILES_BY_KIND[kind];
  if (uploaded.length > max) {
    throw new DomainError('VALIDATION_ERROR', `This route takes at most ${max} file${max > 1 ? 's' : ''} per upload`);
  }
  return uploaded.map((upload) => {
    if (upload.fileName.length > limits.maxFileNameLength) {
      throw new DomainError('VALIDATION_ERROR', `File names are at most ${limits.maxFileNameLength} characters`);
    }
    const detected = detectFileFormat(upload.fileName, upload.contentType);
    if (!detected) {
      throw new DomainError('UNSUPPORTED_FORMAT', `${upload.fileName}: send CSV, JSON or NDJSON (optionally gzip-compressed)`);
    }
    if (detected.format === 'json' && !detected.gzip) {
      // JSON arrives whole (it is small enough to pass the API); store it as NDJSON so the splitter streams it.
      const body = jsonToNdjson(upload.body, limits.maxRowsPerFile);
      return {
        file: { fileName: upload.fileName, format: 'ndjson', gzip: false, sizeBytes: body.length },
        body,
        contentType: 'application/x-ndjson',
      };
    }
    if (detected.format === 'json') {
      throw new DomainError('UNSUPPORTED_FORMAT', `${upload.fileName}: gzip-compressed JSON arrays are not supported; send NDJSON`);
    }
    return {
      file: { fileName: upload.fileName, format: detected.format, gzip: detected.gzip, sizeBytes: upload.body.length },
      body: upload.body,
      contentType: detected.format === 'csv' ? 'text/csv' : 'application/x-ndjson',
    };
  });
}

/** A JSON array, or `{ items: [...] }`, as one item a line. */
export function jsonToNdjson(body: Buffer, maxItems: number): Buffer {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw new DomainError('VALIDATION_ERROR', 'The JSON is not valid');
  }
  const items = Array.isArray(parsed) ? parsed : (parsed as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) throw new DomainError('VALIDATION_ERROR', 'Send a JSON array or an object with items[]');
  return itemsToNdjson(items, maxItems);
}

export function itemsToNdjson(items: readonly unknown[], maxItems: number): Buffer {
  if (items.length > maxItems) {
    throw new DomainError('TOO_MANY_ITEMS', `At most ${maxItems} items per upload`, { items: items.length, limit: maxItems });
  }
  return Buffer.from(items.map((item) => JSON.stringify(item) ?? 'null').join('\n') + '\n', 'utf8');
}

import type { Principal } from '../auth/api-key';
import { requireScope } from '../auth/scopes';
import { DomainError } from '../errors';
import { MAX_FILES_BY_KIND, SCOPE_BY_KIND, type JobKind } from '../kinds';
import { detectFileFormat } from '../files/format';
import { parseJsonExactly } from '../files/exact-json';
import { itemsToNdjson } from '../files/items-ndjson';
import { assertJsonDepth } from '../json-depth';
import { uploadKey } from '../files/object-keys';
import type { Clock, IdGenerator, IdempotencyStore, Logger, MappingRepository, ObjectStore, RunRepository } from '../ports';
import { digestOf, fingerprintOf } from '../digest';
import { idempotent, type IdempotencyDeps } from './idempotency';
import type { RunFile } from '../runs/run';
import { newRun } from '../runs/new-run';
import { parseUploadOptions } from './upload-options';

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
  /** `?dryRun=true`: validate and classify every row, import nothing. */
  readonly dryRun?: boolean;
  /** The `Idempotency-Key` header. */
  readonly idempotencyKey?: string;
}

export interface UploadLimits {
  readonly maxFileNameLength: number;
  readonly maxRowsPerFile: number;
}

export interface StartUploadDeps {
  readonly runs: RunRepository;
  readonly mappings: MappingRepository;
  readonly idempotency: IdempotencyStore;
  readonly objects: ObjectStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly limits: UploadLimits;
  /** How a duplicate waits for a request with its Idempotency-Key still in progress. @default IN_PROGRESS_WAIT */
  readonly idempotencyWait?: IdempotencyDeps['idempotencyWait'];
}

export interface UploadAccepted {
  readonly success: true;
  readonly jobId: string;
  readonly kind: JobKind;
  readonly status: 'queued';
}

/**
 * Accepts an upload: checks everything that can be checked before a row is read, stores the files and creates
 * the run as `queued`. The object-created event of each file then starts its split; nothing here waits for rows.
 */
export async function startUpload(deps: StartUploadDeps, request: StartUploadRequest): Promise<UploadAccepted> {
  const { principal, kind } = request;
  requireScope(principal, [SCOPE_BY_KIND[kind]]);

  const options = await parseUploadOptions(deps, { orgId: principal.orgId, kind, raw: request.options });
  const files = checkFiles(kind, request.files, deps.limits);
  const dryRun = request.dryRun ?? false;
  // What the request asks for, not its bytes: two multipart bodies of the same upload differ in their boundary.
  const fingerprint = fingerprintOf({
    route: 'upload',
    kind,
    dryRun,
    options: request.options,
    files: request.files.map((f) => ({ fileName: f.fileName, digest: digestOf(f.body) })),
  });
  const accepted = (runId: string): UploadAccepted => ({ success: true, jobId: runId, kind, status: 'queued' });
  return idempotent(
    deps,
    { orgId: principal.orgId, key: request.idempotencyKey, fingerprint, jobExists: async (runId) => (await deps.runs.get(runId)) !== null },
    async (runId) => {
      const now = deps.clock.now().toISOString();
      const run = newRun({
        runId,
        orgId: principal.orgId,
        kind,
        options,
        files: files.map((f) => f.file),
        createdAt: now,
        dryRun,
        metadata: { source: 'upload' },
      });
      await deps.runs.create(run);
      try {
        for (const [index, { body, contentType }] of files.entries()) {
          await deps.objects.put(uploadKey(runId, index), body, contentType);
        }
      } catch (error) {
        await deps.runs.fail(runId, { code: 'INTERNAL_ERROR', message: 'The upload could not be stored' }, now);
        throw error;
      }
      deps.logger.info('Upload accepted', { jobId: runId, kind, files: files.length });
      return accepted(runId);
    },
    async (runId) => accepted(runId),
  );
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
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  // Before parsing: each item is written back with JSON.stringify, which recurses, and a file may nest anything.
  assertJsonDepth(text, 'The JSON file');
  let parsed: unknown;
  try {
    parsed = parseJsonExactly(text);
  } catch {
    throw new DomainError('VALIDATION_ERROR', 'The JSON is not valid');
  }
  const items = Array.isArray(parsed) ? parsed : (parsed as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) throw new DomainError('VALIDATION_ERROR', 'Send a JSON array or an object with items[]');
  return itemsToNdjson(items, maxItems);
}

import { z } from 'zod';
import type { Principal } from '../auth/api-key';
import { requireScope } from '../auth/scopes';
import { DomainError } from '../errors';
import { JOB_KINDS, SCOPE_BY_KIND, type JobKind } from '../kinds';
import { detectFileFormat } from '../files/format';
import { uploadKey } from '../files/object-keys';
import { fingerprintOf } from '../digest';
import { idempotent } from './idempotency';
import type { StartUploadDeps } from './start-upload';
import { newRun } from '../runs/new-run';
import { parseUploadOptions } from './upload-options';
import type { UploadWindows } from '../leases/ports';

export const PresignedUploadRequest = z.object({
  kind: z.enum(JOB_KINDS),
  fileName: z.string().min(1),
  contentType: z.string().min(1).optional(),
  contentLength: z.number().int().positive().optional(),
  mappingId: z.string().optional(),
  options: z.record(z.string(), z.unknown()).default({}),
  /** Validate and classify every row, import nothing (also `?dryRun=true`). */
  dryRun: z.boolean().default(false),
});
export type PresignedUploadRequest = z.input<typeof PresignedUploadRequest>;

/** What any upload needs; the limits differ by the way the file arrives. */
export interface PresignedUploadDeps extends Omit<StartUploadDeps, 'limits'> {
  readonly limits: {
    readonly maxFileNameLength: number;
    readonly maxPresignedFileBytes: number;
    readonly uploadUrlTtlSeconds: number;
  };
  /** Moves a waiting run's deadline when a replay hands out a fresh URL. @default the deadline stays the first URL's */
  readonly uploadWindows?: UploadWindows;
}

export interface PresignedUpload {
  readonly success: true;
  readonly jobId: string;
  readonly kind: JobKind;
  readonly status: 'queued';
  readonly uploadUrl: string;
  readonly uploadMethod: 'PUT';
  readonly uploadHeaders: Record<string, string>;
  readonly expiresAt: string;
}

/**
 * A large file goes straight to S3: the run is created `queued` with `control.awaitingUpload`, the client PUTs
 * the file to a presigned URL, and the object-created event starts the split like any other upload.
 */
export async function createPresignedUpload(
  deps: PresignedUploadDeps,
  principal: Principal,
  input: unknown,
  idempotencyKey?: string,
): Promise<PresignedUpload> {
  const parsed = PresignedUploadRequest.safeParse(input);
  if (!parsed.success) {
    throw new DomainError('VALIDATION_ERROR', 'Invalid upload request', z.flattenError(parsed.error).fieldErrors);
  }
  const request = parsed.data;
  requireScope(principal, [SCOPE_BY_KIND[request.kind]]);
  const options = await parseUploadOptions(deps, {
    orgId: principal.orgId,
    kind: request.kind,
    raw: { ...request.options, ...(request.mappingId ? { mappingId: request.mappingId } : {}) },
  });

  const { limits } = deps;
  if (request.fileName.length > limits.maxFileNameLength) {
    throw new DomainError('VALIDATION_ERROR', `File names are at most ${limits.maxFileNameLength} characters`);
  }
  if (request.contentLength !== undefined && request.contentLength > limits.maxPresignedFileBytes) {
    throw new DomainError('FILE_TOO_LARGE', `Files are at most ${limits.maxPresignedFileBytes} bytes`, {
      contentLength: request.contentLength,
      limit: limits.maxPresignedFileBytes,
    });
  }
  const detected = detectFileFormat(request.fileName, request.contentType);
  if (!detected) throw new DomainError('UNSUPPORTED_FORMAT', `${request.fileName}: send CSV or NDJSON (optionally gzip-compressed)`);
  if (detected.format === 'json') {
    // A JSON array has to be read whole before its first item; large files must be NDJSON to stream.
    throw new DomainError('UNSUPPORTED_FORMAT', `${request.fileName}: large JSON files must be NDJSON (one object a line)`);
  }

  const contentType = request.contentType ?? (detected.format === 'csv' ? 'text/csv' : 'application/x-ndjson');
  // A replay (same Idempotency-Key, same request) answers the same job with a fresh URL to upload to.
  const answer = async (runId: string): Promise<PresignedUpload> => {
    const expiresAt = new Date(deps.clock.now().getTime() + limits.uploadUrlTtlSeconds * 1000).toISOString();
    // Create-only: once the file has landed (and its import may have started), no PUT to this URL or to a replay's
    // fresh one can replace it with other bytes than the run imports.
    const { url, headers } = await deps.objects.presignPut(uploadKey(runId, 0), {
      contentType,
      contentLength: request.contentLength,
      expiresInSeconds: limits.uploadUrlTtlSeconds,
      createOnly: true,
    });
    return {
      success: true,
      jobId: runId,
      kind: request.kind,
      status: 'queued',
      uploadUrl: url,
      uploadMethod: 'PUT',
      uploadHeaders: headers,
      expiresAt,
    };
  };
  return idempotent(
    deps,
    {
      orgId: principal.orgId,
      key: idempotencyKey,
      fingerprint: fingerprintOf({ route: 'presigned_upload', request }),
      jobExists: async (runId) => (await deps.runs.get(runId)) !== null,
    },
    async (runId) => {
      const now = deps.clock.now();
      const expiresAt = new Date(now.getTime() + limits.uploadUrlTtlSeconds * 1000).toISOString();
      const run = newRun({
        runId,
        orgId: principal.orgId,
        kind: request.kind,
        options,
        files: [{ fileName: request.fileName, format: detected.format, gzip: detected.gzip, sizeBytes: request.contentLength ?? 0 }],
        createdAt: now.toISOString(),
        dryRun: request.dryRun,
        metadata: { source: 'presigned_upload' },
        control: { awaitingUpload: true, uploadExpiresAt: expiresAt },
      });
      await deps.runs.create(run);
      deps.logger.info('Presigned upload created', { jobId: runId, kind: request.kind });
      return answer(runId);
    },
    async (runId) => {
      const replayed = await answer(runId);
      // The lease sweeper ends a run whose URL expired unused: the fresh URL must count, not the first one.
      await deps.uploadWindows?.extend(runId, replayed.expiresAt);
      return replayed;
    },
  );
}

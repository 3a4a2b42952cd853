import { z } from 'zod';
import type { Principal } from '../auth/api-key';
import { DomainError } from '../errors';
import { detectFileFormat } from '../files/format';
import { parseInput } from '../import-jobs/import-job-input';
import { matchesFilenamePattern } from '../import-jobs/source';
import { ownImportJob, requireManage, type ImportJobDeps } from './import-job-deps';

export const DropFileRequest = z.strictObject({
  fileName: z.string().min(1),
  contentLength: z.number().int().positive().optional(),
});

const CONTENT_TYPES = { csv: 'text/csv', ndjson: 'application/x-ndjson', json: 'application/json' } as const;

export interface DropFileUpload {
  readonly success: true;
  readonly uploadUrl: string;
  readonly uploadMethod: 'PUT';
  readonly uploadHeaders: Record<string, string>;
  readonly key: string;
  readonly expiresAt: string;
}

/**
 * `POST …/{id}/files { fileName }` (§7): a presigned PUT straight into the job's drop prefix, for people with no
 * S3 or SFTP access. The file then waits there for the job's next scheduled run. A name the job's pattern would
 * never pick is refused, since such a file would wait forever.
 */
export async function presignDropFile(deps: ImportJobDeps, principal: Principal, id: string, input: unknown): Promise<DropFileUpload> {
  requireManage(principal);
  const request = parseInput(DropFileRequest, input, 'file request');
  const job = await ownImportJob(deps, principal, id);
  const { fileName } = request;
  if (fileName.length > deps.limits.maxFileNameLength) {
    throw new DomainError('VALIDATION_ERROR', `File names are at most ${deps.limits.maxFileNameLength} characters`);
  }
  // One level below the prefix, nothing that S3 keys or people would read as a path or a control sequence.
  if (/[/\\\u0000-\u001f\u007f]/.test(fileName) || fileName === '.' || fileName === '..') {
    throw new DomainError('VALIDATION_ERROR', 'fileName is a plain file name, without / or \\');
  }
  if (!matchesFilenamePattern(job.source.filenamePattern, fileName)) {
    throw new DomainError('VALIDATION_ERROR', `${fileName} does not match the job's filenamePattern ${job.source.filenamePattern}: its runs would never pick it`, {
      filenamePattern: job.source.filenamePattern,
    });
  }
  if (request.contentLength !== undefined && request.contentLength > deps.limits.maxPresignedFileBytes) {
    throw new DomainError('FILE_TOO_LARGE', `Files are at most ${deps.limits.maxPresignedFileBytes} bytes`, {
      contentLength: request.contentLength,
      limit: deps.limits.maxPresignedFileBytes,
    });
  }
  const detected = detectFileFormat(fileName);
  if (!detected) throw new DomainError('UNSUPPORTED_FORMAT', `${fileName}: send CSV or NDJSON (optionally gzip-compressed)`);
  const contentType = detected.gzip ? 'application/gzip' : CONTENT_TYPES[detected.format];

  const key = `${job.source.prefix}${fileName}`;
  const ttl = deps.limits.uploadUrlTtlSeconds;
  const { url, headers } = await deps.objects.presignPut(key, { contentType, contentLength: request.contentLength, expiresInSeconds: ttl });
  const expiresAt = new Date(deps.clock.now().getTime() + ttl * 1000).toISOString();
  deps.logger.info('Drop file upload presigned', { importJobId: id });
  return { success: true, uploadUrl: url, uploadMethod: 'PUT', uploadHeaders: headers, key, expiresAt };
}

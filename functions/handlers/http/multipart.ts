import busboy from 'busboy';
import { DomainError } from '../../core/errors';
import type { UploadedFile } from '../../core/use-cases/start-upload';

export interface MultipartBody {
  readonly files: UploadedFile[];
  readonly fields: Record<string, string>;
}

/**
 * Reads a multipart/form-data body (already whole: API Gateway delivers it in the event). Only `file` parts are
 * files; other file parts are refused so a typo does not silently drop data.
 */
export function parseMultipart(body: Buffer, contentType: string, limits: { maxFiles: number; maxBytes: number }): Promise<MultipartBody> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        limits: { files: limits.maxFiles + 1, fileSize: limits.maxBytes, fields: 50, fieldSize: 1024 * 1024 },
      });
    } catch {
      reject(new DomainError('VALIDATION_ERROR', 'Malformed multipart/form-data body'));
      return;
    }
    const files: UploadedFile[] = [];
    const fields: Record<string, string> = {};
    let failure: DomainError | undefined;

    parser.on('file', (name, stream, info) => {
      if (name !== 'file') {
        failure ??= new DomainError('VALIDATION_ERROR', `Unexpected file field "${name}": send files as "file"`);
        stream.resume();
        return;
      }
      const parts: Buffer[] = [];
      stream.on('data', (part: Buffer) => parts.push(part));
      stream.on('limit', () => {
        failure ??= new DomainError('FILE_TOO_LARGE', `${info.filename} is larger than ${limits.maxBytes} bytes; use a presigned upload`);
      });
      stream.on('end', () => {
        files.push({ fileName: info.filename ?? 'upload', contentType: info.mimeType, body: Buffer.concat(parts) });
      });
    });
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('error', () => reject(failure ?? new DomainError('VALIDATION_ERROR', 'Malformed multipart/form-data body')));
    parser.on('close', () => (failure ? reject(failure) : resolve({ files, fields })));
    parser.end(body);
  });
}

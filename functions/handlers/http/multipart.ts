import busboy from 'busboy';
import { DomainError } from '../../core/errors';
import type { UploadedFile } from '../../core/use-cases/start-upload';

export interface MultipartBody {
  readonly files: UploadedFile[];
  readonly fields: Record<string, string>;
}

export interface MultipartLimits {
  /** File parts the route takes; one more is refused. */
  readonly maxFiles: number;
  /** Bytes one file part may have. */
  readonly maxBytes: number;
}

/** Form fields a body may carry, and bytes per field: options are short, a column mapping a few KB. */
export const MAX_FORM_FIELDS = 50;
export const MAX_FORM_FIELD_BYTES = 1024 * 1024;

const invalid = (message: string) => new DomainError('VALIDATION_ERROR', message);
const FILE_PART_EXAMPLE = 'Content-Disposition: form-data; name="file"; filename="data.csv"';

/**
 * Reads a multipart/form-data body (already whole: API Gateway delivers it in the event). Only `file` parts are
 * files; other file parts are refused so a typo does not silently drop data. Whatever the bytes, the promise
 * settles once and nothing is left to throw later: busboy reports a cut-off body as an `error` on the file stream
 * as well as on the parser, and an unheard stream error would end the process.
 */
export function parseMultipart(body: Buffer, contentType: string, limits: MultipartLimits): Promise<MultipartBody> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let failure: DomainError | undefined;
    const fail = (error: DomainError): void => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    const succeed = (body: MultipartBody): void => {
      if (settled) return;
      settled = true;
      resolve(body);
    };

    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        limits: { files: limits.maxFiles, fileSize: limits.maxBytes, fields: MAX_FORM_FIELDS, fieldSize: MAX_FORM_FIELD_BYTES },
      });
    } catch {
      fail(invalid('Content-Type multipart/form-data needs its boundary: multipart/form-data; boundary=…'));
      return;
    }
    const files: UploadedFile[] = [];
    // No prototype: a field named __proto__ is a field like any other, not a way to change the object.
    const fields: Record<string, string> = Object.create(null) as Record<string, string>;

    parser.on('file', (name: string | undefined, stream, info) => {
      // Listened to before anything else: a body cut off inside this part errors this stream.
      stream.on('error', () => {
        failure ??= truncated();
      });
      const problem = fileProblem(name, info.filename);
      if (problem) {
        failure ??= problem;
        stream.resume();
        return;
      }
      const parts: Buffer[] = [];
      stream.on('data', (part: Buffer) => parts.push(part));
      stream.on('limit', () => {
        failure ??= new DomainError('FILE_TOO_LARGE', `${info.filename} is larger than ${limits.maxBytes} bytes; use a presigned upload`);
      });
      stream.on('end', () => {
        files.push({ fileName: info.filename as string, contentType: info.mimeType, body: Buffer.concat(parts) });
      });
    });
    parser.on('field', (name: string | undefined, value: string, info) => {
      if (!name) failure ??= invalid('A form field has no name: every part needs Content-Disposition: form-data; name="…"');
      else if (name === 'file') failure ??= invalid(`The "file" part has no filename, so it was read as a text field: send it as a file (${FILE_PART_EXAMPLE})`);
      else if (info.nameTruncated || info.valueTruncated) failure ??= invalid(`The field "${name}" is over ${MAX_FORM_FIELD_BYTES} bytes`);
      else if (name in fields) failure ??= invalid(`The field "${name}" is sent more than once: send it once${name === 'reportRecipientEmails' ? ' (several addresses as a JSON array)' : ''}`);
      else fields[name] = value;
    });
    parser.on('filesLimit', () => {
      failure ??= invalid(`This route takes at most ${limits.maxFiles} file${limits.maxFiles > 1 ? 's' : ''} per request`);
    });
    parser.on('fieldsLimit', () => {
      failure ??= invalid(`A form may have at most ${MAX_FORM_FIELDS} fields`);
    });
    parser.on('error', (error: unknown) => fail(failure ?? describeParserError(error)));
    parser.on('close', () => (failure ? fail(failure) : succeed({ files, fields })));
    try {
      parser.end(body);
    } catch (error) {
      fail(failure ?? describeParserError(error));
    }
  });
}

/** Why a file part cannot be taken, if it cannot. */
function fileProblem(name: string | undefined, filename: string | undefined): DomainError | undefined {
  if (!name) return invalid(`A file part has no name: name it "file" (${FILE_PART_EXAMPLE})`);
  if (name !== 'file') return invalid(`Unexpected file part "${name}": send files in parts named "file"`);
  if (!filename) return invalid(`The "file" part has no filename; its extension tells the format (${FILE_PART_EXAMPLE})`);
  return undefined;
}

const truncated = () =>
  invalid('The multipart body ends before its closing boundary: it was cut off, or its Content-Type names another boundary');

/** busboy's errors are plain Errors; say in the client's terms what was wrong with the body. */
function describeParserError(error: unknown): DomainError {
  const message = error instanceof Error ? error.message : '';
  if (/^Unexpected end of (form|file)$/.test(message)) return truncated();
  if (message === 'Malformed part header') return invalid('A part of the multipart body has a malformed header');
  return invalid('Malformed multipart/form-data body');
}

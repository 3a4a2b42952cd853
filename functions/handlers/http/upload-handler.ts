import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { DomainError } from '../../core/errors';
import { requireScope } from '../../core/auth/scopes';
import { KIND_BY_ROUTE_SEGMENT, MAX_FILES_BY_KIND, SCOPE_BY_KIND, type JobKind } from '../../core/kinds';
import type { ApiKeyRepository, Clock, Logger } from '../../core/ports';
import { authenticate } from '../../core/use-cases/authenticate';
import { parseJsonExactly } from '../../core/files/exact-json';
import { itemsToNdjson, startUpload, type StartUploadDeps, type UploadedFile } from '../../core/use-cases/start-upload';
import { parseMultipart } from './multipart';
import { bodyBytes, booleanQuery, header, mediaType, parseEvent, parseJsonText, type HttpEvent } from './request';
import { answer, json } from './responses';

export interface UploadHandlerDeps extends StartUploadDeps {
  readonly apiKeys: ApiKeyRepository;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly maxUploadBytes: number;
}

/** `POST /batch-import/import/{entities|transactions|user-events}`: multipart, JSON or NDJSON → 202 + jobId. */
export function createUploadHandler(deps: UploadHandlerDeps) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
    answer(deps.logger, async () => {
      const request = parseEvent(event);
      const principal = await authenticate(deps, header(request, 'authorization'));
      const kind = KIND_BY_ROUTE_SEGMENT[request.rawPath.split('/').pop() ?? ''];
      if (!kind) throw new DomainError('NOT_FOUND', 'Unknown upload route');
      // Who may upload is settled before a byte of the body is read: a key without the kind's scope gets 403
      // whatever it sent, and nobody else's body is parsed.
      requireScope(principal, [SCOPE_BY_KIND[kind]]);
      const { files, options } = await readUpload(request, kind, deps.maxUploadBytes, deps.limits.maxRowsPerFile);
      const dryRun = booleanQuery(request, 'dryRun');
      const idempotencyKey = header(request, 'idempotency-key');
      return json(202, await startUpload(deps, { principal, kind, files, options, dryRun, idempotencyKey }));
    });
}

async function readUpload(
  request: HttpEvent,
  kind: JobKind,
  maxBytes: number,
  maxItems: number,
): Promise<{ files: UploadedFile[]; options: Record<string, unknown> }> {
  const body = bodyBytes(request);
  if (body.length > maxBytes) {
    throw new DomainError('FILE_TOO_LARGE', `Uploads through this route are at most ${maxBytes} bytes; use a presigned upload`);
  }
  const contentType = header(request, 'content-type');
  const query = Object.fromEntries(Object.entries(request.queryStringParameters ?? {}).filter(([k]) => k !== 'dryRun'));
  switch (mediaType(contentType)) {
    case 'multipart/form-data': {
      const { files, fields } = await parseMultipart(body, contentType as string, { maxFiles: MAX_FILES_BY_KIND[kind], maxBytes });
      return { files, options: fields };
    }
    case 'application/json': {
      const { items, options } = splitJsonBody(body);
      return { files: [{ fileName: 'items.ndjson', contentType: 'application/x-ndjson', body: itemsToNdjson(items, maxItems) }], options };
    }
    case 'application/x-ndjson':
    case 'application/ndjson':
      return { files: [{ fileName: 'items.ndjson', contentType: 'application/x-ndjson', body }], options: query };
    default:
      throw new DomainError('UNSUPPORTED_FORMAT', 'Send multipart/form-data, application/json or application/x-ndjson');
  }
}

/** `[...]` or `{ items: [...], ...options }`. */
function splitJsonBody(body: Buffer): { items: unknown[]; options: Record<string, unknown> } {
  const parsed = parseJsonText(body.toString('utf8'), 'The body is not valid JSON', parseJsonExactly);
  if (Array.isArray(parsed)) return { items: parsed, options: {} };
  if (parsed !== null && typeof parsed === 'object' && Array.isArray((parsed as { items?: unknown }).items)) {
    const { items, ...options } = parsed as { items: unknown[] } & Record<string, unknown>;
    return { items, options };
  }
  throw new DomainError('VALIDATION_ERROR', 'Send a JSON array or an object with items[]');
}

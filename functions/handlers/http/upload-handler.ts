import type { Principal } from '../../core/auth/api-key';
import { DomainError } from '../../core/errors';
import { MAX_FILES_BY_KIND, type JobKind } from '../../core/kinds';
import type { ApiKeyRepository, Clock, Logger } from '../../core/ports';
import { parseJsonExactly } from '../../core/files/exact-json';
import { itemsToNdjson } from '../../core/files/items-ndjson';
import { startUpload, type StartUploadDeps, type UploadedFile } from '../../core/use-cases/start-upload';
import { parseMultipart } from './multipart';
import { dispatch } from './dispatch';
import { bodyBytes, booleanQuery, header, mediaType, parseJsonText, type HttpEvent } from './request';
import { json } from './responses';
import type { DashboardSessions } from './session-cookie';

export interface UploadHandlerDeps extends StartUploadDeps {
  /** Lets the dashboard's session cookie stand for the key (dispatch.ts). @default keys only */
  readonly sessions?: DashboardSessions;
  readonly apiKeys: ApiKeyRepository;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly maxUploadBytes: number;
}

/** `POST /batch-import/import/{entities|transactions|user-events}`: multipart, JSON or NDJSON → 202 + jobId. */
export function createUploadHandler(deps: UploadHandlerDeps) {
  const uploadOf = (kind: JobKind) => async ({ principal, event }: { principal: Principal; event: HttpEvent }) => {
    const { files, options } = await readUpload(event, kind, deps.maxUploadBytes, deps.limits.maxRowsPerFile);
    const dryRun = booleanQuery(event, 'dryRun');
    const idempotencyKey = header(event, 'idempotency-key');
    return json(202, await startUpload(deps, { principal, kind, files, options, dryRun, idempotencyKey }));
  };
  return dispatch(deps, {
    uploadEntities: uploadOf('entity_automatic'),
    uploadTransactions: uploadOf('transaction_batch'),
    uploadUserEvents: uploadOf('user_event_batch'),
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

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { DomainError } from '../../core/errors';
import type { ApiKeyRepository } from '../../core/ports';
import { authenticate } from '../../core/use-cases/authenticate';
import type { ImportJobDeps } from '../../core/use-cases/import-job-deps';
import { activateImportJob, pauseImportJob, reactivateImportJob } from '../../core/use-cases/import-job-lifecycle';
import {
  createImportJob,
  deleteImportJob,
  getImportJob,
  listImportJobRuns,
  listImportJobs,
  updateImportJob,
} from '../../core/use-cases/manage-import-jobs';
import { presignDropFile } from '../../core/use-cases/presign-drop-file';
import { sampleImportJob } from '../../core/use-cases/sample-import-job';
import { parseMultipart } from './multipart';
import { afterScope, bodyBytes, header, jsonBody, mediaType, parseEvent, type HttpEvent } from './request';
import { answer, json } from './responses';

export interface ImportJobsHandlerDeps extends ImportJobDeps {
  readonly apiKeys: ApiKeyRepository;
  /** Bytes a sample file may have (the multipart route's limit). */
  readonly maxUploadBytes: number;
}

/** Changing an import job, or sampling for it, needs this scope (§3). */
const MANAGE = ['import-jobs:manage'] as const;
const Method = z.object({ requestContext: z.object({ http: z.object({ method: z.string() }) }) });
const ImportJobId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/);
const PATH = /^\/batch-import\/import-jobs(?:\/([^/]+)(?:\/([a-z]+))?)?\/?$/;

/** `/batch-import/import-jobs` and everything below it (§7), but `POST …/{id}/runs` (run now). */
export function createImportJobsHandler(deps: ImportJobsHandlerDeps) {
  return async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
    answer(deps.logger, async () => {
      const request = parseEvent(event);
      const principal = await authenticate(deps, header(request, 'authorization'));
      const method = Method.safeParse(event);
      const path = PATH.exec(request.rawPath);
      if (!method.success || !path) throw new DomainError('NOT_FOUND', 'Unknown route');
      const verb = method.data.requestContext.http.method.toUpperCase();
      const query = request.queryStringParameters ?? {};
      const action = path[2];

      if (path[1] === undefined) {
        if (verb === 'GET') return json(200, await listImportJobs(deps, principal, query));
        if (verb === 'POST') return json(201, await createImportJob(deps, principal, afterScope(principal, MANAGE, () => jsonBody(request))));
        throw new DomainError('NOT_FOUND', 'Unknown route');
      }
      const parsedId = ImportJobId.safeParse(request.pathParameters?.importJobId ?? path[1]);
      // A malformed id cannot name any import job: answer like an unknown one.
      if (!parsedId.success) throw new DomainError('NOT_FOUND', 'Import job not found');
      const id = parsedId.data;

      switch (`${verb} ${action ?? ''}`) {
        case 'GET ':
          return json(200, await getImportJob(deps, principal, id));
        case 'PATCH ':
          return json(200, await updateImportJob(deps, principal, id, afterScope(principal, MANAGE, () => jsonBody(request))));
        case 'DELETE ':
          return json(200, await deleteImportJob(deps, principal, id));
        case 'POST activate':
          return json(200, await activateImportJob(deps, principal, id));
        case 'POST pause':
          return json(200, await pauseImportJob(deps, principal, id));
        case 'POST reactivate':
          return json(200, await reactivateImportJob(deps, principal, id));
        case 'GET runs':
          return json(200, await listImportJobRuns(deps, principal, id, query));
        case 'POST files':
          return json(201, await presignDropFile(deps, principal, id, afterScope(principal, MANAGE, () => jsonBody(request))));
        case 'POST sample':
          return json(200, await sampleImportJob(deps, principal, id, await afterScope(principal, MANAGE, () => sampleFile(request, deps.maxUploadBytes))));
        default:
          throw new DomainError('NOT_FOUND', 'Unknown route');
      }
    });
}

/** The one `file` part of a multipart body, with the format options sent beside it. */
async function sampleFile(request: HttpEvent, maxBytes: number) {
  const contentType = header(request, 'content-type');
  if (mediaType(contentType) !== 'multipart/form-data') {
    throw new DomainError('UNSUPPORTED_FORMAT', 'Send the sample as multipart/form-data with a file part');
  }
  const body = bodyBytes(request);
  if (body.length > maxBytes) throw new DomainError('FILE_TOO_LARGE', `A sample is at most ${maxBytes} bytes: a few hundred rows are enough`);
  const { files, fields } = await parseMultipart(body, contentType as string, { maxFiles: 1, maxBytes });
  if (files.length !== 1) throw new DomainError('VALIDATION_ERROR', 'Send exactly one file part named "file"');
  const file = files[0] as (typeof files)[number];
  return { fileName: file.fileName, contentType: file.contentType, body: file.body, fields };
}

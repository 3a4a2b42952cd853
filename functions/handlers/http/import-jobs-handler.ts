import { DomainError } from '../../core/errors';
import type { ApiKeyRepository } from '../../core/ports';
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
import { dispatch } from './dispatch';
import { bodyBytes, header, jsonBody, mediaType, type HttpEvent } from './request';
import { json } from './responses';
import type { DashboardSessions } from './session-cookie';

export interface ImportJobsHandlerDeps extends ImportJobDeps {
  /** Lets the dashboard's session cookie stand for the key (dispatch.ts). @default keys only */
  readonly sessions?: DashboardSessions;
  readonly apiKeys: ApiKeyRepository;
  /** Bytes a sample file may have (the multipart route's limit). */
  readonly maxUploadBytes: number;
}

/** `/batch-import/import-jobs` and everything below it (§7), but `POST …/{id}/runs` (run now). */
export function createImportJobsHandler(deps: ImportJobsHandlerDeps) {
  return dispatch(deps, {
    listImportJobs: async ({ principal, query }) => json(200, await listImportJobs(deps, principal, query)),
    createImportJob: async ({ principal, event }) => json(201, await createImportJob(deps, principal, jsonBody(event))),
    getImportJob: async ({ principal, path }) => json(200, await getImportJob(deps, principal, path.importJobId)),
    updateImportJob: async ({ principal, path, event }) => json(200, await updateImportJob(deps, principal, path.importJobId, jsonBody(event))),
    deleteImportJob: async ({ principal, path }) => json(200, await deleteImportJob(deps, principal, path.importJobId)),
    activateImportJob: async ({ principal, path }) => json(200, await activateImportJob(deps, principal, path.importJobId)),
    pauseImportJob: async ({ principal, path }) => json(200, await pauseImportJob(deps, principal, path.importJobId)),
    reactivateImportJob: async ({ principal, path }) => json(200, await reactivateImportJob(deps, principal, path.importJobId)),
    listImportJobRuns: async ({ principal, path, query }) => json(200, await listImportJobRuns(deps, principal, path.importJobId, query)),
    presignDropFile: async ({ principal, path, event }) => json(201, await presignDropFile(deps, principal, path.importJobId, jsonBody(event))),
    sampleImportJob: async ({ principal, path, event }) =>
      json(200, await sampleImportJob(deps, principal, path.importJobId, await sampleFile(event, deps.maxUploadBytes))),
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

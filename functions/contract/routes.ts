import { z } from 'zod';
import { NewImportJobInput, ImportJobPatch } from '../core/import-jobs/import-job-input';
import { READ_JOB_SCOPES, type Scope } from '../core/kinds';
import { MappingPatch, NewMappingInput } from '../core/mappings/mapping';
import { PresignedUploadRequest } from '../core/use-cases/create-presigned-upload';
import { JobHistoryQuery } from '../core/use-cases/list-jobs';
import { PageQuery } from '../core/use-cases/manage-import-jobs';
import { ListQuery } from '../core/use-cases/manage-mappings';
import { NewLimit, QuotaQuery } from '../core/use-cases/manage-quota';
import { DropFileRequest } from '../core/use-cases/presign-drop-file';
import * as A from './answers';
import { defineRoute, routeKeyOf, type RouteAnswer, type RouteAuth, type RouteDefinition } from './route-definition';
import { ID_PATTERN } from '../core/id-formats';

/**
 * THE route table: every HTTP route of the service, once. Adding a route means adding an entry here (and an
 * operation with its operationId in the function it names). From it come:
 * - the API Gateway routes of the CDK stack (lib/resources.ts ROUTES → lib/constructs/batch-import-api.ts);
 * - the local stack's routing (local/http-server.ts), and the 404/405 answers of unmatched requests;
 * - the handlers' dispatch by `event.routeKey` and their path parsing (functions/handlers/http/dispatch.ts);
 * - the OpenAPI document (functions/contract/openapi.ts → openapi.json), the typed client and the API reference;
 * - the contract tests, which validate every end-to-end answer against the answer schema of its route and status.
 * Request body and query schemas are the ones the use cases parse with, so a 400's details come from them.
 */

// ---- Path parameters: a value outside these formats cannot name anything, so it is a 404 like an unknown id.
const id = (what: string, example: string) =>
  z
    .string()
    .regex(ID_PATTERN)
    .meta({ description: `The ${what}'s id`, example });
const JobPath = z.object({ jobId: id('batch job', '6f1c2b9e-6a7d-4d1e-9a51-2f0b7c0f4a11') });
const MappingPath = z.object({ mappingId: id('mapping', '3d0f8a52-1b7c-4f1e-a0b9-7c2d4e5f6a7b') });
const ImportJobPath = z.object({ importJobId: id('import job', 'b7d1c0de-2f4a-4e8b-9c3d-5a6b7c8d9e0f') });
const AssetPath = z.object({ asset: z.string().regex(/^[a-z0-9-]+\.(css|js)$/).meta({ example: 'swagger-ui.css' }) });

// ---- Who may call.
const PUBLIC: RouteAuth = { type: 'none' };
const READ_JOBS: RouteAuth = { type: 'bearer', anyOf: READ_JOB_SCOPES };
const READ_ANY: RouteAuth = { type: 'bearer', anyOf: [...READ_JOB_SCOPES, 'import-jobs:manage'] };
const MANAGE: RouteAuth = { type: 'bearer', anyOf: ['import-jobs:manage'] };
const kindScope = (scope: Scope): RouteAuth => ({ type: 'bearer', anyOf: [scope] });
const OWN_KIND: RouteAuth = { type: 'bearer', anyOf: READ_JOB_SCOPES, rule: "the scope of the job's own kind" };

// ---- Answers.
const ok = (description: string, json: z.ZodType): RouteAnswer => ({ description, json });
const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'VALIDATION_ERROR, TOO_MANY_ITEMS or INVALID_MAPPING: the request is wrong; `details` says where',
  401: 'UNAUTHORIZED: no key, an unknown, expired or revoked key',
  403: 'FORBIDDEN: the key lacks the scope the route needs; ORIGIN_MISMATCH: a state-changing request signed in by the session cookie came from another origin',
  404: 'NOT_FOUND: nothing of that id in the key\'s org',
  409: 'CONFLICT or INVALID_STATUS_TRANSITION: the state does not allow it, or an Idempotency-Key was reused with another body',
  413: 'FILE_TOO_LARGE',
  415: 'UNSUPPORTED_FORMAT: send another media type or file format',
  500: 'INTERNAL_ERROR: nothing about the inside is said',
};
/** The §3 error body, for each status listed (and 500, which any route can answer). */
const errors = (...statuses: number[]): Record<number, RouteAnswer> =>
  Object.fromEntries([...statuses, 500].map((status) => [status, { description: ERROR_DESCRIPTIONS[status] as string, json: A.ErrorBody }]));
const download = (description: string, csv: z.ZodType = A.CsvText): RouteAnswer => ({
  description: `${description}: a 303 to a presigned GET of the CSV (text/csv, Content-Disposition: attachment), valid for a while`,
  redirect: true,
  csv,
});

// ---- Requests.
const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .optional()
    .meta({ description: 'The same key from the same org within 24 h returns the same jobId and creates nothing new' }),
});
const DryRunQuery = z.object({
  dryRun: z.enum(['true', 'false']).optional().meta({ description: 'Validate every row and report, write nothing' }),
});
const UploadForm = z.object({
  file: z.string().meta({ format: 'binary', description: 'The file (CSV, JSON, NDJSON, optionally gzip); transactions take up to 5 `file` parts' }),
  mappingId: z.string().optional(),
  columnMapping: z.string().optional().meta({ description: 'JSON object: column → field', example: '{"Ref":"externalId"}' }),
  namespace: z.string().optional(),
  reportRecipientEmails: z.string().optional().meta({ description: 'JSON array of at most 10 emails' }),
  encoding: z.string().optional().meta({ example: 'utf-8' }),
  columnDelimiter: z.string().optional().meta({ example: ',' }),
  rowDelimiter: z.string().optional().meta({ example: 'auto' }),
  duplicateTaxIdPolicy: z.enum(['skip_existing', 'error']).optional().meta({ description: 'Entities' }),
  skipDuplicates: z.enum(['true', 'false']).optional().meta({ description: 'Transactions' }),
  validateExistingEntity: z.enum(['true', 'false']).optional().meta({ description: 'Transactions' }),
});
const ItemsBody = z
  .union([z.array(z.record(z.string(), z.unknown())), z.object({ items: z.array(z.record(z.string(), z.unknown())) }).catchall(z.unknown())])
  .meta({
    description: 'Records as JSON: an array, or { items, ...options }',
    example: { items: [{ externalId: 'tx-1', amount: '12.50', currency: 'EUR', occurredAt: '2026-11-25T09:00:00Z' }] },
  });
const NdjsonBody = z.string().meta({ description: 'One JSON record a line', example: '{"externalId":"tx-1","amount":"12.50","currency":"EUR","occurredAt":"2026-11-25T09:00:00Z"}\n' });
const SampleForm = z.object({
  file: z.string().meta({ format: 'binary', description: 'A sample of the file: a few hundred rows are enough' }),
  encoding: z.string().optional(),
  columnDelimiter: z.string().optional(),
  rowDelimiter: z.string().optional(),
});
const SessionRequest = z.object({ apiKey: z.string().min(1).max(200).meta({ description: 'An API key of the org', example: 'bik_…' }) });
const JobQuery = z.object({
  include: z.string().optional().meta({ description: '`failures`: answer the kind\'s failures body instead', example: 'failures' }),
});

const upload = <const Id extends string>(operationId: Id, segment: string, kindWords: string, scope: Scope) =>
  defineRoute({
    operationId,
    method: 'POST',
    path: `/batch-import/import/${segment}`,
    function: 'uploads',
    tag: 'Uploads',
    summary: `Upload ${kindWords}`,
    description:
      'multipart/form-data with a `file` part and options, or a JSON body (`items[]`), or NDJSON. Answers within a second, before any row is processed; poll the job for its progress.',
    auth: kindScope(scope),
    request: {
      query: DryRunQuery,
      headers: IdempotencyHeader,
      body: { 'multipart/form-data': UploadForm, 'application/json': ItemsBody, 'application/x-ndjson': NdjsonBody },
    },
    answers: { 202: ok('Accepted: the job is queued', A.UploadAccepted), ...errors(400, 401, 403, 404, 409, 413, 415) },
  });

const failuresOf = <const Id extends string, B extends z.ZodType>(operationId: Id, prefix: string, body: B, kindWords: string) =>
  defineRoute({
    operationId,
    method: 'GET',
    path: `/batch-import/${prefix}/{jobId}/failures`,
    function: 'reports',
    tag: 'Failure reports',
    summary: `A ${kindWords} job's failures (JSON, at most 500)`,
    auth: READ_JOBS,
    request: { path: JobPath },
    notFound: 'Job not found',
    answers: { 200: ok('The failures body', body), ...errors(401, 403, 404) },
  });

const failuresCsvOf = <const Id extends string>(operationId: Id, prefix: string, columns: string, kindWords: string) =>
  defineRoute({
    operationId,
    method: 'GET',
    path: `/batch-import/${prefix}/{jobId}/failures.csv`,
    function: 'reports',
    tag: 'Failure reports',
    summary: `A ${kindWords} job's failures, complete (CSV)`,
    description: `Columns: ${columns} (more may follow). Cells that a spreadsheet would run as a formula are neutralised.`,
    auth: READ_JOBS,
    request: { path: JobPath },
    notFound: 'Job not found',
    answers: { 303: download('failures.csv'), ...errors(401, 403, 404) },
  });

const importJobAction = <const Id extends string>(operationId: Id, action: string, summary: string) =>
  defineRoute({
    operationId,
    method: 'POST',
    path: `/batch-import/import-jobs/{importJobId}/${action}`,
    function: 'importJobs',
    tag: 'Import jobs',
    summary,
    auth: MANAGE,
    request: { path: ImportJobPath },
    notFound: 'Import job not found',
    answers: { 200: ok('The import job, changed', A.ImportJobBody), ...errors(400, 401, 403, 404, 409) },
  });

export const ROUTE_TABLE = [
  defineRoute({
    operationId: 'getHealth',
    method: 'GET',
    path: '/health',
    function: 'health',
    tag: 'Service',
    summary: 'Liveness',
    auth: PUBLIC,
    answers: { 200: ok('Up', A.Health) },
  }),
  defineRoute({
    operationId: 'getOpenApiDocument',
    method: 'GET',
    path: '/batch-import/openapi.json',
    function: 'apiDocs',
    tag: 'Service',
    summary: 'This OpenAPI 3.1 document',
    auth: PUBLIC,
    answers: { 200: ok('The document', A.OpenApiDocument) },
  }),
  defineRoute({
    operationId: 'getApiReference',
    method: 'GET',
    path: '/batch-import/docs',
    function: 'apiDocs',
    tag: 'Service',
    summary: 'The API reference (HTML), rendered from this document',
    auth: PUBLIC,
    answers: { 200: { description: 'The page', text: A.Text, mediaType: 'text/html' } },
  }),
  defineRoute({
    operationId: 'getApiReferenceAsset',
    method: 'GET',
    path: '/batch-import/docs/{asset}',
    function: 'apiDocs',
    tag: 'Service',
    summary: "A script or style sheet of the API reference, served by the service itself",
    auth: PUBLIC,
    request: { path: AssetPath },
    notFound: 'No such asset',
    answers: {
      200: { description: 'The asset (text/css or text/javascript)', text: A.Text, mediaType: 'text/plain' },
      ...errors(404),
    },
  }),
  upload('uploadEntities', 'entities', 'entities', 'entities:bulk_import'),
  upload('uploadTransactions', 'transactions', 'transactions', 'transactions:create'),
  upload('uploadUserEvents', 'user-events', 'user events', 'events:create'),
  defineRoute({
    operationId: 'createPresignedUpload',
    method: 'POST',
    path: '/batch-import/uploads',
    function: 'presign',
    tag: 'Uploads',
    summary: 'A presigned upload for a large file',
    description: 'PUT the file to `uploadUrl` with `uploadHeaders`; the job waits (`metadata.awaitingUpload: true`) until it lands, then starts by itself.',
    auth: OWN_KIND,
    request: { query: DryRunQuery, headers: IdempotencyHeader, body: { 'application/json': PresignedUploadRequest } },
    answers: { 201: ok('The upload URL and the job it will start', A.PresignedUpload), ...errors(400, 401, 403, 404, 409, 413, 415) },
  }),
  defineRoute({
    operationId: 'listJobs',
    method: 'GET',
    path: '/batch-import/jobs',
    function: 'jobs',
    tag: 'Batch jobs',
    summary: "The org's batch jobs, newest first, a page at a time",
    auth: READ_JOBS,
    request: { query: JobHistoryQuery },
    answers: { 200: ok('A page; nextCursor is null on the last', A.JobHistoryPage), ...errors(400, 401, 403) },
  }),
  defineRoute({
    operationId: 'getJob',
    method: 'GET',
    path: '/batch-import/jobs/{jobId}',
    function: 'jobs',
    tag: 'Batch jobs',
    summary: "A batch job's status, counters and progress",
    auth: READ_JOBS,
    request: { path: JobPath, query: JobQuery },
    notFound: 'Job not found',
    answers: { 200: ok('The status body; with include=failures, the failures body', z.union([A.JobBody, A.AnyFailures])), ...errors(401, 403, 404) },
  }),
  defineRoute({
    operationId: 'downloadUnprocessedCsv',
    method: 'GET',
    path: '/batch-import/jobs/{jobId}/unprocessed.csv',
    function: 'reports',
    tag: 'Failure reports',
    summary: 'The rows never attempted (the run was cancelled or failed), as uploaded',
    auth: READ_JOBS,
    request: { path: JobPath },
    notFound: 'Job not found',
    answers: { 303: download('unprocessed.csv'), ...errors(401, 403, 404, 409) },
  }),
  defineRoute({
    operationId: 'controlJob',
    method: 'POST',
    path: '/batch-import/jobs/{jobId}/control',
    function: 'control',
    tag: 'Batch jobs',
    summary: 'Pause, resume or cancel a batch job (between chunks)',
    auth: OWN_KIND,
    request: { path: JobPath, body: { 'application/json': A.ControlBody } },
    notFound: 'Job not found',
    answers: { 200: ok('The job after the action', A.JobBody), ...errors(400, 401, 403, 404, 409) },
  }),
  defineRoute({
    operationId: 'retryFailedRows',
    method: 'POST',
    path: '/batch-import/jobs/{jobId}/retry-failed',
    function: 'retryFailed',
    tag: 'Batch jobs',
    summary: "A new batch job of this job's failed rows",
    auth: OWN_KIND,
    request: { path: JobPath },
    notFound: 'Job not found',
    answers: { 202: ok('The new job, queued', A.RetryAccepted), ...errors(401, 403, 404, 409) },
  }),
  defineRoute({
    operationId: 'listMappings',
    method: 'GET',
    path: '/batch-import/mappings',
    function: 'mappings',
    tag: 'Mappings',
    summary: "The org's saved column mappings",
    auth: READ_ANY,
    request: { query: ListQuery },
    answers: { 200: ok('The mappings', A.MappingList), ...errors(400, 401, 403) },
  }),
  defineRoute({
    operationId: 'createMapping',
    method: 'POST',
    path: '/batch-import/mappings',
    function: 'mappings',
    tag: 'Mappings',
    summary: 'Save a column mapping',
    auth: MANAGE,
    request: { body: { 'application/json': NewMappingInput } },
    answers: { 201: ok('The mapping', A.MappingBody), ...errors(400, 401, 403, 409, 415) },
  }),
  defineRoute({
    operationId: 'getMapping',
    method: 'GET',
    path: '/batch-import/mappings/{mappingId}',
    function: 'mappings',
    tag: 'Mappings',
    summary: 'A saved mapping',
    auth: READ_ANY,
    request: { path: MappingPath },
    notFound: 'Mapping not found',
    answers: { 200: ok('The mapping', A.MappingBody), ...errors(401, 403, 404) },
  }),
  defineRoute({
    operationId: 'updateMapping',
    method: 'PATCH',
    path: '/batch-import/mappings/{mappingId}',
    function: 'mappings',
    tag: 'Mappings',
    summary: 'Change a saved mapping',
    auth: MANAGE,
    request: { path: MappingPath, body: { 'application/json': MappingPatch } },
    notFound: 'Mapping not found',
    answers: { 200: ok('The mapping', A.MappingBody), ...errors(400, 401, 403, 404, 409, 415) },
  }),
  defineRoute({
    operationId: 'deleteMapping',
    method: 'DELETE',
    path: '/batch-import/mappings/{mappingId}',
    function: 'mappings',
    tag: 'Mappings',
    summary: 'Delete a saved mapping',
    auth: MANAGE,
    request: { path: MappingPath },
    notFound: 'Mapping not found',
    answers: { 200: ok('Deleted', A.Deleted), ...errors(401, 403, 404) },
  }),
  failuresOf('getTransactionFailures', 'transaction-jobs', A.TransactionFailures, 'transaction'),
  failuresCsvOf('downloadTransactionFailuresCsv', 'transaction-jobs', 'external_id, code, error', 'transaction'),
  failuresOf('getUserEventFailures', 'user-event-jobs', A.UserEventFailures, 'user event'),
  failuresCsvOf('downloadUserEventFailuresCsv', 'user-event-jobs', 'row_key, code, error (row_5 = line 5)', 'user event'),
  failuresOf('getEntityFailures', 'entity-jobs', A.EntityFailures, 'entity'),
  failuresCsvOf('downloadEntityFailuresCsv', 'entity-jobs', 'tax_id, type, outcome, code, error_message', 'entity'),
  defineRoute({
    operationId: 'downloadFailedRowsCsv',
    method: 'GET',
    path: '/batch-import/jobs/{jobId}/failed-rows.csv',
    function: 'reports',
    tag: 'Failure reports',
    summary: 'The failed rows as uploaded, plus error_code and error_message: fix them and upload again',
    auth: READ_JOBS,
    request: { path: JobPath },
    notFound: 'Job not found',
    answers: { 303: download('failed-rows.csv'), ...errors(401, 403, 404, 409) },
  }),
  defineRoute({
    operationId: 'createImportJob',
    method: 'POST',
    path: '/batch-import/import-jobs',
    function: 'importJobs',
    tag: 'Import jobs',
    summary: 'Create an import job (draft)',
    auth: MANAGE,
    request: { body: { 'application/json': NewImportJobInput } },
    answers: { 201: ok('The import job', A.ImportJobBody), ...errors(400, 401, 403, 404, 415) },
  }),
  defineRoute({
    operationId: 'listImportJobs',
    method: 'GET',
    path: '/batch-import/import-jobs',
    function: 'importJobs',
    tag: 'Import jobs',
    summary: "The org's import jobs, each with its last 5 runs",
    auth: READ_ANY,
    request: { query: PageQuery },
    answers: { 200: ok('A page; nextCursor is null on the last', A.ImportJobPage), ...errors(400, 401, 403) },
  }),
  defineRoute({
    operationId: 'getImportJob',
    method: 'GET',
    path: '/batch-import/import-jobs/{importJobId}',
    function: 'importJobs',
    tag: 'Import jobs',
    summary: 'An import job',
    auth: READ_ANY,
    request: { path: ImportJobPath },
    notFound: 'Import job not found',
    answers: { 200: ok('The import job', A.ImportJobBody), ...errors(401, 403, 404) },
  }),
  defineRoute({
    operationId: 'updateImportJob',
    method: 'PATCH',
    path: '/batch-import/import-jobs/{importJobId}',
    function: 'importJobs',
    tag: 'Import jobs',
    summary: 'Change an import job (any field but kind)',
    auth: MANAGE,
    request: { path: ImportJobPath, body: { 'application/json': ImportJobPatch } },
    notFound: 'Import job not found',
    answers: { 200: ok('The import job', A.ImportJobBody), ...errors(400, 401, 403, 404, 409, 415) },
  }),
  defineRoute({
    operationId: 'deleteImportJob',
    method: 'DELETE',
    path: '/batch-import/import-jobs/{importJobId}',
    function: 'importJobs',
    tag: 'Import jobs',
    summary: 'Delete an import job and its schedules',
    auth: MANAGE,
    request: { path: ImportJobPath },
    notFound: 'Import job not found',
    answers: { 200: ok('Deleted', A.Deleted), ...errors(401, 403, 404, 409) },
  }),
  defineRoute({
    operationId: 'sampleImportJob',
    method: 'POST',
    path: '/batch-import/import-jobs/{importJobId}/sample',
    function: 'importJobs',
    tag: 'Import jobs',
    summary: 'Read a sample file: encoding, delimiters, headers, preview rows, suggested mapping, problems',
    auth: MANAGE,
    request: { path: ImportJobPath, body: { 'multipart/form-data': SampleForm } },
    notFound: 'Import job not found',
    answers: { 200: ok('The sample, and the job (draft, or sampling_failed with the reason)', A.SampleBody), ...errors(400, 401, 403, 404, 409, 413, 415) },
  }),
  importJobAction('activateImportJob', 'activate', 'Activate: arm its schedule'),
  importJobAction('pauseImportJob', 'pause', 'Pause its schedule'),
  importJobAction('reactivateImportJob', 'reactivate', 'Bring a paused or halted import job back to active'),
  defineRoute({
    operationId: 'listImportJobRuns',
    method: 'GET',
    path: '/batch-import/import-jobs/{importJobId}/runs',
    function: 'importJobs',
    tag: 'Import jobs',
    summary: "An import job's run history, newest first",
    auth: READ_ANY,
    request: { path: ImportJobPath, query: PageQuery },
    notFound: 'Import job not found',
    answers: { 200: ok('A page; nextCursor is null on the last', A.ImportJobRunPage), ...errors(400, 401, 403, 404) },
  }),
  defineRoute({
    operationId: 'presignDropFile',
    method: 'POST',
    path: '/batch-import/import-jobs/{importJobId}/files',
    function: 'importJobs',
    tag: 'Import jobs',
    summary: "A presigned PUT into the import job's drop prefix",
    auth: MANAGE,
    request: { path: ImportJobPath, body: { 'application/json': DropFileRequest } },
    notFound: 'Import job not found',
    answers: { 201: ok('The upload URL', A.DropFileUpload), ...errors(400, 401, 403, 404, 413, 415) },
  }),
  defineRoute({
    operationId: 'getQuota',
    method: 'GET',
    path: '/batch-import/quota',
    function: 'quota',
    tag: 'Quota',
    summary: "A namespace's monthly row quota (UTC month)",
    auth: READ_ANY,
    request: { query: QuotaQuery },
    answers: { 200: ok('The quota', A.Quota), ...errors(400, 401, 403) },
  }),
  defineRoute({
    operationId: 'setQuota',
    method: 'PUT',
    path: '/batch-import/quota',
    function: 'quota',
    tag: 'Quota',
    summary: "Set a namespace's monthly row limit",
    auth: MANAGE,
    request: { body: { 'application/json': NewLimit } },
    answers: { 200: ok('The quota', A.Quota), ...errors(400, 401, 403, 415) },
  }),
  defineRoute({
    operationId: 'runImportJobNow',
    method: 'POST',
    path: '/batch-import/import-jobs/{importJobId}/runs',
    function: 'importJobRuns',
    tag: 'Import jobs',
    summary: 'Run an import job now, from its drop prefix',
    auth: MANAGE,
    request: { path: ImportJobPath },
    notFound: 'Import job not found',
    answers: { 202: ok('The new run', A.JobBody), ...errors(401, 403, 404, 409) },
  }),
  defineRoute({
    operationId: 'createSession',
    method: 'POST',
    path: '/batch-import/session',
    function: 'session',
    tag: 'Dashboard sessions',
    summary: 'Sign in to the dashboard: an API key for a session cookie',
    description:
      'Answers with `Set-Cookie`: a session cookie (HttpOnly, SameSite=Strict, Secure except on plain-http localhost) sealed by the service, valid 8 hours. The key is not in it. With the cookie, every keyed route accepts requests without `Authorization`; state-changing ones must then carry the API\'s own `Origin`.',
    auth: PUBLIC,
    request: { body: { 'application/json': SessionRequest } },
    answers: { 200: ok('Signed in', A.SessionBody), ...errors(400, 401, 403, 415) },
  }),
  defineRoute({
    operationId: 'getSession',
    method: 'GET',
    path: '/batch-import/session',
    function: 'session',
    tag: 'Dashboard sessions',
    summary: 'Who is signed in',
    description: 'With the session cookie: its org, scopes and end. With an API key instead: the key\'s org and scopes, and expiresAt null.',
    auth: READ_ANY,
    answers: { 200: ok('The session', A.SessionBody), ...errors(401, 403) },
  }),
  defineRoute({
    operationId: 'deleteSession',
    method: 'DELETE',
    path: '/batch-import/session',
    function: 'session',
    tag: 'Dashboard sessions',
    summary: 'Sign out: clears the session cookie',
    auth: PUBLIC,
    answers: { 200: ok('Signed out', A.SignedOut) },
  }),
] as const satisfies readonly RouteDefinition[];

export type Route = (typeof ROUTE_TABLE)[number];
export type OperationId = Route['operationId'];
export type RouteOf<Id extends OperationId> = Extract<Route, { operationId: Id }>;

/** Request and answer types, inferred from the table's schemas. */
type Schema<T> = T extends z.ZodType ? T : never;
export type PathOf<Id extends OperationId> = RouteOf<Id> extends { request: { path: infer P } } ? z.output<Schema<P>> : Record<string, never>;
export type QueryOf<Id extends OperationId> = RouteOf<Id> extends { request: { query: infer Q } } ? z.input<Schema<Q>> : Record<string, never>;
export type JsonBodyOf<Id extends OperationId> = RouteOf<Id> extends { request: { body: { 'application/json': infer B } } } ? z.input<Schema<B>> : never;
export type AnswerOf<Id extends OperationId, Status extends keyof RouteOf<Id>['answers']> = RouteOf<Id>['answers'][Status] extends {
  json: infer S;
}
  ? z.output<Schema<S>>
  : never;

const BY_ID = new Map<string, Route>(ROUTE_TABLE.map((route) => [route.operationId, route]));
const BY_KEY = new Map<string, Route>(ROUTE_TABLE.map((route) => [routeKeyOf(route), route]));

export function routeById<Id extends OperationId>(operationId: Id): RouteOf<Id> {
  return BY_ID.get(operationId) as RouteOf<Id>;
}

/** The route of an API Gateway route key (`GET /batch-import/jobs/{jobId}`); undefined for `$default`. */
export function routeByKey(routeKey: string): Route | undefined {
  return BY_KEY.get(routeKey);
}

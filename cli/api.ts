import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { createBatchImportClient, type BatchImportClient, type components } from '../client';
import { ApiError, CliError, UnreachableError } from './errors';

/**
 * The calls the CLI makes, one method each, so that the commands depend on this module alone. The JSON calls go
 * through the client generated from the service's OpenAPI document (`client/`); the file uploads and the CSV
 * downloads (a multipart body, a PUT to storage, a 303 to follow without the key) are plain fetch. Bodies are
 * typed as far as the commands read them; everything else passes through untouched (`--json` prints it as it came).
 */

/** The upload routes' words for the three kinds (`POST /batch-import/import/{route}`). */
export const UPLOAD_ROUTES = ['transactions', 'entities', 'user-events'] as const;
export type UploadRoute = (typeof UPLOAD_ROUTES)[number];

/** The job kinds (§2) the presigned route and the history filter take. */
export const JOB_KIND_BY_ROUTE: Record<UploadRoute, string> = {
  transactions: 'transaction_batch',
  entities: 'entity_automatic',
  'user-events': 'user_event_batch',
};

/** Where a kind's failure reports live (§8). */
export const FAILURES_PREFIX_BY_KIND: Record<string, string> = {
  transaction_batch: 'transaction-jobs',
  user_event_batch: 'user-event-jobs',
  entity_automatic: 'entity-jobs',
};

type Schemas = components['schemas'];

/** The answers the commands read, as the route table declares them (client/schema.d.ts, made by `npm run spec`). */
export type Job = Schemas['Job'];
export type JobProgress = NonNullable<Job['progress']>;
export type JobStatusBody = Schemas['JobBody'];
export type JobHistoryPage = Schemas['JobHistoryPage'];
export type UploadAccepted = Schemas['UploadAccepted'];
export type PresignedUpload = Schemas['PresignedUpload'];
export type ImportJobRun = Schemas['ImportJobRun'];
export type ImportJob = Schemas['ImportJob'];
export type ImportJobPage = Schemas['ImportJobPage'];
export type ImportJobRunPage = Schemas['ImportJobRunPage'];
export type RetryAccepted = Schemas['RetryAccepted'];

export interface UploadOptions {
  readonly dryRun?: boolean;
  readonly mappingId?: string;
  readonly namespace?: string;
  readonly idempotencyKey?: string;
}

/** The history filters of `GET /batch-import/jobs` (§6), under their query names. */
export interface JobHistoryQuery {
  readonly kind?: string;
  readonly status?: string;
  readonly runStatus?: string;
  readonly importJobId?: string;
  readonly namespace?: string;
  readonly createdFrom?: string;
  readonly createdTo?: string;
  readonly limit?: string;
  readonly cursor?: string;
}

export interface ApiConfig {
  readonly baseUrl: string;
  readonly apiKey: string;
}

export class BatchImportApi {
  private readonly baseUrl: string;
  private readonly client: BatchImportClient;

  constructor(private readonly config: ApiConfig) {
    this.baseUrl = config.baseUrl.replace(/\/+$/, '');
    this.client = createBatchImportClient({ baseUrl: this.baseUrl, apiKey: config.apiKey, fetch: (request) => this.reach(request) });
  }

  /** `POST /batch-import/import/{route}` with one `file` part. */
  uploadMultipart(route: UploadRoute, file: { name: string; bytes: Uint8Array }, options: UploadOptions): Promise<UploadAccepted> {
    const form = new FormData();
    if (options.mappingId) form.append('mappingId', options.mappingId);
    if (options.namespace) form.append('namespace', options.namespace);
    form.append('file', new Blob([file.bytes]), file.name);
    return this.json('POST', `/batch-import/import/${route}${options.dryRun ? '?dryRun=true' : ''}`, {
      body: form,
      headers: idempotencyHeader(options),
    });
  }

  /** `POST /batch-import/uploads`: a job waiting for its file, and where to PUT it. */
  requestPresignedUpload(route: UploadRoute, file: { name: string; size: number }, options: UploadOptions): Promise<PresignedUpload> {
    const body = {
      kind: JOB_KIND_BY_ROUTE[route],
      fileName: file.name,
      contentLength: file.size,
      ...(options.mappingId ? { mappingId: options.mappingId } : {}),
      options: options.namespace ? { namespace: options.namespace } : {},
      dryRun: options.dryRun ?? false,
    };
    return this.json('POST', '/batch-import/uploads', {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...idempotencyHeader(options) },
    });
  }

  /** Streams a file to a presigned URL, with the headers the URL was signed for (no API key: the URL is the key). */
  async putPresigned(upload: PresignedUpload, path: string): Promise<void> {
    const response = await this.reach(upload.uploadUrl, {
      method: upload.uploadMethod,
      headers: upload.uploadHeaders,
      body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
      duplex: 'half',
    } as RequestInit);
    if (!response.ok) {
      throw new CliError(`the file upload to storage answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    }
  }

  getJob(jobId: string): Promise<JobStatusBody> {
    return this.typed(this.client.GET('/batch-import/jobs/{jobId}', { params: { path: { jobId } } }));
  }

  listJobs(query: JobHistoryQuery): Promise<JobHistoryPage> {
    return this.typed(this.client.GET('/batch-import/jobs', { params: { query: { ...query } as never } }));
  }

  /** The kind's failures body (§8): the first 500, `truncated` says whether there are more. */
  getFailures(job: Pick<Job, 'jobId' | 'kind'>): Promise<Record<string, unknown>> {
    return this.json('GET', `/batch-import/${failuresPrefix(job.kind)}/${encodeURIComponent(job.jobId)}/failures`);
  }

  /** The kind's complete `failures.csv`, following the 303 to wherever it is kept. */
  failuresCsv(job: Pick<Job, 'jobId' | 'kind'>): Promise<ReadableStream<Uint8Array>> {
    return this.download(`/batch-import/${failuresPrefix(job.kind)}/${encodeURIComponent(job.jobId)}/failures.csv`);
  }

  /** The failed rows as uploaded, plus `error_code` and `error_message`. */
  failedRowsCsv(jobId: string): Promise<ReadableStream<Uint8Array>> {
    return this.download(`/batch-import/jobs/${encodeURIComponent(jobId)}/failed-rows.csv`);
  }

  control(jobId: string, action: 'pause' | 'resume' | 'cancel'): Promise<JobStatusBody> {
    return this.typed(this.client.POST('/batch-import/jobs/{jobId}/control', { params: { path: { jobId } }, body: { action } as never }));
  }

  retryFailed(jobId: string): Promise<RetryAccepted> {
    return this.typed(this.client.POST('/batch-import/jobs/{jobId}/retry-failed', { params: { path: { jobId } } }));
  }

  listImportJobs(cursor?: string): Promise<ImportJobPage> {
    return this.typed(this.client.GET('/batch-import/import-jobs', { params: { query: { cursor } as never } }));
  }

  getImportJob(id: string): Promise<Schemas['ImportJobBody']> {
    return this.typed(this.client.GET('/batch-import/import-jobs/{importJobId}', { params: { path: { importJobId: id } } }));
  }

  listImportJobRuns(id: string, cursor?: string): Promise<ImportJobRunPage> {
    return this.typed(this.client.GET('/batch-import/import-jobs/{importJobId}/runs', { params: { path: { importJobId: id }, query: { cursor } as never } }));
  }

  /** Run now: answers the new run's status body. */
  runImportJobNow(id: string): Promise<JobStatusBody> {
    return this.typed(this.client.POST('/batch-import/import-jobs/{importJobId}/runs', { params: { path: { importJobId: id } } }));
  }

  /** A typed call's answer: its 2xx body, or the service's error body as an ApiError. */
  private async typed<T>(call: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
    const { data, error, response } = await call;
    if (error !== undefined || !response.ok) throw errorFromBody(response, error);
    return data as T;
  }

  private async json<T>(method: string, path: string, init: { body?: RequestInit['body']; headers?: Record<string, string> } = {}): Promise<T> {
    const response = await this.call(method, path, init);
    if (!response.ok) throw await apiError(response);
    return (await response.json()) as T;
  }

  /** A CSV report: the API answers 303 to a presigned download, which is fetched without the API key. */
  private async download(path: string): Promise<ReadableStream<Uint8Array>> {
    let response = await this.call('GET', path, {}, 'manual');
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      response = await this.reach(new URL(location, this.baseUrl).toString(), {});
    }
    if (!response.ok) throw await apiError(response);
    if (!response.body) throw new CliError(`${path} answered an empty body`);
    return response.body;
  }

  private call(method: string, path: string, init: { body?: RequestInit['body']; headers?: Record<string, string> }, redirect: RequestInit['redirect'] = 'follow') {
    return this.reach(`${this.baseUrl}${path}`, {
      method,
      body: init.body,
      redirect,
      headers: { authorization: `Bearer ${this.config.apiKey}`, ...init.headers },
    });
  }

  /** fetch, with a network failure turned into one line that names the address. */
  private async reach(url: string | Request, init?: RequestInit): Promise<Response> {
    try {
      return await fetch(url, init);
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new UnreachableError(new URL(typeof url === 'string' ? url : url.url).origin, why);
    }
  }
}

function failuresPrefix(kind: string): string {
  const prefix = FAILURES_PREFIX_BY_KIND[kind];
  if (!prefix) throw new CliError(`jobs of kind ${kind} have no failure reports`);
  return prefix;
}

function idempotencyHeader(options: UploadOptions): Record<string, string> {
  return options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {};
}

function errorFromBody(response: Response, body: unknown): ApiError {
  const error = (body as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
  if (error?.code) return new ApiError(response.status, error.code, error.message ?? '', error.details);
  return new ApiError(response.status, 'HTTP_ERROR', typeof body === 'string' && body.trim() ? body.slice(0, 200).trim() : response.statusText);
}

/** The service's error body, or what there is of one (a proxy's HTML page, an empty body). */
async function apiError(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string; details?: unknown } };
    if (body.error?.code) return new ApiError(response.status, body.error.code, body.error.message ?? '', body.error.details);
  } catch {
    // not JSON: fall through
  }
  return new ApiError(response.status, 'HTTP_ERROR', text.slice(0, 200).trim() || response.statusText);
}

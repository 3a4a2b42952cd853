import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

export type { components, operations, paths };

/** A client of the batch import API, typed from its OpenAPI document (openapi.json → client/schema.d.ts). */
export type BatchImportClient = Client<paths>;

export interface BatchImportClientOptions {
  /** Where the service answers, e.g. `http://127.0.0.1:3000` or the API's invoke URL; no trailing path. */
  readonly baseUrl: string;
  /** An API key; sent as `Authorization: Bearer <key>`. Leave it out for the routes that need none. */
  readonly apiKey?: string;
  /** @default globalThis.fetch */
  readonly fetch?: ClientOptions['fetch'];
  /** Sent with every request, beside the key. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * `const api = createBatchImportClient({ baseUrl, apiKey }); const { data, error } = await api.GET('/batch-import/jobs/{jobId}', { params: { path: { jobId } } });`
 * `data` is the 2xx body and `error` the §3 error body, both typed by route and status. CSV downloads answer a 303
 * that fetch follows (it drops the key on the way to the storage host).
 */
export function createBatchImportClient(options: BatchImportClientOptions): BatchImportClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    headers: { ...options.headers, ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
  });
}

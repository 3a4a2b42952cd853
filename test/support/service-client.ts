import { checkAnswer, checkCsvDownload, routeOf } from './contract';

/**
 * A small client of the running local stack, over real HTTP, as an integration would write it. Every request goes
 * through `api()`, which checks each answer against the route table's contract (test/support/contract.ts).
 */
export const baseUrl = (): string => required('E2E_BASE_URL');
export const demoKey = (): string => required('E2E_DEMO_API_KEY');

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through the integration project (global setup starts the stack)`);
  return value;
}

/**
 * `fetch` of the service, with the contract check: the answer's status must be one its route declares and its
 * body must match that status's schema, or the call throws. A 303 to a CSV is checked (Location), then followed
 * like fetch would, and the download must be text/csv; pass `redirect: 'manual'` to get the 303 itself.
 * `path` is relative to the stack's URL (`/batch-import/jobs`), or a whole URL of it.
 */
export async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const url = path.startsWith('http') ? path : `${baseUrl()}${path}`;
  const method = (init.method ?? 'GET').toUpperCase();
  const followsRedirects = init.redirect === undefined || init.redirect === 'follow';
  const response = await fetch(url, { ...init, redirect: 'manual' });
  await checkAnswer(method, url, response);
  const location = response.headers.get('location');
  if (response.status === 303 && location && followsRedirects && routeOf(method, url)) {
    // As fetch follows a 303: a GET, without the key (the download is on the storage host).
    const download = await fetch(new URL(location, url));
    await checkCsvDownload(download);
    return download;
  }
  return response;
}

/** `api()` with a bearer key (the demo key unless given). */
export function withKey(init: RequestInit = {}, apiKey = demoKey()): RequestInit {
  return { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${apiKey}` } };
}

export interface Job {
  jobId: string;
  kind: string;
  status: string;
  runStatus: string;
  totalItems: number | null;
  succeeded: number;
  failed: number;
  skipped: number;
  createdAt: string;
  completedAt: string | null;
  heartbeatAt: string | null;
  leaseExpiresAt: string | null;
  workerError: string | null;
  metadata: Record<string, unknown> | null;
  jobFailure?: { code: string; message: string };
  progress: { processed: number; percent: number | null; rowsPerSecond: number | null; etaSeconds: number | null };
  [field: string]: unknown;
}

export async function uploadFiles(
  route: 'entities' | 'transactions' | 'user-events',
  files: Array<{ fileName: string; content: string | Buffer }>,
  fields: Record<string, string> = {},
  apiKey = demoKey(),
): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) form.append('file', new Blob([file.content]), file.fileName);
  return api(`/batch-import/import/${route}`, withKey({ method: 'POST', body: form }, apiKey));
}

export async function uploadJson(route: 'entities' | 'transactions' | 'user-events', body: unknown, apiKey = demoKey()): Promise<Response> {
  return api(`/batch-import/import/${route}`, withKey({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, apiKey));
}

export async function getJob(jobId: string, apiKey = demoKey()): Promise<Response> {
  return api(`/batch-import/jobs/${jobId}`, withKey({}, apiKey));
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'interrupted']);

/** Polls like a client should (every half second here) and keeps every distinct state it saw. */
export async function pollUntilTerminal(jobId: string, timeoutMs = 120_000): Promise<{ job: Job; seen: Array<[string, string]> }> {
  const seen: Array<[string, string]> = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await getJob(jobId);
    if (response.status !== 200) throw new Error(`GET job answered ${response.status}: ${await response.text()}`);
    const { job } = (await response.json()) as { job: Job };
    const last = seen[seen.length - 1];
    if (!last || last[0] !== job.status || last[1] !== job.runStatus) seen.push([job.status, job.runStatus]);
    if (TERMINAL.has(job.status)) return { job, seen };
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status}/${job.runStatus} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function uploadAndWait(route: Parameters<typeof uploadFiles>[0], files: Parameters<typeof uploadFiles>[1], fields?: Record<string, string>) {
  const response = await uploadFiles(route, files, fields);
  if (response.status !== 202) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
  const { jobId } = (await response.json()) as { jobId: string };
  return pollUntilTerminal(jobId);
}

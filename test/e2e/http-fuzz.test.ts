import fc from 'fast-check';
import { DynamoApiKeyRepository } from '../../functions/adapters/dynamodb/api-key-repository';
import { createAwsClients } from '../../functions/adapters/aws-clients';
import { systemClock } from '../../functions/adapters/system';
import type { Scope } from '../../functions/core/kinds';
import { createApiKey } from '../../functions/core/use-cases/create-api-key';
import { ROUTES } from '../../lib/routes';
import { runTag, transactionsCsv } from '../support/generate';
import { baseUrl } from '../support/service-client';

/**
 * Property-based fuzzing of the HTTP layer, over the running local stack (real server, real handlers, emulators):
 * requests made of the routes' own methods and paths, the headers clients get wrong and bodies of every bad kind.
 * Whatever arrives: never a 5xx, the service keeps answering, every error is the §3 body with a code, and every
 * job a request created ends. Its own org keeps it from touching what other tests see (quota, jobs, mappings).
 *
 * HTTP_FUZZ_RUNS, HTTP_FUZZ_TIME_LIMIT_MS and HTTP_FUZZ_SEED (fast-check's seed, printed on failure) widen or replay a run.
 */
const RUNS = Number(process.env.HTTP_FUZZ_RUNS ?? 250);
const SEED = process.env.HTTP_FUZZ_SEED === undefined ? undefined : Number(process.env.HTTP_FUZZ_SEED);
/** The property stops starting cases after this, so `npm test` stays bounded on a slow machine. */
const TIME_LIMIT_MS = Number(process.env.HTTP_FUZZ_TIME_LIMIT_MS ?? 40_000);
const JOBS_END_WITHIN_MS = 45_000;

jest.setTimeout(TIME_LIMIT_MS + JOBS_END_WITHIN_MS + 30_000);

const clients = createAwsClients();
const apiKeys = new DynamoApiKeyRepository(clients.dynamo, process.env.CONTROL_TABLE_NAME as string);
const ORG = `fuzz-${runTag()}`;
const ALL_SCOPES: Scope[] = ['entities:bulk_import', 'transactions:create', 'events:create', 'import-jobs:manage'];
const newKey = async (scopes: Scope[]) => (await createApiKey({ apiKeys, clock: systemClock }, { orgId: ORG, scopes })).apiKey;

/** What beforeAll creates, so that some requests reach real objects rather than 404s. */
const known = { key: '', narrowKey: '', jobId: '', importJobId: '', mappingId: '' };

async function call(method: string, path: string, body?: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- the API's JSON
  const response = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: { authorization: `Bearer ${known.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

beforeAll(async () => {
  known.key = await newKey(ALL_SCOPES);
  known.narrowKey = await newKey(['events:create']);
  const form = new FormData();
  form.append('file', new Blob([transactionsCsv(3, `fz${runTag()}`)]), 't.csv');
  const upload = await fetch(`${baseUrl()}/batch-import/import/transactions`, { method: 'POST', headers: { authorization: `Bearer ${known.key}` }, body: form });
  known.jobId = ((await upload.json()) as { jobId: string }).jobId;
  known.importJobId = (
    await call('POST', '/batch-import/import-jobs', {
      name: 'fuzz',
      kind: 'transaction_batch',
      source: { filenamePattern: '*.csv' },
      schedule: { type: 'once', at: '2099-01-01T00:00:00Z' },
    })
  ).importJob.id;
  known.mappingId = (await call('POST', '/batch-import/mappings', { name: 'fuzz', target: 'transaction', columnMapping: { id: 'externalId' } })).mapping.id;
});

afterAll(() => clients.dynamo.destroy());

// ---- Generators -------------------------------------------------------------------------------------------

const ODD_STRINGS = ['', ' ', '..', '%', '%2F', '%00', 'null', 'undefined', '[]', '{}', '__proto__', 'constructor', '-1', '0', '1e400',
  '99999999999999999999999', 'NaN', 'Infinity', 'true', '2026-12-04', '2026-02-30', '2026-12-04T10:00:00Z', '9999-12-31T23:59:59-14:00',
  'x'.repeat(300), 'ünïcödé', '😀', "'; DROP TABLE", '<script>', 'eyJmb28iOjF9', 'a,b,c'];
const oddString = fc.oneof(fc.constantFrom(...ODD_STRINGS), fc.string({ maxLength: 40 }), fc.base64String({ maxLength: 60 }));

const pathValue = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('job', 'importJob', 'mapping').map((name) => ({ known: name })) },
  { weight: 2, arbitrary: fc.uuid().map((value) => ({ value })) },
  { weight: 2, arbitrary: oddString.map((value) => ({ value })) },
);

/** A route's path with each `{name}` filled: mostly a known object's id, else a uuid or something odd. */
const routePath = fc.constantFrom(...ROUTES).chain((route) => {
  const names = [...route.path.matchAll(/\{([^}+]+)\+?\}/g)].map((m) => m[1] as string);
  return fc.tuple(fc.constant(route), fc.array(pathValue, { minLength: names.length, maxLength: names.length })).map(([r, values]) => {
    let i = 0;
    const path = r.path.replace(/\{[^}]+\}/g, () => {
      const value = values[i++] as { known?: string; value?: string };
      if (value.known === 'job') return known.jobId;
      if (value.known === 'importJob') return known.importJobId;
      if (value.known === 'mapping') return known.mappingId;
      return encodeURIComponent(value.value ?? '');
    });
    return { method: r.method, path };
  });
});

const QUERY_NAMES = ['limit', 'cursor', 'createdFrom', 'createdTo', 'kind', 'status', 'runStatus', 'namespace', 'importJobId', 'include', 'dryRun', 'sort'];
const query = fc.dictionary(fc.oneof(fc.constantFrom(...QUERY_NAMES), fc.string({ maxLength: 10 })), oddString, { maxKeys: 4 });

const authorization = fc.oneof(
  { weight: 8, arbitrary: fc.constant<string | undefined>('valid') },
  { weight: 1, arbitrary: fc.constant<string | undefined>('narrow') },
  { weight: 1, arbitrary: fc.constantFrom<string | undefined>(undefined, 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'bearer VALID', 'Bearer VALID x', 'Bearer bik_nope') },
  { weight: 1, arbitrary: fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`) },
);

const CONTENT_TYPES = ['application/json', 'application/x-ndjson', 'application/ndjson', 'multipart/form-data', 'multipart/form-data; boundary=', 'text/csv',
  'text/plain', 'application/octet-stream', 'application/json; charset=latin1', 'APPLICATION/JSON', 'application/x-www-form-urlencoded', ';;;', 'x'];

/** Field names of every body the API takes: a generated object is a plausible body of the wrong shape. */
const FIELD_NAMES = ['kind', 'action', 'fileName', 'contentType', 'contentLength', 'namespace', 'limit', 'name', 'target', 'columnMapping',
  'defaultFields', 'headersSnapshot', 'items', 'source', 'schedule', 'notifications', 'format', 'mappingId', 'options', 'dryRun', 'emails',
  'reportRecipientEmails', 'encoding', 'columnDelimiter', 'rowDelimiter', 'filenamePattern', 'type', 'expression', 'timezone', 'at'];
const fieldValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('transaction_batch', 'entity_automatic', 'pause', 'cancel', 'resume', 'transaction', 'a.csv', 'text/csv', 'default', 'once', 'recurring', 'rate(1 minute)', 'UTC'),
  fc.constantFrom(0, -1, 1e308, Number.MAX_SAFE_INTEGER, 1.5),
);
const plausibleObject = fc.dictionary(fc.constantFrom(...FIELD_NAMES), fieldValue, { maxKeys: 6 });

// Depths near the limit, and the ones that overflowed a recursive walk.
const deepJson = fc.tuple(fc.oneof(fc.integer({ min: 60, max: 200 }), fc.constantFrom(1_000, 5_000, 20_000)), fc.constantFrom('[', '{"a":')).map(([depth, open]) => {
  const close = open === '[' ? ']' : '}';
  return `${open.repeat(depth)}1${close.repeat(depth)}`;
});

/** Text JSON.stringify cannot write: numbers past a double, as a client may send them. */
const hugeNumbers = fc.tuple(fc.constantFrom(...FIELD_NAMES), fc.constantFrom('1e400', '-1e400', '123456789012345678901234567890', '0.0000000000000000000001', '1E+99999')).map(
  ([name, number]) => `{"${name}":${number},"items":[{"amount":${number}}]}`,
);

const csvLike = fc.oneof(
  fc.constant('externalId,amount,currency,occurredAt\nfz1,1.00,USD,2026-11-01T00:00:00Z\n'),
  fc.constant('taxId,type\n20-1,person\n'),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

/** A multipart body written by hand, so that it can be cut off, misnamed or carry any fields. */
const multipartBody = fc
  .record({
    fields: fc.dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 8 })), oddString, { maxKeys: 4 }),
    files: fc.array(
      fc.record({
        name: fc.constantFrom<string | undefined>('file', 'file', 'file', 'upload', undefined),
        fileName: fc.oneof(fc.constantFrom<string | undefined>('t.csv', 'items.json', 'rows.ndjson', 't.csv.gz', 'x.xlsx', undefined, ''), fc.string({ maxLength: 20 })),
        content: csvLike,
      }),
      { maxLength: 3 },
    ),
    cutAt: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) }),
    boundary: fc.constantFrom('fz', 'fz', 'fz', 'fz', 'other'),
  })
  .map(({ fields, files, cutAt, boundary }) => {
    const parts = [
      ...Object.entries(fields).map(([name, value]) => `--fz\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
      ...files.map((file) => {
        const disposition = ['form-data', file.name === undefined ? '' : `name="${file.name}"`, file.fileName === undefined ? '' : `filename="${file.fileName}"`].filter(Boolean).join('; ');
        return `--fz\r\nContent-Disposition: ${disposition}\r\nContent-Type: application/octet-stream\r\n\r\n${file.content}\r\n`;
      }),
    ];
    const whole = `${parts.join('')}--fz--\r\n`;
    const text = cutAt === undefined ? whole : whole.slice(0, Math.floor(whole.length * cutAt));
    return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.from(text, 'latin1') as Buffer | string };
  });

const body = fc.oneof(
  { weight: 2, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: plausibleObject.map((o) => ({ contentType: 'application/json', body: JSON.stringify(o) as Buffer | string })) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => ({ contentType: 'application/json', body: JSON.stringify(v) as Buffer | string })) },
  { weight: 1, arbitrary: deepJson.map((text) => ({ contentType: 'application/json', body: text as Buffer | string })) },
  { weight: 1, arbitrary: hugeNumbers.map((text) => ({ contentType: 'application/json', body: text as Buffer | string })) },
  { weight: 1, arbitrary: fc.integer({ min: 10_000, max: 1_500_000 }).map((n) => ({ contentType: 'application/json', body: `{"name":"${'x'.repeat(n)}"}` as Buffer | string })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2000 }).map((bytes) => ({ contentType: 'application/octet-stream', body: Buffer.from(bytes) as Buffer | string })) },
  { weight: 3, arbitrary: multipartBody },
  { weight: 1, arbitrary: csvLike.map((text) => ({ contentType: 'application/x-ndjson', body: text as Buffer | string })) },
);

/** `arbitrary` in one case of `outOf`, else undefined (fc.option's freq counts the other way). */
const rarely = <T>(arbitrary: fc.Arbitrary<T>, outOf: number) =>
  fc.oneof({ weight: outOf - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

/** The routes that read a file: the multipart parser's inputs, so they get more than their share of cases. */
const fileRoute = fc.constantFrom('/batch-import/import/entities', '/batch-import/import/transactions', '/batch-import/import/user-events', 'sample').map((path) => ({
  method: 'POST',
  path: path === 'sample' ? `/batch-import/import-jobs/${known.importJobId}/sample` : path,
}));
const fileBody = fc.oneof(
  { weight: 4, arbitrary: multipartBody },
  { weight: 1, arbitrary: deepJson.map((text) => ({ contentType: 'application/json', body: text as Buffer | string })) },
  { weight: 1, arbitrary: plausibleObject.map((o) => ({ contentType: 'application/json', body: JSON.stringify(o) as Buffer | string })) },
  { weight: 1, arbitrary: csvLike.map((text) => ({ contentType: 'application/x-ndjson', body: text as Buffer | string })) },
);

/** createdFrom / createdTo as clients write them: dates, date-times with and without zones, in either order. */
const instant = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true });
const bound = fc.oneof(
  instant.map((d) => d.toISOString()),
  instant.map((d) => d.toISOString().slice(0, 10)),
  instant.map((d) => d.toISOString().slice(0, 19)),
  fc.tuple(instant, fc.constantFrom('+14:00', '-12:00', '+05:30')).map(([d, zone]) => `${d.toISOString().slice(0, 19)}${zone}`),
  oddString,
);
const historyQuery = fc.record({ createdFrom: bound, createdTo: bound, limit: fc.oneof(fc.integer({ min: -5, max: 200 }).map(String), oddString) }, { requiredKeys: [] });

const common = {
  otherMethod: fc.constant(undefined),
  authorization: fc.oneof({ weight: 9, arbitrary: fc.constant<string | undefined>('valid') }, { weight: 1, arbitrary: fc.constant<string | undefined>('narrow') }),
  contentType: fc.constant(undefined),
  contentEncoding: fc.constant(undefined),
  idempotencyKey: fc.constant(undefined),
};

const anyRequest = fc.record({
  route: routePath,
  otherMethod: rarely(fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE'), 10),
  query,
  authorization,
  body,
  contentType: rarely(fc.constantFrom(...CONTENT_TYPES), 5),
  contentEncoding: rarely(fc.constantFrom('gzip', 'identity', 'br'), 10),
  // Header values are bytes: fetch refuses characters past Latin-1 before anything is sent.
  idempotencyKey: rarely(oddString.filter((s) => /^[\x20-\x7e\xa0-\xff]*$/.test(s)), 6),
});

const request = fc.oneof(
  { weight: 5, arbitrary: anyRequest },
  { weight: 3, arbitrary: fc.record({ ...common, route: fileRoute, query: fc.constant({}), body: fileBody }) },
  { weight: 1, arbitrary: fc.record({ ...common, route: fc.constant({ method: 'GET', path: '/batch-import/jobs' }), query: historyQuery, body: fc.constant(undefined) }) },
);

// ---- The property -----------------------------------------------------------------------------------------

const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'interrupted']);
const statuses = new Map<number, number>();
const createdJobs = new Set<string>();
let cases = 0;

type Request = typeof request extends fc.Arbitrary<infer T> ? T : never;

async function send(input: Request): Promise<void> {
  const method = input.otherMethod ?? input.route.method;
  const headers: Record<string, string> = {};
  const auth = input.authorization === 'valid' ? `Bearer ${known.key}` : input.authorization === 'narrow' ? `Bearer ${known.narrowKey}` : input.authorization?.replace('VALID', known.key);
  if (auth !== undefined) headers.authorization = auth;
  const sendsBody = input.body !== undefined && method !== 'GET';
  if (sendsBody) headers['content-type'] = input.contentType ?? input.body!.contentType;
  if (input.contentEncoding) headers['content-encoding'] = input.contentEncoding;
  if (input.idempotencyKey !== undefined) headers['idempotency-key'] = input.idempotencyKey;
  const search = new URLSearchParams(input.query).toString();
  const url = `${baseUrl()}${input.route.path}${search ? `?${search}` : ''}`;

  cases++;
  // A thrown fetch is a reset connection or a dead service: the property fails with the request that did it.
  const response = await fetch(url, { method, headers, body: sendsBody ? input.body!.body : undefined, redirect: 'manual' });
  const text = await response.text();
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  const where = `${method} ${url.slice(0, 200)} → ${response.status} ${text.slice(0, 300)}`;

  if (response.status >= 500) throw new Error(`5xx: ${where}`);
  if (response.status >= 400) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`an error answer that is not JSON: ${where}`);
    }
    const error = (parsed as { success?: unknown; error?: { code?: unknown; message?: unknown } }).error;
    if ((parsed as { success?: unknown }).success !== false || typeof error?.code !== 'string' || typeof error.message !== 'string') {
      throw new Error(`an error answer without the §3 shape: ${where}`);
    }
  }
  if (response.status === 201 || response.status === 202) {
    const parsed = JSON.parse(text) as { jobId?: string; job?: { jobId?: string } };
    const jobId = parsed.jobId ?? parsed.job?.jobId;
    if (jobId) createdJobs.add(jobId);
  }
}

/** Polls every job the fuzz created until it ends; a paused one is cancelled (it waits for a person, by design). */
async function unfinishedJobs(deadline: number): Promise<string[]> {
  const pending = new Set(createdJobs);
  while (pending.size > 0 && Date.now() < deadline) {
    for (const jobId of [...pending]) {
      const job = (await call('GET', `/batch-import/jobs/${jobId}`)).job as { status: string; metadata?: { awaitingUpload?: boolean } };
      // A presigned upload waits for its file; it ends when its URL expires, hours later. Nothing is stuck.
      if (TERMINAL.has(job.status) || job.metadata?.awaitingUpload === true) pending.delete(jobId);
      else if (job.status === 'paused') await call('POST', `/batch-import/jobs/${jobId}/control`, { action: 'cancel' });
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return [...pending];
}

describe('E2E: HTTP fuzzing (fast-check)', () => {
  it('never answers 5xx, stays up, answers every error in the §3 body, and every job it created ends', async () => {
    await fc.assert(fc.asyncProperty(request, send), {
      numRuns: RUNS,
      interruptAfterTimeLimit: TIME_LIMIT_MS,
      markInterruptAsFailure: false,
      ...(SEED === undefined ? {} : { seed: SEED }),
    });

    expect((await fetch(`${baseUrl()}/health`)).status).toBe(200);
    const unfinished = await unfinishedJobs(Date.now() + JOBS_END_WITHIN_MS);
    // eslint-disable-next-line no-console -- the run's size is part of its result
    console.info(
      `HTTP fuzz: ${cases} requests (numRuns ${RUNS}), statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}, ` +
        `${createdJobs.size} jobs created, ${unfinished.length} unfinished`,
    );
    expect(unfinished).toEqual([]);
    expect(cases).toBeGreaterThan(0);
  });
});

import { createApiKey } from '../../../functions/core/use-cases/create-api-key';
import { createJobsHandler } from '../../../functions/handlers/http/jobs-handler';
import { createUploadHandler } from '../../../functions/handlers/http/upload-handler';
import { apiEvent, multipart } from '../../support/api-events';
import { createWorld } from '../../support/world';

async function setup() {
  const world = createWorld();
  const { deps } = world;
  const key = async (orgId: string, scopes: Parameters<typeof createApiKey>[1]['scopes']) =>
    (await createApiKey(deps, { orgId, scopes })).apiKey;
  const upload = createUploadHandler({ ...deps, maxUploadBytes: 1024 * 1024 });
  const jobs = createJobsHandler(deps);
  const auth = (k: string) => ({ authorization: `Bearer ${k}` });
  return { world, deps, key, upload, jobs, auth };
}

async function csvUpload(route: string, headers: Record<string, string>, fields: Record<string, string> = {}, files?: Parameters<typeof multipart>[0]) {
  const form = await multipart(files ?? [{ fileName: 't.csv', content: 'externalId,amount,currency,occurredAt\nt1,1.00,USD,2026-11-01\n' }], fields);
  return apiEvent({ method: 'POST', path: `/batch-import/import/${route}`, headers: { ...headers, 'content-type': form.contentType }, body: form.body });
}

const bodyOf = (result: { body?: string }) => JSON.parse(result.body ?? 'null');

describe('Handler: upload', () => {
  it('answers 202 with the job id before any row is processed, and stores the file', async () => {
    const { upload, key, auth, deps } = await setup();
    const result = await upload(await csvUpload('transactions', auth(await key('org-a', ['transactions:create']))));
    expect(result.statusCode).toBe(202);
    const body = bodyOf(result);
    expect(body).toEqual({ success: true, jobId: expect.any(String), kind: 'transaction_batch', status: 'queued' });
    expect(deps.objects.objects.has(`uploads/${body.jobId}/0`)).toBe(true);
    expect(await deps.runs.get(body.jobId)).toMatchObject({ state: 'queued', orgId: 'org-a', succeeded: 0 });
  });

  it('answers 401 without a key, with an unknown key, and with an expired one', async () => {
    const { upload, deps, auth, world } = await setup();
    expect((await upload(await csvUpload('transactions', {}))).statusCode).toBe(401);
    expect((await upload(await csvUpload('transactions', auth('bik_unknown')))).statusCode).toBe(401);
    // A key cannot be created already expired: it expires a minute after it is made.
    const expired = (await createApiKey(deps, { orgId: 'org-a', scopes: ['transactions:create'], expiresAt: '2026-11-25T10:01:00Z' })).apiKey;
    world.deps.clock.advance(61_000);
    const result = await upload(await csvUpload('transactions', auth(expired)));
    expect(result.statusCode).toBe(401);
    expect(bodyOf(result)).toEqual({ success: false, error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
  });

  it('answers 403 when the key lacks the kind scope', async () => {
    const { upload, key, auth } = await setup();
    const result = await upload(await csvUpload('entities', auth(await key('org-a', ['transactions:create']))));
    expect(result.statusCode).toBe(403);
    expect(bodyOf(result).error.code).toBe('FORBIDDEN');
  });

  it('takes up to five transaction files and refuses a sixth, and more than one entity file', async () => {
    const { upload, key, auth } = await setup();
    const k = auth(await key('org-a', ['transactions:create', 'entities:bulk_import']));
    const file = (i: number) => ({ fileName: `t${i}.csv`, content: 'externalId,amount,currency,occurredAt\n' });
    expect((await upload(await csvUpload('transactions', k, {}, [1, 2, 3, 4, 5].map(file)))).statusCode).toBe(202);
    expect((await upload(await csvUpload('transactions', k, {}, [1, 2, 3, 4, 5, 6].map(file)))).statusCode).toBe(400);
    expect((await upload(await csvUpload('entities', k, {}, [1, 2].map(file)))).statusCode).toBe(400);
  });

  it.each([
    ['an unsupported file type', { files: [{ fileName: 'x.xlsx', content: 'x', type: 'application/octet-stream' }] }, 415, 'UNSUPPORTED_FORMAT'],
    ['a bad delimiter', { fields: { columnDelimiter: '#' } }, 400, 'VALIDATION_ERROR'],
    ['more than 10 recipients', { fields: { reportRecipientEmails: JSON.stringify(Array.from({ length: 11 }, (_, i) => `a${i}@x.io`)) } }, 400, 'VALIDATION_ERROR'],
    ['a mapping onto an unknown field', { fields: { columnMapping: JSON.stringify({ id: 'nope' }) } }, 400, 'INVALID_MAPPING'],
    ['an unknown mappingId', { fields: { mappingId: 'm-1' } }, 400, 'INVALID_MAPPING'],
    ['a file name over 100 characters', { files: [{ fileName: `${'x'.repeat(101)}.csv`, content: 'a\n' }] }, 400, 'VALIDATION_ERROR'],
  ])('rejects %s before a job exists', async (_, input, status, code) => {
    const { upload, key, auth, deps } = await setup();
    const k = auth(await key('org-a', ['transactions:create']));
    const result = await upload(await csvUpload('transactions', k, (input as { fields?: Record<string, string> }).fields, (input as { files?: never }).files));
    expect(result.statusCode).toBe(status);
    expect(bodyOf(result).error.code).toBe(code);
    expect(deps.runs.runs.size).toBe(0);
  });

  it('answers 413 for a body over the limit', async () => {
    const world = createWorld();
    const apiKey = (await createApiKey(world.deps, { orgId: 'o', scopes: ['transactions:create'] })).apiKey;
    const upload = createUploadHandler({ ...world.deps, maxUploadBytes: 100 });
    const result = await upload(await csvUpload('transactions', { authorization: `Bearer ${apiKey}` }, {}, [{ fileName: 't.csv', content: 'x'.repeat(500) }]));
    expect(result.statusCode).toBe(413);
    expect(bodyOf(result).error.code).toBe('FILE_TOO_LARGE');
  });

  it('accepts a JSON body with items[] and options beside them', async () => {
    const { upload, key, auth, deps } = await setup();
    const body = Buffer.from(JSON.stringify({ namespace: 'eu', items: [{ eventType: 'login', userId: 'u1', occurredAt: '2026-11-01T00:00:00Z' }] }));
    const result = await upload(apiEvent({ method: 'POST', path: '/batch-import/import/user-events', headers: { ...auth(await key('org-a', ['events:create'])), 'content-type': 'application/json' }, body }));
    expect(result.statusCode).toBe(202);
    const run = await deps.runs.get(bodyOf(result).jobId);
    expect(run).toMatchObject({ kind: 'user_event_batch', namespace: 'eu', files: [{ format: 'ndjson' }] });
  });

  it('rejects a JSON body with more items than a file may hold, before a job exists', async () => {
    const world = createWorld();
    const apiKey = (await createApiKey(world.deps, { orgId: 'o', scopes: ['events:create'] })).apiKey;
    const upload = createUploadHandler({ ...world.deps, limits: { ...world.deps.limits, maxRowsPerFile: 2 }, maxUploadBytes: 1024 * 1024 });
    const items = [1, 2, 3].map((i) => ({ eventType: 'x', userId: `u${i}`, occurredAt: '2026-11-01' }));
    const result = await upload(apiEvent({ method: 'POST', path: '/batch-import/import/user-events', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(items)) }));
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result).error.code).toBe('TOO_MANY_ITEMS');
    expect(world.deps.runs.runs.size).toBe(0);
  });

  it('rejects a JSON body that is not JSON', async () => {
    const { upload, key, auth } = await setup();
    const result = await upload(apiEvent({ method: 'POST', path: '/batch-import/import/user-events', headers: { ...auth(await key('org-a', ['events:create'])), 'content-type': 'application/json' }, body: Buffer.from('{nope') }));
    expect(result.statusCode).toBe(400);
  });

  it('answers a plain 500 that leaks nothing when a dependency breaks', async () => {
    const { world, key, auth } = await setup();
    const k = auth(await key('org-a', ['transactions:create']));
    const logger = world.deps.logger;
    const upload = createUploadHandler({
      ...world.deps,
      maxUploadBytes: 1024 * 1024,
      runs: { ...world.deps.runs, create: async () => { throw new Error('secret table name leaked'); } } as never,
    });
    const result = await upload(await csvUpload('transactions', k));
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('secret');
    expect(bodyOf(result)).toEqual({ success: false, error: { code: 'INTERNAL_ERROR', message: 'Internal server error' } });
    expect(logger.lines.some((l) => l.level === 'error')).toBe(true);
  });
});

describe('Handler: jobs', () => {
  it('answers the job to its own org and 404 to another org, never 403', async () => {
    const { upload, jobs, key, auth } = await setup();
    const ownKey = await key('org-a', ['transactions:create']);
    const { jobId } = bodyOf(await upload(await csvUpload('transactions', auth(ownKey))));
    const get = (k: string, id = jobId) =>
      jobs(apiEvent({ method: 'GET', path: `/batch-import/jobs/${id}`, headers: auth(k), pathParameters: { jobId: id } }));

    const own = await get(ownKey);
    expect(own.statusCode).toBe(200);
    expect(bodyOf(own).job).toMatchObject({ jobId, kind: 'transaction_batch', status: 'queued', runStatus: 'validating' });

    const other = await get(await key('org-b', ['transactions:create', 'entities:bulk_import', 'events:create']));
    expect(other.statusCode).toBe(404);
    expect(bodyOf(other).error.code).toBe('NOT_FOUND');
    expect((await get(ownKey, 'no-such-job')).statusCode).toBe(404);
  });

  it('lets any of the three kind scopes read, and answers 403 to a key with none of them', async () => {
    const { upload, jobs, key, auth } = await setup();
    const { jobId } = bodyOf(await upload(await csvUpload('transactions', auth(await key('org-a', ['transactions:create'])))));
    const get = async (scopes: Parameters<typeof key>[1]) =>
      (await jobs(apiEvent({ method: 'GET', path: `/batch-import/jobs/${jobId}`, headers: auth(await key('org-a', scopes)), pathParameters: { jobId } }))).statusCode;
    expect(await get(['events:create'])).toBe(200);
    expect(await get(['import-jobs:manage'])).toBe(403);
  });
});

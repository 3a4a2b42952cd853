import iconv from 'iconv-lite';
import type { Scope } from '../../../functions/core/kinds';
import { createApiKey } from '../../../functions/core/use-cases/create-api-key';
import { createImportJobsHandler } from '../../../functions/handlers/http/import-jobs-handler';
import { apiEvent, multipart } from '../../support/api-events';
import { createImportJobWorld, newJobBody } from '../../support/import-job-world';

async function setup() {
  const world = createImportJobWorld();
  const handler = createImportJobsHandler(world.deps);
  const key = async (orgId: string, scopes: Scope[]) => (await createApiKey(world.deps, { orgId, scopes })).apiKey;
  const send = async (apiKey: string, method: string, path: string, request: { json?: unknown; body?: Buffer; contentType?: string; query?: Record<string, string> } = {}) => {
    const id = /^\/([^/]+)/.exec(path)?.[1];
    const body = request.json !== undefined ? Buffer.from(JSON.stringify(request.json)) : request.body;
    const contentType = request.json !== undefined ? 'application/json' : request.contentType;
    const result = await handler(
      apiEvent({
        method,
        path: `/batch-import/import-jobs${path}`,
        headers: { authorization: `Bearer ${apiKey}`, ...(contentType ? { 'content-type': contentType } : {}) },
        body,
        pathParameters: id ? { importJobId: id } : undefined,
        query: request.query,
      }),
    );
    return { status: result.statusCode, body: JSON.parse(result.body ?? 'null') };
  };
  const manager = await key('org-a', ['import-jobs:manage']);
  const create = async (overrides: Record<string, unknown> = {}) => {
    const created = await send(manager, 'POST', '', { json: newJobBody(overrides) });
    expect(created.status).toBe(201);
    return created.body.importJob.id as string;
  };
  return { world, send, key, manager, create };
}

describe('Handler: import jobs (§7)', () => {
  it('walks a job through create → sample → activate → pause → reactivate → delete', async () => {
    // Arrange
    const { send, manager, world } = await setup();
    // Act / Assert
    const created = await send(manager, 'POST', '', { json: newJobBody() });
    expect(created).toEqual({ status: 201, body: { success: true, importJob: expect.objectContaining({ status: 'draft' }) } });
    const id = created.body.importJob.id as string;

    const file = await multipart(
      [{ fileName: 'tx-sample.csv', content: iconv.encode('External ID;Amount;Currency;Date\r\ntx-1;1,00;EUR;2026-11-01T10:00:00Z\r\n', 'latin1') }],
      {},
    );
    const sampled = await send(manager, 'POST', `/${id}/sample`, { body: file.body, contentType: file.contentType });
    expect(sampled.status).toBe(200);
    expect(sampled.body.importJob.status).toBe('draft');
    expect(sampled.body.sample).toMatchObject({ encoding: 'utf-8', columnDelimiter: ';', rowDelimiter: 'crlf', headers: ['External ID', 'Amount', 'Currency', 'Date'] });
    expect(sampled.body.sample.problems).toEqual([{ rowNumber: 2, code: 'VALIDATION_ERROR', message: expect.stringContaining('amount') }]);

    for (const [action, status] of [['activate', 'active'], ['pause', 'paused'], ['reactivate', 'active']] as const) {
      const moved = await send(manager, 'POST', `/${id}/${action}`);
      expect([moved.status, moved.body.importJob.status]).toEqual([200, status]);
    }
    expect(world.scheduler.schedules.get(`import-job-${id}`)?.enabled).toBe(true);

    expect(await send(manager, 'DELETE', `/${id}`)).toEqual({ status: 200, body: { success: true, ok: true } });
    expect(world.scheduler.schedules.size).toBe(0);
    expect((await send(manager, 'GET', `/${id}`)).status).toBe(404);
  });

  it('answers a move the status does not allow with 409 INVALID_STATUS_TRANSITION and from/to', async () => {
    const { send, manager, create } = await setup();
    const id = await create();
    expect(await send(manager, 'POST', `/${id}/pause`)).toEqual({
      status: 409,
      body: {
        success: false,
        error: { code: 'INVALID_STATUS_TRANSITION', message: 'An import job cannot go from draft to paused', details: { from: 'draft', to: 'paused' } },
      },
    });
  });

  it('reads with any scope, changes only with import-jobs:manage', async () => {
    const { send, key, create } = await setup();
    const id = await create();
    const reader = await key('org-a', ['events:create']);
    expect((await send(reader, 'GET', '')).status).toBe(200);
    expect((await send(reader, 'GET', `/${id}`)).status).toBe(200);
    expect((await send(reader, 'GET', `/${id}/runs`)).status).toBe(200);
    for (const [method, path] of [['POST', ''], ['PATCH', `/${id}`], ['DELETE', `/${id}`], ['POST', `/${id}/activate`], ['POST', `/${id}/files`]]) {
      const answer = await send(reader, method as string, path as string, { json: {} });
      expect([method, path, answer.status, answer.body.error.code]).toEqual([method, path, 403, 'FORBIDDEN']);
    }
    expect((await send('bik_unknown', 'GET', '')).status).toBe(401);
  });

  it("never shows another org's job, and answers it like an unknown one", async () => {
    const { send, key, create } = await setup();
    const id = await create();
    const other = await key('org-b', ['import-jobs:manage']);
    expect((await send(other, 'GET', '')).body).toEqual({ success: true, importJobs: [], nextCursor: null });
    for (const [method, path] of [['GET', `/${id}`], ['PATCH', `/${id}`], ['DELETE', `/${id}`], ['POST', `/${id}/activate`], ['GET', `/${id}/runs`], ['POST', `/${id}/files`]]) {
      const body = method === 'PATCH' ? { name: 'x' } : method === 'POST' && path?.endsWith('files') ? { fileName: 'tx-1.csv' } : undefined;
      const answer = await send(other, method as string, path as string, body ? { json: body } : {});
      expect([method, path, answer.status]).toEqual([method, path, 404]);
    }
    expect((await send(other, 'GET', '/not%20an%20id')).status).toBe(404);
  });

  it('PATCHes a draft, and answers 409 CONFLICT for an active job', async () => {
    const { send, manager, create } = await setup();
    const id = await create();
    const patched = await send(manager, 'PATCH', `/${id}`, { json: { name: 'Renamed', namespace: 'eu' } });
    expect(patched.body.importJob).toMatchObject({ name: 'Renamed', namespace: 'eu' });
    await send(manager, 'POST', `/${id}/activate`);
    const refused = await send(manager, 'PATCH', `/${id}`, { json: { name: 'Again' } });
    expect([refused.status, refused.body.error.code, refused.body.error.message]).toEqual([409, 'CONFLICT', 'An import job cannot be changed while it is active: pause it first']);
  });

  it('presigns a drop file (201)', async () => {
    const { send, manager, create } = await setup();
    const id = await create({ source: { filenamePattern: 'tx-*.csv{,.gz}' } });
    const answer = await send(manager, 'POST', `/${id}/files`, { json: { fileName: 'tx-1.csv.gz' } });
    expect(answer).toEqual({
      status: 201,
      body: {
        success: true,
        uploadUrl: expect.stringContaining(`drops/org-a/${id}/tx-1.csv.gz`),
        uploadMethod: 'PUT',
        uploadHeaders: { 'content-type': 'application/gzip' },
        key: `drops/org-a/${id}/tx-1.csv.gz`,
        expiresAt: expect.any(String),
      },
    });
  });

  it.each([
    ['a create body that is not JSON', 'POST', '', { body: Buffer.from('name=x'), contentType: 'application/x-www-form-urlencoded' }, 415, 'UNSUPPORTED_FORMAT'],
    ['malformed JSON', 'POST', '', { body: Buffer.from('{'), contentType: 'application/json' }, 400, 'VALIDATION_ERROR'],
    ['a sample that is not multipart', 'POST', '/ID/sample', { json: {} }, 415, 'UNSUPPORTED_FORMAT'],
    // Routes this function does not serve (API Gateway never sends them here): it says so like the $default route.
    ['an unknown action', 'POST', '/ID/explode', {}, 404, 'ROUTE_NOT_FOUND'],
    ['GET on an action', 'GET', '/ID/activate', {}, 404, 'ROUTE_NOT_FOUND'],
    ['POST runs (built by the run policy, not here)', 'POST', '/ID/runs', {}, 404, 'ROUTE_NOT_FOUND'],
  ])('answers %s with %s', async (_case, method, path, request, status, code) => {
    const { send, manager, create } = await setup();
    const id = await create();
    const answer = await send(manager, method, path.replace('ID', id), request);
    expect([answer.status, answer.body.error.code]).toEqual([status, code]);
  });

  it('needs exactly one file part to sample', async () => {
    const { send, manager, create } = await setup();
    const id = await create();
    const none = await multipart([], { encoding: 'utf-8' });
    const answer = await send(manager, 'POST', `/${id}/sample`, { body: none.body, contentType: none.contentType });
    expect([answer.status, answer.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
  });
});

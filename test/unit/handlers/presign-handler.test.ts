import { createApiKey } from '../../../functions/core/use-cases/create-api-key';
import { createPresignHandler } from '../../../functions/handlers/http/presign-handler';
import { apiEvent } from '../../support/api-events';
import { createWorld } from '../../support/world';

async function setup() {
  const { deps } = createWorld();
  const handler = createPresignHandler({
    ...deps,
    limits: { maxFileNameLength: 100, maxPresignedFileBytes: 1_000_000, uploadUrlTtlSeconds: 900 },
  });
  const apiKey = (await createApiKey(deps, { orgId: 'org-a', scopes: ['transactions:create'] })).apiKey;
  const call = (body: unknown, key = apiKey) =>
    handler(apiEvent({
      method: 'POST',
      path: '/batch-import/uploads',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(body)),
    }));
  return { deps, call };
}

const parse = (r: { body?: string }) => JSON.parse(r.body ?? 'null');

describe('Handler: presign', () => {
  it('creates a queued run awaiting its upload and answers 201 with a PUT URL', async () => {
    const { deps, call } = await setup();
    const result = await call({ kind: 'transaction_batch', fileName: 'big.csv.gz', contentLength: 5000, options: { namespace: 'eu' } });
    expect(result.statusCode).toBe(201);
    const body = parse(result);
    expect(body).toEqual({
      success: true,
      jobId: expect.any(String),
      kind: 'transaction_batch',
      status: 'queued',
      uploadUrl: expect.stringContaining(`uploads/${body.jobId}/0`),
      uploadMethod: 'PUT',
      // What S3ObjectStore signs: the exact length, and a create-only PUT (the fakes' contract suite holds them alike).
      uploadHeaders: { 'content-type': 'text/csv', 'content-length': '5000', 'if-none-match': '*' },
      expiresAt: '2026-11-25T10:15:00.000Z',
    });
    expect(await deps.runs.get(body.jobId)).toMatchObject({
      state: 'queued',
      namespace: 'eu',
      files: [{ fileName: 'big.csv.gz', format: 'csv', gzip: true }],
      control: { awaitingUpload: true, uploadExpiresAt: '2026-11-25T10:15:00.000Z' },
    });
  });

  it.each([
    ['a file over the limit', { kind: 'transaction_batch', fileName: 'a.csv', contentLength: 2_000_000 }, 413, 'FILE_TOO_LARGE'],
    ['a JSON array file', { kind: 'transaction_batch', fileName: 'a.json' }, 415, 'UNSUPPORTED_FORMAT'],
    ['an unknown kind', { kind: 'invoices', fileName: 'a.csv' }, 400, 'VALIDATION_ERROR'],
    ['a kind the key may not upload', { kind: 'entity_automatic', fileName: 'a.csv' }, 403, 'FORBIDDEN'],
  ])('refuses %s', async (_, body, status, code) => {
    const { deps, call } = await setup();
    const result = await call(body);
    expect(result.statusCode).toBe(status);
    expect(parse(result).error.code).toBe(code);
    expect(deps.runs.runs.size).toBe(0);
  });
});

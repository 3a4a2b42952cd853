import { randomUUID } from 'node:crypto';
import { createAwsClients } from '../../functions/adapters/aws-clients';
import { DynamoApiKeyRepository } from '../../functions/adapters/dynamodb/api-key-repository';
import { systemClock } from '../../functions/adapters/system';
import { createApiKey } from '../../functions/core/use-cases/create-api-key';
import { createBatchImportClient } from '../../client';
import { ContractViolation, checkAnswer } from '../support/contract';
import { api, baseUrl, demoKey, pollUntilTerminal, uploadFiles, withKey } from '../support/service-client';
import { ROUTES } from '../../lib/routes';

jest.setTimeout(120_000);

/**
 * The contract, end to end: real answers of the local stack validate against the route table's schema for their
 * route and status (the OpenAPI document is generated from the same schemas), through the service client's api().
 */
describe('E2E: the HTTP contract (OpenAPI) against the local stack', () => {
  const json = async (response: Response) => (await response.json()) as any; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('serves its OpenAPI 3.1 document without a key, with every route', async () => {
    const response = await api('/batch-import/openapi.json');
    expect(response.status).toBe(200);
    const document = await json(response);
    expect(document.openapi).toBe('3.1.0');
    const keys = Object.entries(document.paths as Record<string, Record<string, { operationId: string }>>).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(keys.sort()).toEqual(ROUTES.map((route) => `${route.method} ${route.path}`).sort());
  });

  it('validates an upload 202, the job status, a history page and a failures body', async () => {
    const upload = await uploadFiles('transactions', [
      {
        fileName: 'contract.csv',
        content: `externalId,amount,currency,occurredAt\ncontract-${randomUUID()},12.50,EUR,2026-11-25T09:00:00Z\ncontract-bad-${randomUUID()},twelve,EUR,2026-11-25T09:00:00Z\n`,
      },
    ]);
    expect(upload.status).toBe(202);
    const { jobId } = await json(upload);
    await pollUntilTerminal(jobId);

    const status = await api(`/batch-import/jobs/${jobId}`, withKey());
    expect((await json(status)).job).toMatchObject({ jobId, status: 'completed', failed: 1 });
    const history = await api('/batch-import/jobs?limit=2', withKey());
    expect((await json(history)).jobs.length).toBeGreaterThan(0);
    const failures = await api(`/batch-import/transaction-jobs/${jobId}/failures`, withKey());
    expect((await json(failures)).failures).toHaveLength(1);
    const inline = await api(`/batch-import/jobs/${jobId}?include=failures`, withKey());
    expect((await json(inline)).failuresTotal).toBe(1);
    // A 303 to the CSV: Location checked, then followed to a text/csv download.
    const csv = await api(`/batch-import/transaction-jobs/${jobId}/failures.csv`, withKey());
    expect((await csv.text()).split('\n')[0]).toMatch(/^external_id,code,error/);
  });

  it('validates the §3 error body of a 404, a 401, and the $default route\'s 404 and 405', async () => {
    const missing = await api(`/batch-import/jobs/${randomUUID()}`, withKey());
    expect(missing.status).toBe(404);
    expect((await json(missing)).error.code).toBe('NOT_FOUND');
    expect((await api('/batch-import/jobs')).status).toBe(401);
    expect((await api('/batch-import/nowhere', withKey())).status).toBe(404);
    const wrongMethod = await api('/batch-import/quota', withKey({ method: 'DELETE' }));
    expect([wrongMethod.status, wrongMethod.headers.get('allow')]).toEqual([405, 'GET, PUT']);
  });

  it('validates an import job, the list, a sample, and a run history page', async () => {
    const repository = new DynamoApiKeyRepository(createAwsClients().dynamo, process.env.CONTROL_TABLE_NAME as string);
    const { apiKey } = await createApiKey(
      { apiKeys: repository, clock: systemClock },
      { orgId: `contract-${randomUUID().slice(0, 8)}`, scopes: ['import-jobs:manage', 'transactions:create'] },
    );
    const created = await api(
      '/batch-import/import-jobs',
      withKey(
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            name: 'Contract check',
            kind: 'transaction_batch',
            source: { filenamePattern: 'tx-*.csv' },
            columnMapping: { Ref: 'externalId', Amt: 'amount', Cur: 'currency', Date: 'occurredAt' },
            schedule: { type: 'recurring', expression: 'rate(1 hour)', timezone: 'UTC' },
          }),
        },
        apiKey,
      ),
    );
    expect(created.status).toBe(201);
    const { importJob } = await json(created);
    expect((await api(`/batch-import/import-jobs/${importJob.id}`, withKey({}, apiKey))).status).toBe(200);
    expect((await api('/batch-import/import-jobs', withKey({}, apiKey))).status).toBe(200);
    // A draft cannot run yet: the 409 is in the contract too.
    expect((await api(`/batch-import/import-jobs/${importJob.id}/runs`, withKey({ method: 'POST' }, apiKey))).status).toBe(409);
    const sample = new FormData();
    sample.append('file', new Blob(['Ref,Amt,Cur,Date\ntx-1,1.00,EUR,2026-11-01T10:00:00Z\n']), 'tx-s.csv');
    const sampled = await api(`/batch-import/import-jobs/${importJob.id}/sample`, withKey({ method: 'POST', body: sample }, apiKey));
    expect((await json(sampled)).importJob.status).toBe('draft');
    expect((await api(`/batch-import/import-jobs/${importJob.id}/activate`, withKey({ method: 'POST' }, apiKey))).status).toBe(200);
    // No file in its drop location: the run starts, then fails (SOURCE_FILE_NOT_FOUND); it is in the history either way.
    const runNow = await api(`/batch-import/import-jobs/${importJob.id}/runs`, withKey({ method: 'POST' }, apiKey));
    expect(runNow.status).toBe(202);
    const runs = await api(`/batch-import/import-jobs/${importJob.id}/runs`, withKey({}, apiKey));
    expect((await json(runs)).runs.length).toBeGreaterThan(0);
  });

  it('fails a test when an answer breaks the contract', async () => {
    const url = `${baseUrl()}/batch-import/jobs/abc`;
    const notDeclared = new Response(JSON.stringify({ success: false, error: { code: 'X', message: 'x' } }), {
      status: 418,
      headers: { 'content-type': 'application/json' },
    });
    await expect(checkAnswer('GET', url, notDeclared)).rejects.toThrow(ContractViolation);
    const wrongBody = new Response(JSON.stringify({ success: true, job: { jobId: 'abc' } }), { status: 200, headers: { 'content-type': 'application/json' } });
    await expect(checkAnswer('GET', url, wrongBody)).rejects.toThrow(/does not match its schema/);
  });

  it('answers the typed client (openapi-fetch) with typed bodies', async () => {
    const checked: string[] = [];
    const client = createBatchImportClient({
      baseUrl: baseUrl(),
      apiKey: demoKey(),
      // The contract check sits in the client's fetch: every answer it gets is validated before it is parsed.
      fetch: async (request: Request) => {
        const response = await fetch(request);
        await checkAnswer(request.method, request.url, response);
        checked.push(`${request.method} ${new URL(request.url).pathname} ${response.status}`);
        return response;
      },
    });
    const { data, error } = await client.GET('/batch-import/jobs', { params: { query: { limit: 1 } } });
    expect(error).toBeUndefined();
    expect(data?.success).toBe(true);
    const missing = await client.GET('/batch-import/jobs/{jobId}', { params: { path: { jobId: 'no-such-job' } } });
    expect(missing.error?.error.code).toBe('NOT_FOUND');
    expect(checked).toEqual(['GET /batch-import/jobs 200', 'GET /batch-import/jobs/no-such-job 404']);
  });

  it('serves the API reference and its assets from the service itself, under a strict CSP', async () => {
    const page = await api('/batch-import/docs');
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] as string);
    expect(assets).toEqual(['docs/swagger-ui.css', 'docs/swagger-ui-bundle.js', 'docs/init.js']);
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of assets) {
      const response = await api(`/batch-import/${asset}`);
      expect([asset, response.status]).toEqual([asset, 200]);
      expect(response.headers.get('content-type')).toMatch(asset.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      expect((await response.text()).length).toBeGreaterThan(100);
    }
    expect((await api('/batch-import/docs/nothing.js')).status).toBe(404);
  });
});

import { DynamoApiKeyRepository } from '../../functions/adapters/dynamodb/api-key-repository';
import { createAwsClients } from '../../functions/adapters/aws-clients';
import { systemClock } from '../../functions/adapters/system';
import type { Scope } from '../../functions/core/kinds';
import { createApiKey } from '../../functions/core/use-cases/create-api-key';
import { runTag } from '../support/generate';
import { baseUrl } from '../support/service-client';

jest.setTimeout(60_000);

const clients = createAwsClients();
const apiKeys = new DynamoApiKeyRepository(clients.dynamo, process.env.CONTROL_TABLE_NAME as string);
const ORG = `hardening-${runTag()}`;
const newKey = async (scopes: Scope[]) => (await createApiKey({ apiKeys, clock: systemClock }, { orgId: ORG, scopes })).apiKey;

/** A multipart body whose file part never reaches its closing boundary: what a client cut off mid-upload sends. */
const CUT_OFF = {
  contentType: 'multipart/form-data; boundary=cutoff',
  body: '--cutoff\r\nContent-Disposition: form-data; name="file"; filename="t.csv"\r\nContent-Type: text/csv\r\n\r\nexternalId,amount\nt1,1.00\n',
};

async function post(path: string, apiKey: string, contentType: string, body: string) {
  const response = await fetch(`${baseUrl()}${path}`, { method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': contentType }, body });
  return { status: response.status, body: (await response.json()) as { success: boolean; error?: { code: string; message: string } } };
}

let manager: string;
let importJobId: string;
const uploadScopes: Record<string, Scope> = { entities: 'entities:bulk_import', transactions: 'transactions:create', 'user-events': 'events:create' };

beforeAll(async () => {
  manager = await newKey(['entities:bulk_import', 'transactions:create', 'events:create', 'import-jobs:manage']);
  const created = await fetch(`${baseUrl()}/batch-import/import-jobs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${manager}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'hardening',
      kind: 'transaction_batch',
      source: { filenamePattern: '*.csv' },
      schedule: { type: 'once', at: '2099-01-01T00:00:00Z' },
      notifications: { emails: [] },
    }),
  });
  expect(created.status).toBe(201);
  importJobId = ((await created.json()) as { importJob: { id: string } }).importJob.id;
});

afterAll(() => clients.dynamo.destroy());

describe('E2E: a multipart body cut off before its closing boundary', () => {
  const routes = () => [
    ...Object.keys(uploadScopes).map((route) => `/batch-import/import/${route}`),
    `/batch-import/import-jobs/${importJobId}/sample`,
  ];

  it('answers 400 VALIDATION_ERROR on every route that reads one, and the service keeps answering', async () => {
    for (const path of routes()) {
      const answer = await post(path, manager, CUT_OFF.contentType, CUT_OFF.body);
      expect({ path, ...answer }).toEqual({
        path,
        status: 400,
        body: { success: false, error: { code: 'VALIDATION_ERROR', message: expect.stringMatching(/ends before its closing boundary/) } },
      });
      // Before the fix the process died right after answering: the next request found nothing listening.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await fetch(`${baseUrl()}/health`)).status).toBe(200);
    }
  });

  it('answers 403 before reading it to a key without the route scope', async () => {
    const eventsOnly = await newKey(['events:create']);
    const transactionsOnly = await newKey(['transactions:create']);
    const keyWithout = (path: string) => (path.includes('/import/user-events') ? transactionsOnly : eventsOnly);
    for (const path of routes()) {
      const answer = await post(path, keyWithout(path), CUT_OFF.contentType, CUT_OFF.body);
      expect({ path, status: answer.status, code: answer.body.error?.code }).toEqual({ path, status: 403, code: 'FORBIDDEN' });
    }
  });
});

describe('E2E: requests that answered 500', () => {
  const history = async (query: string) => {
    const response = await fetch(`${baseUrl()}/batch-import/jobs?${query}`, { headers: { authorization: `Bearer ${manager}` } });
    return { status: response.status, body: (await response.json()) as { jobs?: unknown[]; nextCursor?: string | null } };
  };

  it('answers an empty page to a createdFrom later than createdTo (DynamoDB refuses such a BETWEEN)', async () => {
    expect(await history('createdFrom=2026-12-05T00:00:00Z&createdTo=2026-12-04T00:00:00Z')).toEqual({
      status: 200,
      body: { success: true, jobs: [], nextCursor: null },
    });
  });

  it('answers a createdTo without a createdFrom, and the other way round (found by the fuzz test)', async () => {
    for (const query of ['createdTo=2026-12-04T10:00:00Z', 'createdTo=2026-12-04', 'createdFrom=2026-12-04']) {
      const answer = await history(query);
      expect({ query, status: answer.status }).toEqual({ query, status: 200 });
    }
  });

  it('takes plain ISO dates for createdFrom and createdTo, today included whole', async () => {
    const before = new Date().toISOString().slice(0, 10);
    const upload = await post('/batch-import/import/transactions', manager, 'application/json', JSON.stringify([{ externalId: `h-${runTag()}`, amount: '1.00', currency: 'USD', occurredAt: '2026-11-01T00:00:00Z' }]));
    expect(upload.status).toBe(202);
    const after = new Date().toISOString().slice(0, 10);
    const page = await history(`createdFrom=${before}&createdTo=${after}`);
    expect(page.status).toBe(200);
    expect(page.body.jobs).toContainEqual(expect.objectContaining({ jobId: (upload.body as unknown as { jobId: string }).jobId }));
  });

  it('answers 400 VALIDATION_ERROR to a JSON body nested 5,000 deep', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const answer = await post('/batch-import/import/transactions', manager, 'application/json', deep);
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('VALIDATION_ERROR');
  });
});

describe('E2E: the rest of the class: odd values on every route that takes a body or a query', () => {
  const cases = (): Array<[string, string, string, string?]> => [
    ['PUT', '/batch-import/quota', '', '{"namespace":"default","limit":1e400}'],
    ['PUT', '/batch-import/quota', '', '{"namespace":"default","limit":123456789012345678901234567890}'],
    ['PUT', '/batch-import/quota', '', '[{"namespace":"default","limit":5}]'],
    ['PUT', '/batch-import/quota', '', '{"namespace":{"a":1},"limit":"5"}'],
    ['GET', '/batch-import/quota', 'namespace=%00%FF', undefined],
    ['POST', '/batch-import/mappings', '', '{"name":[],"target":"transaction","columnMapping":[["a","b"]]}'],
    ['POST', '/batch-import/mappings', '', `{"name":"${'x'.repeat(500_000)}","target":"transaction","columnMapping":{"a":"externalId"}}`],
    ['GET', '/batch-import/mappings', 'limit=1e400&cursor=%7B%7D&sort=__proto__', undefined],
    ['POST', '/batch-import/import-jobs', '', '{"name":"x","kind":"transaction_batch","source":[],"schedule":"daily","notifications":{"emails":"a@b.c"}}'],
    ['GET', '/batch-import/import-jobs', 'limit=-1&cursor=not-a-cursor', undefined],
    ['GET', '/batch-import/import-jobs', 'limit=99999999999999999999&cursor=eyJwayI6MX0', undefined],
    ['PATCH', `/batch-import/import-jobs/${importJobId}`, '', '{"schedule":{"type":"recurring","expression":"rate(-1 minutes)","timezone":"Mars/Olympus"}}'],
    ['GET', `/batch-import/import-jobs/${importJobId}/runs`, 'limit=abc&cursor=%E2%82%AC', undefined],
    ['POST', `/batch-import/import-jobs/${importJobId}/files`, '', '{"fileName":{"toString":1}}'],
    ['POST', '/batch-import/uploads', '', '{"kind":"transaction_batch","fileName":"a.csv","contentLength":1e400}'],
    ['POST', '/batch-import/uploads', '', '{"kind":"transaction_batch","fileName":"a.csv","contentLength":-5,"options":[]}'],
    ['POST', '/batch-import/uploads', 'dryRun=maybe', '[]'],
    ['POST', '/batch-import/jobs/00000000-0000-0000-0000-000000000000/control', '', '{"action":["pause"]}'],
    ['POST', '/batch-import/jobs/00000000-0000-0000-0000-000000000000/retry-failed', '', '{"x":1e400}'],
    ['GET', '/batch-import/jobs', 'limit=0&cursor=%7B%22pk%22%3A1%7D', undefined],
    ['GET', '/batch-import/jobs', 'createdFrom=9999-12-31T23:59:59-14:00&createdTo=0000-01-01T00:00:00%2B14:00', undefined],
    ['GET', '/batch-import/jobs', 'cursor=' + 'A'.repeat(2048), undefined],
    ['POST', '/batch-import/import/transactions', 'dryRun=1', '{"items":{"0":{}}}'],
    ['POST', '/batch-import/import/entities', '', '{"items":[],"reportRecipientEmails":[[["a@b.c"]]],"columnMapping":"{"}'],
  ];

  it('answers each below 500, in the error body when it refuses', async () => {
    for (const [method, path, query, body] of cases()) {
      const response = await fetch(`${baseUrl()}${path}${query ? `?${query}` : ''}`, {
        method,
        headers: { authorization: `Bearer ${manager}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body,
      });
      const answer = (await response.json()) as { success: boolean; error?: { code: string } };
      const where = `${method} ${path}?${query.slice(0, 80)}`;
      expect({ where, below500: response.status < 500 }).toEqual({ where, below500: true });
      if (response.status >= 400) expect({ where, success: answer.success, code: typeof answer.error?.code }).toEqual({ where, success: false, code: 'string' });
    }
  });
});

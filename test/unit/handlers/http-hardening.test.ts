import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Scope } from '../../../functions/core/kinds';
import { MAX_JSON_BODY_DEPTH } from '../../../functions/core/json-depth';
import { createApiKey } from '../../../functions/core/use-cases/create-api-key';
import { createControlHandler } from '../../../functions/handlers/http/control-handler';
import { createImportJobsHandler } from '../../../functions/handlers/http/import-jobs-handler';
import { createJobsHandler } from '../../../functions/handlers/http/jobs-handler';
import { createMappingsHandler } from '../../../functions/handlers/http/mappings-handler';
import { createPresignHandler } from '../../../functions/handlers/http/presign-handler';
import { createQuotaHandler } from '../../../functions/handlers/http/quota-handler';
import { createUploadHandler } from '../../../functions/handlers/http/upload-handler';
import { apiEvent, multipart } from '../../support/api-events';
import { createImportJobWorld } from '../../support/import-job-world';
import { csvFile, principal, transactionLines } from '../../support/world';

/** Every HTTP handler that reads a body, over one in-memory world. */
async function setup() {
  const world = createImportJobWorld();
  const { deps } = world;
  const handlers = {
    upload: createUploadHandler({ ...deps, limits: { maxFileNameLength: 100, maxRowsPerFile: 10_000_000 }, maxUploadBytes: 1024 * 1024 }),
    importJobs: createImportJobsHandler(deps),
    mappings: createMappingsHandler(deps),
    quota: createQuotaHandler(deps),
    control: createControlHandler(deps),
    presign: createPresignHandler(deps),
    jobs: createJobsHandler(deps),
  };
  const key = async (scopes: Scope[], orgId = 'org-a') => (await createApiKey(deps, { orgId, scopes })).apiKey;
  return { world, handlers, key };
}

type Handlers = Awaited<ReturnType<typeof setup>>['handlers'];

const answerOf = (result: APIGatewayProxyStructuredResultV2) => ({ status: result.statusCode, body: JSON.parse(result.body ?? 'null') });

const CUT_OFF_MULTIPART = {
  contentType: 'multipart/form-data; boundary=cut',
  body: Buffer.from('--cut\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nx,y\n1,2\n'),
};
const NOT_JSON = { contentType: 'application/json', body: Buffer.from('{"name": ') };
const deepJson = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

interface Route {
  readonly name: string;
  readonly handler: keyof Handlers;
  readonly method: string;
  readonly path: string;
  readonly pathParameters?: Record<string, string>;
  /** The scope the route needs. */
  readonly scope: Scope;
  /** A scope that lets the key in, but not this route: the key must get 403 before the body is read. */
  readonly otherScope: Scope;
  readonly badBody: { contentType: string; body: Buffer };
}

const JOB = '0b5e1c3a-9a63-4f7e-8d2a-2f1c0e9b7a11';
const BODY_ROUTES: Route[] = [
  { name: 'POST /import/entities', handler: 'upload', method: 'POST', path: '/batch-import/import/entities', scope: 'entities:bulk_import', otherScope: 'transactions:create', badBody: CUT_OFF_MULTIPART },
  { name: 'POST /import/transactions', handler: 'upload', method: 'POST', path: '/batch-import/import/transactions', scope: 'transactions:create', otherScope: 'events:create', badBody: CUT_OFF_MULTIPART },
  { name: 'POST /import/user-events', handler: 'upload', method: 'POST', path: '/batch-import/import/user-events', scope: 'events:create', otherScope: 'entities:bulk_import', badBody: CUT_OFF_MULTIPART },
  { name: 'POST /import/transactions (JSON)', handler: 'upload', method: 'POST', path: '/batch-import/import/transactions', scope: 'transactions:create', otherScope: 'events:create', badBody: NOT_JSON },
  { name: 'POST /import-jobs/{id}/sample', handler: 'importJobs', method: 'POST', path: '/batch-import/import-jobs/ij-1/sample', pathParameters: { importJobId: 'ij-1' }, scope: 'import-jobs:manage', otherScope: 'transactions:create', badBody: CUT_OFF_MULTIPART },
  { name: 'POST /import-jobs', handler: 'importJobs', method: 'POST', path: '/batch-import/import-jobs', scope: 'import-jobs:manage', otherScope: 'transactions:create', badBody: NOT_JSON },
  { name: 'PATCH /import-jobs/{id}', handler: 'importJobs', method: 'PATCH', path: '/batch-import/import-jobs/ij-1', pathParameters: { importJobId: 'ij-1' }, scope: 'import-jobs:manage', otherScope: 'transactions:create', badBody: NOT_JSON },
  { name: 'POST /import-jobs/{id}/files', handler: 'importJobs', method: 'POST', path: '/batch-import/import-jobs/ij-1/files', pathParameters: { importJobId: 'ij-1' }, scope: 'import-jobs:manage', otherScope: 'transactions:create', badBody: NOT_JSON },
  { name: 'POST /mappings', handler: 'mappings', method: 'POST', path: '/batch-import/mappings', scope: 'import-jobs:manage', otherScope: 'transactions:create', badBody: NOT_JSON },
  { name: 'PATCH /mappings/{id}', handler: 'mappings', method: 'PATCH', path: '/batch-import/mappings/m-1', pathParameters: { mappingId: 'm-1' }, scope: 'import-jobs:manage', otherScope: 'transactions:create', badBody: NOT_JSON },
  { name: 'PUT /quota', handler: 'quota', method: 'PUT', path: '/batch-import/quota', scope: 'import-jobs:manage', otherScope: 'transactions:create', badBody: NOT_JSON },
  // These two name their kind in the body or through the job: a key with no kind scope at all is refused first.
  { name: 'POST /jobs/{id}/control', handler: 'control', method: 'POST', path: `/batch-import/jobs/${JOB}/control`, pathParameters: { jobId: JOB }, scope: 'transactions:create', otherScope: 'import-jobs:manage', badBody: NOT_JSON },
  { name: 'POST /uploads', handler: 'presign', method: 'POST', path: '/batch-import/uploads', scope: 'transactions:create', otherScope: 'import-jobs:manage', badBody: NOT_JSON },
];

function eventFor(route: Route, apiKey: string, body: { contentType: string; body: Buffer }): APIGatewayProxyEventV2 {
  return apiEvent({
    method: route.method,
    path: route.path,
    pathParameters: route.pathParameters,
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': body.contentType },
    body: body.body,
  });
}

/**
 * The control route reads its body only once the job and the key's scope for its kind are known (an unknown job is
 * 404 whatever the body): give it a job of the org's own.
 */
async function withJob(route: Route, world: Awaited<ReturnType<typeof setup>>['world']): Promise<Route> {
  if (route.handler !== 'control') return route;
  const jobId = await world.importFiles(principal('org-a'), 'transaction_batch', [csvFile('t.csv', transactionLines(1))]);
  return { ...route, path: `/batch-import/jobs/${jobId}/control`, pathParameters: { jobId } };
}

describe('HTTP handlers: the key is checked before the body is read', () => {
  it.each(BODY_ROUTES.map((route) => [route.name, route] as const))('%s answers 403 to a key without its scope, whatever the body', async (_, route) => {
    // Arrange
    const { handlers, key } = await setup();
    const apiKey = await key([route.otherScope]);
    // Act
    const answer = answerOf(await handlers[route.handler](eventFor(route, apiKey, route.badBody)));
    // Assert
    expect(answer).toEqual({ status: 403, body: { success: false, error: { code: 'FORBIDDEN', message: expect.any(String), details: expect.anything() } } });
  });

  it.each(BODY_ROUTES.map((route) => [route.name, route] as const))('%s answers 400 to a key with its scope and a broken body', async (_, route) => {
    const { handlers, key, world } = await setup();
    const answer = answerOf(await handlers[route.handler](eventFor(await withJob(route, world), await key([route.scope]), route.badBody)));
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('VALIDATION_ERROR');
  });
});

describe('HTTP handlers: JSON nested past the limit', () => {
  const deep = { contentType: 'application/json', body: Buffer.from(deepJson(5000)) };

  it.each(BODY_ROUTES.filter((route) => route.badBody === NOT_JSON).map((route) => [route.name, route] as const))(
    '%s answers 400 VALIDATION_ERROR to a body nested 5,000 deep',
    async (_, route) => {
      const { handlers, key, world } = await setup();
      const answer = answerOf(await handlers[route.handler](eventFor(await withJob(route, world), await key([route.scope]), deep)));
      expect(answer.status).toBe(400);
      expect(answer.body.error).toEqual({
        code: 'VALIDATION_ERROR',
        message: `The body nests arrays and objects more than ${MAX_JSON_BODY_DEPTH} levels deep`,
        details: { maxDepth: MAX_JSON_BODY_DEPTH },
      });
    },
  );

  it.each([
    ['as the items', deepJson(5000)],
    ['inside one item', `{"items":[${deepJson(5000)}]}`],
    ['in an option beside the items', `{"items":[{"a":1}],"namespace":${deepJson(5000)}}`],
  ])('an upload answers 400 to JSON nested 5,000 deep %s, and creates no job', async (_, text) => {
    const { handlers, key, world } = await setup();
    const route = BODY_ROUTES[3] as Route;
    const answer = answerOf(await handlers.upload(eventFor(route, await key(['transactions:create']), { contentType: 'application/json', body: Buffer.from(text) })));
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('VALIDATION_ERROR');
    expect(world.deps.runs.runs.size).toBe(0);
  });

  it('an upload answers 400 to a JSON file part nested 5,000 deep', async () => {
    const { handlers, key, world } = await setup();
    const form = await multipart([{ fileName: 'items.json', content: deepJson(5000), type: 'application/json' }]);
    const answer = answerOf(await handlers.upload(eventFor(BODY_ROUTES[1] as Route, await key(['transactions:create']), { contentType: form.contentType, body: form.body })));
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toBe(`The JSON file nests arrays and objects more than ${MAX_JSON_BODY_DEPTH} levels deep`);
    expect(world.deps.runs.runs.size).toBe(0);
  });

  it('takes JSON nested to the limit: brackets inside strings do not count', async () => {
    const { handlers, key } = await setup();
    const nested = (depth: number): unknown => (depth === 0 ? 'x' : { a: nested(depth - 1) });
    const item = { externalId: 't1', amount: '1.00', currency: 'USD', occurredAt: '2026-11-01T00:00:00Z', note: '[[[[[[[[{{{{{{'.repeat(20), attributes: nested(MAX_JSON_BODY_DEPTH - 3) };
    const body = Buffer.from(JSON.stringify({ items: [item] }));
    const answer = answerOf(await handlers.upload(eventFor(BODY_ROUTES[3] as Route, await key(['transactions:create']), { contentType: 'application/json', body })));
    expect(answer.status).toBe(202);
  });
});

describe('HTTP handlers: reportRecipientEmails', () => {
  const upload = async (fields: Record<string, string>) => {
    const { handlers, key, world } = await setup();
    const form = await multipart([{ fileName: 't.csv', content: 'externalId,amount,currency,occurredAt\nt1,1.00,USD,2026-11-01\n' }], fields);
    const answer = answerOf(await handlers.upload(eventFor(BODY_ROUTES[1] as Route, await key(['transactions:create']), { contentType: form.contentType, body: form.body })));
    const run = answer.status === 202 ? await world.deps.runs.get(answer.body.jobId) : null;
    return { answer, run };
  };

  it('takes one plain address', async () => {
    const { answer, run } = await upload({ reportRecipientEmails: 'ops@example.com' });
    expect(answer.status).toBe(202);
    expect(run?.reportRecipientEmails).toEqual(['ops@example.com']);
  });

  it('takes a JSON array', async () => {
    const { run } = await upload({ reportRecipientEmails: '["ops@example.com","cfo@example.com"]' });
    expect(run?.reportRecipientEmails).toEqual(['ops@example.com', 'cfo@example.com']);
  });

  it.each([
    ['a list with commas', 'ops@example.com, cfo@example.com', 'Send several addresses as a JSON array: ["a@example.com","b@example.com"]'],
    ['something that is not an address', 'ops at example', 'Not an email address: ops at example'],
    ['broken JSON', '["ops@example.com"', 'Expected one email address or a JSON array of them; this array is not valid JSON'],
    ['eleven addresses', JSON.stringify(Array.from({ length: 11 }, (_, i) => `a${i}@example.com`)), 'At most 10 recipients'],
  ])('refuses %s, saying what is wrong', async (_, value, message) => {
    const { answer } = await upload({ reportRecipientEmails: value });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details).toEqual({ reportRecipientEmails: [message] });
  });

  it('says that a column mapping is not JSON, rather than that it is a string', async () => {
    const { answer } = await upload({ columnMapping: '{External ID: externalId}' });
    expect(answer.body.error.details).toEqual({ columnMapping: ['Expected an object of column → field as JSON; this is not valid JSON'] });
  });
});

describe('HTTP handlers: GET /batch-import/jobs createdFrom / createdTo', () => {
  async function history() {
    const { handlers, key, world } = await setup();
    // The fake clock starts at 2026-11-25T10:00:00Z; one run that day, one the next.
    await world.importFiles(principal('org-a'), 'transaction_batch', [csvFile('day1.csv', transactionLines(1))]);
    world.deps.clock.advance(24 * 3600 * 1000);
    await world.importFiles(principal('org-a'), 'transaction_batch', [csvFile('day2.csv', transactionLines(1))]);
    const apiKey = await key(['transactions:create']);
    const list = async (query: Record<string, string>) =>
      answerOf(await handlers.jobs(apiEvent({ method: 'GET', path: '/batch-import/jobs', headers: { authorization: `Bearer ${apiKey}` }, query })));
    const names = (answer: { body: { jobs: Array<{ metadata: { fileName: string } }> } }) => answer.body.jobs.map((job) => job.metadata.fileName);
    return { list, names };
  }

  it('takes plain dates, a date-only createdTo covering its whole (UTC) day', async () => {
    const { list, names } = await history();
    const day1 = await list({ createdFrom: '2026-11-25', createdTo: '2026-11-25' });
    expect(day1.status).toBe(200);
    expect(names(day1)).toEqual(['day1.csv']);
    expect(names(await list({ createdFrom: '2026-11-26' }))).toEqual(['day2.csv']);
    expect(names(await list({ createdTo: '2026-11-26' }))).toEqual(['day2.csv', 'day1.csv']);
  });

  it('takes a date-time without a zone as UTC', async () => {
    const { list, names } = await history();
    expect(names(await list({ createdFrom: '2026-11-25T09:59:59', createdTo: '2026-11-25T10:00:00' }))).toEqual(['day1.csv']);
  });

  it('answers an empty page for a range that ends before it starts', async () => {
    const { list } = await history();
    expect(await list({ createdFrom: '2026-11-26', createdTo: '2026-11-25' })).toEqual({ status: 200, body: { success: true, jobs: [], nextCursor: null } });
  });

  it('refuses a date that does not exist with 400 and says what it expects', async () => {
    const { list } = await history();
    const answer = await list({ createdFrom: '2026-02-30' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.details).toEqual({ createdFrom: ['Expected an ISO 8601 date (2026-12-04) or date-time (2026-12-04T10:00:00Z)'] });
  });
});

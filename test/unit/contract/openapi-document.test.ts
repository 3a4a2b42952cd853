import { buildOpenApiDocument, SECURITY_SCHEME } from '../../../functions/contract/openapi';
import { ROUTE_TABLE } from '../../../functions/contract/routes';
import { ROUTES } from '../../../lib/routes';

interface Operation {
  operationId: string;
  security: Array<Record<string, string[]>>;
  'x-required-scopes'?: string[];
  parameters?: Array<{ in: string; name: string }>;
  responses: Record<string, { content?: Record<string, { schema: unknown }>; headers?: Record<string, unknown> }>;
}

describe('OpenAPI document', () => {
  const document = buildOpenApiDocument() as {
    openapi: string;
    servers: Array<{ url: string }>;
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string; scheme: string }> };
  };
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, operation })),
  );

  it('is OpenAPI 3.1 with a relative server, so it works behind any host', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('has every route the service serves, once, each with its own operationId', () => {
    expect(operations.map(({ key }) => key).sort()).toEqual(ROUTES.map((route) => `${route.method} ${route.path}`).sort());
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ROUTE_TABLE.length);
  });

  it('keeps every route of the contract (§4–§9)', () => {
    const keys = operations.map(({ key }) => key);
    for (const key of [
      'POST /batch-import/import/entities',
      'POST /batch-import/import/transactions',
      'POST /batch-import/import/user-events',
      'POST /batch-import/uploads',
      'GET /batch-import/jobs',
      'GET /batch-import/jobs/{jobId}',
      'POST /batch-import/jobs/{jobId}/control',
      'POST /batch-import/jobs/{jobId}/retry-failed',
      'GET /batch-import/jobs/{jobId}/failed-rows.csv',
      'GET /batch-import/jobs/{jobId}/unprocessed.csv',
      'GET /batch-import/transaction-jobs/{jobId}/failures',
      'GET /batch-import/transaction-jobs/{jobId}/failures.csv',
      'GET /batch-import/user-event-jobs/{jobId}/failures',
      'GET /batch-import/user-event-jobs/{jobId}/failures.csv',
      'GET /batch-import/entity-jobs/{jobId}/failures',
      'GET /batch-import/entity-jobs/{jobId}/failures.csv',
      'POST /batch-import/import-jobs',
      'GET /batch-import/import-jobs',
      'GET /batch-import/import-jobs/{importJobId}',
      'PATCH /batch-import/import-jobs/{importJobId}',
      'DELETE /batch-import/import-jobs/{importJobId}',
      'POST /batch-import/import-jobs/{importJobId}/sample',
      'POST /batch-import/import-jobs/{importJobId}/activate',
      'POST /batch-import/import-jobs/{importJobId}/pause',
      'POST /batch-import/import-jobs/{importJobId}/reactivate',
      'POST /batch-import/import-jobs/{importJobId}/runs',
      'GET /batch-import/import-jobs/{importJobId}/runs',
      'POST /batch-import/import-jobs/{importJobId}/files',
      'GET /batch-import/quota',
      'PUT /batch-import/quota',
      'GET /batch-import/openapi.json',
      'GET /batch-import/docs',
    ]) {
      expect(keys).toContain(key);
    }
  });

  it('declares bearer security, and the scopes each keyed operation accepts', () => {
    expect(document.components.securitySchemes[SECURITY_SCHEME]).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const { key, operation } of operations) {
      const route = ROUTE_TABLE.find((entry) => `${entry.method} ${entry.path}` === key);
      if (route?.auth.type === 'bearer') {
        expect([key, operation.security]).toEqual([key, [{ [SECURITY_SCHEME]: [] }]]);
        expect(operation['x-required-scopes']?.length).toBeGreaterThan(0);
      } else {
        expect([key, operation.security]).toEqual([key, []]);
      }
    }
    const upload = document.paths['/batch-import/import/transactions']?.post as Operation;
    expect(upload['x-required-scopes']).toEqual(['transactions:create']);
  });

  it('gives every keyed operation its error answers in the §3 error body', () => {
    for (const { key, operation } of operations) {
      const keyed = operation.security.length > 0;
      const statuses = Object.keys(operation.responses);
      if (keyed) expect([key, statuses]).toEqual([key, expect.arrayContaining(['401', '403', '500'])]);
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        expect([key, status, operation.responses[status]?.content?.['application/json']?.schema]).toEqual([
          key,
          status,
          { $ref: '#/components/schemas/ErrorBody' },
        ]);
      }
    }
  });

  it('describes the CSV downloads as a 303 with Location, leading to text/csv', () => {
    const csv = document.paths['/batch-import/transaction-jobs/{jobId}/failures.csv']?.get as Operation;
    expect(Object.keys(csv.responses)).toContain('303');
    expect(csv.responses['303']?.headers).toHaveProperty('location');
    expect(csv.responses['303']).toMatchObject({ 'x-download': { mediaType: 'text/csv' } });
    expect(document.components.schemas).toHaveProperty('CsvText');
  });

  it('lists path and query parameters, and examples from the README', () => {
    const history = document.paths['/batch-import/jobs']?.get as Operation;
    expect(history.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(
      expect.arrayContaining(['query:kind', 'query:status', 'query:runStatus', 'query:createdFrom', 'query:limit', 'query:cursor']),
    );
    const job = document.paths['/batch-import/jobs/{jobId}']?.get as Operation;
    expect(job.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(expect.arrayContaining(['path:jobId', 'query:include']));
    expect(document.components.schemas.UploadAccepted).toHaveProperty('example');
    expect(document.components.schemas.Job).toHaveProperty('example');
  });
});

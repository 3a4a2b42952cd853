import { createApiKey } from '../../../functions/core/use-cases/create-api-key';
import { createJobsHandler } from '../../../functions/handlers/http/jobs-handler';
import { createReportsHandler } from '../../../functions/handlers/http/reports-handler';
import { reportKey } from '../../../functions/core/files/object-keys';
import { apiEvent } from '../../support/api-events';
import { csvFile, createWorld, principal } from '../../support/world';

const at = '2026-11-01T10:00:00Z';

async function setup() {
  const world = createWorld();
  const { deps } = world;
  const key = async (orgId: string, scopes: Parameters<typeof createApiKey>[1]['scopes']) =>
    (await createApiKey(deps, { orgId, scopes })).apiKey;
  const reports = createReportsHandler({ ...deps, downloadUrlTtlSeconds: 300, finalReportDelaySeconds: 60 });
  const jobs = createJobsHandler(deps);
  const jobId = await world.importFiles(principal('org-a'), 'transaction_batch', [
    csvFile('t.csv', ['externalId,amount,currency,occurredAt', `ok,1.00,USD,${at}`, `bad,1.00,EURO,${at}`]),
  ]);
  const get = (path: string, apiKey: string, query?: Record<string, string>) =>
    apiEvent({ method: 'GET', path, headers: { authorization: `Bearer ${apiKey}` }, pathParameters: { jobId }, query });
  return { deps, key, reports, jobs, jobId, get };
}

const bodyOf = (result: { body?: string }) => JSON.parse(result.body ?? 'null');

describe('Handler: failure reports', () => {
  it('answers the kind failures JSON with any read scope', async () => {
    // Arrange
    const { reports, key, get, jobId } = await setup();
    // Act
    const result = await reports(get(`/batch-import/transaction-jobs/${jobId}/failures`, await key('org-a', ['events:create'])));
    // Assert
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({
      success: true,
      jobId,
      kind: 'transaction_batch',
      failed: 1,
      failures: [{ externalId: 'bad', code: 'VALIDATION_ERROR', rowNumber: 3, field: 'currency' }],
      truncated: false,
      failuresTotal: 1,
    });
  });

  it.each([
    ['failures.csv', (jobId: string) => `/batch-import/transaction-jobs/${jobId}/failures.csv`, (jobId: string) => `transaction-failures-${jobId}.csv`],
    ['failed-rows.csv', (jobId: string) => `/batch-import/jobs/${jobId}/failed-rows.csv`, (jobId: string) => `failed-rows-${jobId}.csv`],
  ])('redirects %s (303) to a presigned download of the CSV it wrote', async (_name, path, fileName) => {
    // Arrange
    const { reports, key, get, jobId, deps } = await setup();
    // Act
    const result = await reports(get(path(jobId), await key('org-a', ['transactions:create'])));
    // Assert
    expect(result.statusCode).toBe(303);
    const location = String(result.headers?.location);
    expect(location).toContain(reportKey(jobId, fileName(jobId)));
    expect(location).toContain('expires=300');
    expect(deps.objects.text(reportKey(jobId, fileName(jobId)))).toContain('bad');
  });

  it.each([
    ['another org', 'org-b', '/batch-import/transaction-jobs/{id}/failures'],
    ['another kind prefix', 'org-a', '/batch-import/entity-jobs/{id}/failures'],
    ['another kind prefix (CSV)', 'org-a', '/batch-import/user-event-jobs/{id}/failures.csv'],
    ['another org (failed rows)', 'org-b', '/batch-import/jobs/{id}/failed-rows.csv'],
  ])('answers 404 for %s', async (_case, orgId, path) => {
    // Arrange
    const { reports, key, get, jobId } = await setup();
    // Act
    const result = await reports(get(path.replace('{id}', jobId), await key(orgId, ['entities:bulk_import', 'transactions:create', 'events:create'])));
    // Assert
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result).error.code).toBe('NOT_FOUND');
  });

  it('answers 403 without a read scope and 401 without a key', async () => {
    // Arrange
    const { reports, key, get, jobId } = await setup();
    const path = `/batch-import/transaction-jobs/${jobId}/failures`;
    // Act
    const forbidden = await reports(get(path, await key('org-a', ['import-jobs:manage'])));
    const anonymous = await reports(apiEvent({ method: 'GET', path, pathParameters: { jobId } }));
    // Assert
    expect(forbidden.statusCode).toBe(403);
    expect(bodyOf(forbidden).error.code).toBe('FORBIDDEN');
    expect(anonymous.statusCode).toBe(401);
  });

  it('GET /jobs/{id}?include=failures answers the same body as the kind failures route', async () => {
    // Arrange
    const { reports, jobs, key, get, jobId } = await setup();
    const apiKey = await key('org-a', ['transactions:create']);
    // Act
    const included = await jobs(get(`/batch-import/jobs/${jobId}`, apiKey, { include: 'progress,failures' }));
    const kindRoute = await reports(get(`/batch-import/transaction-jobs/${jobId}/failures`, apiKey));
    const plain = await jobs(get(`/batch-import/jobs/${jobId}`, apiKey));
    // Assert
    expect(included.statusCode).toBe(200);
    expect(bodyOf(included)).toEqual(bodyOf(kindRoute));
    expect(bodyOf(plain).job).toMatchObject({ jobId, failed: 1 });
  });
});

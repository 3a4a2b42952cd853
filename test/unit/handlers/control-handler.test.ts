import { createApiKey } from '../../../functions/core/use-cases/create-api-key';
import { reportKey } from '../../../functions/core/files/object-keys';
import { createControlHandler } from '../../../functions/handlers/http/control-handler';
import { createReportsHandler } from '../../../functions/handlers/http/reports-handler';
import { processChunk } from '../../../functions/core/use-cases/process-chunk';
import { splitUpload } from '../../../functions/core/use-cases/split-upload';
import { startUpload } from '../../../functions/core/use-cases/start-upload';
import { apiEvent } from '../../support/api-events';
import { createWorld, csvFile, principal, transactionLines } from '../../support/world';

async function setup() {
  const world = createWorld({ chunkMaxRows: 10 });
  const { deps } = world;
  const key = async (orgId: string, scopes: Parameters<typeof createApiKey>[1]['scopes']) =>
    (await createApiKey(deps, { orgId, scopes })).apiKey;
  const handler = createControlHandler(deps);
  const reports = createReportsHandler({ ...deps, downloadUrlTtlSeconds: 300, finalReportDelaySeconds: 60 });
  const { jobId } = await startUpload(deps, {
    principal: principal('org-a'),
    kind: 'transaction_batch',
    files: [csvFile('t.csv', transactionLines(30))],
    options: {},
  });
  await splitUpload(deps, { runId: jobId, fileIndex: 0 });
  const post = (apiKey: string, body: unknown, id = jobId) =>
    handler(
      apiEvent({
        method: 'POST',
        path: `/batch-import/jobs/${id}/control`,
        headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
        pathParameters: { jobId: id },
        body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
      }),
    );
  return { world, deps, key, post, reports, jobId };
}

const bodyOf = (result: { body?: string }) => JSON.parse(result.body ?? 'null');

describe('Handler: POST /batch-import/jobs/{jobId}/control', () => {
  it('pauses a running job and answers the job status body', async () => {
    // Arrange
    const { post, key, jobId } = await setup();
    // Act
    const result = await post(await key('org-a', ['transactions:create']), { kind: 'transaction_batch', action: 'pause' });
    // Assert
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toMatchObject({
      success: true,
      job: { jobId, kind: 'transaction_batch', status: 'paused', totalItems: 30, succeeded: 0, runStatus: 'importing' },
    });
  });

  it('answers 409 INVALID_STATUS_TRANSITION with the job status when the action is not allowed', async () => {
    // Arrange
    const { post, key } = await setup();
    const apiKey = await key('org-a', ['transactions:create']);
    // Act
    const result = await post(apiKey, { action: 'resume' });
    // Assert
    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toEqual({
      success: false,
      error: { code: 'INVALID_STATUS_TRANSITION', message: expect.any(String), details: { action: 'resume', status: 'running' } },
    });
  });

  it.each([
    ['no action', { kind: 'transaction_batch' }],
    ['an unknown action', { action: 'stop' }],
    ['an unknown kind', { kind: 'orders', action: 'pause' }],
    ['a body that is not JSON', '{action: pause'],
  ])('answers 400 VALIDATION_ERROR for %s', async (_name, body) => {
    const { post, key } = await setup();
    const result = await post(await key('org-a', ['transactions:create']), body);
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result).error.code).toBe('VALIDATION_ERROR');
  });

  it('answers 400 for a kind that is not the job kind, 403 without its scope, 404 for another org or an unknown id', async () => {
    // Arrange
    const { post, key, deps, jobId } = await setup();
    // Act
    const wrongKind = await post(await key('org-a', ['transactions:create']), { kind: 'user_event_batch', action: 'cancel' });
    const noScope = await post(await key('org-a', ['events:create']), { action: 'cancel' });
    const otherOrg = await post(await key('org-b', ['transactions:create']), { action: 'cancel' });
    const unknown = await post(await key('org-a', ['transactions:create']), { action: 'cancel' }, 'no-such-job');
    const malformed = await post(await key('org-a', ['transactions:create']), { action: 'cancel' }, 'bad%20id');
    const unauthenticated = await post('bik_nope', { action: 'cancel' });
    // Assert
    expect([wrongKind, noScope, otherOrg, unknown, malformed, unauthenticated].map((r) => r.statusCode)).toEqual([400, 403, 404, 404, 404, 401]);
    expect(bodyOf(wrongKind).error.details).toEqual({ kind: 'transaction_batch' });
    expect((await deps.runs.get(jobId))?.state).toBe('running');
  });

  it("reads the body only after the job and its kind's scope: 403 and 404 come first, whatever the body", async () => {
    // Arrange
    const { post, key } = await setup();
    // Act: a key of another kind, another org, an unknown job, each with a body that is not JSON.
    const otherKind = await post(await key('org-a', ['events:create']), '{"action": ');
    const otherOrg = await post(await key('org-b', ['transactions:create']), '{"action": ');
    const unknown = await post(await key('org-a', ['transactions:create']), '{"action": ', 'no-such-job');
    const ownJob = await post(await key('org-a', ['transactions:create']), '{"action": ');
    // Assert
    expect([otherKind, otherOrg, unknown, ownJob].map((r) => r.statusCode)).toEqual([403, 404, 404, 400]);
  });

  it('cancels, and unprocessed.csv (303 to a presigned download) lists the rows never attempted', async () => {
    // Arrange
    const { world, post, key, reports, jobId, deps } = await setup();
    const apiKey = await key('org-a', ['transactions:create']);
    const first = deps.chunks.sent.shift();
    if (first) await processChunk(deps, first);
    // Act
    const cancel = await post(apiKey, { action: 'cancel' });
    await world.drainChunks();
    const download = await reports(
      apiEvent({
        method: 'GET',
        path: `/batch-import/jobs/${jobId}/unprocessed.csv`,
        headers: { authorization: `Bearer ${await key('org-a', ['events:create'])}` },
        pathParameters: { jobId },
      }),
    );
    // Assert
    expect(bodyOf(cancel).job).toMatchObject({ status: 'running', metadata: { batchCancelRequested: true } });
    expect(download.statusCode).toBe(303);
    expect(String(download.headers?.location)).toContain(reportKey(jobId, `unprocessed-${jobId}.csv`));
    const csv = deps.objects.text(reportKey(jobId, `unprocessed-${jobId}.csv`)) ?? '';
    const lines = transactionLines(30);
    expect(csv.trim().split('\n')).toEqual([lines[0], ...lines.slice(11)]);
    expect(await deps.runs.get(jobId)).toMatchObject({ state: 'cancelled', succeeded: 10, totalItems: 30 });
  });
});

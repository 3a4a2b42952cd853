import { createApiKey } from '../../../functions/core/use-cases/create-api-key';
import { createJobsHandler } from '../../../functions/handlers/http/jobs-handler';
import { apiEvent } from '../../support/api-events';
import { createWorld, csvFile, principal, transactionLines } from '../../support/world';

async function setup() {
  const world = createWorld();
  const handler = createJobsHandler(world.deps);
  const key = (await createApiKey(world.deps, { orgId: 'org-a', scopes: ['events:create'] })).apiKey;
  const list = async (query: Record<string, string> = {}, apiKey = key) => {
    const result = await handler(apiEvent({ method: 'GET', path: '/batch-import/jobs', headers: { authorization: `Bearer ${apiKey}` }, query }));
    return { status: result.statusCode, body: JSON.parse(result.body ?? 'null') };
  };
  return { world, list };
}

describe('Handler: jobs (unified history)', () => {
  it('pages through the org newest first and never shows another org', async () => {
    const { world, list } = await setup();
    for (let i = 0; i < 7; i++) {
      world.deps.clock.advance(1000);
      await world.importFiles(principal('org-a'), 'transaction_batch', [csvFile(`a${i}.csv`, transactionLines(1, i * 10))]);
      await world.importFiles(principal('org-b'), 'transaction_batch', [csvFile(`b${i}.csv`, transactionLines(1, i * 10))]);
    }
    const first = await list({ limit: '3' });
    const second = await list({ limit: '3', cursor: first.body.nextCursor });
    const third = await list({ limit: '3', cursor: second.body.nextCursor });
    expect([first, second, third].map((p) => p.status)).toEqual([200, 200, 200]);
    const names = [...first.body.jobs, ...second.body.jobs, ...third.body.jobs].map((job: { metadata: { fileName: string } }) => job.metadata.fileName);
    expect(names).toEqual(['a6.csv', 'a5.csv', 'a4.csv', 'a3.csv', 'a2.csv', 'a1.csv', 'a0.csv']);
    expect(third.body.nextCursor).toBeNull();
    expect(first.body.jobs[0]).toMatchObject({ status: 'completed', runStatus: 'completed', kind: 'transaction_batch' });
  });

  it('filters, and refuses a bad query with 400', async () => {
    const { world, list } = await setup();
    await world.importFiles(principal('org-a'), 'transaction_batch', [csvFile('ok.csv', transactionLines(1))]);
    await world.importFiles(principal('org-a'), 'transaction_batch', [csvFile('bad.csv', ['nope', 'x'])]);
    const failed = await list({ status: 'failed' });
    expect(failed.body.jobs.map((job: { metadata: { fileName: string } }) => job.metadata.fileName)).toEqual(['bad.csv']);
    expect((await list({ limit: '101' })).status).toBe(400);
    expect((await list({ status: 'done' })).status).toBe(400);
  });
});

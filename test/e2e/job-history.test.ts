import { DynamoApiKeyRepository } from '../../functions/adapters/dynamodb/api-key-repository';
import { createAwsClients } from '../../functions/adapters/aws-clients';
import { systemClock } from '../../functions/adapters/system';
import { createApiKey } from '../../functions/core/use-cases/create-api-key';
import { runTag, transactionsCsv } from '../support/generate';
import { baseUrl, uploadFiles } from '../support/service-client';

jest.setTimeout(60_000);

describe('E2E: unified history GET /batch-import/jobs (§6)', () => {
  it("lists an org's own jobs newest first, a page at a time, and nobody else's", async () => {
    const apiKeys = new DynamoApiKeyRepository(createAwsClients().dynamo, process.env.CONTROL_TABLE_NAME as string);
    const orgKey = (await createApiKey({ apiKeys, clock: systemClock }, { orgId: `hist-${runTag()}`, scopes: ['transactions:create'] })).apiKey;
    const jobIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await uploadFiles('transactions', [{ fileName: `h${i}.csv`, content: transactionsCsv(2, `h${runTag()}`) }], {}, orgKey);
      jobIds.push(((await response.json()) as { jobId: string }).jobId);
    }
    const page = async (query: string) => {
      const response = await fetch(`${baseUrl()}/batch-import/jobs?${query}`, { headers: { authorization: `Bearer ${orgKey}` } });
      expect(response.status).toBe(200);
      return (await response.json()) as { success: boolean; jobs: Array<{ jobId: string }>; nextCursor: string | null };
    };
    const first = await page('limit=3');
    const second = await page(`limit=3&cursor=${encodeURIComponent(first.nextCursor ?? '')}`);
    expect([...first.jobs, ...second.jobs].map((job) => job.jobId)).toEqual([...jobIds].reverse());
    expect(second.nextCursor).toBeNull();
    expect((await page('kind=entity_automatic')).jobs).toEqual([]);
  });
});

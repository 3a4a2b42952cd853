import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { runTag } from '../support/generate';
import { baseUrl, demoKey, pollUntilTerminal, uploadAndWait, type Job } from '../support/service-client';

jest.setTimeout(120_000);

const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const table = () => process.env.RECORDS_TABLE_NAME as string;

async function dryRun(content: string): Promise<Job> {
  const form = new FormData();
  form.append('file', new Blob([content]), 'entities.csv');
  const response = await fetch(`${baseUrl()}/batch-import/import/entities?dryRun=true`, {
    method: 'POST',
    headers: { authorization: `Bearer ${demoKey()}` },
    body: form,
  });
  expect(response.status).toBe(202);
  return (await pollUntilTerminal(((await response.json()) as { jobId: string }).jobId)).job;
}

async function failuresOf(jobId: string) {
  const response = await fetch(`${baseUrl()}/batch-import/entity-jobs/${jobId}/failures`, { headers: { authorization: `Bearer ${demoKey()}` } });
  const body = (await response.json()) as { failures: Array<{ rowNumber: number; code: string }>; skips: Array<{ taxId: string; code: string }> };
  return { failures: body.failures.map((f) => [f.rowNumber, f.code]), skips: body.skips.map((s) => [s.taxId, s.code]) };
}

describe('E2E: ?dryRun=true (§4)', () => {
  it('reports exactly what the real run then does, and imports nothing', async () => {
    const tag = `dry${runTag()}`;
    await uploadAndWait('entities', [{ fileName: 'before.csv', content: `taxId,type\n${tag}-old,person\n` }]);
    const content = [
      'taxId,type,email',
      `${tag}-1,person,a@x.io`,
      `${tag}-old,person,`,
      `${tag}-1,person,`,
      `${tag}-old,company,`,
      `${tag}-2,robot,`,
      `${tag}-3,company,`,
    ].join('\n');

    const dry = await dryRun(content);
    const { Responses } = await dynamo.send(
      new BatchGetCommand({ RequestItems: { [table()]: { Keys: [1, 2, 3].map((i) => ({ pk: `ORG#demo#ENTITY#${tag}-${i}`, sk: 'RECORD' })) } } }),
    );
    expect(Responses?.[table()]).toEqual([]);
    expect(dry.metadata).toMatchObject({ dryRun: true });

    const { job: real } = await uploadAndWait('entities', [{ fileName: 'entities.csv', content }]);
    const counts = (job: Job) => [job.status, job.runStatus, job.totalItems, job.succeeded, job.failed, job.skipped];
    expect(counts(dry)).toEqual(['completed', 'partially_completed', 6, 2, 2, 2]);
    expect(counts(real)).toEqual(counts(dry));
    expect(await failuresOf(dry.jobId)).toEqual(await failuresOf(real.jobId));
  });

  it('refuses a dryRun that is neither true nor false', async () => {
    const response = await fetch(`${baseUrl()}/batch-import/import/entities?dryRun=yes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${demoKey()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [] }),
    });
    expect(response.status).toBe(400);
  });
});

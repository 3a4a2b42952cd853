import { randomUUID } from 'node:crypto';
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { createAwsClients } from '../../functions/adapters/aws-clients';
import { DynamoApiKeyRepository } from '../../functions/adapters/dynamodb/api-key-repository';
import { systemClock } from '../../functions/adapters/system';
import { createApiKey } from '../../functions/core/use-cases/create-api-key';
import { baseUrl, type Job } from '../support/service-client';

jest.setTimeout(180_000);

const clients = createAwsClients();
const apiKeys = new DynamoApiKeyRepository(clients.dynamo, process.env.CONTROL_TABLE_NAME as string);

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the API's JSON, checked field by field
}

async function api(apiKey: string, method: string, path = '', body?: unknown, form?: FormData): Promise<Answer> {
  const response = await fetch(`${baseUrl()}/batch-import/import-jobs${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: form ?? (body !== undefined ? JSON.stringify(body) : undefined),
  });
  return { status: response.status, body: await response.json() };
}

async function schedule(name: string) {
  const client = new SchedulerClient({ endpoint: process.env.AWS_ENDPOINT_URL_SCHEDULER });
  try {
    return await client.send(new GetScheduleCommand({ Name: name, GroupName: process.env.SCHEDULE_GROUP_NAME }));
  } finally {
    client.destroy();
  }
}

/** Polls a run with the org's own key until it ends. */
async function runUntilEnded(apiKey: string, jobId: string): Promise<Job> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const response = await fetch(`${baseUrl()}/batch-import/jobs/${jobId}`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(response.status).toBe(200);
    const { job } = (await response.json()) as { job: Job };
    if (['completed', 'failed', 'cancelled', 'interrupted'].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`run ${jobId} still ${job.status}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

interface HistoryRun {
  jobId: string;
  status: string;
  totalItems: number | null;
}

/** Polls an import job's run history until none of its runs is still under way. */
async function historyUntilSettled(apiKey: string, importJobId: string): Promise<HistoryRun[]> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { body } = await api(apiKey, 'GET', `/${importJobId}/runs`);
    const runs = body.runs as HistoryRun[];
    if (runs.every((r) => ['completed', 'failed', 'cancelled', 'interrupted'].includes(r.status))) return runs;
    if (Date.now() > deadline) throw new Error(`runs of ${importJobId} still under way`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('E2E: setting up an import job the short way (§7)', () => {
  it('creates a job with no mapping and no timezone, samples a file whose headers are the fields, changes the mapping, activates and runs it', async () => {
    // Arrange
    const orgId = `ijs-${randomUUID().slice(0, 8)}`;
    const manager = (await createApiKey({ apiKeys, clock: systemClock }, { orgId, scopes: ['import-jobs:manage', 'transactions:create'] })).apiKey;
    const csv = 'externalId,amount,currency,occurredAt,Notes\ntx-1,10.50,EUR,2026-11-01T10:00:00Z,first\ntx-2,3.20,EUR,2026-11-01T11:00:00Z,second\n';
    const form = new FormData();
    form.append('file', new Blob([csv]), 'tx-sample.csv');

    // Act: create, with a rate schedule and no timezone
    const created = await api(manager, 'POST', '', {
      name: 'Short way',
      kind: 'transaction_batch',
      source: { filenamePattern: 'tx-*.csv' },
      schedule: { type: 'recurring', expression: 'rate(1 day)' },
      notifications: { emails: ['ops@example.com'] },
    });
    const id = created.body.importJob?.id as string;
    const sampled = await api(manager, 'POST', `/${id}/sample`, undefined, form);
    // The adopted mapping may be changed: keep Notes as the description rather than an attribute.
    const patched = await api(manager, 'PATCH', `/${id}`, { columnMapping: { ...sampled.body.importJob?.columnMapping, Notes: 'description' } });
    const activated = await api(manager, 'POST', `/${id}/activate`);
    const regular = await schedule(`import-job-${id}`);
    const drop = await api(manager, 'POST', `/${id}/files`, { fileName: 'tx-2026-12-05.csv' });
    const put = await fetch(drop.body.uploadUrl, { method: 'PUT', headers: drop.body.uploadHeaders, body: csv });
    const started = await api(manager, 'POST', `/${id}/runs`);
    const run = await runUntilEnded(manager, started.body.job?.jobId as string);
    const history = await historyUntilSettled(manager, id);

    // Assert
    expect(created.status).toBe(201);
    expect(created.body.importJob.schedule).toEqual({ type: 'recurring', expression: 'rate(1 day)', timezone: 'UTC' });
    expect(sampled.status).toBe(200);
    expect(sampled.body.sample.suggestedMapping).toEqual({
      externalId: 'externalId',
      amount: 'amount',
      currency: 'currency',
      occurredAt: 'occurredAt',
      Notes: 'attributes.Notes',
    });
    expect(sampled.body.importJob).toMatchObject({
      status: 'draft',
      mappingId: null,
      columnMapping: { externalId: 'externalId', amount: 'amount', currency: 'currency', occurredAt: 'occurredAt' },
    });
    expect(patched.status).toBe(200);
    expect(activated.status).toBe(200);
    expect(activated.body.importJob.status).toBe('active');
    expect(regular).toMatchObject({ State: 'ENABLED', ScheduleExpression: 'rate(1 day)', ScheduleExpressionTimezone: 'UTC' });
    expect(put.status).toBe(200);
    expect(started.status).toBe(202);
    // A rate schedule fires when it is created, so the activation's own run may pick the dropped file before the
    // manual one does: whichever run claimed it, the file is imported once, in full, and the other run found nothing.
    const importing = history.filter((r) => r.totalItems !== null);
    expect(importing).toEqual([expect.objectContaining({ status: 'completed', runStatus: 'completed', totalItems: 2, succeeded: 2, failed: 0 })]);
    if (run.totalItems === null) expect(run).toMatchObject({ status: 'failed', jobFailure: { code: 'SOURCE_FILE_NOT_FOUND' } });
    else expect(importing[0]?.jobId).toBe(run.jobId);

    expect((await api(manager, 'DELETE', `/${id}`)).status).toBe(200);
  });
});

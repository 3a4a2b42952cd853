import { randomUUID } from 'node:crypto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import iconv from 'iconv-lite';
import { createAwsClients } from '../../functions/adapters/aws-clients';
import { DynamoApiKeyRepository } from '../../functions/adapters/dynamodb/api-key-repository';
import { DynamoRunRepository } from '../../functions/adapters/dynamodb/run-repository';
import { systemClock } from '../../functions/adapters/system';
import type { Run } from '../../functions/core/runs/run';
import { createApiKey } from '../../functions/core/use-cases/create-api-key';
import { api as serviceApi } from '../support/service-client';
import { NO_CONTROL } from '../../functions/core/runs/run-control-state';

jest.setTimeout(120_000);

const clients = createAwsClients();
const table = process.env.CONTROL_TABLE_NAME as string;
const apiKeys = new DynamoApiKeyRepository(clients.dynamo, table);
const runs = new DynamoRunRepository(clients.dynamo, table);
const newKey = async (orgId: string, scopes: Parameters<typeof createApiKey>[1]['scopes']) =>
  (await createApiKey({ apiKeys, clock: systemClock }, { orgId, scopes })).apiKey;

/** The Scheduler adapter and its local stand-in come with the platform work; until they are wired, skip what needs them. */

/** A schedule's state in the local Scheduler stand-in; null when there is none. */
async function scheduleState(name: string): Promise<string | null> {
  const client = new SchedulerClient({ endpoint: process.env.AWS_ENDPOINT_URL_SCHEDULER });
  try {
    const schedule = await client.send(new GetScheduleCommand({ Name: name, GroupName: process.env.SCHEDULE_GROUP_NAME }));
    return schedule.State ?? null;
  } catch (error) {
    if ((error as { name?: string }).name === 'ResourceNotFoundException') return null;
    throw error;
  } finally {
    client.destroy();
  }
}

interface Answer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the API's JSON, checked field by field
}

async function api(apiKey: string, method: string, path = '', body?: unknown, form?: FormData): Promise<Answer> {
  // Through the service client's api(): every answer is checked against the route table's contract.
  const response = await serviceApi(`/batch-import/import-jobs${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: form ?? (body !== undefined ? JSON.stringify(body) : undefined),
  });
  return { status: response.status, body: await response.json() };
}

const jobBody = (name: string, overrides: Record<string, unknown> = {}) => ({
  name,
  kind: 'transaction_batch',
  source: { filenamePattern: 'tx-*.csv', maxFileAgeHours: 24 },
  schedule: { type: 'recurring', expression: 'rate(1 hour)', timezone: 'America/Argentina/Buenos_Aires' },
  notifications: { emails: ['ops@example.com'], events: ['run_failed', 'import_job_halted'] },
  ...overrides,
});

function sampleForm(fileName: string, content: Buffer, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([content]), fileName);
  return form;
}

describe('E2E: import jobs over the local stack (§7)', () => {
  let org: string;
  let manager: string;

  beforeAll(async () => {
    org = `ij-${randomUUID().slice(0, 8)}`;
    manager = await newKey(org, ['import-jobs:manage']);
  });

  it('creates a draft, samples a Latin-1 file with ; delimiters, maps it, presigns a drop file that lands in its prefix, deletes it', async () => {
    // Create
    const created = await api(manager, 'POST', '', jobBody('Latin-1 ledger'));
    expect(created.status).toBe(201);
    const job = created.body.importJob;
    expect(job).toMatchObject({
      status: 'draft',
      namespace: 'default',
      source: { bucket: process.env.UPLOAD_BUCKET_NAME, prefix: `drops/${org}/${job.id}/`, filenamePattern: 'tx-*.csv', maxFileAgeHours: 24 },
    });

    // Sample
    const csv = 'Referencia;Importe;Moneda;Fecha;Descripción\r\ntx-1;10.50;EUR;2026-11-01T10:00:00Z;Café\r\ntx-2;abc;EUR;2026-11-01T10:00:00Z;Ñandú\r\n';
    const sampled = await api(manager, 'POST', `/${job.id}/sample`, undefined, sampleForm('tx-sample.csv', iconv.encode(csv, 'latin1')));
    expect(sampled.status).toBe(200);
    // Read fine, but without a mapping no column names the required fields: a run would fail, so the sample does.
    expect(sampled.body.importJob.status).toBe('sampling_failed');
    expect(sampled.body.sample).toMatchObject({
      encoding: 'iso-8859-1',
      columnDelimiter: ';',
      rowDelimiter: 'crlf',
      headers: ['Referencia', 'Importe', 'Moneda', 'Fecha', 'Descripción'],
      rows: [
        ['tx-1', '10.50', 'EUR', '2026-11-01T10:00:00Z', 'Café'],
        ['tx-2', 'abc', 'EUR', '2026-11-01T10:00:00Z', 'Ñandú'],
      ],
      suggestedMapping: { Referencia: 'attributes.Referencia', Descripción: 'attributes.Descripción' },
      failure: { code: 'MISSING_REQUIRED_COLUMNS' },
    });

    // With a mapping the same sample is usable; the row with a bad amount is a problem, not a failure.
    const mapped = await api(manager, 'PATCH', `/${job.id}`, {
      columnMapping: { Referencia: 'externalId', Importe: 'amount', Moneda: 'currency', Fecha: 'occurredAt' },
    });
    expect(mapped.status).toBe(200);
    expect(mapped.body.importJob.status).toBe('sampling_failed');
    const again = await api(manager, 'POST', `/${job.id}/sample`, undefined, sampleForm('tx-sample.csv', iconv.encode(csv, 'latin1')));
    expect(again.body.importJob).toMatchObject({ status: 'draft', statusReason: null, format: { encoding: 'iso-8859-1', columnDelimiter: ';' } });
    expect(again.body.sample.problems).toEqual([{ rowNumber: 3, code: 'VALIDATION_ERROR', message: expect.stringContaining('amount') }]);

    // A drop file through a presigned PUT lands under the job's prefix.
    const presigned = await api(manager, 'POST', `/${job.id}/files`, { fileName: 'tx-2026-11-25.csv' });
    expect(presigned.status).toBe(201);
    const put = await fetch(presigned.body.uploadUrl, { method: 'PUT', headers: presigned.body.uploadHeaders, body: iconv.encode(csv, 'latin1') });
    expect(put.status).toBe(200);
    const listed = await clients.s3.send(new ListObjectsV2Command({ Bucket: process.env.UPLOAD_BUCKET_NAME, Prefix: job.source.prefix }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual([`drops/${org}/${job.id}/tx-2026-11-25.csv`]);

    // Delete a job that was never activated.
    expect(await api(manager, 'DELETE', `/${job.id}`)).toEqual({ status: 200, body: { success: true, ok: true } });
    expect((await api(manager, 'GET', `/${job.id}`)).status).toBe(404);
  });

  it('ends sampling_failed on a binary sample, with the reason', async () => {
    const { body } = await api(manager, 'POST', '', jobBody('Binary'));
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]), Buffer.alloc(200, 1)]);
    const sampled = await api(manager, 'POST', `/${body.importJob.id}/sample`, undefined, sampleForm('export.xlsx', zip));
    expect(sampled.status).toBe(200);
    expect(sampled.body.importJob.status).toBe('sampling_failed');
    expect(sampled.body.importJob.statusReason).toContain('binary');
    expect((await api(manager, 'GET', `/${body.importJob.id}`)).body.importJob.status).toBe('sampling_failed');
  });

  it("lists an org's jobs newest first, page by page, never another org's", async () => {
    // Arrange
    const listOrg = `ijl-${randomUUID().slice(0, 8)}`;
    const key = await newKey(listOrg, ['import-jobs:manage']);
    const reader = await newKey(listOrg, ['entities:bulk_import']);
    for (let i = 0; i < 5; i++) expect((await api(key, 'POST', '', jobBody(`job ${i}`))).status).toBe(201);
    const other = await newKey(`ijo-${randomUUID().slice(0, 8)}`, ['import-jobs:manage']);
    const theirs = (await api(other, 'POST', '', jobBody('theirs'))).body.importJob.id as string;
    // Act
    const names: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Answer = await api(reader, 'GET', `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      names.push(...page.body.importJobs.map((j: { name: string; lastRuns: unknown[] }) => (expect(j.lastRuns).toEqual([]), j.name)));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);
    // Assert
    expect(names).toEqual(['job 4', 'job 3', 'job 2', 'job 1', 'job 0']);
    expect(pages).toBe(3);
    expect((await api(key, 'GET', `/${theirs}`)).status).toBe(404);
    const otherCursor = (await api(other, 'GET', '?limit=1')).body;
    expect(otherCursor.importJobs.map((j: { name: string }) => j.name)).toEqual(['theirs']);
  });

  it('shows the run history of a job with failedPercent, and its last 5 runs in the list', async () => {
    // Arrange: runs as the scheduled trigger would record them.
    const { body } = await api(manager, 'POST', '', jobBody('History'));
    const importJobId = body.importJob.id as string;
    const base = Date.now() - 3600_000;
    const run = (i: number, counters: Partial<Run>): Run => {
      const createdAt = new Date(base + i * 1000).toISOString();
      return {
        runId: randomUUID(), orgId: org, kind: 'transaction_batch', namespace: 'default', state: 'completed', phase: 'completed',
        importJobId, attempt: 1, files: [{ fileName: `tx-${i}.csv`, format: 'csv', gzip: false, sizeBytes: 1 }],
        format: { encoding: 'utf-8', columnDelimiter: null, rowDelimiter: 'auto' }, columnMapping: null, defaultFields: null, options: {},
        reportRecipientEmails: [], dryRun: false, totalItems: 100, succeeded: 100, failed: 0, skipped: 0, filesSplit: 1, totalChunks: 1,
        chunksDone: 1, createdAt, startedAt: createdAt, completedAt: createdAt, heartbeatAt: null, leaseExpiresAt: null, workerError: null,
        failure: null, metadata: {}, control: NO_CONTROL, ...counters,
      };
    };
    const created: Run[] = [];
    for (let i = 0; i < 6; i++) created.push(run(i, {}));
    created.push(run(6, { phase: 'partially_completed', succeeded: 75, failed: 25 }));
    created.push(
      run(7, {
        state: 'failed', phase: 'halted', attempt: 2, totalItems: null, succeeded: 0,
        failure: { code: 'MAPPING_MISMATCH', message: 'tx-7.csv does not match the mapping: no column "Importe"' },
      }),
    );
    for (const r of created) await runs.create(r);
    // Act
    const history = await api(manager, 'GET', `/${importJobId}/runs?limit=2`);
    const list = await api(manager, 'GET', '?limit=100');
    // Assert
    expect(history.status).toBe(200);
    expect(history.body.runs).toEqual([
      expect.objectContaining({
        jobId: created[7]!.runId, status: 'failed', runStatus: 'halted', attempt: 2, failedPercent: null,
        failureReason: 'tx-7.csv does not match the mapping: no column "Importe"', failuresUrl: null,
      }),
      expect.objectContaining({
        jobId: created[6]!.runId, runStatus: 'partially_completed', totalItems: 100, succeeded: 75, failed: 25, skipped: 0, failedPercent: 25,
        failuresUrl: `/batch-import/transaction-jobs/${created[6]!.runId}/failures.csv`,
      }),
    ]);
    const rest = await api(manager, 'GET', `/${importJobId}/runs?cursor=${encodeURIComponent(history.body.nextCursor)}`);
    expect(rest.body.runs).toHaveLength(6);
    expect(rest.body.nextCursor).toBeNull();
    const listed = list.body.importJobs.find((j: { id: string }) => j.id === importJobId);
    expect(listed.lastRuns.map((r: { runStatus: string }) => r.runStatus)).toEqual(['halted', 'partially_completed', 'completed', 'completed', 'completed']);
    // Another org cannot read it.
    const stranger = await newKey(`ijs-${randomUUID().slice(0, 8)}`, ['transactions:create']);
    expect((await api(stranger, 'GET', `/${importJobId}/runs`)).status).toBe(404);
  });

  it('activates, pauses, reactivates and deletes a job with its schedule', async () => {
    const { body } = await api(manager, 'POST', '', jobBody('Lifecycle', { columnMapping: { Ref: 'externalId', Amt: 'amount', Cur: 'currency', Date: 'occurredAt' } }));
    const id = body.importJob.id as string;
    const sampled = await api(manager, 'POST', `/${id}/sample`, undefined, sampleForm('tx-s.csv', Buffer.from('Ref,Amt,Cur,Date\ntx-1,1.00,EUR,2026-11-01T10:00:00Z\n')));
    expect(sampled.body.importJob.status).toBe('draft');
    for (const [action, status, state] of [['activate', 'active', 'ENABLED'], ['pause', 'paused', 'DISABLED'], ['reactivate', 'active', 'ENABLED']] as const) {
      const moved = await api(manager, 'POST', `/${id}/${action}`);
      expect([action, moved.status, moved.body.importJob?.status]).toEqual([action, 200, status]);
      expect([action, await scheduleState(`import-job-${id}`)]).toEqual([action, state]);
    }
    expect((await api(manager, 'POST', `/${id}/activate`)).body.error).toMatchObject({ code: 'INVALID_STATUS_TRANSITION', details: { from: 'active', to: 'active' } });
    expect((await api(manager, 'DELETE', `/${id}`)).status).toBe(200);
    expect((await api(manager, 'GET', `/${id}`)).status).toBe(404);
    expect(await scheduleState(`import-job-${id}`)).toBeNull();
  });
});

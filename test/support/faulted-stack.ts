import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, paginateScan } from '@aws-sdk/lib-dynamodb';
import { spawnLocalStack, type ChildStack } from './child-stack';
import type { Job } from './service-client';

/**
 * A local stack of a test's own, started with its own environment (faults, budgets), reached over HTTP like the
 * shared one, plus a DynamoDB client that goes straight to DynamoDB Local (past any fault proxy) to check what
 * was stored.
 */
export interface OwnStack {
  readonly url: string;
  readonly apiKey: string;
  readonly dynamo: DynamoDBDocumentClient;
  readonly recordsTable: string;
  readonly controlTable: string;
  /** Everything the stack wrote to stderr so far (its log, the fault injection's lines). */
  stderr(): string;
  stop(): Promise<void>;
}

export async function startOwnStack(name: string, env: Record<string, string>): Promise<OwnStack> {
  const stackFile = path.join(tmpdir(), `batch-import-${name}-${process.pid}.json`);
  const started: ChildStack = await spawnLocalStack({ stackFile, env, timeoutMs: 180_000 });
  let stderr = '';
  started.child.stderr?.on('data', (part: Buffer) => (stderr += part.toString('utf8')));
  const { ready, child } = started;
  const dynamo = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: ready.endpoints.dynamodb,
      region: ready.env.AWS_REGION,
      credentials: { accessKeyId: ready.env.AWS_ACCESS_KEY_ID ?? 'local', secretAccessKey: ready.env.AWS_SECRET_ACCESS_KEY ?? 'local' },
    }),
  );
  return {
    url: ready.url,
    apiKey: ready.demoApiKey,
    dynamo,
    recordsTable: ready.names.recordsTable,
    controlTable: ready.names.controlTable,
    stderr: () => stderr,
    stop: async () => {
      dynamo.destroy();
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const forced = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(forced);
    },
  };
}

/** Where to send requests: a stack of one's own, or the shared one of the integration project. */
export interface Target {
  readonly url: string;
  readonly apiKey: string;
}

export const sharedStack = (): Target => ({ url: required('E2E_BASE_URL'), apiKey: required('E2E_DEMO_API_KEY') });

export async function uploadCsv(
  target: Target,
  route: 'entities' | 'transactions',
  fileName: string,
  content: string,
  fields: Record<string, string> = {},
): Promise<string> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([content]), fileName);
  const response = await fetch(`${target.url}/batch-import/import/${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${target.apiKey}` },
    body: form,
  });
  if (response.status !== 202) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { jobId: string }).jobId;
}

/** A presigned upload: any size, gzip included. */
export async function uploadPresigned(
  target: Target,
  fileName: string,
  body: Buffer,
  options: Record<string, unknown> = {},
  kind = 'transaction_batch',
): Promise<string> {
  const response = await fetch(`${target.url}/batch-import/uploads`, {
    method: 'POST',
    headers: { authorization: `Bearer ${target.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ kind, fileName, contentLength: body.length, options }),
  });
  if (response.status !== 201) throw new Error(`presign answered ${response.status}: ${await response.text()}`);
  const { jobId, uploadUrl, uploadHeaders } = (await response.json()) as { jobId: string; uploadUrl: string; uploadHeaders: Record<string, string> };
  const put = await fetch(uploadUrl, { method: 'PUT', headers: uploadHeaders, body });
  if (put.status !== 200) throw new Error(`PUT answered ${put.status}`);
  return jobId;
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'interrupted']);

export async function waitForEnd(target: Target, jobId: string, timeoutMs = 300_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${target.url}/batch-import/jobs/${jobId}`, { headers: { authorization: `Bearer ${target.apiKey}` } });
    if (response.status !== 200) throw new Error(`GET job answered ${response.status}: ${await response.text()}`);
    const { job } = (await response.json()) as { job: Job };
    if (TERMINAL.has(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status}/${job.runStatus} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Every record a job wrote, read with a scan straight from DynamoDB Local: `pk` and the record's data. */
export async function recordsOfJob(stack: OwnStack, jobId: string): Promise<Array<{ pk: string; rowNumber: number; data: Record<string, unknown> }>> {
  const found: Array<{ pk: string; rowNumber: number; data: Record<string, unknown> }> = [];
  const pages = paginateScan(
    { client: stack.dynamo },
    { TableName: stack.recordsTable, FilterExpression: 'jobId = :jobId', ExpressionAttributeValues: { ':jobId': jobId } },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      found.push({ pk: String(item.pk), rowNumber: Number(item.rowNumber), data: item.data as Record<string, unknown> });
    }
  }
  return found;
}

/** The split checkpoint of one file, as the splitter stored it. */
export async function splitCheckpoint(stack: OwnStack, jobId: string, fileIndex = 0): Promise<Record<string, unknown> | undefined> {
  const { Item } = await stack.dynamo.send(
    new GetCommand({ TableName: stack.controlTable, Key: { pk: `RUN#${jobId}`, sk: `SPLIT#${fileIndex}` }, ConsistentRead: true }),
  );
  return Item;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through the integration project (global setup starts the stack)`);
  return value;
}

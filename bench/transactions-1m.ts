/**
 * `npm run bench [-- --rows 1000000 --raw-rows 200000]`
 *
 * Streams a generated transactions CSV through the local stack the way a client would (a presigned upload,
 * then polling), and prints end-to-end rows/s and the peak RSS of the service process and, apart, of the emulator
 * processes beside it (fauxqs for S3/SQS, the DynamoDB Local JVM). For scale, it then measures the bare BatchWriteItem rate of the same emulator for the same
 * items, and prints the ratio: what the job machinery costs over plain writes.
 */
import type { ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '../functions/adapters/concurrency';
import { spawnLocalStack } from '../local/child-stack';

interface Stack {
  readonly child: ChildProcess;
  readonly url: string;
  readonly demoApiKey: string;
  readonly pid: number;
  readonly env: Record<string, string>;
}

function row(i: number): string {
  return `tx-${i},${i}.${String(i % 100).padStart(2, '0')},EUR,2026-11-01T10:00:00Z,payment ${i}`;
}

async function writeCsv(file: string, rows: number): Promise<number> {
  const out = createWriteStream(file);
  out.write('externalId,amount,currency,occurredAt,description\n');
  let buffer = '';
  for (let i = 1; i <= rows; i++) {
    buffer += `${row(i)}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return statSync(file).size;
}

async function startStack(): Promise<Stack> {
  const { child, ready } = await spawnLocalStack({ stackFile: path.join(tmpdir(), `batch-import-bench-${process.pid}.json`) });
  child.stderr?.pipe(process.stderr);
  return { child, url: ready.url, demoApiKey: ready.demoApiKey, pid: ready.pid, env: ready.env };
}

/** Peak resident set of a process, from the kernel's own high-water mark (VmHWM), in MiB. */
function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

function childPids(pid: number): number[] {
  const pids: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    if (children) pids.push(...children.split(/\s+/).map(Number));
  }
  return pids;
}

function childWithArgument(pid: number, text: string): number | undefined {
  return childPids(pid).find((child) => readFileSync(`/proc/${child}/cmdline`, 'utf8').includes(text));
}

async function api<T>(stack: Stack, method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${stack.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${stack.demoApiKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Streams the file to the presigned URL without reading it into memory. */
function putFile(url: string, headers: Record<string, string>, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', headers: { ...headers, 'content-length': String(statSync(file).size) } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`PUT answered ${res.statusCode}`))));
    });
    req.on('error', reject);
    createReadStream(file).pipe(req);
  });
}

interface JobBody {
  job: { status: string; runStatus: string; totalItems: number | null; succeeded: number; failed: number; skipped: number; jobFailure?: unknown };
}

async function endToEnd(stack: Stack, file: string, rows: number): Promise<{ seconds: number; job: JobBody['job'] }> {
  const size = statSync(file).size;
  const upload = await api<{ jobId: string; uploadUrl: string; uploadHeaders: Record<string, string> }>(stack, 'POST', '/batch-import/uploads', {
    kind: 'transaction_batch',
    fileName: 'bench.csv',
    contentType: 'text/csv',
    contentLength: size,
  });
  const started = Date.now();
  await putFile(upload.uploadUrl, upload.uploadHeaders, file);
  let lastPrint = 0;
  for (;;) {
    const { job } = await api<JobBody>(stack, 'GET', `/batch-import/jobs/${upload.jobId}`);
    if (['completed', 'failed', 'cancelled', 'interrupted'].includes(job.status)) {
      return { seconds: (Date.now() - started) / 1000, job };
    }
    if (Date.now() - lastPrint > 10_000) {
      lastPrint = Date.now();
      const done = job.succeeded + job.failed + job.skipped;
      process.stderr.write(`  ${job.runStatus}: ${done}/${job.totalItems ?? '?'} rows after ${Math.round((Date.now() - started) / 1000)} s (of ${rows})\n`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Bare BatchWriteItem of the same items into the same emulator: the ceiling the pipeline is measured against. */
async function rawBatchWrites(stack: Stack, rows: number): Promise<number> {
  const dynamo = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.env.AWS_ENDPOINT_URL_DYNAMODB,
      region: stack.env.AWS_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const table = stack.env.RECORDS_TABLE_NAME as string;
  const batches: number[] = [];
  for (let start = 1; start <= rows; start += 25) batches.push(start);
  const started = Date.now();
  await mapWithConcurrency(batches, 8, async (start) => {
    let items: Array<Record<string, unknown>> = [];
    for (let i = start; i < Math.min(start + 25, rows + 1); i++) {
      const [externalId, amount, currency, occurredAt, description] = row(i).split(',');
      items.push({
        PutRequest: {
          Item: { pk: `ORG#bench-raw#TXN#${externalId}`, sk: 'RECORD', kind: 'transaction_batch', namespace: 'default', jobId: 'raw', rowNumber: i + 1, data: { externalId, amount, currency, occurredAt, description } },
        },
      });
    }
    while (items.length > 0) {
      const result: BatchWriteCommandOutput = await dynamo.send(new BatchWriteCommand({ RequestItems: { [table]: items as never } }));
      items = (result.UnprocessedItems?.[table] as Array<Record<string, unknown>> | undefined) ?? [];
    }
  });
  return rows / ((Date.now() - started) / 1000);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, 'raw-rows': { type: 'string' } } });
  const rows = Number(values.rows);
  const rawRows = Number(values['raw-rows'] ?? Math.min(rows, 200_000));
  const file = path.join(tmpdir(), `batch-import-bench-${process.pid}.csv`);

  process.stderr.write(`Generating ${rows.toLocaleString('en')} transaction rows…\n`);
  const bytes = await writeCsv(file, rows);
  process.stderr.write(`Starting the local stack…\n`);
  const stack = await startStack();
  try {
    process.stderr.write(`Uploading ${(bytes / 1e6).toFixed(1)} MB through a presigned URL and polling…\n`);
    const e2e = await endToEnd(stack, file, rows);
    const servicePeak = peakRssMiB(stack.pid);
    const jvm = childWithArgument(stack.pid, 'DynamoDBLocal');
    const jvmPeak = jvm ? peakRssMiB(jvm) : undefined;
    const fauxqs = childWithArgument(stack.pid, 'fauxqs-process');
    const fauxqsPeak = fauxqs ? peakRssMiB(fauxqs) : undefined;
    if (e2e.job.status !== 'completed' || e2e.job.succeeded !== rows) {
      throw new Error(`the run did not import every row: ${JSON.stringify(e2e.job)}`);
    }
    const e2eRate = rows / e2e.seconds;

    process.stderr.write(`Measuring bare BatchWriteItem on the same emulator (${rawRows.toLocaleString('en')} items)…\n`);
    const rawRate = await rawBatchWrites(stack, rawRows);

    const lines = [
      '',
      `rows                           ${rows.toLocaleString('en')} (${(bytes / 1e6).toFixed(1)} MB CSV)`,
      `end to end                     ${e2e.seconds.toFixed(1)} s, ${Math.round(e2eRate).toLocaleString('en')} rows/s (upload → completed)`,
      `bare BatchWriteItem            ${Math.round(rawRate).toLocaleString('en')} items/s (same emulator, same items)`,
      `ratio end to end / bare        ${(e2eRate / rawRate).toFixed(2)}`,
      `peak RSS, service process      ${servicePeak} MiB (handlers, HTTP API, SQS pollers)`,
      `peak RSS, S3/SQS emulator      ${fauxqsPeak ?? '?'} MiB (fauxqs holding the file and the queued chunks in memory)`,
      `peak RSS, DynamoDB Local JVM   ${jvmPeak ?? '?'} MiB`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
    process.stdout.write(`${JSON.stringify({ rows, bytes, seconds: e2e.seconds, rowsPerSecond: Math.round(e2eRate), rawBatchWriteItemsPerSecond: Math.round(rawRate), ratio: Number((e2eRate / rawRate).toFixed(3)), servicePeakRssMiB: servicePeak, emulatorPeakRssMiB: fauxqsPeak, jvmPeakRssMiB: jvmPeak })}\n`);
  } finally {
    stack.child.kill('SIGTERM');
    await once(stack.child, 'exit');
    rmSync(file, { force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

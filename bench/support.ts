import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnLocalStack } from '../test/support/child-stack';
import { createBatchImportClient, type BatchImportClient, type components } from '../client';

/** A local stack run for a benchmark: its own process, so its memory can be read from /proc. */
export interface BenchStack {
  readonly child: ChildProcess;
  readonly url: string;
  readonly demoApiKey: string;
  readonly pid: number;
  readonly emulatorPids: { readonly dynamodb?: number; readonly fauxqs?: number };
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/** The bench's instrumentation, preloaded into the stack's process (see dynamodb-call-counter.ts). */
export const DYNAMODB_CALL_COUNTER = path.join(__dirname, 'dynamodb-call-counter.ts');

export async function startBenchStack(name: string, env?: Record<string, string>, preload?: readonly string[]): Promise<BenchStack> {
  const { child, ready } = await spawnLocalStack({ stackFile: path.join(tmpdir(), `batch-import-${name}-${process.pid}.json`), env, preload });
  child.stderr?.pipe(process.stderr);
  return {
    child,
    url: ready.url,
    demoApiKey: ready.demoApiKey,
    pid: ready.pid,
    emulatorPids: ready.emulatorPids ?? {},
    env: ready.env,
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** Writes a CSV of `rows` generated rows without holding it in memory. */
export async function writeCsv(file: string, header: string, rows: number, row: (i: number) => string): Promise<number> {
  const out = createWriteStream(file);
  out.write(`${header}\n`);
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

/** Resident set (VmRSS) or its peak (VmHWM, the kernel's own high-water mark) of a process, in MiB. */
export function rssMiB(pid: number | undefined, field: 'VmHWM' | 'VmRSS' = 'VmHWM'): number | undefined {
  if (pid === undefined) return undefined;
  const kb = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (in clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticksPerSecond = 100; // USER_HZ, 100 on every Linux Node runs on
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** The stack's processes: the service (handlers, HTTP API, pollers), the S3/SQS emulator, the DynamoDB Local JVM. */
export type StackProcess = 'service' | 's3SqsEmulator' | 'dynamodbLocal';

/** CPU seconds each process of the stack has used so far (NaN for one whose pid the stack did not report). */
export function stackCpuSeconds(stack: BenchStack): Record<StackProcess, number> {
  const of = (pid: number | undefined) => (pid === undefined ? Number.NaN : cpuSeconds(pid));
  return { service: of(stack.pid), s3SqsEmulator: of(stack.emulatorPids.fauxqs), dynamodbLocal: of(stack.emulatorPids.dynamodb) };
}

/** What each process used between two readings of stackCpuSeconds, divided by `per` (rows, seconds). */
export function cpuBetween(before: Record<StackProcess, number>, after: Record<StackProcess, number>, per = 1): Record<StackProcess, number> {
  const spent = (name: StackProcess) => (after[name] - before[name]) / per;
  return { service: spent('service'), s3SqsEmulator: spent('s3SqsEmulator'), dynamodbLocal: spent('dynamodbLocal') };
}

/** The tally the service writes when started with the call counter preloaded (dynamodb-call-counter.ts). */
export interface DynamoDbCounts {
  readonly calls: Record<string, number>;
  readonly writeUnits: Record<string, number>;
  readonly readUnits: Record<string, number>;
  readonly callsByTable: Record<string, number>;
}

export function readCounts(file: string): DynamoDbCounts {
  return JSON.parse(readFileSync(file, 'utf8')) as DynamoDbCounts;
}

/** `counts` less `times` × `each`: what is left once a known cost (the client's status polls) is taken out. */
export function countsLess(counts: DynamoDbCounts, each: DynamoDbCounts, times: number): DynamoDbCounts {
  const less = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v - (b[k] ?? 0) * times]).filter(([, v]) => (v as number) > 0));
  return {
    calls: less(counts.calls, each.calls),
    writeUnits: less(counts.writeUnits, each.writeUnits),
    readUnits: less(counts.readUnits, each.readUnits),
    callsByTable: less(counts.callsByTable, each.callsByTable),
  };
}

/** What the service did between two tallies. */
export function countsBetween(before: DynamoDbCounts, after: DynamoDbCounts): DynamoDbCounts {
  const minus = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v - (b[k] ?? 0)]).filter(([, v]) => (v as number) > 0));
  return {
    calls: minus(after.calls, before.calls),
    writeUnits: minus(after.writeUnits, before.writeUnits),
    readUnits: minus(after.readUnits, before.readUnits),
    callsByTable: minus(after.callsByTable, before.callsByTable),
  };
}

export const total = (counts: Record<string, number>): number => Object.values(counts).reduce((sum, n) => sum + n, 0);

/** Resets a process's peak RSS to its current RSS (Linux clear_refs), so the next peak is the next step's own. */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** The bench talks to the service as any client does: through the typed client generated from the OpenAPI document. */
export function benchClient(stack: BenchStack): BatchImportClient {
  return createBatchImportClient({ baseUrl: stack.url, apiKey: stack.demoApiKey });
}

/** `GET /batch-import/jobs/{jobId}`: the job's status body, or an error naming the answer. */
export async function getJob(client: BatchImportClient, jobId: string): Promise<BenchJob> {
  const { data, error, response } = await client.GET('/batch-import/jobs/{jobId}', { params: { path: { jobId } } });
  // The route's 200 is the status body, or the failures body with ?include=failures, which this never asks for.
  if (!data || !('job' in data)) throw new Error(`GET /batch-import/jobs/${jobId}: ${response.status} ${JSON.stringify(error)}`);
  return data.job;
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

/** The job body the bench polls, as the route table declares it. */
export type BenchJob = components['schemas']['Job'];

/** A transactions CSV through a presigned upload, as a client sends a big file, polled to its end. */
export async function importThroughPresignedUpload(
  stack: BenchStack,
  file: string,
  onStart?: () => void,
): Promise<{ jobId: string; seconds: number; job: BenchJob; polls: number }> {
  const client = benchClient(stack);
  const { data: upload, error, response } = await client.POST('/batch-import/uploads', {
    body: { kind: 'transaction_batch', fileName: path.basename(file), contentType: 'text/csv', contentLength: statSync(file).size },
  });
  if (!upload) throw new Error(`POST /batch-import/uploads: ${response.status} ${JSON.stringify(error)}`);
  onStart?.();
  const started = Date.now();
  await putFile(upload.uploadUrl, upload.uploadHeaders, file);
  let lastPrint = 0;
  for (let polls = 1; ; polls++) {
    const job = await getJob(client, upload.jobId);
    const seconds = (Date.now() - started) / 1000;
    if (['completed', 'failed', 'cancelled', 'interrupted'].includes(job.status)) return { jobId: upload.jobId, seconds, job, polls };
    if (Date.now() - lastPrint > 10_000) {
      lastPrint = Date.now();
      const done = (job.succeeded ?? 0) + (job.failed ?? 0) + (job.skipped ?? 0);
      process.stderr.write(`  ${job.runStatus}: ${done}/${job.totalItems ?? '?'} rows after ${Math.round(seconds)} s\n`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Runs a bench's main: a failure prints one line and exits non-zero, so a script or CI sees it. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}

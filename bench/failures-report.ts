/**
 * `npm run bench:failures [-- --rows 1000000]`
 *
 * A run with one failed row per input row (every row has an invalid currency), sent through a presigned upload to
 * a fresh local stack, then its complete failures.csv and failed-rows.csv downloaded as a client would (the API
 * answers 303, the CSV comes from the bucket). Prints each download's size and time, and the peak RSS (VmHWM) of
 * the service process during each: the reports are streamed, so that peak should not grow with the row count.
 * The emulators run in processes of their own (S3/SQS, and the DynamoDB JVM); their peaks are printed apart.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spawnLocalStack } from '../local/child-stack';

interface Stack {
  readonly url: string;
  readonly demoApiKey: string;
  readonly pid: number;
}

/** The stack's emulator processes, found among its children by command line like the benchmark's JVM. */
function emulatorPids(pid: number): { fauxqs?: number; dynamodb?: number } {
  const children: number[] = [];
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const listed = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
    if (listed) children.push(...listed.split(/\s+/).map(Number));
  }
  const withArgument = (text: string) => children.find((child) => readFileSync(`/proc/${child}/cmdline`, 'utf8').includes(text));
  return { fauxqs: withArgument('fauxqs-process'), dynamodb: withArgument('DynamoDBLocal') };
}

async function writeFailingCsv(file: string, rows: number): Promise<number> {
  const out = createWriteStream(file);
  out.write('externalId,amount,currency,occurredAt,description\n');
  let buffer = '';
  for (let i = 1; i <= rows; i++) {
    buffer += `fail-${i},${i}.00,EURO,2026-11-01T10:00:00Z,payment ${i}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return statSync(file).size;
}

function statusField(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const kb = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** Resets the process's peak RSS to its current RSS (Linux clear_refs), so the next peak is the next step's own. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
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

async function importFailing(stack: Stack, file: string, rows: number): Promise<{ jobId: string; seconds: number }> {
  const upload = await api<{ jobId: string; uploadUrl: string; uploadHeaders: Record<string, string> }>(stack, 'POST', '/batch-import/uploads', {
    kind: 'transaction_batch',
    fileName: 'failing.csv',
    contentType: 'text/csv',
    contentLength: statSync(file).size,
  });
  const started = Date.now();
  await putFile(upload.uploadUrl, upload.uploadHeaders, file);
  let lastPrint = 0;
  for (;;) {
    const { job } = await api<{ job: { status: string; runStatus: string; totalItems: number | null; failed: number } }>(
      stack,
      'GET',
      `/batch-import/jobs/${upload.jobId}`,
    );
    if (['completed', 'failed', 'cancelled', 'interrupted'].includes(job.status)) {
      if (job.failed !== rows) throw new Error(`expected ${rows} failed rows: ${JSON.stringify(job)}`);
      return { jobId: upload.jobId, seconds: (Date.now() - started) / 1000 };
    }
    if (Date.now() - lastPrint > 10_000) {
      lastPrint = Date.now();
      process.stderr.write(`  ${job.runStatus}: ${job.failed}/${job.totalItems ?? '?'} rows failed after ${Math.round((Date.now() - started) / 1000)} s\n`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Follows the 303 and reads the CSV to the end, counting bytes and lines without keeping them. */
async function download(stack: Stack, route: string): Promise<{ bytes: number; lines: number; seconds: number; peakMiB: number; resetWorked: boolean }> {
  const resetWorked = resetPeak(stack.pid);
  const started = Date.now();
  const response = await fetch(`${stack.url}${route}`, { headers: { authorization: `Bearer ${stack.demoApiKey}` } });
  if (response.status !== 200 || !response.body) throw new Error(`GET ${route}: ${response.status} ${await response.text()}`);
  let bytes = 0;
  let lines = 0;
  for await (const part of response.body) {
    bytes += part.length;
    for (const byte of part) if (byte === 10) lines++;
  }
  return { bytes, lines, seconds: (Date.now() - started) / 1000, peakMiB: statusField(stack.pid, 'VmHWM'), resetWorked };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
  const rows = Number(values.rows);
  const file = path.join(tmpdir(), `batch-import-bench-failures-${process.pid}.csv`);
  process.stderr.write(`Generating ${rows.toLocaleString('en')} transaction rows, every one with an invalid currency…\n`);
  const bytes = await writeFailingCsv(file, rows);
  process.stderr.write('Starting the local stack…\n');
  const { child, ready } = await spawnLocalStack({ stackFile: path.join(tmpdir(), `batch-import-bench-failures-${process.pid}.json`) });
  child.stderr?.pipe(process.stderr);
  const stack: Stack = { url: ready.url, demoApiKey: ready.demoApiKey, pid: ready.pid };
  const emulators = emulatorPids(stack.pid);
  const emulatorPeak = (pid: number | undefined): number | undefined => (pid === undefined ? undefined : statusField(pid, 'VmHWM'));
  try {
    process.stderr.write(`Importing ${(bytes / 1e6).toFixed(1)} MB through a presigned URL…\n`);
    const imported = await importFailing(stack, file, rows);
    const importPeak = statusField(stack.pid, 'VmHWM');
    const rssBefore = statusField(stack.pid, 'VmRSS');
    process.stderr.write('Downloading failures.csv…\n');
    const failures = await download(stack, `/batch-import/transaction-jobs/${imported.jobId}/failures.csv`);
    process.stderr.write('Downloading failed-rows.csv…\n');
    const failedRows = await download(stack, `/batch-import/jobs/${imported.jobId}/failed-rows.csv`);
    if (failures.lines !== rows + 1 || failedRows.lines !== rows + 1) {
      throw new Error(`expected ${rows + 1} lines each, got failures.csv ${failures.lines}, failed-rows.csv ${failedRows.lines}`);
    }
    const peakNote = failures.resetWorked ? 'during the download alone' : 'since start: clear_refs was refused';
    const fauxqsPeak = emulatorPeak(emulators.fauxqs);
    const jvmPeak = emulatorPeak(emulators.dynamodb);
    const lines = [
      '',
      `failed rows                    ${rows.toLocaleString('en')} (${(bytes / 1e6).toFixed(1)} MB CSV, imported in ${imported.seconds.toFixed(1)} s)`,
      `service RSS before downloads   ${rssBefore} MiB (peak while importing: ${importPeak} MiB)`,
      `failures.csv                   ${(failures.bytes / 1e6).toFixed(1)} MB in ${failures.seconds.toFixed(1)} s, service peak RSS ${failures.peakMiB} MiB (${peakNote})`,
      `failed-rows.csv                ${(failedRows.bytes / 1e6).toFixed(1)} MB in ${failedRows.seconds.toFixed(1)} s, service peak RSS ${failedRows.peakMiB} MiB`,
      `peak RSS, S3/SQS emulator      ${fauxqsPeak ?? '?'} MiB since start (fauxqs keeps the upload, the messages and both CSVs in memory)`,
      `peak RSS, DynamoDB Local JVM   ${jvmPeak ?? '?'} MiB since start`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
    process.stdout.write(
      `${JSON.stringify({ rows, importSeconds: imported.seconds, rssBeforeMiB: rssBefore, importPeakMiB: importPeak, failuresCsv: failures, failedRowsCsv: failedRows, emulatorPeakRssMiB: fauxqsPeak, jvmPeakRssMiB: jvmPeak })}\n`,
    );
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
    rmSync(file, { force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

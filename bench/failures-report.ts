/**
 * `npm run bench:failures [-- --rows 1000000]`
 *
 * A run with one failed row per input row (every row has an invalid currency), sent through a presigned upload to
 * a fresh local stack, then its complete failures.csv and failed-rows.csv downloaded as a client would (the API
 * answers 303, the CSV comes from the bucket). Prints each download's size and time, and the peak RSS (VmHWM) of
 * the service process during each: the reports are streamed, so that peak should not grow with the row count.
 * The emulators run in processes of their own (S3/SQS, and the DynamoDB JVM); their peaks are printed apart.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importThroughPresignedUpload, resetPeak, rssMiB, runBench, startBenchStack, writeCsv, type BenchStack } from './support';

const HEADER = 'externalId,amount,currency,occurredAt,description';

/** Follows the 303 and reads the CSV to the end, counting bytes and lines without keeping them. */
async function download(stack: BenchStack, route: string): Promise<{ bytes: number; lines: number; seconds: number; peakMiB: number; resetWorked: boolean }> {
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
  return { bytes, lines, seconds: (Date.now() - started) / 1000, peakMiB: rssMiB(stack.pid) as number, resetWorked };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
  const rows = Number(values.rows);
  const file = path.join(tmpdir(), `batch-import-bench-failures-${process.pid}.csv`);
  process.stderr.write(`Generating ${rows.toLocaleString('en')} transaction rows, every one with an invalid currency…\n`);
  const bytes = await writeCsv(file, HEADER, rows, (i) => `fail-${i},${i}.00,EURO,2026-11-01T10:00:00Z,payment ${i}`);
  process.stderr.write('Starting the local stack…\n');
  const stack = await startBenchStack('bench-failures');
  try {
    process.stderr.write(`Importing ${(bytes / 1e6).toFixed(1)} MB through a presigned URL…\n`);
    const imported = await importThroughPresignedUpload(stack, file);
    if (imported.job.failed !== rows) throw new Error(`expected ${rows} failed rows: ${JSON.stringify(imported.job)}`);
    const importPeak = rssMiB(stack.pid);
    const rssBefore = rssMiB(stack.pid, 'VmRSS');
    process.stderr.write('Downloading failures.csv…\n');
    const failures = await download(stack, `/batch-import/transaction-jobs/${imported.jobId}/failures.csv`);
    process.stderr.write('Downloading failed-rows.csv…\n');
    const failedRows = await download(stack, `/batch-import/jobs/${imported.jobId}/failed-rows.csv`);
    if (failures.lines !== rows + 1 || failedRows.lines !== rows + 1) {
      throw new Error(`expected ${rows + 1} lines each, got failures.csv ${failures.lines}, failed-rows.csv ${failedRows.lines}`);
    }
    const peakNote = failures.resetWorked ? 'during the download alone' : 'since start: clear_refs was refused';
    const fauxqsPeak = rssMiB(stack.emulatorPids.fauxqs);
    const jvmPeak = rssMiB(stack.emulatorPids.dynamodb);
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
    await stack.stop();
    rmSync(file, { force: true });
  }
}

runBench(main);

/**
 * `npm run bench:scale [-- --small 500000 --large 5000000]`
 *
 * The same transactions file at two sizes, each through a presigned upload into a fresh local stack, polled to
 * its end. Prints each run's time and the service process's peak RSS, and how much the larger file's peak exceeds
 * the smaller's: the service streams, so the peak must not grow with the file (issue 4: within 20%).
 * DynamoDB Local keeps the records in memory with a larger heap (`--jvm-heap-mb`, default 12288), or on disk with
 * `--disk` (slower: its SQLite store writes a few thousand items a second at best).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importThroughPresignedUpload, rssMiB, runBench, startBenchStack, writeCsv } from './support';

const HEADER = 'externalId,amount,currency,occurredAt,description';
const row = (i: number) => `tx-${i},${i}.${String(i % 100).padStart(2, '0')},EUR,2026-11-01T10:00:00Z,payment ${i}`;

interface SizeResult {
  readonly rows: number;
  readonly megabytes: number;
  readonly seconds: number;
  readonly servicePeakMiB: number;
}

async function runSize(rows: number, storage: { disk: boolean; heapMb: number }): Promise<SizeResult> {
  const file = path.join(tmpdir(), `batch-import-bench-scale-${process.pid}-${rows}.csv`);
  const dbPath = storage.disk ? mkdtempSync(path.join(tmpdir(), 'batch-import-bench-ddb-')) : undefined;
  process.stderr.write(`Generating ${rows.toLocaleString('en')} transaction rows…\n`);
  const bytes = await writeCsv(file, HEADER, rows, row);
  const env: Record<string, string> = dbPath === undefined ? { LOCAL_DYNAMODB_HEAP_MB: String(storage.heapMb) } : { LOCAL_DYNAMODB_DB_PATH: dbPath };
  const stack = await startBenchStack(`bench-scale-${rows}`, env);
  try {
    process.stderr.write(`Importing ${(bytes / 1e6).toFixed(1)} MB…\n`);
    const result = await importThroughPresignedUpload(stack, file);
    if (result.job.status !== 'completed' || result.job.succeeded !== rows) {
      throw new Error(`the run did not import every row: ${JSON.stringify(result.job)}`);
    }
    return { rows, megabytes: bytes / 1e6, seconds: result.seconds, servicePeakMiB: rssMiB(stack.pid) as number };
  } finally {
    await stack.stop();
    rmSync(file, { force: true });
    if (dbPath !== undefined) rmSync(dbPath, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      small: { type: 'string', default: '500000' },
      large: { type: 'string', default: '5000000' },
      disk: { type: 'boolean', default: false },
      'jvm-heap-mb': { type: 'string', default: '12288' },
    },
  });
  const storage = { disk: values.disk, heapMb: Number(values['jvm-heap-mb']) };
  const small = await runSize(Number(values.small), storage);
  const large = await runSize(Number(values.large), storage);
  const growth = (large.servicePeakMiB / small.servicePeakMiB - 1) * 100;
  const line = (r: SizeResult) =>
    `${r.rows.toLocaleString('en').padStart(10)} rows  ${r.megabytes.toFixed(1).padStart(6)} MB  ${r.seconds.toFixed(1).padStart(7)} s  ${Math.round(r.rows / r.seconds).toLocaleString('en').padStart(6)} rows/s  service peak RSS ${r.servicePeakMiB} MiB`;
  process.stdout.write(['', line(small), line(large), `peak RSS growth ${growth.toFixed(1)}% (target: within 20%)`, ''].join('\n'));
  process.stdout.write(`${JSON.stringify({ small, large, peakGrowthPercent: Number(growth.toFixed(1)) })}\n`);
}

runBench(main);

/**
 * `npm run bench [-- --rows 1000000 --raw-rows 200000]`
 *
 * Streams a generated transactions CSV through the local stack the way a client would (a presigned upload,
 * then polling), and prints end-to-end rows/s and the peak RSS of the service process and, apart, of the emulator
 * processes beside it (fauxqs for S3/SQS, the DynamoDB Local JVM). For scale, it then measures the bare
 * BatchWriteItem rate of the same emulator for the same items, and prints the ratio: what the job machinery costs
 * over plain writes. Two more bare rates say where that cost lies: conditional transactions (what exact writes
 * need) and an existence check followed by BatchWriteItem (the least a duplicate-aware import must do).
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, TransactWriteCommand, type BatchGetCommandOutput, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '../functions/adapters/concurrency';
import { importThroughPresignedUpload, rssMiB, runBench, startBenchStack, writeCsv, type BenchStack } from './support';

const HEADER = 'externalId,amount,currency,occurredAt,description';

function row(i: number): string {
  return `tx-${i},${i}.${String(i % 100).padStart(2, '0')},EUR,2026-11-01T10:00:00Z,payment ${i}`;
}

/** A client straight to the stack's DynamoDB emulator, bypassing the service: what the raw ceilings write through. */
function emulatorDynamo(stack: BenchStack): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.env.AWS_ENDPOINT_URL_DYNAMODB,
      region: stack.env.AWS_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
}

/** The record item the service writes for row i, under an org of the measurement's own. */
function recordItem(org: string, i: number): Record<string, unknown> {
  const [externalId, amount, currency, occurredAt, description] = row(i).split(',');
  return { pk: `ORG#${org}#TXN#${externalId}`, sk: 'RECORD', kind: 'transaction_batch', namespace: 'default', jobId: 'raw', rowNumber: i + 1, data: { externalId, amount, currency, occurredAt, description } };
}

/** BatchWriteItem of these items, again for whatever comes back unprocessed. */
async function batchWrite(dynamo: DynamoDBDocumentClient, table: string, records: Array<Record<string, unknown>>): Promise<void> {
  let items: Array<Record<string, unknown>> = records.map((Item) => ({ PutRequest: { Item } }));
  while (items.length > 0) {
    const result: BatchWriteCommandOutput = await dynamo.send(new BatchWriteCommand({ RequestItems: { [table]: items as never } }));
    items = (result.UnprocessedItems?.[table] as Array<Record<string, unknown>> | undefined) ?? [];
  }
}

/**
 * Writes rows 1..`rows` as record items straight into the stack's records table, `groupSize` items a call, 8 calls
 * in flight, and answers items/s. `org` keeps each measurement's keys apart from the others'.
 */
async function bareRate(
  stack: BenchStack,
  rows: number,
  org: string,
  groupSize: number,
  write: (dynamo: DynamoDBDocumentClient, table: string, items: Array<Record<string, unknown>>) => Promise<void>,
): Promise<number> {
  const dynamo = emulatorDynamo(stack);
  const table = stack.env.RECORDS_TABLE_NAME as string;
  const groups: number[] = [];
  for (let start = 1; start <= rows; start += groupSize) groups.push(start);
  const started = Date.now();
  await mapWithConcurrency(groups, 8, async (start) => {
    const items = [];
    for (let i = start; i < Math.min(start + groupSize, rows + 1); i++) items.push(recordItem(org, i));
    await write(dynamo, table, items);
  });
  return rows / ((Date.now() - started) / 1000);
}

/** Bare BatchWriteItem of the same items into the same emulator: the ceiling the pipeline is measured against. */
function rawBatchWrites(stack: BenchStack, rows: number, org = 'bench-raw'): Promise<number> {
  return bareRate(stack, rows, org, 25, batchWrite);
}

/**
 * The same items as conditional puts in transactions of 100 (what exactly-once writing needs: a key must be free or
 * hold this row already), with as many transactions in flight as the service runs: the ceiling for an exact import.
 */
function rawConditionalTransactions(stack: BenchStack, rows: number, org = 'bench-tx'): Promise<number> {
  return bareRate(stack, rows, org, 100, async (dynamo, table, items) => {
    const puts = items.map((Item) => ({
      Put: {
        TableName: table,
        Item,
        ConditionExpression: 'attribute_not_exists(pk) OR (jobId = :job AND rowNumber = :row)',
        ExpressionAttributeValues: { ':job': 'raw', ':row': Item.rowNumber },
      },
    }));
    await dynamo.send(new TransactWriteCommand({ TransactItems: puts }));
  });
}

/**
 * The least any import that honours §8 must do without conditions: read whether each key exists (BatchGetItem of
 * 100, strongly consistent, as the service reads), then BatchWriteItem the items. It is not exactly-once (two
 * runs could both see a key free), so the service does not write this way; it measures what the existence check
 * alone costs over bare writes on this emulator.
 */
function rawCheckedBatchWrites(stack: BenchStack, rows: number, org = 'bench-chk'): Promise<number> {
  return bareRate(stack, rows, org, 100, async (dynamo, table, items) => {
    let keys: Array<Record<string, unknown>> | undefined = items.map(({ pk, sk }) => ({ pk, sk }));
    while (keys?.length) {
      const read: BatchGetCommandOutput = await dynamo.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true, ProjectionExpression: 'pk, jobId, rowNumber' } } }),
      );
      if (read.Responses?.[table]?.length) throw new Error('the checked batch writes met an existing key');
      keys = read.UnprocessedKeys?.[table]?.Keys;
    }
    const writes = [];
    for (let i = 0; i < items.length; i += 25) writes.push(batchWrite(dynamo, table, items.slice(i, i + 25)));
    await Promise.all(writes);
  });
}

const WARM_UP_ITEMS = 100_000;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, 'raw-rows': { type: 'string' } } });
  const rows = Number(values.rows);
  const rawRows = Number(values['raw-rows'] ?? Math.min(rows, 200_000));
  const file = path.join(tmpdir(), `batch-import-bench-${process.pid}.csv`);

  process.stderr.write(`Generating ${rows.toLocaleString('en')} transaction rows…\n`);
  const bytes = await writeCsv(file, HEADER, rows, row);
  process.stderr.write(`Starting the local stack…\n`);
  const stack = await startBenchStack('bench');
  try {
    // A fresh JVM runs its first writes at about half speed until the JIT compiles DynamoDB Local's paths; the
    // bare rates below are measured warm, so the import must be too.
    process.stderr.write(`Warming up the emulator (${WARM_UP_ITEMS.toLocaleString('en')} items of each kind of write)…\n`);
    await rawBatchWrites(stack, WARM_UP_ITEMS, 'bench-warm-batch');
    await rawCheckedBatchWrites(stack, WARM_UP_ITEMS, 'bench-warm-checked');
    await rawConditionalTransactions(stack, WARM_UP_ITEMS, 'bench-warm-tx');
    process.stderr.write(`Uploading ${(bytes / 1e6).toFixed(1)} MB through a presigned URL and polling…\n`);
    const e2e = await importThroughPresignedUpload(stack, file);
    const servicePeak = rssMiB(stack.pid);
    const jvmPeak = rssMiB(stack.emulatorPids.dynamodb);
    const fauxqsPeak = rssMiB(stack.emulatorPids.fauxqs);
    if (e2e.job.status !== 'completed' || e2e.job.succeeded !== rows) {
      throw new Error(`the run did not import every row: ${JSON.stringify(e2e.job)}`);
    }
    const e2eRate = rows / e2e.seconds;

    process.stderr.write(`Measuring bare BatchWriteItem on the same emulator (${rawRows.toLocaleString('en')} items)…\n`);
    const rawRate = await rawBatchWrites(stack, rawRows);
    process.stderr.write(`Measuring bare conditional transactions on the same emulator (${rawRows.toLocaleString('en')} items)…\n`);
    const conditionalRate = await rawConditionalTransactions(stack, rawRows);
    process.stderr.write(`Measuring bare existence checks plus BatchWriteItem on the same emulator (${rawRows.toLocaleString('en')} items)…\n`);
    const checkedRate = await rawCheckedBatchWrites(stack, rawRows);

    const lines = [
      '',
      `rows                           ${rows.toLocaleString('en')} (${(bytes / 1e6).toFixed(1)} MB CSV)`,
      `end to end                     ${e2e.seconds.toFixed(1)} s, ${Math.round(e2eRate).toLocaleString('en')} rows/s (upload → completed)`,
      `bare BatchWriteItem            ${Math.round(rawRate).toLocaleString('en')} items/s (same emulator, same items)`,
      `ratio end to end / bare        ${(e2eRate / rawRate).toFixed(2)}`,
      `bare conditional transactions  ${Math.round(conditionalRate).toLocaleString('en')} items/s (100 conditional puts each, 8 in flight)`,
      `ratio end to end / conditional ${(e2eRate / conditionalRate).toFixed(2)} (what the job machinery costs over exact writes)`,
      `bare check then BatchWriteItem ${Math.round(checkedRate).toLocaleString('en')} items/s (BatchGetItem of 100, then their BatchWriteItem, 8 in flight)`,
      `ratio check-then-write / bare  ${(checkedRate / rawRate).toFixed(2)} (the ceiling of any import that must know whether a key exists)`,
      `peak RSS, service process      ${servicePeak} MiB (handlers, HTTP API, SQS pollers)`,
      `peak RSS, S3/SQS emulator      ${fauxqsPeak ?? '?'} MiB (fauxqs holding the file and the queued chunks in memory)`,
      `peak RSS, DynamoDB Local JVM   ${jvmPeak ?? '?'} MiB`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
    process.stdout.write(`${JSON.stringify({ rows, bytes, seconds: e2e.seconds, rowsPerSecond: Math.round(e2eRate), rawBatchWriteItemsPerSecond: Math.round(rawRate), ratio: Number((e2eRate / rawRate).toFixed(3)), rawConditionalTransactionItemsPerSecond: Math.round(conditionalRate), ratioToConditional: Number((e2eRate / conditionalRate).toFixed(3)), rawCheckedBatchWriteItemsPerSecond: Math.round(checkedRate), checkedToBareRatio: Number((checkedRate / rawRate).toFixed(3)), servicePeakRssMiB: servicePeak, emulatorPeakRssMiB: fauxqsPeak, jvmPeakRssMiB: jvmPeak })}\n`);
  } finally {
    await stack.stop();
    rmSync(file, { force: true });
  }
}

runBench(main);

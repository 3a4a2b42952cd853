/**
 * `npm run bench [-- --rows 1000000 --raw-rows 200000 --warm-up 100000 --json]`
 *
 * Streams a generated transactions CSV through the local stack the way a client would (a presigned upload, then
 * polling), and measures end-to-end rows/s against the exact floors: the same record items written straight into
 * the same emulator by each exact method alone (conditional transactions, PartiQL INSERT batches, conditional
 * PutItem), in two rounds, one before and one after the import, so that both see the emulator alike. Bare
 * BatchWriteItem (not exact) is measured too, for scale.
 *
 * The service counts its own DynamoDB calls (bench/dynamodb-call-counter.ts, preloaded into its process), from
 * which the bench derives the calls per chunk and the write and read units per row that AWS would charge. It ends
 * with one JSON line (with `--json`, the only line on stdout):
 *
 *   { rows, endToEndRowsPerSecond, exactFloors: { method: itemsPerSecond }, ratioToExactFloor,
 *     bareBatchWriteRowsPerSecond, writeUnitsPerRow, readUnitsPerRow, dynamodbCallsPerChunk,
 *     serviceCpuSecondsPerMillionRows, servicePeakRssMiB, … }
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchExecuteStatementCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type BatchWriteCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { mapWithConcurrency } from '../functions/adapters/concurrency';
import {
  benchClient,
  DYNAMODB_CALL_COUNTER,
  countsBetween,
  countsLess,
  cpuBetween,
  getJob,
  importThroughPresignedUpload,
  readCounts,
  rssMiB,
  runBench,
  stackCpuSeconds,
  startBenchStack,
  total,
  writeCsv,
  type BenchStack,
  type DynamoDbCounts,
} from './support';
import { CALL_COUNTS_FILE_VARIABLE } from './dynamodb-call-counter';

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

/** A way of writing the record items straight into the emulator: `group` items a call, `inFlight` calls at once. */
interface WriteMethod {
  readonly name: string;
  readonly exact: boolean;
  readonly group: number;
  readonly inFlight: number;
  write(dynamo: DynamoDBDocumentClient, table: string, items: Array<Record<string, unknown>>): Promise<void>;
}

/** The exact method the service's record writer uses (partiql-record-writer.ts). */
const SERVICE_WRITE_METHOD = 'partiqlInsertBatches';

const CONDITION = 'attribute_not_exists(pk) OR (jobId = :job AND rowNumber = :row)';

const METHODS: readonly WriteMethod[] = [
  { name: 'bareBatchWriteItem', exact: false, group: 25, inFlight: 8, write: batchWrite },
  {
    // What the service wrote with before: conditional puts in transactions of 100 (2 write units a row on AWS).
    name: 'conditionalTransactWriteItems',
    exact: true,
    group: 100,
    inFlight: 4,
    write: async (dynamo, table, items) => {
      const puts = items.map((Item) => ({
        Put: { TableName: table, Item, ConditionExpression: CONDITION, ExpressionAttributeValues: { ':job': Item.jobId, ':row': Item.rowNumber } },
      }));
      await dynamo.send(new TransactWriteCommand({ TransactItems: puts }));
    },
  },
  {
    // What the service writes with: 25 INSERTs a call, each failing alone on a taken key (1 write unit a row).
    name: 'partiqlInsertBatches',
    exact: true,
    group: 25,
    inFlight: 8,
    write: async (dynamo, table, items) => {
      const statement = `INSERT INTO "${table}" VALUE {'pk': ?, 'sk': ?, 'kind': ?, 'namespace': ?, 'jobId': ?, 'rowNumber': ?, 'data': ?}`;
      const answer = await dynamo.send(
        new BatchExecuteStatementCommand({
          Statements: items.map((item) => ({
            Statement: statement,
            Parameters: [item.pk, item.sk, item.kind, item.namespace, item.jobId, item.rowNumber, item.data],
          })),
        }),
      );
      const error = answer.Responses?.find((response) => response.Error)?.Error;
      if (error) throw new Error(`an INSERT of the floor failed: ${error.Code}`);
    },
  },
  {
    name: 'conditionalPutItem',
    exact: true,
    group: 1,
    inFlight: 32,
    write: async (dynamo, table, [Item]) => {
      await dynamo.send(
        new PutCommand({ TableName: table, Item, ConditionExpression: CONDITION, ExpressionAttributeValues: { ':job': Item!.jobId, ':row': Item!.rowNumber } }),
      );
    },
  },
];

/** Writes rows 1..`rows` as record items under `org` with one method, and answers the seconds it took. */
async function timeWrites(stack: BenchStack, method: WriteMethod, rows: number, org: string): Promise<number> {
  const dynamo = emulatorDynamo(stack);
  const table = stack.env.RECORDS_TABLE_NAME as string;
  const groups: number[] = [];
  for (let start = 1; start <= rows; start += method.group) groups.push(start);
  const started = Date.now();
  await mapWithConcurrency(groups, method.inFlight, async (start) => {
    const items = [];
    for (let i = start; i < Math.min(start + method.group, rows + 1); i++) items.push(recordItem(org, i));
    await method.write(dynamo, table, items);
  });
  return (Date.now() - started) / 1000;
}

/**
 * One round of every method, `rows` items each; seconds by method are added to `seconds`, and the CPU seconds the
 * DynamoDB Local JVM spent on them to `jvmCpu`.
 */
async function floorRound(stack: BenchStack, rows: number, round: string, seconds: Map<string, number>, jvmCpu = new Map<string, number>()): Promise<void> {
  for (const method of METHODS) {
    process.stderr.write(`  ${method.name}: ${rows.toLocaleString('en')} items, ${method.group} a call, ${method.inFlight} in flight\n`);
    const cpuBefore = stackCpuSeconds(stack);
    const took = await timeWrites(stack, method, rows, `bench-${round}-${method.name}`);
    seconds.set(method.name, (seconds.get(method.name) ?? 0) + took);
    jvmCpu.set(method.name, (jvmCpu.get(method.name) ?? 0) + cpuBetween(cpuBefore, stackCpuSeconds(stack)).dynamodbLocal);
  }
}

async function waitForFlush(file: string, after: number): Promise<DynamoDbCounts> {
  // The service writes its tally every second: wait for one written after the run completed.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, after + 1_200 - Date.now())));
  return readCounts(file);
}

/** Status polls whose DynamoDB cost is measured, to take the bench's own polling out of the import's counts. */
const POLL_SAMPLE = 10;

const round = (value: number, digits = 3) => Number(value.toFixed(digits));
const perChunk = (counts: Record<string, number>, chunks: number) =>
  Object.fromEntries(Object.entries(counts).sort(([, a], [, b]) => b - a).map(([operation, n]) => [operation, round(n / chunks, 2)]));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      'raw-rows': { type: 'string' },
      'warm-up': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const rows = Number(values.rows);
  const rawRows = Number(values['raw-rows'] ?? Math.min(rows, 200_000));
  const warmUp = Number(values['warm-up'] ?? Math.min(rows, 100_000));
  const file = path.join(tmpdir(), `batch-import-bench-${process.pid}.csv`);
  const countsFile = path.join(tmpdir(), `batch-import-bench-${process.pid}-dynamodb-calls.json`);

  process.stderr.write(`Generating ${rows.toLocaleString('en')} transaction rows…\n`);
  const bytes = await writeCsv(file, HEADER, rows, row);
  process.stderr.write(`Starting the local stack…\n`);
  const stack = await startBenchStack('bench', { [CALL_COUNTS_FILE_VARIABLE]: countsFile }, [DYNAMODB_CALL_COUNTER]);
  try {
    // A fresh JVM runs its first writes at about half speed until the JIT compiles DynamoDB Local's paths; the
    // floors are measured warm, so the import must be too.
    process.stderr.write(`Warming up the emulator (${warmUp.toLocaleString('en')} items of each method)…\n`);
    await floorRound(stack, warmUp, 'warm', new Map());
    const seconds = new Map<string, number>();
    const floorJvmCpu = new Map<string, number>();
    const half = Math.ceil(rawRows / 2);
    process.stderr.write(`Floors, first round (before the import)…\n`);
    await floorRound(stack, half, 'a', seconds, floorJvmCpu);

    process.stderr.write(`Uploading ${(bytes / 1e6).toFixed(1)} MB through a presigned URL and polling…\n`);
    let before: DynamoDbCounts = readCounts(countsFile);
    // CPU of every process of the stack during the import: on a 2-core machine the JVM gets what the others leave.
    let cpuBefore = stackCpuSeconds(stack);
    const e2e = await importThroughPresignedUpload(stack, file, () => {
      before = readCounts(countsFile);
      cpuBefore = stackCpuSeconds(stack);
    });
    const cpuPerRow = cpuBetween(cpuBefore, stackCpuSeconds(stack), rows);
    const cpuPerMillionRows = Object.fromEntries(Object.entries(cpuPerRow).map(([name, seconds]) => [name, round(seconds * 1e6, 1)]));
    const serviceCpu = cpuPerRow.service * rows;
    const servicePeak = rssMiB(stack.pid) as number;
    const jvmPeak = rssMiB(stack.emulatorPids.dynamodb);
    const fauxqsPeak = rssMiB(stack.emulatorPids.fauxqs);
    const during = countsBetween(before, await waitForFlush(countsFile, Date.now()));
    // The bench's own status polls reached DynamoDB through the service too (the API key, the run): measure what
    // one costs, and take them out, so the counts are the import's.
    const pollsBefore = readCounts(countsFile);
    const client = benchClient(stack);
    for (let i = 0; i < POLL_SAMPLE; i++) await getJob(client, e2e.jobId);
    const perPoll = countsBetween(pollsBefore, await waitForFlush(countsFile, Date.now()));
    const scaled = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v / POLL_SAMPLE]));
    const onePoll = { calls: scaled(perPoll.calls), writeUnits: scaled(perPoll.writeUnits), readUnits: scaled(perPoll.readUnits), callsByTable: scaled(perPoll.callsByTable) };
    const counts = countsLess(during, onePoll, e2e.polls);
    if (e2e.job.status !== 'completed' || e2e.job.succeeded !== rows) {
      throw new Error(`the run did not import every row: ${JSON.stringify(e2e.job)}`);
    }
    const runItem = await emulatorDynamo(stack).send(
      new GetCommand({ TableName: stack.env.CONTROL_TABLE_NAME, Key: { pk: `RUN#${e2e.jobId}`, sk: 'RUN' }, ConsistentRead: true }),
    );
    const chunks = Number(runItem.Item?.totalChunks ?? 0);

    process.stderr.write(`Floors, second round (after the import)…\n`);
    await floorRound(stack, rawRows - half, 'b', seconds, floorJvmCpu);

    const rate = (name: string) => Math.round(rawRows / (seconds.get(name) as number));
    const e2eRate = rows / e2e.seconds;
    const exactFloors = Object.fromEntries(METHODS.filter((m) => m.exact).map((m) => [m.name, rate(m.name)]));
    const bestFloor = Math.max(...Object.values(exactFloors));
    const bestMethod = Object.keys(exactFloors).find((name) => exactFloors[name] === bestFloor);
    // The floor of the write the service itself makes (1 write unit a row on AWS), beside the best one.
    const serviceWriteFloor = exactFloors[SERVICE_WRITE_METHOD] as number;
    const bare = rate('bareBatchWriteItem');
    const recordsTable = stack.env.RECORDS_TABLE_NAME as string;
    const result = {
      rows,
      endToEndRowsPerSecond: Math.round(e2eRate),
      exactFloors,
      ratioToExactFloor: round(e2eRate / bestFloor),
      bareBatchWriteRowsPerSecond: bare,
      writeUnitsPerRow: round(total(counts.writeUnits) / rows, 4),
      readUnitsPerRow: round(total(counts.readUnits) / rows, 4),
      dynamodbCallsPerChunk: round(total(counts.calls) / chunks, 2),
      serviceCpuSecondsPerMillionRows: round((serviceCpu / rows) * 1e6, 1),
      servicePeakRssMiB: servicePeak,
      // Beside the figures the issue asks for: what they come from.
      ratioToServiceWriteFloor: round(e2eRate / serviceWriteFloor),
      cpuSecondsPerMillionRows: cpuPerMillionRows,
      floorJvmCpuSecondsPerMillionItems: Object.fromEntries(METHODS.map((m) => [m.name, round(((floorJvmCpu.get(m.name) as number) / rawRows) * 1e6, 1)])),
      bytes,
      seconds: round(e2e.seconds, 1),
      chunks,
      rowsPerChunk: round(rows / chunks, 1),
      recordWriteCallsPerChunk: round((counts.callsByTable[recordsTable] ?? 0) / chunks, 2),
      dynamodbCallsPerChunkByOperation: perChunk(counts.calls, chunks),
      writeUnitsByOperation: counts.writeUnits,
      readUnitsByOperation: counts.readUnits,
      floorItems: rawRows,
      statusPollsTakenOut: e2e.polls,
      dynamodbCallsPerStatusPoll: onePoll.calls,
      emulatorPeakRssMiB: fauxqsPeak,
      jvmPeakRssMiB: jvmPeak,
    };

    const n = (value: number) => Math.round(value).toLocaleString('en');
    const lines = [
      '',
      `rows                            ${n(rows)} (${(bytes / 1e6).toFixed(1)} MB CSV, ${n(chunks)} chunks)`,
      `end to end                      ${e2e.seconds.toFixed(1)} s, ${n(e2eRate)} rows/s (upload → completed)`,
      ...METHODS.filter((m) => m.exact).map(
        (m) => `exact floor ${m.name.padEnd(20)} ${n(rate(m.name))} items/s (${m.group} a call, ${m.inFlight} in flight, same emulator, same items)`,
      ),
      `ratio to the best exact floor   ${result.ratioToExactFloor} (${bestMethod})`,
      `ratio to the service's write    ${result.ratioToServiceWriteFloor} (${SERVICE_WRITE_METHOD}, 1 write unit a row on AWS)`,
      `bare BatchWriteItem (not exact) ${n(bare)} items/s; ratio ${(e2eRate / bare).toFixed(2)}`,
      `write units a row (AWS model)   ${result.writeUnitsPerRow}  ${JSON.stringify(counts.writeUnits)}`,
      `read units a row (AWS model)    ${result.readUnitsPerRow}  ${JSON.stringify(counts.readUnits)}`,
      `DynamoDB calls a chunk          ${result.dynamodbCallsPerChunk} (${result.recordWriteCallsPerChunk} of them record writes)  ${JSON.stringify(result.dynamodbCallsPerChunkByOperation)}`,
      `service CPU                     ${result.serviceCpuSecondsPerMillionRows} s per million rows`,
      `CPU during the import           ${JSON.stringify(cpuPerMillionRows)} s per million rows, by process`,
      `JVM CPU during the floors       ${JSON.stringify(result.floorJvmCpuSecondsPerMillionItems)} s per million items`,
      `peak RSS, service process       ${servicePeak} MiB (handlers, HTTP API, SQS pollers)`,
      `peak RSS, S3/SQS emulator       ${fauxqsPeak ?? '?'} MiB (fauxqs holding the file and the queued chunks in memory)`,
      `peak RSS, DynamoDB Local JVM    ${jvmPeak ?? '?'} MiB`,
      '',
    ];
    (values.json ? process.stderr : process.stdout).write(lines.join('\n'));
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await stack.stop();
    rmSync(file, { force: true });
    rmSync(countsFile, { force: true });
  }
}

runBench(main);

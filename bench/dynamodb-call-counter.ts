import { writeFileSync } from 'node:fs';
import {
  insertAttributeNames,
  keyId,
  marshalledItemBytes,
  plainItemBytes,
  readUnitsFor,
  writeUnitsFor,
} from './capacity-units';
import { onEveryDynamoDbClient } from '../local/dynamodb-middleware';

/**
 * Counts the DynamoDB calls a process makes, by operation and table, and models the write and read units they
 * would cost on AWS (capacity-units.ts). The benchmark's alone: it preloads this module into the local stack's
 * process (`spawnLocalStack({ preload })`, node's `--import`) with BENCH_DYNAMODB_CALL_COUNTS_FILE naming the file;
 * neither `npm start` nor the deployed code loads it.
 *
 * Every DynamoDB client (the document client included) gets a middleware at the build step
 * (local/dynamodb-middleware.ts): there the request is marshalled (item sizes are exact) and one logical call is
 * counted once, however often the SDK retries it underneath. The tally is written to the file every second and
 * when the process exits.
 */
export interface DynamoDbCallTally {
  calls: Record<string, number>;
  writeUnits: Record<string, number>;
  readUnits: Record<string, number>;
  callsByTable: Record<string, number>;
}

type Marshalled = Record<string, unknown>;
type Input = Record<string, unknown>;

const MIDDLEWARE = 'benchDynamoDbCallCounter';

/** The variable that names the tally's file in the stack's process. */
export const CALL_COUNTS_FILE_VARIABLE = 'BENCH_DYNAMODB_CALL_COUNTS_FILE';

export function installDynamoDbCallCounter(file: string): DynamoDbCallTally {
  const tally: DynamoDbCallTally = { calls: {}, writeUnits: {}, readUnits: {}, callsByTable: {} };
  const sizes = new Map<string, number>();

  const add = (field: Record<string, number>, operation: string, amount: number) => {
    if (amount > 0) field[operation] = (field[operation] ?? 0) + amount;
  };

  onEveryDynamoDbClient((stack) =>
    stack.add(
      (next, context) => async (args) => {
        const operation = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
        const input = args.input as Input;
        tally.calls[operation] = (tally.calls[operation] ?? 0) + 1;
        for (const table of tablesOf(input)) tally.callsByTable[table] = (tally.callsByTable[table] ?? 0) + 1;
        let output: Input = {};
        try {
          const result = await next(args);
          output = (result.output ?? {}) as unknown as Input;
          return result;
        } finally {
          const units = unitsOf(operation, input, output, sizes);
          add(tally.writeUnits, operation, units.writeUnits);
          add(tally.readUnits, operation, units.readUnits);
        }
      },
      { step: 'build', name: MIDDLEWARE },
    ),
  );

  const flush = () => writeFileSync(file, JSON.stringify(tally));
  flush();
  setInterval(flush, 1000).unref();
  process.on('exit', flush);
  return tally;
}

function tablesOf(input: Input): string[] {
  if (typeof input.TableName === 'string') return [input.TableName];
  if (input.RequestItems && typeof input.RequestItems === 'object') return Object.keys(input.RequestItems);
  const fromActions = (actions: unknown) =>
    [...new Set((actions as Array<Record<string, { TableName?: string }>>).flatMap((action) => Object.values(action).map((a) => a.TableName ?? '')))];
  if (Array.isArray(input.TransactItems)) return fromActions(input.TransactItems);
  if (Array.isArray(input.Statements)) {
    return [...new Set((input.Statements as Array<{ Statement?: string }>).map((s) => /(?:INTO|FROM|UPDATE)\s+"([^"]+)"/i.exec(s.Statement ?? '')?.[1] ?? '?'))];
  }
  return [];
}

const consistency = (input: Input | undefined) => (input?.ConsistentRead === true ? 'strong' : 'eventual');

function unitsOf(operation: string, input: Input, output: Input, sizes: Map<string, number>): { writeUnits: number; readUnits: number } {
  let writeUnits = 0;
  let readUnits = 0;
  const known = (table: string, key: unknown) => sizes.get(keyId(table, key as Record<string, Marshalled>)) ?? 0;
  const put = (table: string, item: Record<string, Marshalled>, transactional = false) => {
    const bytes = marshalledItemBytes(item);
    const pk = Object.fromEntries(Object.entries(item).filter(([name]) => name === 'pk' || name === 'sk'));
    sizes.set(keyId(table, pk), bytes);
    return writeUnitsFor(bytes, transactional);
  };
  const table = String(input.TableName ?? '');
  switch (operation) {
    case 'PutItem':
      writeUnits += put(table, input.Item as Record<string, Marshalled>);
      break;
    case 'UpdateItem':
    case 'DeleteItem':
      writeUnits += writeUnitsFor(known(table, input.Key));
      break;
    case 'BatchWriteItem': {
      const unprocessed = (output.UnprocessedItems ?? {}) as Record<string, unknown[]>;
      for (const [name, requests] of Object.entries(input.RequestItems as Record<string, Array<Record<string, Input>>>)) {
        const skipped = new Set((unprocessed[name] ?? []).map((r) => JSON.stringify(r)));
        for (const request of requests) {
          if (skipped.has(JSON.stringify(request))) continue;
          writeUnits += request.PutRequest ? put(name, request.PutRequest.Item as Record<string, Marshalled>) : writeUnitsFor(known(name, request.DeleteRequest?.Key));
        }
      }
      break;
    }
    case 'TransactWriteItems':
      for (const action of input.TransactItems as Array<Record<string, Input>>) {
        const [kind, body] = Object.entries(action)[0] as [string, Input];
        const name = String(body.TableName ?? '');
        writeUnits += kind === 'Put' ? put(name, body.Item as Record<string, Marshalled>, true) : writeUnitsFor(known(name, body.Key), true);
      }
      break;
    case 'BatchExecuteStatement':
    case 'ExecuteStatement':
      for (const statement of (input.Statements as Input[] | undefined) ?? [input]) {
        const names = insertAttributeNames(String(statement.Statement ?? ''));
        const parameters = (statement.Parameters as Marshalled[] | undefined) ?? [];
        if (names) writeUnits += writeUnitsFor(marshalledItemBytes(Object.fromEntries(names.map((n, i) => [n, parameters[i] ?? {}])) as Record<string, Marshalled>));
        else writeUnits += 1; // not an INSERT: an update or a read of one small item (not used by the service)
      }
      break;
    case 'GetItem': {
      const bytes = output.Item ? plainItemBytes(output.Item as Record<string, unknown>) : 0;
      if (output.Item) sizes.set(keyId(table, input.Key as Record<string, Marshalled>), bytes);
      readUnits += readUnitsFor(bytes, consistency(input));
      break;
    }
    case 'BatchGetItem': {
      const unprocessed = (output.UnprocessedKeys ?? {}) as Record<string, { Keys?: unknown[] }>;
      const responses = (output.Responses ?? {}) as Record<string, Array<Record<string, unknown>>>;
      for (const [name, request] of Object.entries(input.RequestItems as Record<string, Input>)) {
        const items = responses[name] ?? [];
        const keys = (request.Keys as unknown[]).length - (unprocessed[name]?.Keys?.length ?? 0);
        for (const item of items) readUnits += readUnitsFor(plainItemBytes(item), consistency(request));
        readUnits += Math.max(0, keys - items.length) * readUnitsFor(0, consistency(request)); // absent keys cost the minimum
      }
      break;
    }
    case 'Query':
    case 'Scan': {
      const bytes = ((output.Items as Array<Record<string, unknown>> | undefined) ?? []).reduce((sum, item) => sum + plainItemBytes(item), 0);
      readUnits += readUnitsFor(bytes, consistency(input));
      break;
    }
    case 'TransactGetItems':
      for (const action of input.TransactItems as Array<{ Get?: Input }>) readUnits += readUnitsFor(known(String(action.Get?.TableName ?? ''), action.Get?.Key), 'transactional');
      break;
    default:
      break; // table management and the like: no capacity
  }
  return { writeUnits, readUnits };
}

// Preloaded into the stack's process: install at once, before any handler builds its client.
const countsFile = process.env[CALL_COUNTS_FILE_VARIABLE];
if (countsFile) installDynamoDbCallCounter(countsFile);

import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Throttling for the local stack's DynamoDB clients (DynamoDB Local never throttles), as an SDK middleware below the
 * retry and the deserializer: a fraction of write requests gets the HTTP answer DynamoDB gives when a table is over
 * its throughput, which the SDK then reads (and retries) exactly as it reads DynamoDB's own:
 *
 * - PutItem, UpdateItem, DeleteItem: `ProvisionedThroughputExceededException` or `ThrottlingException` (HTTP 400),
 *   which the SDK retries by itself;
 * - TransactWriteItems: `TransactionCanceledException` with a `ThrottlingError` reason for one item and `None` for
 *   the others, or one of the two errors above; nothing of the transaction is applied;
 * - BatchWriteItem, BatchGetItem: sent with only part of their items; the rest comes back as
 *   `UnprocessedItems` / `UnprocessedKeys`, a normal answer that callers must retry;
 * - BatchExecuteStatement: one of the two errors above, or part of its statements answered `ThrottlingError`.
 *
 * Reads and everything else pass untouched. Choices come from a seeded generator, so a run can be replayed.
 * DynamoDB Local does not check request signatures, so a batch request can be cut down after it was signed.
 */
export interface DynamoDbThrottling {
  /** Faults answered so far, by kind, for the stack's log and for tests. */
  readonly injected: Readonly<Record<string, number>>;
  /** Adds the throttling to a client's middleware stack (a document client shares its client's). */
  applyTo(stack: DynamoDBClient['middlewareStack']): void;
}

export interface DynamoDbThrottlingOptions {
  /** Fraction of write requests to fault, 0..1. */
  readonly rate: number;
  readonly seed: number;
  /** Told the first time each kind of fault is injected. */
  readonly log?: (line: string) => void;
}

const SINGLE_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);
const PREFIX = 'com.amazonaws.dynamodb.v20120810#';
const THROTTLING_ERROR = { Code: 'ThrottlingError', Message: 'Throughput exceeds the current capacity of your table or index.' };

interface WireRequest {
  headers: Record<string, string>;
  body?: unknown;
}

export function dynamoDbThrottling(options: DynamoDbThrottlingOptions): DynamoDbThrottling {
  const random = mulberry32(options.seed);
  const injected: Record<string, number> = {};
  const count = (kind: string) => {
    injected[kind] = (injected[kind] ?? 0) + 1;
    if (injected[kind] === 1) options.log?.(`[faults] DynamoDB answered a request with ${kind}`);
  };
  const applyTo = (stack: DynamoDBClient['middlewareStack']): void =>
    stack.add(
      (next) => async (args) => {
        const request = args.request as WireRequest;
        const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
        // The serializer's JSON, a string or its UTF-8 bytes by SDK version.
        const body = request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : request.body;
        const fault = random() < options.rate && typeof body === 'string' ? chooseFault(operation, body, random) : undefined;
        if (!fault) return next(args);
        count(fault.type);
        if (fault.kind !== 'partial') return { output: {} as never, response: wireAnswer(fault.kind === 'error' ? 400 : 200, fault.body) };
        // The request the SDK signed is its own copy for this attempt: cut down in place.
        request.body = fault.request;
        request.headers['content-length'] = String(Buffer.byteLength(fault.request));
        const answered = await next(args);
        const response = answered.response as { statusCode: number; body: AsyncIterable<Buffer> };
        if (response.statusCode !== 200) return answered;
        const parts: Buffer[] = [];
        for await (const part of response.body) parts.push(part);
        const merged = fault.merge(JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown>);
        return { ...answered, response: wireAnswer(200, merged) };
      },
      // Below the deserializer, which reads the answer, and the retry strategy, which retries it.
      { step: 'deserialize', name: 'localDynamoDbThrottling', priority: 'low' },
    );
  return { injected, applyTo };
}

/** An HTTP answer as DynamoDB sends it, for the SDK's deserializer to read. */
function wireAnswer(statusCode: number, body: Record<string, unknown>): object {
  const payload = Buffer.from(JSON.stringify(body));
  const headers = { 'content-type': 'application/x-amz-json-1.0', 'content-length': String(payload.length), 'x-amzn-requestid': randomUUID() };
  return { statusCode, headers, body: new Uint8Array(payload) };
}

type Fault =
  | { kind: 'error'; type: string; body: Record<string, unknown> }
  /** Answered here, as DynamoDB answers a batch it processed none of. */
  | { kind: 'answer'; type: string; body: Record<string, unknown> }
  | { kind: 'partial'; type: string; request: string; merge: (answer: Record<string, unknown>) => Record<string, unknown> };

function chooseFault(operation: string, body: string, random: () => number): Fault | undefined {
  if (SINGLE_WRITES.has(operation)) return throughputError(random);
  if (operation === 'TransactWriteItems') {
    if (random() < 0.5) return throughputError(random);
    const items = (JSON.parse(body) as { TransactItems?: unknown[] }).TransactItems ?? [];
    const throttled = Math.floor(random() * items.length);
    const reasons = items.map((_, i) => (i === throttled ? THROTTLING_ERROR : { Code: 'None' }));
    return {
      kind: 'error',
      type: 'TransactionCanceledException',
      body: {
        __type: `${PREFIX}TransactionCanceledException`,
        message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
        CancellationReasons: reasons,
      },
    };
  }
  if (operation === 'BatchExecuteStatement') return throttledStatements(body, random);
  if (operation === 'BatchWriteItem') return partialBatch(body, random, 'RequestItems', 'UnprocessedItems', (table) => table as unknown[]);
  if (operation === 'BatchGetItem') {
    return partialBatch(body, random, 'RequestItems', 'UnprocessedKeys', (table) => (table as { Keys: unknown[] }).Keys);
  }
  return undefined;
}

/**
 * A PartiQL batch: the whole call throttled, or (as DynamoDB answers a batch it took only in part) a random part of
 * its statements answered with a per-statement `ThrottlingError`, the rest forwarded and their answers merged in
 * place. Only INSERT batches are cut (their statements are independent); nothing of a throttled statement is applied.
 */
function throttledStatements(body: string, random: () => number): Fault {
  if (random() < 0.3) return throughputError(random);
  const request = JSON.parse(body) as { Statements?: Array<{ Statement?: string }> };
  const statements = request.Statements ?? [];
  const throttled = statements.map(() => random() < 0.5);
  const kept = statements.filter((_, i) => !throttled[i]);
  const throttling = { Error: THROTTLING_ERROR };
  if (kept.length === 0) return { kind: 'answer', type: 'ThrottlingError (statements)', body: { Responses: statements.map(() => throttling) } };
  return {
    kind: 'partial',
    type: 'ThrottlingError (statements)',
    request: JSON.stringify({ ...request, Statements: kept }),
    merge: (answer) => {
      const answered = [...((answer.Responses as unknown[] | undefined) ?? [])];
      return { ...answer, Responses: statements.map((_, i) => (throttled[i] ? throttling : answered.shift())) };
    },
  };
}

function throughputError(random: () => number): Fault {
  const type = random() < 0.5 ? 'ProvisionedThroughputExceededException' : 'ThrottlingException';
  const body =
    type === 'ThrottlingException'
      ? { __type: 'com.amazon.coral.availability#ThrottlingException', message: 'Rate of requests exceeds the allowed throughput.' }
      : {
          __type: `${PREFIX}ProvisionedThroughputExceededException`,
          message: 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
        };
  return { kind: 'error', type, body };
}

/**
 * Keeps the first part of each table's items in the request and hands the rest back unprocessed, merged into the
 * answer DynamoDB Local gives for the part it did see.
 */
function partialBatch(
  body: string,
  random: () => number,
  requestField: string,
  unprocessedField: string,
  itemsOf: (table: unknown) => unknown[],
): Fault | undefined {
  const request = JSON.parse(body) as Record<string, Record<string, unknown>>;
  const tables = request[requestField] ?? {};
  const kept: Record<string, unknown> = {};
  const unprocessed: Record<string, unknown> = {};
  for (const [table, value] of Object.entries(tables)) {
    const items = itemsOf(value);
    const keep = Math.floor(random() * items.length); // possibly none: DynamoDB may process nothing
    const rebuild = (slice: unknown[]) => (Array.isArray(value) ? slice : { ...(value as object), Keys: slice });
    if (keep > 0) kept[table] = rebuild(items.slice(0, keep));
    if (keep < items.length) unprocessed[table] = rebuild(items.slice(keep));
  }
  if (Object.keys(unprocessed).length === 0) return undefined;
  if (Object.keys(kept).length === 0) {
    // Nothing to forward: answer as DynamoDB does when it processed none of it.
    const none = unprocessedField === 'UnprocessedKeys' ? { Responses: {} } : {};
    return { kind: 'answer', type: `${unprocessedField} (all)`, body: { ...none, [unprocessedField]: tables } };
  }
  return {
    kind: 'partial',
    type: `${unprocessedField} (part)`,
    request: JSON.stringify({ ...request, [requestField]: kept }),
    merge: (answer) => ({ ...answer, [unprocessedField]: { ...((answer[unprocessedField] as object) ?? {}), ...unprocessed } }),
  };
}

/** A small seeded generator (mulberry32): the same seed gives the same faults for the same requests. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

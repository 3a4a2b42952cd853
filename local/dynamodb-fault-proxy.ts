import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

/**
 * An HTTP proxy in front of DynamoDB Local that answers a fraction of write requests the way DynamoDB answers
 * when a table is over its throughput, so the service's real SDK retry paths run (DynamoDB Local never throttles):
 *
 * - PutItem, UpdateItem, DeleteItem: `ProvisionedThroughputExceededException` or `ThrottlingException` (HTTP 400),
 *   which the SDK retries by itself;
 * - TransactWriteItems: `TransactionCanceledException` with a `ThrottlingError` reason for one item and `None` for
 *   the others, or one of the two errors above; nothing of the transaction is applied;
 * - BatchWriteItem, BatchGetItem: forwarded with only part of their items; the rest comes back as
 *   `UnprocessedItems` / `UnprocessedKeys`, a normal answer that callers must retry;
 * - BatchExecuteStatement: one of the two errors above, or part of its statements answered `ThrottlingError`.
 *
 * Reads and everything else pass through untouched. Choices come from a seeded generator, so a run can be replayed.
 * DynamoDB Local does not check request signatures, so a batch request can be cut down without signing it again.
 */
export interface DynamoDbFaultProxy {
  readonly endpoint: string;
  /** Faults answered so far, by kind, for the stack's log and for tests. */
  readonly injected: Readonly<Record<string, number>>;
  stop(): Promise<void>;
}

export interface DynamoDbFaultProxyOptions {
  /** DynamoDB Local's endpoint, e.g. http://127.0.0.1:8000 */
  readonly upstream: string;
  /** Fraction of write requests to fault, 0..1. */
  readonly rate: number;
  readonly seed: number;
  /** Told the first time each kind of fault is injected. */
  readonly log?: (line: string) => void;
}

const SINGLE_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);
const PREFIX = 'com.amazonaws.dynamodb.v20120810#';

export async function startDynamoDbFaultProxy(options: DynamoDbFaultProxyOptions): Promise<DynamoDbFaultProxy> {
  const upstream = new URL(options.upstream);
  const random = mulberry32(options.seed);
  const injected: Record<string, number> = {};
  const count = (kind: string) => {
    injected[kind] = (injected[kind] ?? 0) + 1;
    if (injected[kind] === 1) options.log?.(`[faults] DynamoDB answered a request with ${kind}`);
  };
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  const server = http.createServer((request, response) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('error', () => response.destroy());
    request.on('end', () => {
      const body = Buffer.concat(parts);
      const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      const fault = random() < options.rate ? chooseFault(operation, body, random) : undefined;
      if (fault?.kind === 'error' || fault?.kind === 'answer') {
        count(fault.type);
        reply(response, fault.kind === 'error' ? 400 : 200, fault.body);
        return;
      }
      const forwarded = fault?.kind === 'partial' ? fault.request : body;
      if (fault?.kind === 'partial') count(fault.type);
      const outgoing = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: request.method,
          path: request.url,
          headers: { ...request.headers, host: upstream.host, 'content-length': String(forwarded.length) },
          agent,
        },
        (answer) => {
          if (fault?.kind !== 'partial' || answer.statusCode !== 200) {
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(response);
            return;
          }
          const answerParts: Buffer[] = [];
          answer.on('data', (part: Buffer) => answerParts.push(part));
          answer.on('end', () => {
            const merged = fault.merge(JSON.parse(Buffer.concat(answerParts).toString('utf8')) as Record<string, unknown>);
            reply(response, 200, merged, answer.headers['x-amzn-requestid']);
          });
        },
      );
      outgoing.on('error', () => response.destroy());
      outgoing.end(forwarded);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    injected,
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      })),
  };
}

type Fault =
  | { kind: 'error'; type: string; body: Record<string, unknown> }
  /** Answered here, as DynamoDB answers a batch it processed none of. */
  | { kind: 'answer'; type: string; body: Record<string, unknown> }
  | { kind: 'partial'; type: string; request: Buffer; merge: (answer: Record<string, unknown>) => Record<string, unknown> };

function chooseFault(operation: string, body: Buffer, random: () => number): Fault | undefined {
  if (SINGLE_WRITES.has(operation)) return throughputError(random);
  if (operation === 'TransactWriteItems') {
    if (random() < 0.5) return throughputError(random);
    const items = (JSON.parse(body.toString('utf8')) as { TransactItems?: unknown[] }).TransactItems ?? [];
    const throttled = Math.floor(random() * items.length);
    const reasons = items.map((_, i) =>
      i === throttled
        ? { Code: 'ThrottlingError', Message: 'Throughput exceeds the current capacity of your table or index.' }
        : { Code: 'None' },
    );
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
function throttledStatements(body: Buffer, random: () => number): Fault {
  if (random() < 0.3) return throughputError(random);
  const request = JSON.parse(body.toString('utf8')) as { Statements?: Array<{ Statement?: string }> };
  const statements = request.Statements ?? [];
  const throttled = statements.map(() => random() < 0.5);
  const kept = statements.filter((_, i) => !throttled[i]);
  const throttling = { Error: { Code: 'ThrottlingError', Message: 'Throughput exceeds the current capacity of your table or index.' } };
  if (kept.length === 0) return { kind: 'answer', type: 'ThrottlingError (statements)', body: { Responses: statements.map(() => throttling) } };
  return {
    kind: 'partial',
    type: 'ThrottlingError (statements)',
    request: Buffer.from(JSON.stringify({ ...request, Statements: kept })),
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
  body: Buffer,
  random: () => number,
  requestField: string,
  unprocessedField: string,
  itemsOf: (table: unknown) => unknown[],
): Fault | undefined {
  const request = JSON.parse(body.toString('utf8')) as Record<string, Record<string, unknown>>;
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
    request: Buffer.from(JSON.stringify({ ...request, [requestField]: kept })),
    merge: (answer) => ({ ...answer, [unprocessedField]: { ...((answer[unprocessedField] as object) ?? {}), ...unprocessed } }),
  };
}

function reply(response: http.ServerResponse, status: number, body: Record<string, unknown>, requestId?: string | string[]): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': String(Buffer.byteLength(text)),
    'x-amzn-requestid': String(requestId ?? randomUUID()),
  });
  response.end(text);
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

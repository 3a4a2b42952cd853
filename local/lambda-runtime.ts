import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/**
 * What Lambda gives a function, for the local stack's in-process invocations: a context (request id, names, the
 * time left), the function's timeout, and the reading of a partial batch response. The HTTP API, the SQS and
 * stream pollers, the schedules and the sweeper timer use it.
 */

/** The account id the emulators put in their ARNs. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** A Lambda handler invoked with a schedule's input (EventBridge Scheduler, the lease sweeper's timer). */
export type ScheduledLambdaHandler = (event: unknown, context: Context) => Promise<unknown> | unknown;

/** The ARN a local function answers to, as a schedule's target names it. */
export function localFunctionArn(region: string, functionName: string): string {
  return `arn:aws:lambda:${region}:${LOCAL_ACCOUNT_ID}:function:${functionName}`;
}

export interface LambdaContextOptions {
  readonly functionName: string;
  readonly region: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
}

/** The Lambda context a handler reads: request id, names, and the time left before its timeout. */
export function createLambdaContext(options: LambdaContextOptions): Context {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  const unsupported = (): never => {
    throw new Error('the callback-style context methods are not supported: return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: localFunctionArn(options.region, options.functionName),
    memoryLimitInMB: String(options.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: `local/[$LATEST]${randomUUID().replace(/-/g, '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}

/**
 * Settles with the invocation or fails once the function's timeout has passed. The handler cannot be frozen as
 * Lambda would: it keeps running, but its result no longer counts.
 */
export async function withTimeout<T>(invocation: Promise<T>, timeoutSeconds: number, functionName: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${functionName}: Task timed out after ${timeoutSeconds.toFixed(2)} seconds`)),
      timeoutSeconds * 1000,
    );
  });
  try {
    return await Promise.race([invocation, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Invokes a handler as Lambda would: with a fresh context, failing once the function's timeout has passed. */
export function invokeLocally<E>(
  fn: LambdaContextOptions,
  handler: (event: E, context: Context) => unknown,
  event: E,
  wrap: (invoke: () => Promise<unknown>) => Promise<unknown> = (invoke) => invoke(),
): Promise<unknown> {
  const context = createLambdaContext(fn);
  const invocation = wrap(() => Promise.resolve().then(() => handler(event, context)));
  return withTimeout(invocation, fn.timeoutSeconds, fn.functionName);
}

/**
 * Invokes a batch handler (an SQS queue's, a stream's) and reads its partial batch response by Lambda's rules:
 * no response, an empty response or an empty list means every record succeeded; an identifier that is missing,
 * empty or not one of `identifiers` makes the whole batch a failure. Answers the identifiers reported as failed;
 * throws when the whole batch failed (an error, a timeout, an invalid response).
 */
export async function invokeBatch<E>(
  fn: LambdaContextOptions,
  handler: (event: E, context: Context) => unknown,
  event: E,
  identifiers: readonly string[],
  wrap?: (invoke: () => Promise<unknown>) => Promise<unknown>,
): Promise<Set<string>> {
  const response = await invokeLocally(fn, handler, event, wrap);
  if (response === undefined || response === null) return new Set();
  if (typeof response !== 'object') throw new Error(`invalid response: ${JSON.stringify(response)}`);
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) throw new Error('invalid response: batchItemFailures is not a list');
  const inBatch = new Set(identifiers);
  const failed = new Set<string>();
  for (const failure of failures as unknown[]) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !inBatch.has(id)) {
      throw new Error(`invalid batchItemFailures entry ${JSON.stringify(failure)}: the whole batch counts as failed`);
    }
    failed.add(id);
  }
  return failed;
}

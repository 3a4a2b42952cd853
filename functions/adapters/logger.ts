import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Logger } from '../core/ports';

/** Structured JSON logs with fixed keys (jobId, chunkId, requestId); never whole rows, which hold personal data. */
export function createLogger(serviceName = 'batch-import'): PowertoolsLogger {
  return new PowertoolsLogger({ serviceName });
}

/**
 * Keys every line of one piece of work carries: the invocation's request ids, then the record's message id and the
 * job it concerns. `requestId` is Lambda's awsRequestId (it names the invocation's own log lines and its X-Ray
 * trace); `apiRequestId` is API Gateway's id of the request (the `requestId` of the API's access log line).
 */
export interface LogKeys {
  readonly requestId?: string;
  readonly apiRequestId?: string;
  readonly messageId?: string;
  readonly jobId?: string;
  readonly importJobId?: string;
}

// One store per piece of work, held by async context rather than by the logger: the local stack runs invocations
// of one function side by side in one process, and a batch's records may run in parallel, so keys set on the shared
// logger (Powertools' appendKeys) would leak from one into another.
const currentWork = new AsyncLocalStorage<Record<string, unknown>>();

/**
 * Runs `work` so that every line logged through `asPort` while it runs (in what it awaits too) carries `keys`,
 * over those of the enclosing work: an invocation's request ids, then a record's own keys. Nothing outlives it, so
 * the next invocation or record starts from its own keys only.
 */
export function withLogKeys<T>(keys: LogKeys, work: () => T): T {
  return currentWork.run({ ...currentWork.getStore(), ...definedKeys(keys) }, work);
}

/** Adds keys to the current work once they are known (the jobId, after a message was parsed); none outside work. */
export function appendLogKeys(keys: LogKeys): void {
  const store = currentWork.getStore();
  if (store) Object.assign(store, definedKeys(keys));
}

/** The request ids of a Lambda invocation: Lambda's, and API Gateway's when the event is an API request. */
export function invocationLogKeys(event: unknown, context?: { readonly awsRequestId?: string }): LogKeys {
  const requestContext = (event as { requestContext?: { requestId?: unknown } } | null | undefined)?.requestContext;
  return {
    requestId: context?.awsRequestId,
    apiRequestId: typeof requestContext?.requestId === 'string' ? requestContext.requestId : undefined,
  };
}

/** The core's logger port over Powertools: each line gets the current work's keys, then its own. */
export function asPort(logger: PowertoolsLogger): Logger {
  const withKeys = (extra: Record<string, unknown> | undefined): Record<string, unknown> => ({ ...currentWork.getStore(), ...definedKeys(extra ?? {}) });
  return {
    info: (message, extra) => logger.info(message, withKeys(extra)),
    warn: (message, extra) => logger.warn(message, withKeys(extra)),
    error: (message, extra) => logger.error(message, withKeys(extra)),
  };
}

/** Leaves out keys without a value, so a line's `jobId: undefined` does not hide the work's jobId. */
function definedKeys<T extends object>(keys: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(keys).filter(([, value]) => value !== undefined));
}

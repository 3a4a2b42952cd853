import { AsyncLocalStorage } from 'node:async_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { z } from 'zod';
import type { QueueDefinition } from '../lib/resources';
import { readLocalEnv } from './local-env';

/**
 * Fault injection for the local stack, for tests that must show the service stays exact when the world misbehaves.
 * Every fault is off unless its variable is set; they are read once, when the stack starts. The variables and what
 * each injects are listed in docs/local-stack.md ("Fault injection"); the S3 read cuts live in the S3 gateway.
 */
export interface FaultPlan {
  readonly duplicateChunks: boolean;
  readonly crashMidChunkEvery: number | undefined;
  readonly dynamodbThrottleRate: number;
  readonly seed: number;
  readonly chunkVisibilityTimeoutSeconds: number | undefined;
}

const FaultEnv = z.object({
  LOCAL_FAULT_DUPLICATE_CHUNKS: z.enum(['0', '1']).default('0'),
  LOCAL_FAULT_CRASH_MID_CHUNK: z.coerce.number().int().positive().optional(),
  LOCAL_FAULT_DYNAMODB_THROTTLE_RATE: z.coerce.number().min(0).max(0.9).default(0),
  LOCAL_FAULT_SEED: z.coerce.number().int().default(1),
  LOCAL_CHUNK_VISIBILITY_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(43_200).optional(),
});

/** Reads the plan; a bad value stops the stack, naming the variable. */
export function readFaultPlan(env: NodeJS.ProcessEnv = process.env): FaultPlan {
  const e = readLocalEnv(FaultEnv, env);
  return {
    duplicateChunks: e.LOCAL_FAULT_DUPLICATE_CHUNKS === '1',
    crashMidChunkEvery: e.LOCAL_FAULT_CRASH_MID_CHUNK,
    dynamodbThrottleRate: e.LOCAL_FAULT_DYNAMODB_THROTTLE_RATE,
    seed: e.LOCAL_FAULT_SEED,
    chunkVisibilityTimeoutSeconds: e.LOCAL_CHUNK_VISIBILITY_TIMEOUT_SECONDS,
  };
}

/** A one-line summary for the stack's log, or null when nothing is injected. */
export function describeFaults(plan: FaultPlan): string | null {
  const parts = [
    plan.duplicateChunks ? 'every chunk delivered twice' : '',
    plan.crashMidChunkEvery ? `1 in ${plan.crashMidChunkEvery} first-delivery chunk invocations dies mid-chunk` : '',
    plan.dynamodbThrottleRate > 0 ? `${plan.dynamodbThrottleRate * 100}% of DynamoDB writes throttled` : '',
    plan.chunkVisibilityTimeoutSeconds ? `chunk visibility timeout ${plan.chunkVisibilityTimeoutSeconds} s` : '',
  ].filter(Boolean);
  return parts.length > 0 ? `[faults] ${parts.join('; ')}` : null;
}

/** The queue definitions to provision, with the chunk queue's visibility timeout replaced when the plan sets one. */
export function queuesFor(plan: FaultPlan, queues: readonly QueueDefinition[], chunkQueue: QueueDefinition): QueueDefinition[] {
  const visibility = plan.chunkVisibilityTimeoutSeconds;
  return queues.map((queue) => (queue.id === chunkQueue.id && visibility ? { ...queue, visibilityTimeoutSeconds: visibility } : queue));
}

/** Runs one invocation of a queue consumer; the local event source mapping calls the handler through it. */
export type InvocationWrapper = (event: SQSEvent, invoke: () => Promise<unknown>) => Promise<unknown>;

export interface InvocationFaultOptions {
  readonly plan: FaultPlan;
  readonly sqs: SQSClient;
  readonly chunkQueueUrl: string;
  readonly recordsTable: string;
  readonly log: (line: string) => void;
}

/** The copy a duplicated delivery carries, so that the copy itself is not copied again. */
const COPY_ATTRIBUTE = 'local-fault-copy';

/**
 * The wrapper for the chunk processor's invocations, or undefined when no invocation fault is planned (the
 * event source mapping then calls the handler directly).
 */
export function chunkInvocationFaults(options: InvocationFaultOptions): InvocationWrapper | undefined {
  const { plan } = options;
  if (!plan.duplicateChunks && !plan.crashMidChunkEvery) return undefined;
  if (plan.crashMidChunkEvery) installFreezableSend();
  let firstDeliveries = 0;
  return async (event, invoke) => {
    if (plan.duplicateChunks) await sendCopies(options, event);
    const firstDelivery = event.Records.some((record) => record.attributes.ApproximateReceiveCount === '1');
    if (plan.crashMidChunkEvery && firstDelivery && ++firstDeliveries % plan.crashMidChunkEvery === 0) {
      return invokeDoomed(options, invoke);
    }
    return invoke();
  };
}

let copiesSent = 0;

async function sendCopies(options: InvocationFaultOptions, event: SQSEvent): Promise<void> {
  for (const record of event.Records) {
    if (record.messageAttributes[COPY_ATTRIBUTE]) continue;
    if (copiesSent++ === 0) options.log('[faults] chunk messages are being delivered twice');
    await options.sqs.send(
      new SendMessageCommand({
        QueueUrl: options.chunkQueueUrl,
        MessageBody: record.body,
        MessageAttributes: { [COPY_ATTRIBUTE]: { DataType: 'String', StringValue: record.messageId } },
      }),
    );
  }
}

interface DoomedInvocation {
  readonly recordsTable: string;
  dead: boolean;
  die(): void;
}

const invocations = new AsyncLocalStorage<DoomedInvocation>();

/** Runs the invocation so that it dies right after its first records write (a transaction or an INSERT batch) is done. */
function invokeDoomed(options: InvocationFaultOptions, invoke: () => Promise<unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const doomed: DoomedInvocation = {
      recordsTable: options.recordsTable,
      dead: false,
      die: () => {
        options.log('[faults] a chunk-processor invocation died after writing part of its records');
        reject(new Error('Runtime exited: the worker died in the middle of a chunk (injected fault)'));
      },
    };
    invocations.run(doomed, () => {
      invoke().then(resolve, reject);
    });
  });
}

let installed = false;

/**
 * Lets a doomed invocation freeze. Every SDK client (DynamoDB, the document client, S3, SQS) sends through one
 * base class; its `send` is wrapped once, process-wide. Outside a doomed invocation it is the original `send`.
 */
function installFreezableSend(): void {
  if (installed) return;
  const base = Object.getPrototypeOf(DynamoDBClient.prototype) as { send: (...args: unknown[]) => Promise<unknown> };
  for (const client of [S3Client, SQSClient, DynamoDBDocumentClient]) {
    if (Object.getPrototypeOf(client.prototype) !== base) {
      throw new Error('[faults] the SDK clients do not share one base class: cannot inject a mid-chunk crash');
    }
  }
  const original = base.send;
  base.send = function freezableSend(this: unknown, ...args: unknown[]): Promise<unknown> {
    const doomed = invocations.getStore();
    if (!doomed) return original.apply(this, args);
    if (doomed.dead) return new Promise(() => undefined); // a dead process sends nothing more
    const command = args[0] as {
      input?: { TransactItems?: Array<{ Put?: { TableName?: string } }>; Statements?: Array<{ Statement?: string }> };
    };
    const intoRecords = `INSERT INTO "${doomed.recordsTable}"`;
    const writesRecords =
      command.input?.TransactItems?.some((item) => item.Put?.TableName === doomed.recordsTable) === true ||
      command.input?.Statements?.some((item) => item.Statement?.startsWith(intoRecords)) === true;
    const sent = original.apply(this, args);
    if (!writesRecords) return sent;
    return sent.then(() => {
      // The write is done in DynamoDB; the worker dies before it learns so (once, whatever else was in flight).
      if (!doomed.dead) {
        doomed.dead = true;
        doomed.die();
      }
      return new Promise(() => undefined);
    });
  };
  installed = true;
}

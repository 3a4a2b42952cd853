import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import {
  API_FUNCTIONS,
  CONTROL_TABLE,
  RECORDS_TABLE,
  UNMATCHED_ROUTE_FUNCTION,
  UPLOAD_BUCKET,
  UPLOAD_EVENTS_QUEUE,
  CHUNK_QUEUE,
  EMAIL_SENDER,
  DEAD_LETTER_FUNCTIONS,
  SCHEDULED_FUNCTIONS,
  LEASE_SWEEPER,
  QUEUES,
  RUN_ENDED_CONSUMER,
  WORKER_FUNCTIONS,
  type ApiFunctionName,
} from '../lib/resources';
import { ALL_ROUTES } from '../lib/routes';
import { buildDashboard } from '../web/build';
import { createApiKey } from '../functions/core/use-cases/create-api-key';
import { DynamoApiKeyRepository } from '../functions/adapters/dynamodb/api-key-repository';
import { SCOPES } from '../functions/core/kinds';
import { startDynamoDbLocal, type DynamoDbLocalOptions } from './emulators/dynamodb-local';
import { LOCAL_CREDENTIALS, startFauxqs } from './emulators/fauxqs';
import { startSesLocal } from './emulators/ses';
import { startLocalScheduler, type InvokeTarget } from './emulators/scheduler';
import { createScheduledTargetInvoker, provisionSchedules, scheduledTargets, schedulingEnv } from './scheduling';
import { provision, queueFor, resourceEnv, tableFor } from './provision';
import { startSqsEventSource, type SqsLambdaHandler } from './event-source-mapping';
import { errorMessage, type ScheduledLambdaHandler } from './lambda-runtime';
import { startS3NotificationForwarder } from './s3-notifications';
import { leaseSweepIntervalFromEnv, startLeaseSweeperTimer } from './lease-sweeper';
import { startHttpServer, type HttpFunction, type HttpLambdaHandler, type LocalHttpServer } from './http-server';
import { chunkInvocationFaults, describeFaults, queuesFor, readFaultPlan } from './faults';
import { dynamoDbThrottling } from './dynamodb-throttling';
import { onEveryDynamoDbClient } from './dynamodb-middleware';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { RUN_ENDED_STREAM_FILTER } from '../functions/adapters/dynamodb/run-ended-stream';
import { startDynamoDbStreamSource, type StreamLambdaHandler } from './dynamodb-stream';

const PROJECT_ROOT = path.join(__dirname, '..');
const REGION = 'us-east-1';
export const DEMO_ORG_ID = 'demo';
/** Configuration the handlers read (§7, §9): handed on when set, so tools that reuse the stack's env see it too. */
const PASSED_THROUGH = ['SESSION_TTL_SECONDS', 'PUBLIC_BASE_URL', 'RUN_RETRY_COUNT', 'RUN_RETRY_INTERVAL_SECONDS', 'MONTHLY_ROW_LIMIT', 'SPLIT_TIME_BUDGET_SECONDS', 'REPORT_BUILD_DELAY_SECONDS', EMAIL_SENDER.envVar] as const;

export interface LocalStackOptions {
  /** Port of the HTTP API; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Secret of the demo org's key (at least 20 characters); a random one when unset. */
  readonly demoApiKey?: string;
  /** Port of the SES emulator; 0 picks a free one. When unset, 8005 or a free port if 8005 is taken. */
  readonly sesPort?: number;
  readonly log?: (line: string) => void;
  /** DynamoDB Local's data directory (in memory when unset) and JVM heap. */
  readonly dynamodb?: DynamoDbLocalOptions;
}

export interface LocalStack {
  readonly url: string;
  readonly demoApiKey: string;
  readonly demoOrgId: typeof DEMO_ORG_ID;
  readonly endpoints: {
    readonly dynamodb: string;
    readonly s3: string;
    readonly sqs: string;
    readonly ses: string;
    /** The EventBridge Scheduler stand-in (local/emulators/scheduler.ts). */
    readonly scheduler: string;
  };
  /** The emulators' own processes: the DynamoDB Local JVM and the S3/SQS process (fauxqs and the S3 gateway). */
  readonly emulatorPids: { readonly dynamodb: number; readonly fauxqs: number };
  readonly names: {
    readonly controlTable: string;
    readonly recordsTable: string;
    readonly uploadBucket: string;
    readonly uploadEventsQueueUrl: string;
    readonly chunkQueueUrl: string;
    readonly uploadEventsDlqUrl: string;
    readonly chunkDlqUrl: string;
  };
  /** Everything this stack put in process.env: endpoints, names, region and credentials. */
  readonly env: Readonly<Record<string, string>>;
  /** Stops the HTTP API (waiting for its requests), then everything else in reverse order of start. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The whole service on this machine: emulators for DynamoDB, S3, SQS and SES, the resources of lib/resources.ts,
 * the demo org's API key, and the same handler code the Lambdas run, fed by a local API Gateway, SQS event source
 * mappings and the S3 notification the bucket sends in AWS. DynamoDB Local and fauxqs run in child processes, so
 * this process holds what a Lambda would, not the emulators' stored objects and messages. One stack per process:
 * it sets process.env, which the handler modules read once, when they load.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const stops: Array<{ name: string; stop: () => Promise<void> }> = [];
  let ready = false;
  let http: LocalHttpServer | undefined;
  // The HTTP API goes first although it started first: no request may reach a half-stopped stack.
  const stopAll = async (): Promise<void> => {
    ready = false;
    await http?.stop().catch((error: unknown) => log(`[stack] stopping the HTTP API failed: ${errorMessage(error)}`));
    for (const { name, stop } of stops.reverse()) {
      await stop().catch((error: unknown) => log(`[stack] stopping ${name} failed: ${errorMessage(error)}`));
    }
    stops.length = 0;
  };

  try {
    // Fault injection for tests (local/faults.ts), off unless its variables are set.
    const faults = readFaultPlan();
    const faultSummary = describeFaults(faults);
    if (faultSummary) log(faultSummary);
    // The port is claimed first so a taken port fails in milliseconds; it answers 503 until everything is up.
    http = await startHttpServer({
      routes: ALL_ROUTES,
      defaultFunction: UNMATCHED_ROUTE_FUNCTION,
      loadFunction: loadApiFunction,
      port: options.port ?? 0,
      region: REGION,
      isReady: () => ready,
      log,
    }).catch((error: unknown) => {
      throw new Error(`the HTTP API cannot listen on port ${options.port ?? 0}: ${errorMessage(error)}`);
    });

    // The dashboard is built while the emulators start (esbuild: about a second), into a folder of this stack's
    // own, unless DASHBOARD_DIR names a build to serve.
    const dashboard = dashboardFolder(log);
    stops.push({ name: 'dashboard build', stop: async () => dashboard.remove() });

    // Settled, not raced: an emulator that started while another failed must be in `stops` before cleanup.
    // Schedules fire into the handlers once they are loaded (below); until then a firing fails and is logged.
    let invokeScheduled: InvokeTarget = async () => {
      throw new Error('the local stack is still starting');
    };
    const owned = <T extends { stop(): Promise<void> }>(name: string, started: T): T => (stops.push({ name, stop: started.stop }), started);
    const [dynamodb, fauxqs, ses, scheduler] = await allOrFirstError([
      startDynamoDbLocal({ ...options.dynamodb, log }).then((started) => owned('DynamoDB Local', started)),
      startFauxqs({ log }).then((started) => owned('fauxqs', started)),
      startSesLocal({ port: options.sesPort, portIsExplicit: options.sesPort !== undefined }).then((started) => owned('SES emulator', started)),
      startLocalScheduler({ invoke: (invocation) => invokeScheduled(invocation), region: REGION, log }).then((started) => owned('scheduler stand-in', started)),
    ] as const);
    // S3 goes through the emulator process's gateway, which accepts single PUTs as large as real S3 does.
    const endpoints = {
      dynamodb: dynamodb.endpoint,
      s3: fauxqs.s3Endpoint,
      sqs: fauxqs.endpoint,
      ses: ses.endpoint,
      scheduler: scheduler.endpoint,
    };
    const baseEnv: Record<string, string> = {
      AWS_REGION: REGION,
      // The S3 gateway checks signatures made with this pair (local/emulators/s3-signature.ts).
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
      AWS_ENDPOINT_URL_S3: endpoints.s3,
      AWS_ENDPOINT_URL_SQS: endpoints.sqs,
      AWS_ENDPOINT_URL_SES: endpoints.ses,
      AWS_ENDPOINT_URL_SCHEDULER: endpoints.scheduler,
    };
    Object.assign(process.env, baseEnv);
    const clients = {
      dynamodb: new DynamoDBClient({ endpoint: endpoints.dynamodb }),
      s3: new S3Client({ endpoint: endpoints.s3, forcePathStyle: true }),
      sqs: new SQSClient({ endpoint: endpoints.sqs }),
      scheduler: new SchedulerClient({ endpoint: endpoints.scheduler }),
    };
    stops.push({ name: 'SDK clients', stop: async () => Object.values(clients).forEach((client) => client.destroy()) });

    const resources = await provision({ ...clients, queues: queuesFor(faults, QUEUES, CHUNK_QUEUE) });
    const uploadEvents = queueFor(resources, UPLOAD_EVENTS_QUEUE);
    const chunks = queueFor(resources, CHUNK_QUEUE);
    const env: Record<string, string> = {
      ...baseEnv,
      ...resourceEnv(resources),
      ...schedulingEnv(REGION),
      [EMAIL_SENDER.envVar]: EMAIL_SENDER.defaultFromAddress,
      // The emails' dashboard links point at this server unless PUBLIC_BASE_URL names another address. Not set as
      // PUBLIC_BASE_URL itself: the sessions' Origin check reads that, and a browser on localhost must still pass it.
      LOCAL_STACK_URL: http.url,
      POWERTOOLS_SERVICE_NAME: 'batch-import',
      LOG_LEVEL: process.env.LOG_LEVEL || 'WARN',
      // Sessions of this stack end with it, unless SESSION_SECRET is given (then they survive a restart).
      SESSION_SECRET: process.env.SESSION_SECRET || randomBytes(32).toString('base64url'),
      DASHBOARD_DIR: await dashboard.ready,
    };
    for (const name of PASSED_THROUGH) {
      const value = process.env[name];
      if (value !== undefined && value !== '') env[name] = value;
    }
    // Handlers build their dependencies from the environment when their module loads: this comes first.
    Object.assign(process.env, env);

    const controlTable = tableFor(resources, CONTROL_TABLE).name;
    const demo = await createApiKey(
      {
        apiKeys: new DynamoApiKeyRepository(DynamoDBDocumentClient.from(clients.dynamodb), controlTable),
        clock: { now: () => new Date() },
      },
      { orgId: DEMO_ORG_ID, scopes: [...SCOPES], name: 'local demo key', apiKey: options.demoApiKey },
    );

    // With throttling injected, every DynamoDB client that sends from now on (the handlers') answers some writes with its errors.
    if (faults.dynamodbThrottleRate > 0) {
      const throttling = dynamoDbThrottling({ rate: faults.dynamodbThrottleRate, seed: faults.seed, log });
      onEveryDynamoDbClient(throttling.applyTo);
      stops.push({ name: 'DynamoDB throttling', stop: async () => log(`[faults] injected ${JSON.stringify(throttling.injected)}`) });
    }

    // Cold-start every function now, so a handler that cannot load is reported at start, not at first use.
    const functions = [API_FUNCTIONS, WORKER_FUNCTIONS, SCHEDULED_FUNCTIONS, DEAD_LETTER_FUNCTIONS, { RUN_ENDED_CONSUMER }];
    for (const { entry } of functions.flatMap((group) => Object.values(group))) preload(entry, log);

    // Schedules reach the handlers of SCHEDULED_FUNCTIONS by their ARN, as EventBridge Scheduler reaches Lambda.
    invokeScheduled = createScheduledTargetInvoker({
      targets: scheduledTargets(REGION, (entry) => loadHandler<ScheduledLambdaHandler>(entry)),
      region: REGION,
    });
    await provisionSchedules(clients.scheduler, REGION);
    // Again, so that schedules stop firing (and their handlers finish) before the emulators they use go away.
    stops.push({ name: 'schedules', stop: scheduler.stop });

    owned(
      'S3 notifications',
      startS3NotificationForwarder({
        ...clients,
        source: fauxqs.objectCreated,
        bucket: resources.bucket.name,
        prefix: UPLOAD_BUCKET.uploadPrefix,
        queueUrl: uploadEvents.url,
        region: REGION,
        configurationId: `${UPLOAD_BUCKET.id}-to-${UPLOAD_EVENTS_QUEUE.id}`,
        log,
      }),
    );

    const chunkFaults = chunkInvocationFaults({
      plan: faults,
      sqs: clients.sqs,
      chunkQueueUrl: chunks.url,
      recordsTable: tableFor(resources, RECORDS_TABLE).name,
      log,
    });
    // Workers poll their queue; dead-letter consumers poll their queue's DLQ.
    const pollers = [
      ...Object.values(WORKER_FUNCTIONS).map((worker) => {
        const { url, arn } = queueFor(resources, worker.queue);
        const { batchSize, maximumConcurrency, consumerTimeoutSeconds: timeoutSeconds, consumerMemoryMb: memoryMb } = worker.queue;
        const wrapInvocation = worker.queue.id === CHUNK_QUEUE.id ? chunkFaults : undefined;
        return { id: worker.id, entry: worker.entry, url, arn, batchSize, maximumConcurrency, timeoutSeconds, memoryMb, wrapInvocation };
      }),
      ...Object.values(DEAD_LETTER_FUNCTIONS).map((consumer) => {
        const { dlqUrl: url, dlqArn: arn } = queueFor(resources, consumer.queue);
        return { ...consumer, url, arn, wrapInvocation: undefined };
      }),
    ].map((source) =>
      startSqsEventSource({
        ...source,
        sqs: clients.sqs,
        queueUrl: source.url,
        queueArn: source.arn,
        region: REGION,
        functionName: source.id,
        loadHandler: () => loadHandler<SqsLambdaHandler>(source.entry),
        log,
      }),
    );
    // Together: each waits up to one long poll.
    stops.push({ name: 'SQS event sources', stop: async () => void (await Promise.all(pollers.map((poller) => poller.stop()))) });

    // The run-ended consumer reads the control table's stream, with the filter of its event source mapping in AWS.
    const streams = new DynamoDBStreamsClient({ endpoint: endpoints.dynamodb });
    const runEnded = startDynamoDbStreamSource({
      ...RUN_ENDED_CONSUMER,
      streams,
      streamArn: tableFor(resources, RUN_ENDED_CONSUMER.table).streamArn ?? '',
      region: REGION,
      functionName: RUN_ENDED_CONSUMER.id,
      loadHandler: () => loadHandler<StreamLambdaHandler>(RUN_ENDED_CONSUMER.entry),
      filter: RUN_ENDED_STREAM_FILTER,
      log,
    });
    stops.push({ name: 'run-ended stream', stop: async () => (await runEnded.stop(), streams.destroy()) });

    owned(
      'lease sweeper',
      startLeaseSweeperTimer({
        ...LEASE_SWEEPER,
        intervalSeconds: leaseSweepIntervalFromEnv(),
        functionName: LEASE_SWEEPER.id,
        region: REGION,
        loadHandler: () => loadHandler<ScheduledLambdaHandler>(LEASE_SWEEPER.entry),
        log,
      }),
    );

    ready = true;
    let stopping: Promise<void> | undefined;
    return {
      url: http.url,
      demoApiKey: demo.apiKey,
      demoOrgId: DEMO_ORG_ID,
      endpoints,
      emulatorPids: { dynamodb: dynamodb.pid, fauxqs: fauxqs.pid },
      names: {
        controlTable,
        recordsTable: tableFor(resources, RECORDS_TABLE).name,
        uploadBucket: resources.bucket.name,
        uploadEventsQueueUrl: uploadEvents.url,
        chunkQueueUrl: chunks.url,
        uploadEventsDlqUrl: uploadEvents.dlqUrl,
        chunkDlqUrl: chunks.dlqUrl,
      },
      env,
      stop: () => (stopping ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Builds the dashboard into a temporary folder (or takes DASHBOARD_DIR's build); `remove` deletes only a folder it made. */
function dashboardFolder(log: (line: string) => void): { ready: Promise<string>; remove: () => void } {
  const given = process.env.DASHBOARD_DIR;
  if (given) return { ready: Promise.resolve(given), remove: () => undefined };
  const outDir = mkdtempSync(path.join(tmpdir(), 'batch-import-dashboard-'));
  const ready = buildDashboard({ outDir }).then(() => outDir);
  // Awaited later; a failure before then must not be an unhandled rejection.
  ready.catch((error: unknown) => log(`[stack] the dashboard build failed: ${errorMessage(error)}`));
  return { ready, remove: () => rmSync(outDir, { recursive: true, force: true }) };
}

function loadApiFunction(name: string): HttpFunction {
  const definition = API_FUNCTIONS[name as ApiFunctionName];
  if (!definition) throw new Error(`no API function named ${name}`);
  return {
    handler: loadHandler<HttpLambdaHandler>(definition.entry),
    functionName: definition.id,
    timeoutSeconds: definition.timeoutSeconds,
    memoryMb: definition.memoryMb,
  };
}

/** A Lambda entry's exported `handler`; Node's module cache makes it one cold start per process. */
function loadHandler<T>(entry: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- entries are known only at run time
  const loaded = require(path.join(PROJECT_ROOT, entry)) as { handler?: unknown };
  if (typeof loaded.handler !== 'function') throw new Error(`${entry} does not export a function named handler`);
  return loaded.handler as T;
}

function preload(entry: string, log: (line: string) => void): void {
  try {
    loadHandler(entry);
  } catch (error) {
    log(`[stack] WARNING ${entry} cannot be loaded; its requests and messages will fail: ${errorMessage(error)}`);
  }
}

async function allOrFirstError<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

import type { ApiFunctionName as ContractFunctionName, HttpMethod as ContractHttpMethod } from '../functions/contract/route-definition';
import { UPLOAD_BUCKET as UPLOAD_BUCKET_LAYOUT, type BucketLayout } from '../functions/core/bucket-layout';

/**
 * The one source of truth for the names, keys and indexes of the service's storage and queues, and for the
 * HTTP API's functions (the routes themselves are the route table's, functions/contract/routes.ts, listed for the
 * CDK and the local stack by lib/routes.ts). The CDK constructs build AWS resources
 * from these definitions; the local stack (`npm start`) creates the same tables, bucket and queues in the emulators
 * from them. Plain data and zod schemas: no CDK, no SDK.
 */

export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N';
}

export interface GlobalIndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  /**
   * Attributes copied into the index: `KEYS_ONLY` when readers fetch the item itself anyway, `INCLUDE` the keys and
   * `nonKeyAttributes`. Every write that changes a projected attribute also writes the index, so an index of items
   * whose counters change often projects none of the counters. @default 'ALL'
   */
  readonly projection?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  /** With `INCLUDE`: the attributes besides the keys. */
  readonly nonKeyAttributes?: readonly string[];
}

/**
 * What the run history may filter on (RunHistoryQuery.filters): the `byOrg` index carries these, so the filter runs
 * on the index, and the history then reads the page's items themselves. None of them is a counter: a chunk's
 * counter update writes the run item only, not the index.
 */
export const RUN_HISTORY_FILTER_ATTRIBUTES = ['kind', 'status', 'runStatus', 'importJobId', 'namespace'] as const;

/**
 * Runs a sweeper must look at, by when: a sparse index (only runs that carry `leaseShard` are in it). A run enters
 * it when it starts (due when its lease expires) or, for a presigned upload, when it is created (due when the
 * upload URL expires); it leaves when it ends. The partition is spread over a few shards so lease renewals of
 * many runs do not all write one index partition.
 */
export const LEASE_INDEX: GlobalIndexDefinition = {
  indexName: 'byLeaseExpiry',
  partitionKey: { name: 'leaseShard', type: 'S' },
  sortKey: { name: 'leaseDueAt', type: 'S' },
  // The sweeper reads each run again, consistently, before acting: the index only has to say which and when.
  projection: 'KEYS_ONLY',
};

export interface TableDefinition {
  /** Logical id in the stack and the suffix of the local table name. */
  readonly id: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  readonly globalIndexes: readonly GlobalIndexDefinition[];
  /** Attribute holding an epoch-seconds expiry that DynamoDB TTL sweeps. */
  readonly timeToLiveAttribute?: string;
  /** Environment variable through which handlers learn the table's name. */
  readonly envVar: string;
  /**
   * The table's stream: every change with the item's old and new image, for 24 hours.
   * @default none
   */
  readonly stream?: 'NEW_AND_OLD_IMAGES';
}

/**
 * Control data: API keys, runs (batch jobs), their files and chunks, saved mappings; later import jobs, quota and
 * idempotency keys. A run lives under `RUN#<jobId>` so the status lookup is one GetItem whatever the org's history.
 */
export const CONTROL_TABLE: TableDefinition = {
  id: 'ControlTable',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalIndexes: [
    {
      // Runs of one org, newest first (unified history); likewise the org's mappings and import jobs. The lists read
      // the page's items by key (BatchGetItem), so the index carries only what the history filters on.
      indexName: 'byOrg',
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
      projection: 'INCLUDE',
      nonKeyAttributes: RUN_HISTORY_FILTER_ATTRIBUTES,
    },
    {
      // Runs of one import job, newest first (its run history, its last 5 runs): only runs with an importJobId
      // carry these attributes, so the index holds nothing else. Keys only: the page's runs are read by key.
      indexName: 'byImportJob',
      partitionKey: { name: 'gsi2pk', type: 'S' },
      sortKey: { name: 'gsi2sk', type: 'S' },
      projection: 'KEYS_ONLY',
    },
    LEASE_INDEX,
  ],
  timeToLiveAttribute: 'ttl',
  envVar: 'CONTROL_TABLE_NAME',
  // The run-ended event: a run item whose status moved into a terminal one (RUN_ENDED_CONSUMER).
  stream: 'NEW_AND_OLD_IMAGES',
};

/** Imported records (entities, transactions, user events), one item per record under a deterministic key. */
export const RECORDS_TABLE: TableDefinition = {
  id: 'RecordsTable',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  globalIndexes: [],
  // Only a dry run's stand-in records carry it: they go away by themselves a day later.
  timeToLiveAttribute: 'ttl',
  envVar: 'RECORDS_TABLE_NAME',
};

export const TABLES: readonly TableDefinition[] = [CONTROL_TABLE, RECORDS_TABLE];

/** The upload bucket: the layout the core keeps objects in (functions/core/bucket-layout.ts), and how it is named. */
export interface BucketDefinition extends BucketLayout {
  readonly id: string;
  readonly envVar: string;
}

export const UPLOAD_BUCKET: BucketDefinition = {
  id: 'UploadBucket',
  envVar: 'UPLOAD_BUCKET_NAME',
  ...UPLOAD_BUCKET_LAYOUT,
};

export interface QueueDefinition {
  readonly id: string;
  readonly envVar: string;
  readonly visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly retentionDays: number;
  /** Messages per handler invocation (Lambda event source mapping batch size). */
  readonly batchSize: number;
  /** Concurrent batches at most (event source mapping `maximumConcurrency`, 2..1000). */
  readonly maximumConcurrency: number;
  /** Long-poll window; with a batching window too on the event source mapping. */
  readonly maxBatchingWindowSeconds: number;
  /** Timeout of the Lambda that consumes the queue. Visibility must stay above it. */
  readonly consumerTimeoutSeconds: number;
  readonly consumerMemoryMb: number;
}

/** S3 object-created notifications for `uploads/`; consumed by the splitter. */
export const UPLOAD_EVENTS_QUEUE: QueueDefinition = {
  id: 'UploadEventsQueue',
  envVar: 'UPLOAD_EVENTS_QUEUE_URL',
  // A split streams a whole file: give it Lambda's full 15 minutes and keep the message hidden well beyond.
  visibilityTimeoutSeconds: 5400,
  maxReceiveCount: 3,
  retentionDays: 4,
  batchSize: 1,
  maximumConcurrency: 5,
  maxBatchingWindowSeconds: 0,
  consumerTimeoutSeconds: 900,
  consumerMemoryMb: 1024,
};

/** Chunks of rows; consumed by the row processor. */
export const CHUNK_QUEUE: QueueDefinition = {
  id: 'ChunkQueue',
  envVar: 'CHUNK_QUEUE_URL',
  visibilityTimeoutSeconds: 720,
  maxReceiveCount: 5,
  retentionDays: 4,
  batchSize: 5,
  maximumConcurrency: 10,
  maxBatchingWindowSeconds: 1,
  consumerTimeoutSeconds: 120,
  consumerMemoryMb: 1024,
};

/** Runs that ended with rows to report; consumed by the report builder, which writes their final CSV reports. */
export const REPORTS_QUEUE: QueueDefinition = {
  id: 'ReportsQueue',
  envVar: 'REPORTS_QUEUE_URL',
  // A report of millions of rows takes minutes: give the builder Lambda's full 15 minutes and hide the message beyond.
  visibilityTimeoutSeconds: 5400,
  maxReceiveCount: 3,
  retentionDays: 4,
  batchSize: 1,
  maximumConcurrency: 2,
  maxBatchingWindowSeconds: 0,
  consumerTimeoutSeconds: 900,
  consumerMemoryMb: 1024,
};

export const QUEUES: readonly QueueDefinition[] = [UPLOAD_EVENTS_QUEUE, CHUNK_QUEUE, REPORTS_QUEUE];

/** Largest message the chunk queue accepts; chunks are cut below it. */
export const MAX_MESSAGE_BYTES = 256 * 1024;

export type HttpMethod = ContractHttpMethod;

/** Lambda functions behind the HTTP API, by entry file (relative to the project root). */
export interface ApiFunctionDefinition {
  readonly id: string;
  readonly entry: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /**
   * Files copied into the bundle after esbuild, `from` relative to the project root, `to` relative to the bundle.
   * @default none
   */
  readonly bundledFiles?: readonly { readonly from: string; readonly to: string }[];
  /**
   * Folder of the bundle that the dashboard's build (web/build.ts: shell, hashed assets, manifest) is written into
   * after esbuild.
   * @default none
   */
  readonly bundledDashboard?: string;
}

/** Swagger UI's files, which the API reference serves from its own bundle (no CDN). */
const SWAGGER_UI_FILES = ['swagger-ui-bundle.js', 'swagger-ui.css'].map((name) => ({
  from: `node_modules/swagger-ui-dist/${name}`,
  to: `swagger-ui/${name}`,
}));

export const API_FUNCTIONS = {
  uploads: { id: 'UploadFunction', entry: 'functions/handlers/http/upload.ts', timeoutSeconds: 29, memoryMb: 1024 },
  presign: { id: 'PresignUploadFunction', entry: 'functions/handlers/http/presign.ts', timeoutSeconds: 10, memoryMb: 512 },
  jobs: { id: 'JobsFunction', entry: 'functions/handlers/http/jobs.ts', timeoutSeconds: 10, memoryMb: 512 },
  // Resume and cancel send a paused run's parked chunks back to the queue: give that the API's whole 29 s.
  control: { id: 'ControlJobFunction', entry: 'functions/handlers/http/control.ts', timeoutSeconds: 29, memoryMb: 512 },
  mappings: { id: 'MappingsFunction', entry: 'functions/handlers/http/mappings.ts', timeoutSeconds: 10, memoryMb: 256 },
  reports: { id: 'ReportsFunction', entry: 'functions/handlers/http/reports.ts', timeoutSeconds: 29, memoryMb: 1024 },
  retryFailed: { id: 'RetryFailedFunction', entry: 'functions/handlers/http/retry-failed.ts', timeoutSeconds: 29, memoryMb: 1024 },
  importJobs: { id: 'ImportJobsFunction', entry: 'functions/handlers/http/import-jobs.ts', timeoutSeconds: 29, memoryMb: 1024 },
  quota: { id: 'QuotaFunction', entry: 'functions/handlers/http/quota.ts', timeoutSeconds: 10, memoryMb: 256 },
  /** Run now: starts a run of an import job from its drop prefix (as its schedule does). */
  importJobRuns: { id: 'ImportJobRunsFunction', entry: 'functions/handlers/http/import-job-runs.ts', timeoutSeconds: 29, memoryMb: 512 },
  health: { id: 'HealthFunction', entry: 'functions/handlers/http/health.ts', timeoutSeconds: 3, memoryMb: 128 },
  /** The OpenAPI document and the API reference (Swagger UI, served from the bundle). */
  apiDocs: {
    id: 'ApiDocsFunction',
    entry: 'functions/handlers/http/api-docs.ts',
    timeoutSeconds: 10,
    memoryMb: 256,
    bundledFiles: SWAGGER_UI_FILES,
  },
  /** The API's `$default` route: a request no route matches gets the service's error body, not API Gateway's. */
  unmatched: { id: 'UnmatchedRouteFunction', entry: 'functions/handlers/http/unmatched.ts', timeoutSeconds: 3, memoryMb: 128 },
  /** Dashboard sign-in: an API key for a session cookie, and sign-out. */
  session: { id: 'SessionFunction', entry: 'functions/handlers/http/session.ts', timeoutSeconds: 10, memoryMb: 256 },
  /** The dashboard's HTML shell and its hashed, pre-compressed assets, built into the bundle. */
  dashboard: { id: 'DashboardFunction', entry: 'functions/handlers/http/dashboard.ts', timeoutSeconds: 5, memoryMb: 256, bundledDashboard: 'dashboard' },
} as const satisfies Record<ContractFunctionName, ApiFunctionDefinition>;

/** The function behind the `$default` route. */
export const UNMATCHED_ROUTE_FUNCTION = 'unmatched' satisfies keyof typeof API_FUNCTIONS;

export type ApiFunctionName = keyof typeof API_FUNCTIONS;

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** API Gateway route path; `{name}` is a path parameter. */
  readonly path: string;
  readonly function: ApiFunctionName;
}


/**
 * Concurrency reserved for the queue consumers that do the import's work, each above its event source's maximum
 * concurrency (UPLOAD_EVENTS_QUEUE 5, CHUNK_QUEUE 10). The account's concurrency quota must be at least 100 (the
 * unreserved pool Lambda keeps) plus their sum: 123 with these values. New accounts may start at 10: ask for more.
 */
export const RESERVED_CONCURRENCY = { splitter: 8, chunkProcessor: 15 } as const;

/**
 * The HTTP API's throttling (requests per second, steady and burst): the stage's default, and the upload routes'
 * (uploads and presigned uploads), which are tighter. Overridable through the stack's props or `-c apiRateLimit=…`.
 */
export const API_THROTTLING = { rateLimit: 100, burstLimit: 200, uploadRateLimit: 10, uploadBurstLimit: 20 } as const;

/** Lambda functions fed by queues. */
export const WORKER_FUNCTIONS = {
  splitter: { id: 'SplitterFunction', entry: 'functions/handlers/queue/split-upload.ts', queue: UPLOAD_EVENTS_QUEUE },
  chunkProcessor: { id: 'ChunkProcessorFunction', entry: 'functions/handlers/queue/process-chunks.ts', queue: CHUNK_QUEUE },
  /** Builds the final failures.csv, failed-rows.csv and unprocessed.csv of a run that ended, off the API's 29 s. */
  reportBuilder: { id: 'ReportBuilderFunction', entry: 'functions/handlers/queue/build-reports.ts', queue: REPORTS_QUEUE },
} as const;

/**
 * EventBridge Scheduler: every schedule of the service lives in one group, so the functions' permission to manage
 * schedules is scoped to it. The handlers learn the group, the target they point schedules at and the role
 * Scheduler assumes to invoke it through these variables.
 */
export const SCHEDULE_GROUP = {
  id: 'ScheduleGroup',
  name: 'batch-import',
  envVar: 'SCHEDULE_GROUP_NAME',
  targetArnEnvVar: 'SCHEDULE_TARGET_ARN',
  roleArnEnvVar: 'SCHEDULE_ROLE_ARN',
  /** The queue Scheduler sends an event to when it cannot invoke the target (every schedule's DeadLetterConfig). */
  deadLetterArnEnvVar: 'SCHEDULE_DEAD_LETTER_ARN',
  /** Every schedule the service creates at run time is named so (functions/core/scheduling/schedule-names.ts). */
  runTimeScheduleNames: 'import-job-*',
} as const;

/**
 * How Scheduler retries a schedule's invocation that failed (a throttle, the function missing): a few times within
 * an hour, then the event goes to the dead-letter queue. The target runs asynchronously, so its own errors are
 * retried by Lambda, not here.
 */
export const SCHEDULE_RETRY_POLICY = { maximumRetryAttempts: 5, maximumEventAgeSeconds: 3600 } as const;

/** SES: the address alerts are sent from (it must belong to the stack's verified identity). */
export const EMAIL_SENDER = {
  envVar: 'SES_FROM_ADDRESS',
  /** A placeholder: deploy with the `emailSender` prop set to an address of a verified identity. */
  defaultFromAddress: 'batch-import@example.com',
  /** The configuration set every alert email is sent with (it records bounces and complaints). */
  configurationSetEnvVar: 'SES_CONFIGURATION_SET',
} as const;

/** Lambda functions invoked by EventBridge Scheduler, by entry file (relative to the project root). */
export interface ScheduledFunctionDefinition {
  readonly id: string;
  readonly entry: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /**
   * A schedule of the stack itself (`rate(...)` or `cron(...)`, UTC), invoking the function with an empty input.
   * Without one, the function is a target of schedules the service creates at run time (import jobs, retries).
   */
  readonly fixedSchedule?: string;
}

export const SCHEDULED_FUNCTIONS = {
  /** Starts a run of an import job; the target of every schedule the service creates (its input: ScheduledRunRequest). */
  runImportJob: { id: 'RunImportJobFunction', entry: 'functions/handlers/scheduled/run-import-job.ts', timeoutSeconds: 120, memoryMb: 512 },
} as const satisfies Record<string, ScheduledFunctionDefinition>;

export type ScheduledFunctionName = keyof typeof SCHEDULED_FUNCTIONS;

/** The function that run-time schedules (import jobs and their retries) invoke. */
export const SCHEDULE_TARGET: ScheduledFunctionName = 'runImportJob';
/** A Lambda function fed by a queue's dead-letter queue (consumes what the queue's own consumer gave up on). */
export interface DeadLetterFunctionDefinition {
  readonly id: string;
  readonly entry: string;
  /** The queue whose DLQ feeds the function. */
  readonly queue: QueueDefinition;
  readonly batchSize: number;
  readonly maximumConcurrency: number;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /**
   * Visibility timeout of the DLQ the function consumes: at least six times `timeoutSeconds` (Lambda's advice for
   * an SQS event source), so a batch still running is never handed to a second invocation.
   */
  readonly visibilityTimeoutSeconds: number;
  /** Receives of the DLQ's message before it moves on to the final, unconsumed queue (salvage failed). */
  readonly maxReceiveCount: number;
}

export const DEAD_LETTER_FUNCTIONS = {
  /** A dead-lettered chunk: counts what it wrote and fails the rest, so its run ends with a jobFailure. */
  deadChunks: {
    id: 'DeadChunkFunction',
    entry: 'functions/handlers/queue/salvage-dead-chunks.ts',
    queue: CHUNK_QUEUE,
    batchSize: 5,
    maximumConcurrency: 2,
    timeoutSeconds: 25,
    memoryMb: 1024,
    visibilityTimeoutSeconds: 180,
    // A salvage that fails three times (an outage, a bug) parks the chunk in the salvage-failed queue, which alarms.
    maxReceiveCount: 3,
  },
} as const satisfies Record<string, DeadLetterFunctionDefinition>;

/**
 * The one consumer of the run-ended event: the control table's stream, filtered to run items whose status moved
 * into a terminal one (functions/adapters/dynamodb/run-ended-stream.ts), applies the run policy (reruns, halting,
 * emails, final reports, the run duration metric).
 */
export interface StreamFunctionDefinition {
  readonly id: string;
  readonly entry: string;
  /** The table whose stream feeds the function. */
  readonly table: TableDefinition;
  /** Records per invocation. */
  readonly batchSize: number;
  /** Retries of a failed record (Lambda halves the batch around it first) before it goes to the failure queue. */
  readonly retryAttempts: number;
  /** A record older than this goes to the failure queue without another try (streams keep 24 hours). */
  readonly maxRecordAgeSeconds: number;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
}

export const RUN_ENDED_CONSUMER: StreamFunctionDefinition = {
  id: 'RunEndedFunction',
  entry: 'functions/handlers/stream/run-ended.ts',
  table: CONTROL_TABLE,
  batchSize: 10,
  retryAttempts: 5,
  maxRecordAgeSeconds: 6 * 3600,
  timeoutSeconds: 60,
  memoryMb: 512,
};

/** A Lambda function run on a fixed schedule of the stack (EventBridge Scheduler in AWS, a timer under `npm start`). */
export interface FixedScheduleFunctionDefinition {
  readonly id: string;
  readonly entry: string;
  /** EventBridge Scheduler expression. */
  readonly scheduleExpression: string;
  /** The event the schedule sends (its target's `Input`). */
  readonly input: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
}

/** Resumes or interrupts runs whose lease expired; ends presigned uploads that never arrived. */
export const LEASE_SWEEPER: FixedScheduleFunctionDefinition = {
  id: 'LeaseSweeperFunction',
  entry: 'functions/handlers/scheduled/sweep-leases.ts',
  scheduleExpression: 'rate(1 minute)',
  input: { task: 'sweep-leases' },
  timeoutSeconds: 55,
  memoryMb: 512,
};

/**
 * The service's own CloudWatch metrics (Powertools Metrics, embedded metric format): one namespace, every metric
 * with the `service` dimension; RunDuration also by `outcome` (the run's final status). The dashboard reads them.
 */
export const SERVICE_METRICS = {
  namespace: 'BatchImport',
  service: 'batch-import',
  namespaceEnvVar: 'POWERTOOLS_METRICS_NAMESPACE',
  rowsImported: 'RowsImported',
  rowsFailed: 'RowsFailed',
  rowsSkipped: 'RowsSkipped',
  chunkDuration: 'ChunkDuration',
  runDuration: 'RunDuration',
  outcomeDimension: 'outcome',
} as const;

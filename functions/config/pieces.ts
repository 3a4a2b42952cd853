import { z } from 'zod';
import { DEFAULT_FILE_LIMITS } from '../core/files/limits';
import { CHUNK_QUEUE, CONTROL_TABLE, EMAIL_SENDER, MAX_MESSAGE_BYTES, RECORDS_TABLE, REPORTS_QUEUE, SCHEDULE_GROUP, UPLOAD_BUCKET, UPLOAD_EVENTS_QUEUE } from '../../lib/resources';
import { configPiece, type ConfigOf } from './compose';

/**
 * The shared pieces every function's configuration is built from (function-configs.ts). A variable is required
 * unless it has a true default; only a value that exists in AWS alone (a configuration set, a dead-letter queue,
 * a secret's ARN) is optional, and says so.
 */

const positiveInt = (fallback: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().positive().max(max).default(fallback);
const nonNegativeInt = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);
const httpUrl = () => z.url({ protocol: /^https?$/ });

/** The tables, the bucket and the chunk queue: what every function that builds the common adapters needs. */
export const Storage = configPiece(
  {
    [CONTROL_TABLE.envVar]: z.string().min(1),
    [RECORDS_TABLE.envVar]: z.string().min(1),
    [UPLOAD_BUCKET.envVar]: z.string().min(1),
    [CHUNK_QUEUE.envVar]: z.url(),
    /** Record-writing BatchExecuteStatement calls (up to 25 rows each) in flight per chunk. */
    RECORD_WRITE_CONCURRENCY: positiveInt(8, 64),
    /** Days after which an imported record expires (DynamoDB TTL deletes it); unset keeps records for good. */
    RECORDS_TTL_DAYS: z.coerce.number().int().positive().max(36_500).optional(),
  },
  (values) => ({
    controlTable: values[CONTROL_TABLE.envVar] as string,
    recordsTable: values[RECORDS_TABLE.envVar] as string,
    uploadBucket: values[UPLOAD_BUCKET.envVar] as string,
    chunkQueueUrl: values[CHUNK_QUEUE.envVar] as string,
    recordWriteConcurrency: values.RECORD_WRITE_CONCURRENCY as number,
    /** RECORDS_TTL_DAYS: days an imported record is kept; undefined keeps records for good. */
    recordsTtlDays: values.RECORDS_TTL_DAYS as number | undefined,
  }),
);

/** The splitter sends its continuations of long splits to it; the lease sweeper, upload events to resume a split. */
export const UploadEventsQueue = configPiece({ [UPLOAD_EVENTS_QUEUE.envVar]: z.url() }, (values) => ({
  uploadEventsQueueUrl: values[UPLOAD_EVENTS_QUEUE.envVar] as string,
}));

/** Whoever ends a run asks the report builder, through it, for the run's final reports. */
export const ReportsQueue = configPiece({ [REPORTS_QUEUE.envVar]: z.url() }, (values) => ({
  reportsQueueUrl: values[REPORTS_QUEUE.envVar] as string,
}));

/**
 * Seconds between a run's end and the building of its final reports (the delay of the request; SQS allows up to
 * 900). A dead-lettered chunk salvaged as the run closes writes its failure document just after the run ended.
 */
export const ReportTiming = configPiece({ REPORT_BUILD_DELAY_SECONDS: z.coerce.number().int().min(0).max(900).default(60) }, (values) => ({
  reportBuildDelaySeconds: values.REPORT_BUILD_DELAY_SECONDS,
}));

export const Chunking = configPiece(
  {
    /** Rows per chunk at most. */
    CHUNK_MAX_ROWS: positiveInt(500, 10_000),
    /** Serialised rows per chunk at most; must stay below the queue's message size. */
    CHUNK_MAX_BYTES: positiveInt(200_000, MAX_MESSAGE_BYTES - 16_384),
  },
  (values) => ({ chunkMaxRows: values.CHUNK_MAX_ROWS, chunkMaxBytes: values.CHUNK_MAX_BYTES }),
);

/** A worker's lease on a run lasts this long unless renewed. */
export const Lease = configPiece({ LEASE_SECONDS: positiveInt(600) }, (values) => ({ leaseSeconds: values.LEASE_SECONDS }));

/** What the lease sweeper does with runs whose lease expired. */
export const LeaseSweep = configPiece(
  {
    /** Times the lease sweeper splits a file again after its splitter died, before it interrupts the run. */
    LEASE_MAX_RESUMES: nonNegativeInt(3),
    /** How long after its URL expired a presigned upload may still land (a PUT started just in time). */
    UPLOAD_EXPIRY_GRACE_SECONDS: nonNegativeInt(900),
    /** How long a fully split run may go without a recorded chunk before its chunks count as lost (the chunk queue's retention). */
    LEASE_STALL_SECONDS: positiveInt(CHUNK_QUEUE.retentionDays * 24 * 3600),
  },
  (values) => ({
    leaseMaxResumes: values.LEASE_MAX_RESUMES,
    uploadExpiryGraceSeconds: values.UPLOAD_EXPIRY_GRACE_SECONDS,
    leaseStallSeconds: values.LEASE_STALL_SECONDS,
  }),
);

/** What one upload may be (§4). */
export const UploadLimits = configPiece(
  {
    /** Rows a file may hold (§4). */
    MAX_ROWS_PER_FILE: positiveInt(10_000_000),
    MAX_FILE_NAME_LENGTH: positiveInt(100, 1024),
    /** Bytes one multipart or JSON upload may carry (API Gateway and Lambda take about 6 MB). */
    MAX_UPLOAD_BYTES: positiveInt(6 * 1024 * 1024),
    /** Bytes a file sent through a presigned upload may hold (§4: 3.5 GB). */
    MAX_PRESIGNED_FILE_BYTES: positiveInt(3_500_000_000),
    /** How long a presigned upload URL stays valid. */
    UPLOAD_URL_TTL_SECONDS: positiveInt(3600, 7 * 24 * 3600),
  },
  (values) => ({
    maxRowsPerFile: values.MAX_ROWS_PER_FILE,
    maxFileNameLength: values.MAX_FILE_NAME_LENGTH,
    maxUploadBytes: values.MAX_UPLOAD_BYTES,
    maxPresignedFileBytes: values.MAX_PRESIGNED_FILE_BYTES,
    uploadUrlTtlSeconds: values.UPLOAD_URL_TTL_SECONDS,
  }),
);

/** What a file may hold before the readers stop (functions/core/files/limits.ts). */
export const FileLimits = configPiece(
  {
    /** Columns a CSV header or row may have. */
    MAX_COLUMNS: positiveInt(DEFAULT_FILE_LIMITS.maxColumns, 100_000),
    /** Bytes one CSV record or NDJSON line may take; the readers never hold more of one. */
    MAX_ROW_BYTES: positiveInt(DEFAULT_FILE_LIMITS.maxRowBytes, 64 * 1024 * 1024),
    /** Levels arrays and objects may nest in one JSON item. */
    MAX_JSON_DEPTH: positiveInt(DEFAULT_FILE_LIMITS.maxJsonDepth, 1_000),
  },
  (values) => ({ fileLimits: { maxColumns: values.MAX_COLUMNS, maxRowBytes: values.MAX_ROW_BYTES, maxJsonDepth: values.MAX_JSON_DEPTH } }),
);

/**
 * Seconds the splitter spends on a file per invocation before it checkpoints and continues in another; fractions
 * allowed (tests). The default leaves two minutes of the 15-minute function timeout for the last send.
 */
export const SplitBudget = configPiece(
  {
    SPLIT_TIME_BUDGET_SECONDS: z.coerce
      .number()
      .positive()
      .max(UPLOAD_EVENTS_QUEUE.consumerTimeoutSeconds - 60)
      .default(UPLOAD_EVENTS_QUEUE.consumerTimeoutSeconds - 120),
  },
  (values) => ({ splitTimeBudgetSeconds: values.SPLIT_TIME_BUDGET_SECONDS }),
);

/** Reruns of an import job's run that ended failed or halted (§7). */
export const RunRetry = configPiece(
  {
    /** Reruns; 0 turns reruns off. */
    RUN_RETRY_COUNT: z.coerce.number().int().min(0).max(100).default(5),
    /** Seconds between a failed or halted run and its rerun. */
    RUN_RETRY_INTERVAL_SECONDS: positiveInt(900, 7 * 24 * 3600),
  },
  (values) => ({ runRetryCount: values.RUN_RETRY_COUNT, runRetryIntervalSeconds: values.RUN_RETRY_INTERVAL_SECONDS }),
);

/** Rows a namespace may import in a calendar month (UTC) unless a limit was set for it (§9). */
export const Quota = configPiece({ MONTHLY_ROW_LIMIT: positiveInt(10_000_000) }, (values) => ({ monthlyRowLimit: values.MONTHLY_ROW_LIMIT }));

export interface SchedulingConfig {
  readonly groupName: string;
  readonly targetArn: string;
  readonly roleArn: string;
  /** Every schedule's DeadLetterConfig; absent locally, where the stand-in has nowhere to send. */
  readonly deadLetterArn?: string;
}

/**
 * What a function that creates schedules needs (EventBridge Scheduler): the group its schedules live in, the
 * function they invoke and the role Scheduler assumes to invoke it.
 */
export const Scheduling = configPiece(
  {
    [SCHEDULE_GROUP.envVar]: z.string().regex(/^[0-9a-zA-Z._-]{1,64}$/, 'a schedule group name: 1-64 of 0-9 a-z A-Z . _ -'),
    [SCHEDULE_GROUP.targetArnEnvVar]: z.string().regex(/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[\w-]+(:[\w$-]+)?$/, 'a Lambda function ARN'),
    [SCHEDULE_GROUP.roleArnEnvVar]: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'an IAM role ARN'),
    /** Optional: the local stand-in has no dead-letter queue. */
    [SCHEDULE_GROUP.deadLetterArnEnvVar]: z.string().regex(/^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[\w-]+$/, 'an SQS queue ARN').optional(),
  },
  (values): { scheduling: SchedulingConfig } => ({
    scheduling: {
      groupName: values[SCHEDULE_GROUP.envVar] as string,
      targetArn: values[SCHEDULE_GROUP.targetArnEnvVar] as string,
      roleArn: values[SCHEDULE_GROUP.roleArnEnvVar] as string,
      deadLetterArn: values[SCHEDULE_GROUP.deadLetterArnEnvVar] as string | undefined,
    },
  }),
);

export interface MailConfig {
  readonly fromAddress: string;
  /** Absent locally: the SES emulator has no configuration sets. */
  readonly configurationSetName?: string;
}

/** What a function that sends email needs: the sender, an address of the stack's verified SES identity. */
export const Mail = configPiece(
  {
    [EMAIL_SENDER.envVar]: z.email(),
    /** Optional: the SES emulator has no configuration sets. */
    [EMAIL_SENDER.configurationSetEnvVar]: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an SES configuration set name').optional(),
  },
  (values): { mail: MailConfig } => ({
    mail: {
      fromAddress: values[EMAIL_SENDER.envVar] as string,
      configurationSetName: values[EMAIL_SENDER.configurationSetEnvVar] as string | undefined,
    },
  }),
);

/** `npm start`'s own address with its default PORT: what links say when nothing else was set. */
export const DEFAULT_PUBLIC_BASE_URL = 'http://localhost:3000';

const baseUrl = () => httpUrl().refine((value) => !value.includes('?') && !value.includes('#'), 'a base URL without query or fragment');

/**
 * PUBLIC_BASE_URL: where people reach the service (the dashboard at `/`), for the absolute links in emails. The
 * deployed stack sets it (the API's URL, or the stack's `publicBaseUrl` prop for a custom domain) on the functions
 * that send email. Unset, the local stack's own URL (LOCAL_STACK_URL, which `npm start` sets), else the default.
 */
export const Links = configPiece({ PUBLIC_BASE_URL: baseUrl().optional(), LOCAL_STACK_URL: baseUrl().optional() }, (values) => ({
  publicBaseUrl: values.PUBLIC_BASE_URL ?? values.LOCAL_STACK_URL ?? DEFAULT_PUBLIC_BASE_URL,
}));

export interface SessionConfig {
  /** The secret, or where to fetch it. */
  readonly secret: { readonly value: string } | { readonly arn: string };
  readonly ttlSeconds: number;
  /** Origin of PUBLIC_BASE_URL; undefined: the request's own origin. */
  readonly publicOrigin?: string;
}

/**
 * Dashboard sessions (issue 11): the secret their cookies are sealed with, how long one lasts, and the dashboard's
 * public address. Every function that accepts the session cookie reads it at cold start.
 */
export const Session = configPiece(
  {
    /** The secret itself (the local stack generates one per start). At least 32 characters. */
    SESSION_SECRET: z.string().min(32, 'at least 32 characters').optional(),
    /** Or the Secrets Manager secret holding it (in AWS), read once per cold start. */
    SESSION_SECRET_ARN: z
      .string()
      .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/, 'a Secrets Manager secret ARN')
      .optional(),
    /** A session ends this long after sign-in (8 hours). */
    SESSION_TTL_SECONDS: z.coerce.number().int().min(1).max(7 * 24 * 3600).default(8 * 3600),
    /** The dashboard's own origin (`https://imports.example.com`) when it is not the request's (a CDN in front). */
    PUBLIC_BASE_URL: httpUrl().optional(),
  },
  (values): { session: SessionConfig } => ({
    session: {
      secret: values.SESSION_SECRET !== undefined ? { value: values.SESSION_SECRET } : { arn: values.SESSION_SECRET_ARN as string },
      ttlSeconds: values.SESSION_TTL_SECONDS,
      ...(values.PUBLIC_BASE_URL ? { publicOrigin: new URL(values.PUBLIC_BASE_URL).origin } : {}),
    },
  }),
  (values) =>
    values.SESSION_SECRET === undefined && values.SESSION_SECRET_ARN === undefined
      ? [{ variable: 'SESSION_SECRET', message: 'required (or SESSION_SECRET_ARN)' }]
      : [],
);

/** Where the dashboard function finds the build it serves (web/build.ts's output); unset, the bundle's own. */
export const Dashboard = configPiece({ DASHBOARD_DIR: z.string().min(1).optional() }, (values) => ({ dashboardDir: values.DASHBOARD_DIR }));

/**
 * Where presigned upload URLs point: the page PUTs large files there, so the dashboard's Content-Security-Policy
 * must name it in connect-src. Locally the S3 endpoint (AWS_ENDPOINT_URL_S3); in AWS the bucket's regional
 * virtual-hosted address, which is how the SDK presigns for a bucket name like the stack's.
 */
export const UploadStorageOrigin = configPiece(
  {
    AWS_ENDPOINT_URL_S3: httpUrl().optional(),
    [UPLOAD_BUCKET.envVar]: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/).optional(),
    AWS_REGION: z.string().regex(/^[a-z0-9-]+$/).optional(),
  },
  (values) => {
    const bucket = values[UPLOAD_BUCKET.envVar] as string | undefined;
    const endpoint = values.AWS_ENDPOINT_URL_S3;
    const storageOrigin = endpoint ? new URL(endpoint).origin : bucket && values.AWS_REGION ? `https://${bucket}.s3.${values.AWS_REGION}.amazonaws.com` : undefined;
    return { storageOrigin };
  },
);

/**
 * What every function that can end a run needs for the run policy: reruns (§7), the emails (§10) and their links,
 * and the request for the run's final reports (§8).
 */
export const RUN_ENDED = [RunRetry, Scheduling, Mail, Links, ReportsQueue, ReportTiming] as const;

/** What the common adapters are built from (functions/handlers/dependencies.ts). */
export type StorageConfig = ReturnType<typeof Storage.read>;
export type UploadLimitsConfig = ReturnType<typeof UploadLimits.read>;
/** What the run policy is built from (functions/handlers/run-policy*.ts). */
export type RunEndedConfig = StorageConfig & ConfigOf<typeof RUN_ENDED>;
/** What import jobs' schedules and alerts are built from, without the run's end (the import jobs function). */
export type ImportJobAlertsConfig = StorageConfig & ConfigOf<[typeof Scheduling, typeof Mail, typeof Links]>;

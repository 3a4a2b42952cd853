import { z } from 'zod';
import { DEFAULT_FILE_LIMITS, type FileLimits } from './core/files/limits';
import { CHUNK_QUEUE, CONTROL_TABLE, EMAIL_SENDER, MAX_MESSAGE_BYTES, RECORDS_TABLE, REPORTS_QUEUE, SCHEDULE_GROUP, UPLOAD_BUCKET, UPLOAD_EVENTS_QUEUE } from '../lib/resources';

const positiveInt = (fallback: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().positive().max(max).default(fallback);

/**
 * Every setting a handler reads, validated once at cold start. A missing or bad value stops the function there,
 * with the variable's name, instead of failing on the first request.
 */
const ResourceNames = z.object({
  [CONTROL_TABLE.envVar]: z.string().min(1),
  [RECORDS_TABLE.envVar]: z.string().min(1),
  [UPLOAD_BUCKET.envVar]: z.string().min(1),
  [CHUNK_QUEUE.envVar]: z.url(),
  /** The splitter sends its continuations of long splits to it; the lease sweeper, upload events to resume a split. */
  [UPLOAD_EVENTS_QUEUE.envVar]: z.url().optional(),
  /** Whoever ends a run asks the report builder, through it, for the run's final reports; without it nobody does. */
  [REPORTS_QUEUE.envVar]: z.url().optional(),
});

const nonNegativeInt = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

const Tuning = z.object({
  /** Rows per chunk at most. */
  CHUNK_MAX_ROWS: positiveInt(500, 10_000),
  /** Serialised rows per chunk at most; must stay below the queue's message size. */
  CHUNK_MAX_BYTES: positiveInt(200_000, MAX_MESSAGE_BYTES - 16_384),
  /** A worker's lease on a run lasts this long unless renewed. */
  LEASE_SECONDS: positiveInt(600),
  /** Rows a file may hold (§4). */
  MAX_ROWS_PER_FILE: positiveInt(10_000_000),
  MAX_FILE_NAME_LENGTH: positiveInt(100, 1024),
  /** Bytes one multipart or JSON upload may carry (API Gateway and Lambda take about 6 MB). */
  MAX_UPLOAD_BYTES: positiveInt(6 * 1024 * 1024),
  /** Bytes a file sent through a presigned upload may hold (§4: 3.5 GB). */
  MAX_PRESIGNED_FILE_BYTES: positiveInt(3_500_000_000),
  /** How long a presigned upload URL stays valid. */
  UPLOAD_URL_TTL_SECONDS: positiveInt(3600, 7 * 24 * 3600),
  /** Record-writing BatchExecuteStatement calls (up to 25 rows each) in flight per chunk. */
  RECORD_WRITE_CONCURRENCY: positiveInt(8, 64),
  /** Reruns of an import job's run that ended failed or halted (§7); 0 turns reruns off. */
  RUN_RETRY_COUNT: z.coerce.number().int().min(0).max(100).default(5),
  /** Seconds between a failed or halted run and its rerun (§7). */
  RUN_RETRY_INTERVAL_SECONDS: positiveInt(900, 7 * 24 * 3600),
  /** Rows a namespace may import in a calendar month (UTC) unless a limit was set for it (§9). */
  MONTHLY_ROW_LIMIT: positiveInt(10_000_000),
  /** Times the lease sweeper splits a file again after its splitter died, before it interrupts the run. */
  LEASE_MAX_RESUMES: nonNegativeInt(3),
  /** How long after its URL expired a presigned upload may still land (a PUT started just in time). */
  UPLOAD_EXPIRY_GRACE_SECONDS: nonNegativeInt(900),
  /** How long a fully split run may go without a recorded chunk before its chunks count as lost (the chunk queue's retention). */
  LEASE_STALL_SECONDS: positiveInt(CHUNK_QUEUE.retentionDays * 24 * 3600),
  /**
   * Seconds the splitter spends on a file per invocation before it checkpoints and continues in another; fractions
   * allowed (tests). The default leaves two minutes of the 15-minute function timeout for the last send.
   */
  SPLIT_TIME_BUDGET_SECONDS: z.coerce
    .number()
    .positive()
    .max(UPLOAD_EVENTS_QUEUE.consumerTimeoutSeconds - 60)
    .default(UPLOAD_EVENTS_QUEUE.consumerTimeoutSeconds - 120),
  /**
   * Seconds between a run's end and the building of its final reports (the delay of the request; SQS allows up to
   * 900). A dead-lettered chunk salvaged as the run closes writes its failure document just after the run ended.
   */
  REPORT_BUILD_DELAY_SECONDS: z.coerce.number().int().min(0).max(900).default(60),
  /** Columns a CSV header or row may have (functions/core/files/limits.ts). */
  MAX_COLUMNS: positiveInt(DEFAULT_FILE_LIMITS.maxColumns, 100_000),
  /** Bytes one CSV record or NDJSON line may take; the readers never hold more of one. */
  MAX_ROW_BYTES: positiveInt(DEFAULT_FILE_LIMITS.maxRowBytes, 64 * 1024 * 1024),
  /** Levels arrays and objects may nest in one JSON item. */
  MAX_JSON_DEPTH: positiveInt(DEFAULT_FILE_LIMITS.maxJsonDepth, 1_000),
  /** Days after which an imported record expires (DynamoDB TTL deletes it); unset keeps records for good. */
  RECORDS_TTL_DAYS: z.coerce.number().int().positive().max(36_500).optional(),
});

export interface Config {
  readonly controlTable: string;
  readonly recordsTable: string;
  readonly uploadBucket: string;
  readonly chunkQueueUrl: string;
  readonly uploadEventsQueueUrl: string | undefined;
  readonly reportsQueueUrl: string | undefined;
  readonly chunkMaxRows: number;
  readonly chunkMaxBytes: number;
  readonly leaseSeconds: number;
  readonly maxRowsPerFile: number;
  readonly maxFileNameLength: number;
  readonly maxUploadBytes: number;
  readonly maxPresignedFileBytes: number;
  readonly uploadUrlTtlSeconds: number;
  readonly recordWriteConcurrency: number;
  readonly runRetryCount: number;
  readonly runRetryIntervalSeconds: number;
  readonly monthlyRowLimit: number;
  readonly leaseMaxResumes: number;
  readonly uploadExpiryGraceSeconds: number;
  readonly leaseStallSeconds: number;
  readonly splitTimeBudgetSeconds: number;
  readonly reportBuildDelaySeconds: number;
  /** What a file may hold before the readers stop (MAX_COLUMNS, MAX_ROW_BYTES, MAX_JSON_DEPTH). */
  readonly fileLimits: FileLimits;
  /** RECORDS_TTL_DAYS: days an imported record is kept; undefined keeps records for good. */
  readonly recordsTtlDays?: number;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const names = ResourceNames.safeParse(env);
  const tuning = Tuning.safeParse(env);
  if (!names.success || !tuning.success) {
    const issues = [...(names.error?.issues ?? []), ...(tuning.error?.issues ?? [])];
    const problems = issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const n = names.data;
  const c = tuning.data;
  return {
    controlTable: n[CONTROL_TABLE.envVar] as string,
    recordsTable: n[RECORDS_TABLE.envVar] as string,
    uploadBucket: n[UPLOAD_BUCKET.envVar] as string,
    chunkQueueUrl: n[CHUNK_QUEUE.envVar] as string,
    uploadEventsQueueUrl: n[UPLOAD_EVENTS_QUEUE.envVar],
    reportsQueueUrl: n[REPORTS_QUEUE.envVar],
    chunkMaxRows: c.CHUNK_MAX_ROWS,
    chunkMaxBytes: c.CHUNK_MAX_BYTES,
    leaseSeconds: c.LEASE_SECONDS,
    maxRowsPerFile: c.MAX_ROWS_PER_FILE,
    maxFileNameLength: c.MAX_FILE_NAME_LENGTH,
    maxUploadBytes: c.MAX_UPLOAD_BYTES,
    maxPresignedFileBytes: c.MAX_PRESIGNED_FILE_BYTES,
    uploadUrlTtlSeconds: c.UPLOAD_URL_TTL_SECONDS,
    recordWriteConcurrency: c.RECORD_WRITE_CONCURRENCY,
    runRetryCount: c.RUN_RETRY_COUNT,
    runRetryIntervalSeconds: c.RUN_RETRY_INTERVAL_SECONDS,
    monthlyRowLimit: c.MONTHLY_ROW_LIMIT,
    leaseMaxResumes: c.LEASE_MAX_RESUMES,
    uploadExpiryGraceSeconds: c.UPLOAD_EXPIRY_GRACE_SECONDS,
    leaseStallSeconds: c.LEASE_STALL_SECONDS,
    splitTimeBudgetSeconds: c.SPLIT_TIME_BUDGET_SECONDS,
    reportBuildDelaySeconds: c.REPORT_BUILD_DELAY_SECONDS,
    fileLimits: { maxColumns: c.MAX_COLUMNS, maxRowBytes: c.MAX_ROW_BYTES, maxJsonDepth: c.MAX_JSON_DEPTH },
    recordsTtlDays: c.RECORDS_TTL_DAYS,
  };
}

/**
 * What a function that creates schedules needs (EventBridge Scheduler): the group its schedules live in, the
 * function they invoke and the role Scheduler assumes to invoke it. Only those functions read it.
 */
const SchedulingSettings = z.object({
  [SCHEDULE_GROUP.envVar]: z.string().regex(/^[0-9a-zA-Z._-]{1,64}$/, 'a schedule group name: 1-64 of 0-9 a-z A-Z . _ -'),
  [SCHEDULE_GROUP.targetArnEnvVar]: z.string().regex(/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[\w-]+(:[\w$-]+)?$/, 'a Lambda function ARN'),
  [SCHEDULE_GROUP.roleArnEnvVar]: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, 'an IAM role ARN'),
  [SCHEDULE_GROUP.deadLetterArnEnvVar]: z.string().regex(/^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[\w-]+$/, 'an SQS queue ARN').optional(),
});

export interface SchedulingConfig {
  readonly groupName: string;
  readonly targetArn: string;
  readonly roleArn: string;
  /** Every schedule's DeadLetterConfig; absent locally, where the stand-in has nowhere to send. */
  readonly deadLetterArn?: string;
}

export function loadSchedulingConfig(env: NodeJS.ProcessEnv = process.env): SchedulingConfig {
  const parsed = SchedulingSettings.safeParse(env);
  if (!parsed.success) throw configError(parsed.error.issues);
  return {
    groupName: parsed.data[SCHEDULE_GROUP.envVar] as string,
    targetArn: parsed.data[SCHEDULE_GROUP.targetArnEnvVar] as string,
    roleArn: parsed.data[SCHEDULE_GROUP.roleArnEnvVar] as string,
    deadLetterArn: parsed.data[SCHEDULE_GROUP.deadLetterArnEnvVar] as string | undefined,
  };
}

/** What a function that sends email needs: the sender, an address of the stack's verified SES identity. */
const MailSettings = z.object({
  [EMAIL_SENDER.envVar]: z.email(),
  [EMAIL_SENDER.configurationSetEnvVar]: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an SES configuration set name').optional(),
});

export interface MailConfig {
  readonly fromAddress: string;
  /** Absent locally: the SES emulator has no configuration sets. */
  readonly configurationSetName?: string;
}

export function loadMailConfig(env: NodeJS.ProcessEnv = process.env): MailConfig {
  const parsed = MailSettings.safeParse(env);
  if (!parsed.success) throw configError(parsed.error.issues);
  return {
    fromAddress: parsed.data[EMAIL_SENDER.envVar] as string,
    configurationSetName: parsed.data[EMAIL_SENDER.configurationSetEnvVar] as string | undefined,
  };
}

function configError(issues: readonly z.core.$ZodIssue[]): ConfigError {
  const problems = issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  return new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}

/** `npm start`'s own address with its default PORT: what links say when nothing else was set. */
export const DEFAULT_PUBLIC_BASE_URL = 'http://localhost:3000';

/**
 * PUBLIC_BASE_URL: where people reach the service (the dashboard at `/`), for the absolute links in emails. The
 * deployed stack sets it (the API's URL, or the stack's `publicBaseUrl` prop for a custom domain) on the functions
 * that send email. Unset, the local stack's own URL (LOCAL_STACK_URL, which `npm start` sets), else the default.
 */
const PublicSettings = z.object({
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .refine((value) => !value.includes('?') && !value.includes('#'), 'a base URL without query or fragment')
    .default(DEFAULT_PUBLIC_BASE_URL),
});

export function loadPublicBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const parsed = PublicSettings.safeParse({ PUBLIC_BASE_URL: env.PUBLIC_BASE_URL || env.LOCAL_STACK_URL || undefined });
  if (!parsed.success) throw configError(parsed.error.issues);
  return parsed.data.PUBLIC_BASE_URL;
}

/**
 * Dashboard sessions (issue 11): the secret their cookies are sealed with, how long one lasts, and the dashboard's
 * public address. Every function that accepts the session cookie reads it at cold start.
 */
const SessionSettings = z
  .object({
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
    PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  })
  .refine((settings) => settings.SESSION_SECRET !== undefined || settings.SESSION_SECRET_ARN !== undefined, {
    path: ['SESSION_SECRET'],
    message: 'required (or SESSION_SECRET_ARN)',
  });

export interface SessionConfig {
  /** The secret, or where to fetch it. */
  readonly secret: { readonly value: string } | { readonly arn: string };
  readonly ttlSeconds: number;
  /** Origin of PUBLIC_BASE_URL; undefined: the request's own origin. */
  readonly publicOrigin?: string;
}

export function loadSessionConfig(env: NodeJS.ProcessEnv = process.env): SessionConfig {
  const blankIsUnset = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = SessionSettings.safeParse(blankIsUnset);
  if (!parsed.success) throw configError(parsed.error.issues);
  const settings = parsed.data;
  return {
    secret: settings.SESSION_SECRET !== undefined ? { value: settings.SESSION_SECRET } : { arn: settings.SESSION_SECRET_ARN as string },
    ttlSeconds: settings.SESSION_TTL_SECONDS,
    ...(settings.PUBLIC_BASE_URL ? { publicOrigin: new URL(settings.PUBLIC_BASE_URL).origin } : {}),
  };
}

/** Where the dashboard function finds the build it serves (web/build.ts's output). */
const DashboardSettings = z.object({ DASHBOARD_DIR: z.string().min(1).optional() });

export function loadDashboardDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const parsed = DashboardSettings.safeParse(env);
  if (!parsed.success) throw configError(parsed.error.issues);
  return parsed.data.DASHBOARD_DIR;
}

/**
 * Where presigned upload URLs point: the page PUTs large files there, so the dashboard's Content-Security-Policy
 * must name it in connect-src. Locally the S3 endpoint (AWS_ENDPOINT_URL_S3); in AWS the bucket's regional
 * virtual-hosted address, which is how the SDK presigns for a bucket name like the stack's.
 */
const StorageSettings = z.object({
  AWS_ENDPOINT_URL_S3: z.url({ protocol: /^https?$/ }).optional(),
  [UPLOAD_BUCKET.envVar]: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/).optional(),
  AWS_REGION: z.string().regex(/^[a-z0-9-]+$/).optional(),
});

export function loadUploadStorageOrigin(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const blankIsUnset = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = StorageSettings.safeParse(blankIsUnset);
  if (!parsed.success) throw configError(parsed.error.issues);
  const settings = parsed.data as Record<string, string | undefined>;
  if (settings.AWS_ENDPOINT_URL_S3) return new URL(settings.AWS_ENDPOINT_URL_S3).origin;
  const bucket = settings[UPLOAD_BUCKET.envVar];
  return bucket && settings.AWS_REGION ? `https://${bucket}.s3.${settings.AWS_REGION}.amazonaws.com` : undefined;
}

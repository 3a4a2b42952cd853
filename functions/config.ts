import { z } from 'zod';
import { CHUNK_QUEUE, CONTROL_TABLE, MAX_MESSAGE_BYTES, RECORDS_TABLE, UPLOAD_BUCKET, UPLOAD_EVENTS_QUEUE } from '../lib/resources';

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
  /** Only the splitter sends to it (continuations of long splits); it says so when the name is missing. */
  [UPLOAD_EVENTS_QUEUE.envVar]: z.url().optional(),
});

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
  /** Record-writing transactions (up to 100 rows each) in flight per chunk. */
  RECORD_WRITE_CONCURRENCY: positiveInt(4, 64),
  /**
   * Seconds the splitter spends on a file per invocation before it checkpoints and continues in another; fractions
   * allowed (tests). The default leaves two minutes of the 15-minute function timeout for the last send.
   */
  SPLIT_TIME_BUDGET_SECONDS: z.coerce
    .number()
    .positive()
    .max(UPLOAD_EVENTS_QUEUE.consumerTimeoutSeconds - 60)
    .default(UPLOAD_EVENTS_QUEUE.consumerTimeoutSeconds - 120),
});

export interface Config {
  readonly controlTable: string;
  readonly recordsTable: string;
  readonly uploadBucket: string;
  readonly chunkQueueUrl: string;
  readonly uploadEventsQueueUrl: string | undefined;
  readonly chunkMaxRows: number;
  readonly chunkMaxBytes: number;
  readonly leaseSeconds: number;
  readonly maxRowsPerFile: number;
  readonly maxFileNameLength: number;
  readonly maxUploadBytes: number;
  readonly maxPresignedFileBytes: number;
  readonly uploadUrlTtlSeconds: number;
  readonly recordWriteConcurrency: number;
  readonly splitTimeBudgetSeconds: number;
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
    chunkMaxRows: c.CHUNK_MAX_ROWS,
    chunkMaxBytes: c.CHUNK_MAX_BYTES,
    leaseSeconds: c.LEASE_SECONDS,
    maxRowsPerFile: c.MAX_ROWS_PER_FILE,
    maxFileNameLength: c.MAX_FILE_NAME_LENGTH,
    maxUploadBytes: c.MAX_UPLOAD_BYTES,
    maxPresignedFileBytes: c.MAX_PRESIGNED_FILE_BYTES,
    uploadUrlTtlSeconds: c.UPLOAD_URL_TTL_SECONDS,
    recordWriteConcurrency: c.RECORD_WRITE_CONCURRENCY,
    splitTimeBudgetSeconds: c.SPLIT_TIME_BUDGET_SECONDS,
  };
}

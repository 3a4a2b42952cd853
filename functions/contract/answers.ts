import { z } from 'zod';
import { CONTROL_ACTIONS } from '../core/control/control-rules';
import { ENCODINGS, ROW_DELIMITERS } from '../core/files/format';
import { IMPORT_JOB_STATUSES, NOTIFICATION_EVENTS } from '../core/import-jobs/import-job';
import { JOB_KINDS } from '../core/kinds';
import { MAPPING_TARGETS } from '../core/mappings/mapping';
import { RUN_STATES, RUN_PHASES } from '../core/runs/run';

/**
 * The bodies the API answers with (§3–§9), as zod schemas: the route table names them per status, the OpenAPI
 * document is generated from them, and the end-to-end tests validate every real answer against them. Objects are
 * open (a field added later does not break a client), but every field listed is required with its type.
 * `id` registers a schema as a named component of the OpenAPI document.
 */

const timestamp = z.string().meta({ format: 'date-time', example: '2026-11-25T10:00:00.000Z' });
const jobKind = z.enum(JOB_KINDS).meta({ id: 'JobKind' });
const jobStatus = z.enum(RUN_STATES).meta({ id: 'JobStatus' });
const runStatus = z.enum(RUN_PHASES).meta({ id: 'RunStatus' });

/** §3: every error answer. */
export const ErrorBody = z
  .object({
    success: z.literal(false),
    error: z.object({
      code: z.string().meta({ description: 'Stable, for programs to branch on', example: 'NOT_FOUND' }),
      message: z.string().meta({ description: 'For people', example: 'Job not found' }),
      details: z.unknown().optional(),
    }),
  })
  .meta({
    id: 'ErrorBody',
    example: { success: false, error: { code: 'NOT_FOUND', message: 'Job not found' } },
  });

export const JobFailure = z
  .object({ code: z.string(), message: z.string(), details: z.unknown().optional() })
  .meta({ id: 'JobFailure', example: { code: 'MISSING_REQUIRED_COLUMNS', message: 'The file has no column for amount' } });

/** §6: a batch job (run) as the status body, the history and control show it. */
export const Job = z
  .object({
    jobId: z.string(),
    kind: jobKind,
    status: jobStatus,
    totalItems: z.number().int().nullable(),
    succeeded: z.number().int().nullable(),
    failed: z.number().int().nullable(),
    skipped: z.number().int().nullable(),
    heartbeatAt: timestamp.nullable(),
    leaseExpiresAt: timestamp.nullable(),
    workerError: z.string().nullable(),
    createdAt: timestamp,
    completedAt: timestamp.nullable(),
    metadata: z.record(z.string(), z.unknown()).nullable(),
    jobFailure: JobFailure.nullable().optional(),
    runStatus,
    importJobId: z.string().nullable(),
    attempt: z.number().int(),
    namespace: z.string(),
    progress: z.object({
      processed: z.number().int(),
      percent: z.number().nullable(),
      rowsPerSecond: z.number().nullable(),
      etaSeconds: z.number().nullable(),
    }),
  })
  .meta({
    id: 'Job',
    example: {
      jobId: '6f1c2b9e-6a7d-4d1e-9a51-2f0b7c0f4a11',
      kind: 'transaction_batch',
      status: 'completed',
      totalItems: 3,
      succeeded: 2,
      failed: 1,
      skipped: 0,
      heartbeatAt: '2026-11-25T10:00:02.000Z',
      leaseExpiresAt: null,
      workerError: null,
      createdAt: '2026-11-25T10:00:00.000Z',
      completedAt: '2026-11-25T10:00:02.500Z',
      metadata: { fileName: 'transactions.csv', unprocessed: 0 },
      jobFailure: null,
      runStatus: 'partially_completed',
      importJobId: null,
      attempt: 1,
      namespace: 'default',
      progress: { processed: 3, percent: 100, rowsPerSecond: 1200, etaSeconds: 0 },
    },
  });

export const JobBody = z.object({ success: z.literal(true), job: Job }).meta({ id: 'JobBody' });

export const JobHistoryPage = z
  .object({ success: z.literal(true), jobs: z.array(Job), nextCursor: z.string().nullable() })
  .meta({ id: 'JobHistoryPage' });

/** §4: an upload was accepted; nothing is processed yet. */
export const UploadAccepted = z
  .object({ success: z.literal(true), jobId: z.string(), kind: jobKind, status: z.literal('queued') })
  .meta({
    id: 'UploadAccepted',
    example: { success: true, jobId: '6f1c2b9e-6a7d-4d1e-9a51-2f0b7c0f4a11', kind: 'transaction_batch', status: 'queued' },
  });

export const RetryAccepted = UploadAccepted.extend({ retryOf: z.string() }).meta({ id: 'RetryAccepted' });

const presignedPut = {
  uploadUrl: z.string().meta({ format: 'uri' }),
  uploadMethod: z.literal('PUT'),
  uploadHeaders: z.record(z.string(), z.string()),
  expiresAt: timestamp,
};

/** §4 large files: a presigned PUT. */
export const PresignedUpload = z
  .object({ success: z.literal(true), jobId: z.string(), kind: jobKind, status: z.literal('queued'), ...presignedPut })
  .meta({
    id: 'PresignedUpload',
    example: {
      success: true,
      jobId: '0b8e1f7c-3c55-4c1f-8a0e-4b2f8f6f9d21',
      kind: 'transaction_batch',
      status: 'queued',
      uploadUrl: 'https://bucket.s3.amazonaws.com/uploads/…?X-Amz-Signature=…',
      uploadMethod: 'PUT',
      uploadHeaders: { 'content-type': 'text/csv' },
      expiresAt: '2026-11-25T11:00:00.000Z',
    },
  });

/** §7: a presigned PUT into an import job's drop prefix. */
export const DropFileUpload = z
  .object({ success: z.literal(true), key: z.string(), ...presignedPut })
  .meta({ id: 'DropFileUpload' });

const failureBase = {
  code: z.string(),
  message: z.string(),
  rowNumber: z.number().int(),
  field: z.string().optional(),
  value: z.string().optional().meta({ description: 'The offending value, where there is one (at most 200 characters)' }),
};

export const TransactionFailureItem = z
  .object({ externalId: z.string().nullable(), ...failureBase })
  .meta({ id: 'TransactionFailureItem' });
export const UserEventFailureItem = z
  .object({ rowKey: z.string().meta({ example: 'row_5' }), ...failureBase })
  .meta({ id: 'UserEventFailureItem' });
export const EntityFailureItem = z
  .object({ taxId: z.string().nullable(), type: z.string().nullable(), outcome: z.literal('failed'), ...failureBase })
  .meta({ id: 'EntityFailureItem' });
export const EntitySkipItem = z
  .object({ taxId: z.string().nullable(), type: z.string().nullable(), outcome: z.literal('skipped_existing'), code: z.string() })
  .meta({ id: 'EntitySkipItem' });

const failuresBase = {
  success: z.literal(true),
  jobId: z.string(),
  status: jobStatus,
  totalItems: z.number().int().nullable(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  jobFailure: JobFailure.optional(),
  truncated: z.boolean().meta({ description: 'More failures than listed (at most 500): failures.csv has them all' }),
  failuresTotal: z.number().int(),
};

/** §8: each kind's failures body. */
export const TransactionFailures = z
  .object({ ...failuresBase, kind: z.literal('transaction_batch'), failures: z.array(TransactionFailureItem) })
  .meta({
    id: 'TransactionFailures',
    example: {
      success: true,
      jobId: '6f1c2b9e-6a7d-4d1e-9a51-2f0b7c0f4a11',
      kind: 'transaction_batch',
      status: 'completed',
      totalItems: 3,
      succeeded: 2,
      failed: 1,
      skipped: 0,
      failures: [{ externalId: 'tx-2', code: 'VALIDATION_ERROR', message: 'amount must be a decimal number', rowNumber: 3, field: 'amount' }],
      truncated: false,
      failuresTotal: 1,
    },
  });
export const UserEventFailures = z
  .object({ ...failuresBase, kind: z.literal('user_event_batch'), failures: z.array(UserEventFailureItem) })
  .meta({ id: 'UserEventFailures' });
export const EntityFailures = z
  .object({
    ...failuresBase,
    kind: z.literal('entity_automatic'),
    failures: z.array(EntityFailureItem),
    skips: z.array(EntitySkipItem),
    skipsTotal: z.number().int(),
  })
  .meta({ id: 'EntityFailures' });
/** `GET /jobs/{jobId}?include=failures` answers the failures body of the job's own kind. */
export const AnyFailures = z.union([TransactionFailures, UserEventFailures, EntityFailures]).meta({ id: 'Failures' });

export const ControlBody = z
  .object({
    kind: jobKind.optional().meta({ description: 'When given, the job must be of this kind' }),
    action: z.enum(CONTROL_ACTIONS),
  })
  .meta({ id: 'ControlRequest', example: { action: 'pause' } });

const schedule = z
  .union([
    z.object({ type: z.literal('once'), at: z.string(), timezone: z.string().optional() }),
    z.object({ type: z.literal('recurring'), expression: z.string(), timezone: z.string() }),
  ])
  .meta({ id: 'Schedule' });

/** §7: an import job (definition). */
export const ImportJob = z
  .object({
    id: z.string(),
    status: z.enum(IMPORT_JOB_STATUSES),
    name: z.string(),
    kind: jobKind,
    namespace: z.string(),
    mappingId: z.string().nullable(),
    columnMapping: z.record(z.string(), z.string()).nullable(),
    format: z.object({ encoding: z.enum(ENCODINGS), columnDelimiter: z.string().nullable(), rowDelimiter: z.enum(ROW_DELIMITERS) }),
    source: z.object({ bucket: z.string(), prefix: z.string(), filenamePattern: z.string(), maxFileAgeHours: z.number().nullable() }),
    schedule,
    notifications: z.object({ emails: z.array(z.string()), events: z.array(z.enum(NOTIFICATION_EVENTS)) }),
    statusReason: z.string().nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({
    id: 'ImportJob',
    example: {
      id: 'b7d1c0de-2f4a-4e8b-9c3d-5a6b7c8d9e0f',
      status: 'draft',
      name: 'Nightly transactions',
      kind: 'transaction_batch',
      namespace: 'default',
      mappingId: null,
      columnMapping: { Ref: 'externalId', Amount: 'amount', Currency: 'currency', Date: 'occurredAt' },
      format: { encoding: 'utf-8', columnDelimiter: ',', rowDelimiter: 'auto' },
      source: { bucket: 'batch-import-uploads', prefix: 'drops/org/b7d1c0de-2f4a-4e8b-9c3d-5a6b7c8d9e0f/', filenamePattern: 'tx-*.csv', maxFileAgeHours: 24 },
      schedule: { type: 'recurring', expression: 'cron(0 6 * * ? *)', timezone: 'Europe/Paris' },
      notifications: { emails: ['ops@example.com'], events: [] },
      statusReason: null,
      createdAt: '2026-11-25T10:00:00.000Z',
      updatedAt: '2026-11-25T10:00:00.000Z',
    },
  });

export const ImportJobBody = z.object({ success: z.literal(true), importJob: ImportJob }).meta({ id: 'ImportJobBody' });

const LastRun = z.object({ jobId: z.string(), runStatus, createdAt: timestamp, failureReason: z.string().nullable() });

export const ImportJobPage = z
  .object({
    success: z.literal(true),
    importJobs: z.array(ImportJob.extend({ lastRuns: z.array(LastRun).meta({ description: 'The last 5 runs, newest first' }) })),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'ImportJobPage' });

/** §7: one row of an import job's run history. */
export const ImportJobRun = z
  .object({
    jobId: z.string(),
    status: jobStatus,
    runStatus,
    attempt: z.number().int(),
    totalItems: z.number().int().nullable(),
    succeeded: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int(),
    failedPercent: z.number().nullable(),
    createdAt: timestamp,
    startedAt: timestamp.nullable(),
    completedAt: timestamp.nullable(),
    failureReason: z.string().nullable(),
    failureCode: z.string().nullable(),
    failuresUrl: z.string().nullable().meta({ description: 'The failures download, relative to the API base URL' }),
  })
  .meta({ id: 'ImportJobRun' });

export const ImportJobRunPage = z
  .object({ success: z.literal(true), runs: z.array(ImportJobRun), nextCursor: z.string().nullable() })
  .meta({ id: 'ImportJobRunPage' });

export const SampleBody = z
  .object({
    success: z.literal(true),
    importJob: ImportJob,
    sample: z.object({
      encoding: z.enum(ENCODINGS).nullable(),
      columnDelimiter: z.string().nullable(),
      rowDelimiter: z.string().nullable(),
      headers: z.array(z.string()),
      rows: z.array(z.array(z.string())),
      suggestedMapping: z.record(z.string(), z.string()),
      problems: z.array(z.object({ rowNumber: z.number().int(), code: z.string(), message: z.string() })),
      failure: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).nullable(),
    }),
  })
  .meta({ id: 'SampleBody' });

export const Deleted = z.object({ success: z.literal(true), ok: z.literal(true) }).meta({ id: 'Deleted' });

/** A saved column mapping. */
export const Mapping = z
  .object({
    id: z.string(),
    name: z.string(),
    target: z.enum(MAPPING_TARGETS),
    columnMapping: z.record(z.string(), z.string()),
    defaultFields: z.record(z.string(), z.string()),
    headersSnapshot: z.array(z.string()),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Mapping' });

export const MappingBody = z.object({ success: z.literal(true), mapping: Mapping }).meta({ id: 'MappingBody' });
export const MappingList = z.object({ success: z.literal(true), mappings: z.array(Mapping) }).meta({ id: 'MappingList' });

/** §9. */
export const Quota = z
  .object({
    success: z.literal(true),
    namespace: z.string(),
    month: z.string().meta({ example: '2026-11' }),
    limit: z.number().int(),
    used: z.number().int(),
    remaining: z.number().int(),
  })
  .meta({ id: 'Quota', example: { success: true, namespace: 'default', month: '2026-11', limit: 10000000, used: 1250, remaining: 9998750 } });

export const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

/** A CSV download (after the 303): text, the kind's columns first. */
export const CsvText = z.string().meta({ id: 'CsvText', description: 'RFC 4180 CSV with a header row', example: 'external_id,code,error\ntx-2,VALIDATION_ERROR,amount must be a decimal number\n' });

/** The OpenAPI document itself (an object), and the pages of the API reference (text). */
export const OpenApiDocument = z.record(z.string(), z.unknown()).meta({ id: 'OpenApiDocument' });
export const Text = z.string();

/** A dashboard session: who signed in (the org and the key's scopes) and when the session ends. */
export const SessionBody = z
  .object({
    success: z.literal(true),
    orgId: z.string(),
    scopes: z.array(z.string()),
    expiresAt: timestamp.nullable().meta({ description: 'When the session ends (8 hours after sign-in), unless the key is revoked or expires first; null when an API key was sent instead' }),
  })
  .meta({ id: 'SessionBody', example: { success: true, orgId: 'demo', scopes: ['transactions:create'], expiresAt: '2026-11-25T17:00:00.000Z' } });

export const SignedOut = z.object({ success: z.literal(true) }).meta({ id: 'SignedOut' });

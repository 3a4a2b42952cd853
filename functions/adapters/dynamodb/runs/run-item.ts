import { z } from 'zod';
import { JOB_KINDS } from '../../../core/kinds';
import { ENCODINGS, ROW_DELIMITERS } from '../../../core/files/format';
import { RUN_FAILURE_CODES, RUN_STATES, RUN_SOURCES, RUN_PHASES, type Run } from '../../../core/runs/run';
import { controlEntries, type RunControlState } from '../../../core/runs/run-control-state';
import { storedName } from './run-item-names';

/** The run item's key: one item per run, its markers (chunks, split files, claims) under the same partition. */
export const runKey = (runId: string) => ({ pk: `RUN#${runId}`, sk: 'RUN' });

/** Index keys of an import job's run (`byImportJob`): the org in the partition keeps one org's runs to itself. */
export function importJobRunKeys(run: Pick<Run, 'orgId' | 'importJobId' | 'createdAt' | 'runId'>): { gsi2pk: string; gsi2sk: string } {
  return { gsi2pk: `ORG#${run.orgId}#IMPORTJOB#${run.importJobId}#RUNS`, gsi2sk: `${run.createdAt}#${run.runId}` };
}

// An attribute left out of the item (create writes no nulls) reads as null.
const nullable = <T extends z.ZodType>(schema: T) => schema.nullable().default(null);
const stringMap = z.record(z.string(), z.string());

/**
 * The run's control state as the item stores it: inside the `metadata` map, under the names the status body shows
 * (§6). It has always been stored there, and the control writes update it in place (`metadata.pausedAt`, …), so
 * items written before the state was typed read the same as new ones.
 */
const storedControl = {
  awaitingUpload: z.boolean().optional(),
  uploadExpiresAt: z.string().optional(),
  pausedAt: z.string().optional(),
  resumedAt: z.string().optional(),
  pausedMs: z.number().optional(),
  batchCancelRequested: z.boolean().optional(),
  cancelRequestedAt: z.string().optional(),
  leaseResumes: z.number().optional(),
  deadLetteredChunks: z.array(z.string()).optional(),
  limitReached: z.boolean().optional(),
  sourceFiles: z.array(z.object({ key: z.string(), eTag: z.string() })).optional(),
};

/** The `metadata` map: the run's description (other keys an older writer left are kept as they are) and its control state. */
const storedMetadata = z.looseObject({
  fileName: z.string().optional(),
  fileNames: z.array(z.string()).optional(),
  mappingId: z.string().optional(),
  dryRun: z.literal(true).optional(),
  source: z.enum(RUN_SOURCES).optional(),
  retryOf: z.string().optional(),
  trigger: z.enum(['schedule', 'retry', 'manual']).optional(),
  scheduledTime: z.string().optional(),
  previousRunId: z.string().optional(),
  ...storedControl,
});

/** One run item of the control table, as DynamoRunRepository writes it. */
export const RunItem = z.object({
  jobId: z.string(),
  orgId: z.string(),
  kind: z.enum(JOB_KINDS),
  namespace: z.string(),
  status: z.enum(RUN_STATES),
  runStatus: z.enum(RUN_PHASES),
  importJobId: nullable(z.string()),
  attempt: z.number(),
  files: z.array(
    z.object({
      fileName: z.string(),
      format: z.enum(['csv', 'json', 'ndjson']),
      gzip: z.boolean(),
      sizeBytes: z.number(),
      header: z.array(z.string()).optional(),
    }),
  ),
  format: z.object({ encoding: z.enum(ENCODINGS), columnDelimiter: z.string().nullable(), rowDelimiter: z.enum(ROW_DELIMITERS) }),
  columnMapping: nullable(stringMap),
  defaultFields: nullable(stringMap),
  options: z.object({
    duplicateTaxIdPolicy: z.enum(['skip_existing', 'error']).optional(),
    skipDuplicates: z.boolean().optional(),
    validateExistingEntity: z.boolean().optional(),
  }),
  reportRecipientEmails: z.array(z.string()),
  dryRun: z.boolean(),
  totalItems: nullable(z.number()),
  succeeded: z.number(),
  failed: z.number(),
  skipped: z.number(),
  filesSplit: z.number(),
  totalChunks: z.number(),
  chunksDone: z.number(),
  createdAt: z.string(),
  startedAt: nullable(z.string()),
  completedAt: nullable(z.string()),
  heartbeatAt: nullable(z.string()),
  leaseExpiresAt: nullable(z.string()),
  workerError: nullable(z.string()),
  jobFailure: nullable(z.object({ code: z.enum(RUN_FAILURE_CODES), message: z.string(), details: z.unknown().optional() })),
  metadata: storedMetadata.default({}),
});

/** A stored item that is not a run as this code writes one: named, with what is wrong, instead of read half right. */
export class MalformedRunItemError extends Error {
  constructor(pk: unknown, issues: string) {
    super(`Run item ${String(pk)} is malformed: ${issues}`);
    this.name = 'MalformedRunItemError';
  }
}

/** A run item read from the table → the run. */
export function toRun(item: Record<string, unknown>): Run {
  const parsed = RunItem.safeParse(item);
  if (!parsed.success) throw new MalformedRunItemError(item.pk, z.prettifyError(parsed.error));
  // The item keeps the contract's attribute names (jobId, status, runStatus, jobFailure): see run-item-names.ts.
  const { metadata: stored, jobId: runId, status: state, runStatus: phase, jobFailure: failure, ...run } = parsed.data;
  const {
    awaitingUpload, uploadExpiresAt, pausedAt, resumedAt, pausedMs, batchCancelRequested, cancelRequestedAt,
    leaseResumes, deadLetteredChunks, limitReached, sourceFiles, ...metadata
  } = stored;
  const control: RunControlState = {
    awaitingUpload: awaitingUpload === true,
    uploadExpiresAt: uploadExpiresAt ?? null,
    pausedAt: pausedAt ?? null,
    resumedAt: resumedAt ?? null,
    pausedMs: pausedMs ?? null,
    batchCancelRequested: batchCancelRequested === true,
    cancelRequestedAt: cancelRequestedAt ?? null,
    leaseResumes: leaseResumes ?? 0,
    deadLetteredChunks: deadLetteredChunks ?? [],
    limitReached: limitReached === true,
    sourceFiles: sourceFiles ?? null,
  };
  return { ...run, runId, state, phase, failure, metadata, control };
}

/** The run → the attributes of its item (keys and indexes are the store's business); nulls are left out. */
export function runAttributes(run: Run): Record<string, unknown> {
  const { control, metadata, ...fields } = run;
  const attributes: Record<string, unknown> = Object.fromEntries(
    Object.entries(fields)
      .filter(([, value]) => value !== null)
      .map(([field, value]) => [storedName(field as keyof Run), value]),
  );
  attributes.metadata = { ...metadata, ...controlEntries(control) };
  return attributes;
}

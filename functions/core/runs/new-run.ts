import type { JobKind } from '../kinds';
import type { UploadOptions } from './upload-options';
import type { Run, RunFile, RunMetadata } from './run';
import { NO_CONTROL, type RunControlState } from './run-control-state';

/** A run as it starts: queued, validating, nothing counted. */
export function newRun(input: {
  readonly runId: string;
  readonly orgId: string;
  readonly kind: JobKind;
  readonly options: UploadOptions;
  readonly files: readonly RunFile[];
  readonly createdAt: string;
  readonly dryRun: boolean;
  /** Where the run came from; the file names, mapping and dry run are added from the other inputs. */
  readonly metadata: Omit<RunMetadata, 'fileName' | 'fileNames' | 'mappingId' | 'dryRun'>;
  /** Control state the run starts with (a presigned upload it waits for, an import job's source files). */
  readonly control?: Partial<RunControlState>;
}): Run {
  const { files, options } = input;
  return {
    runId: input.runId,
    orgId: input.orgId,
    kind: input.kind,
    namespace: options.namespace,
    state: 'queued',
    phase: 'validating',
    importJobId: null,
    attempt: 1,
    files,
    format: options.format,
    columnMapping: options.columnMapping,
    defaultFields: options.defaultFields,
    options: options.kindOptions,
    reportRecipientEmails: options.reportRecipientEmails,
    dryRun: input.dryRun,
    totalItems: null,
    succeeded: 0,
    failed: 0,
    skipped: 0,
    filesSplit: 0,
    totalChunks: 0,
    chunksDone: 0,
    createdAt: input.createdAt,
    startedAt: null,
    completedAt: null,
    heartbeatAt: null,
    leaseExpiresAt: null,
    workerError: null,
    failure: null,
    metadata: {
      fileName: files.map((f) => f.fileName).join(', '),
      ...(files.length > 1 ? { fileNames: files.map((f) => f.fileName) } : {}),
      ...(options.mappingId ? { mappingId: options.mappingId } : {}),
      ...(input.dryRun ? { dryRun: true } : {}),
      ...input.metadata,
    },
    control: { ...NO_CONTROL, ...input.control },
  };
}

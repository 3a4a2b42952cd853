import type { Principal } from '../../functions/core/auth/api-key';
import { SCOPES, type JobKind } from '../../functions/core/kinds';
import { processChunk } from '../../functions/core/use-cases/process-chunk';
import { splitUpload } from '../../functions/core/use-cases/split-upload';
import { startUpload, type UploadedFile } from '../../functions/core/use-cases/start-upload';
import {
  FakeClock,
  InMemoryApiKeys,
  InMemoryChunkQueue,
  InMemoryIdempotency,
  InMemoryMappings,
  InMemoryObjects,
  InMemoryRecords,
  InMemoryRuns,
  MemoryLogger,
  SequentialIds,
} from './fakes';
import { InMemoryQuotas } from './fake-quotas';
import { FakeRunEndedStream } from './run-ended-fakes';
import { InMemorySplitCheckpoints, InMemorySplitContinuations } from './split-fakes';

/** The whole core wired over in-memory fakes: upload → split → process, without a queue in between. */
export function createWorld(
  overrides: { chunkMaxRows?: number; chunkMaxBytes?: number; monthlyRowLimit?: number; splitTimeBudgetMs?: number } = {},
) {
  const deps = {
    apiKeys: new InMemoryApiKeys(),
    runs: new InMemoryRuns(),
    mappings: new InMemoryMappings(),
    idempotency: new InMemoryIdempotency(),
    records: new InMemoryRecords(),
    objects: new InMemoryObjects(),
    chunks: new InMemoryChunkQueue(),
    clock: new FakeClock(),
    ids: new SequentialIds(),
    logger: new MemoryLogger(),
    limits: { maxFileNameLength: 100, maxRowsPerFile: 10_000_000 },
    chunkMaxRows: overrides.chunkMaxRows ?? 50,
    chunkMaxBytes: overrides.chunkMaxBytes ?? 200_000,
    leaseSeconds: 600,
    quotas: new InMemoryQuotas(),
    monthlyRowLimit: overrides.monthlyRowLimit ?? 10_000_000,
    checkpoints: new InMemorySplitCheckpoints(),
    continuations: new InMemorySplitContinuations(),
    // The fake clock stands still: any positive budget never runs out, zero runs out at every chunk boundary.
    splitTimeBudgetMs: overrides.splitTimeBudgetMs ?? 60_000,
  };

  /** Uploads, splits every file and processes every chunk once, in order. */
  async function importFiles(
    principal: Principal,
    kind: JobKind,
    files: UploadedFile[],
    options: Record<string, unknown> = {},
    dryRun = false,
  ): Promise<string> {
    const { jobId } = await startUpload(deps, { principal, kind, files, options, dryRun });
    for (let fileIndex = 0; fileIndex < files.length; fileIndex++) await splitUpload(deps, { runId: jobId, fileIndex });
    await drainContinuations();
    await drainChunks();
    return jobId;
  }

  async function drainChunks(): Promise<void> {
    while (deps.chunks.sent.length > 0) {
      const chunk = deps.chunks.sent.shift();
      if (chunk) await processChunk(deps, chunk);
    }
  }

  /** Runs every continuation a split sent, and those they send, until none is left. */
  async function drainContinuations(): Promise<void> {
    while (deps.continuations.sent.length > 0) {
      const target = deps.continuations.sent.shift();
      if (target) await splitUpload(deps, target);
    }
  }

  /** The run-ended events the runs' terminal writes made (the control table's stream). */
  const stream = new FakeRunEndedStream(deps.runs);

  return { deps, stream, importFiles, drainChunks, drainContinuations };
}

export function principal(orgId = 'org-a', scopes: Principal['scopes'] = [...SCOPES]): Principal {
  return { orgId, keyId: `key_${orgId}`, scopes };
}

export function csvFile(fileName: string, lines: string[]): UploadedFile {
  return { fileName, contentType: 'text/csv', body: Buffer.from(lines.join('\n') + '\n') };
}

export function transactionLines(count: number, start = 1): string[] {
  const lines = ['externalId,amount,currency,occurredAt'];
  for (let i = start; i < start + count; i++) lines.push(`tx-${i},${i}.25,USD,2026-11-01T10:00:00Z`);
  return lines;
}

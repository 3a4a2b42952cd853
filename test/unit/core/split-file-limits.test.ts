import { gzipSync } from 'node:zlib';
import { splitUpload } from '../../../functions/core/use-cases/split-upload';
import { startUpload, type UploadedFile } from '../../../functions/core/use-cases/start-upload';
import type { FileLimits } from '../../../functions/core/files/limits';
import type { JobKind } from '../../../functions/core/kinds';
import { createWorld, principal } from '../../support/world';

const limits: FileLimits = { maxColumns: 20, maxRowBytes: 5_000, maxJsonDepth: 5 };

async function split(file: UploadedFile, kind: JobKind = 'transaction_batch', chunkMaxBytes?: number, fileLimits = limits) {
  const world = createWorld({ chunkMaxBytes });
  const deps = { ...world.deps, fileLimits };
  const { jobId } = await startUpload(deps, { principal: principal(), kind, files: [file], options: {} });
  await splitUpload(deps, { runId: jobId, fileIndex: 0 });
  await world.drainChunks();
  return { run: await world.deps.runs.get(jobId), world, jobId };
}

describe('Use case: splitUpload ends a file past its limits with a code', () => {
  it('fails the run when the header has more columns than MAX_COLUMNS', async () => {
    const header = Array.from({ length: 21 }, (_, i) => `c${i}`).join(',');
    const { run } = await split({ fileName: 'wide.csv', body: Buffer.from(`externalId,${header}\n1,2\n`) });
    expect(run).toMatchObject({ state: 'failed', phase: 'failed' });
    expect(run?.failure).toEqual({ code: 'FILE_UNREADABLE', message: 'wide.csv: The header row has more than 20 columns (MAX_COLUMNS)' });
  });

  it('fails the run on a gzip CSV field over MAX_ROW_BYTES', async () => {
    const body = gzipSync(Buffer.from(`externalId,amount,currency,occurredAt\ntx-1,1.00,EUR,2026-11-01,${'x'.repeat(20_000)}\n`));
    const { run } = await split({ fileName: 'big.csv.gz', body });
    expect(run?.state).toBe('failed');
    expect(run?.failure?.code).toBe('FILE_UNREADABLE');
    expect(run?.failure?.message).toMatch(/^big\.csv\.gz: The row that reaches line 2 is over 5000 bytes \(MAX_ROW_BYTES\)/);
  });

  it('fails the run when the header alone would fill half a chunk: every chunk carries it', async () => {
    // 15 columns (within MAX_COLUMNS) of 1,000 characters each: 15 KB of header for chunks of 20 KB.
    const names = Array.from({ length: 15 }, (_, i) => `${i}`.padEnd(1_000, 'n'));
    const body = Buffer.from(`externalId,amount,currency,occurredAt,${names.join(',')}\ntx-1,1.00,EUR,2026-11-01\n`);
    const { run, world } = await split({ fileName: 'long-names.csv', body }, 'transaction_batch', 20_000, { ...limits, maxRowBytes: 100_000 });
    expect(run?.state).toBe('failed');
    expect(run?.failure).toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringMatching(/^long-names\.csv: the header row takes \d+ bytes; at most 10000 \(half of CHUNK_MAX_BYTES\)$/) });
    expect(world.deps.chunks.sent).toEqual([]);
  });

  it('makes an NDJSON line nested too deep a MALFORMED_ROW and completes the run', async () => {
    const lines = [
      JSON.stringify({ eventType: 'login', userId: 'u1', occurredAt: '2026-11-01T10:00:00Z' }),
      `{"eventType":"login","userId":"u2","occurredAt":"2026-11-01T10:00:00Z","attributes":{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`,
    ];
    const { run } = await split({ fileName: 'events.ndjson', body: Buffer.from(lines.join('\n')) }, 'user_event_batch');
    expect(run).toMatchObject({ state: 'completed', totalItems: 2, succeeded: 1, failed: 1 });
  });
});

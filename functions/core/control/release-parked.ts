import { SourceMissingError } from '../errors';
import type { Chunk } from '../runs/chunk';
import type { ChunkQueue, Logger, ObjectStore } from '../ports';
import { parkedPrefixOf } from './object-keys';
import type { ObjectRemover } from './ports';
import { chunkFromBody, type ChunkBody } from '../runs/chunk';

export interface ReleaseParkedDeps {
  readonly objects: ObjectStore & ObjectRemover;
  readonly chunks: ChunkQueue;
  readonly logger: Logger;
}

/** Parked chunks read and sent back in one go: bounds memory and keeps S3 round trips overlapping. */
const RELEASE_BATCH = 100;

/**
 * Sends a run's parked chunks back to the chunk queue, then deletes them: each is sent before it is deleted, so a
 * crash half-way loses none (a chunk sent twice is processed once: its marker counts it once). Answers how many
 * were sent. What a chunk meets when it comes back is up to the run: processed if it is running, set aside as
 * never attempted if a cancel was requested, parked again (under a new key) if it was paused once more.
 */
export async function releaseParkedChunks(deps: ReleaseParkedDeps, runId: string): Promise<number> {
  let released = 0;
  let keys: string[] = [];
  const flush = async () => {
    const chunks = await Promise.all(keys.map((key) => readParked(deps, runId, key)));
    const readable = keys.filter((_, i) => typeof chunks[i] === 'object' && chunks[i] !== null);
    await deps.chunks.send(chunks.filter((chunk): chunk is Chunk => typeof chunk === 'object' && chunk !== null));
    await Promise.all(readable.map((key) => deps.objects.delete(key)));
    released += readable.length;
    keys = [];
  };
  for await (const key of deps.objects.list(parkedPrefixOf(runId))) {
    keys.push(key);
    if (keys.length >= RELEASE_BATCH) await flush();
  }
  if (keys.length > 0) await flush();
  return released;
}

/**
 * The parked chunk, null when it does not read back, 'gone' when another release (a resume and a cancel, or a
 * retried request, overlapping) sent and deleted it between this one's listing and its read: it is on its way.
 */
async function readParked(deps: ReleaseParkedDeps, runId: string, key: string): Promise<Chunk | null | 'gone'> {
  let body: AsyncIterable<unknown>;
  try {
    body = await deps.objects.read(key);
  } catch (error) {
    if (error instanceof SourceMissingError) return 'gone';
    throw error;
  }
  const parts: Buffer[] = [];
  for await (const part of body) parts.push(Buffer.isBuffer(part) ? part : Buffer.from(part as string));
  try {
    const chunk = chunkFromBody(JSON.parse(Buffer.concat(parts).toString('utf8')) as ChunkBody);
    if (chunk.runId === runId && typeof chunk.chunkId === 'string' && Array.isArray(chunk.rows)) return chunk;
  } catch {
    // reported below
  }
  // Only the row processor writes here; a document that does not read back is kept for a person to look at.
  deps.logger.error('Parked chunk unreadable: left in place', { jobId: runId, key });
  return null;
}

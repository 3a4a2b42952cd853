import { UPLOAD_BUCKET } from '../bucket-layout';
import { ID_SOURCE } from '../id-formats';

/**
 * Where job control keeps chunks in the upload bucket. A parked chunk's key carries a token of its own: a chunk
 * parked again after a resume (paused once more) never shares a key with the copy a resume is sending back.
 */
export function parkedKey(runId: string, chunkId: string, token: string): string {
  return `${UPLOAD_BUCKET.parkedPrefix}${runId}/${chunkId}/${token}.json`;
}

export function parkedPrefixOf(runId: string): string {
  return `${UPLOAD_BUCKET.parkedPrefix}${runId}/`;
}

/** The rows of one chunk never attempted (one ChunkRow as JSON a line), in the file's order. */
export function unprocessedKey(runId: string, chunkId: string): string {
  return `${UPLOAD_BUCKET.unprocessedPrefix}${runId}/${chunkId}.ndjson`;
}

export function unprocessedPrefixOf(runId: string): string {
  return `${UPLOAD_BUCKET.unprocessedPrefix}${runId}/`;
}

/** The file index an unprocessed document's chunk came from (chunk ids are `FF-SSSSSSS`). */
export function parseUnprocessedKey(key: string): { runId: string; fileIndex: number } | null {
  const match = new RegExp(`^${UPLOAD_BUCKET.unprocessedPrefix}(${ID_SOURCE})/(\\d+)-\\d+\\.ndjson$`).exec(key);
  if (!match) return null;
  return { runId: match[1] as string, fileIndex: Number(match[2]) };
}

import { UPLOAD_BUCKET } from '../bucket-layout';
import { ID_SOURCE } from '../id-formats';

/**
 * Where job control keeps chunks in the upload bucket. A parked chunk's key carries a token of its own: a chunk
 * parked again after a resume (paused once more) never shares a key with the copy a resume is sending back.
 */
export function parkedKey(jobId: string, chunkId: string, token: string): string {
  return `${UPLOAD_BUCKET.parkedPrefix}${jobId}/${chunkId}/${token}.json`;
}

export function parkedPrefixOf(jobId: string): string {
  return `${UPLOAD_BUCKET.parkedPrefix}${jobId}/`;
}

/** The rows of one chunk never attempted (one ChunkRow as JSON a line), in the file's order. */
export function unprocessedKey(jobId: string, chunkId: string): string {
  return `${UPLOAD_BUCKET.unprocessedPrefix}${jobId}/${chunkId}.ndjson`;
}

export function unprocessedPrefixOf(jobId: string): string {
  return `${UPLOAD_BUCKET.unprocessedPrefix}${jobId}/`;
}

/** The file index an unprocessed document's chunk came from (chunk ids are `FF-SSSSSSS`). */
export function parseUnprocessedKey(key: string): { jobId: string; fileIndex: number } | null {
  const match = new RegExp(`^${UPLOAD_BUCKET.unprocessedPrefix}(${ID_SOURCE})/(\\d+)-\\d+\\.ndjson$`).exec(key);
  if (!match) return null;
  return { jobId: match[1] as string, fileIndex: Number(match[2]) };
}

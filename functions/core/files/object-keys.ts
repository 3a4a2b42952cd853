import { UPLOAD_BUCKET } from '../../../lib/resources';

/**
 * Where things live in the upload bucket. An upload's key carries its run and file, so the object-created
 * event alone tells the splitter what to split.
 */
export function uploadKey(jobId: string, fileIndex: number): string {
  return `${UPLOAD_BUCKET.uploadPrefix}${jobId}/${fileIndex}`;
}

export function parseUploadKey(key: string): { jobId: string; fileIndex: number } | null {
  const match = new RegExp(`^${UPLOAD_BUCKET.uploadPrefix}([A-Za-z0-9-]{1,64})/(\\d{1,2})$`).exec(key);
  if (!match) return null;
  return { jobId: match[1] as string, fileIndex: Number(match[2]) };
}

/** Row problems of one chunk, one JSON object a line, ordered by row number. */
export function failuresKey(jobId: string, chunkId: string): string {
  return `${UPLOAD_BUCKET.failuresPrefix}${jobId}/${chunkId}.ndjson`;
}

import { UPLOAD_BUCKET } from '../bucket-layout';
import { ID_SOURCE } from '../id-formats';

/**
 * Where things live in the upload bucket. An upload's key carries its run and file, so the object-created
 * event alone tells the splitter what to split.
 */
export function uploadKey(runId: string, fileIndex: number): string {
  return `${UPLOAD_BUCKET.uploadPrefix}${runId}/${fileIndex}`;
}

export function parseUploadKey(key: string): { runId: string; fileIndex: number } | null {
  const match = new RegExp(`^${UPLOAD_BUCKET.uploadPrefix}(${ID_SOURCE})/(\\d{1,2})$`).exec(key);
  if (!match) return null;
  return { runId: match[1] as string, fileIndex: Number(match[2]) };
}

/** Row problems of one chunk, one JSON object a line, ordered by row number. */
export function failuresKey(runId: string, chunkId: string): string {
  return `${UPLOAD_BUCKET.failuresPrefix}${runId}/${chunkId}.ndjson`;
}

/** Every row-problem document of a run; listed in key order, which is file then chunk order. */
export function failuresPrefixOf(runId: string): string {
  return `${UPLOAD_BUCKET.failuresPrefix}${runId}/`;
}

/** The file index a row-problem document's chunk came from (chunk ids are `FF-SSSSSSS`). */
export function parseFailuresKey(key: string): { runId: string; fileIndex: number } | null {
  const match = new RegExp(`^${UPLOAD_BUCKET.failuresPrefix}(${ID_SOURCE})/(\\d+)-\\d+\\.ndjson$`).exec(key);
  if (!match) return null;
  return { runId: match[1] as string, fileIndex: Number(match[2]) };
}

/** A generated download of a run (`failures.csv`, `failed-rows.csv`). */
export function reportKey(runId: string, fileName: string): string {
  return `${UPLOAD_BUCKET.reportsPrefix}${runId}/${fileName}`;
}

/** The final copy of an ended run's report, built once by the report builder (or on request) and used again. */
export function finalReportKey(runId: string, fileName: string): string {
  return `${UPLOAD_BUCKET.reportsPrefix}${runId}/final/${fileName}`;
}

import picomatch from 'picomatch';
import { UPLOAD_BUCKET } from '../bucket-layout';

/**
 * An import job's drop location in the upload bucket: `drops/<orgId>/<importJobId>/`. The org in the key keeps
 * one org's files apart from another's whatever a job id is; the job id makes the prefix the job's alone. It is
 * outside `uploads/`, so a file dropped here starts nothing by itself: the job's schedule picks it up (§7).
 */
export function dropPrefixOf(orgId: string, importJobId: string): string {
  return `${UPLOAD_BUCKET.dropsPrefix}${orgId}/${importJobId}/`;
}

/** Whether a file name below the prefix is one the job's `filenamePattern` (a glob, e.g. `orders-*.csv`) picks. */
export function matchesFilenamePattern(pattern: string, fileName: string): boolean {
  return picomatch.isMatch(fileName, pattern, { dot: true });
}

import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseUploadKey } from '../../core/files/object-keys';
import { jsonOrUndefined } from '../../core/json-text';
import { splitUpload, type SplitUploadDeps } from '../../core/use-cases/split-upload';
import { decodeS3Key, S3EventMessage, SplitContinuationMessage } from './messages';
import { withLogKeys } from '../../adapters/logger';
import { processSqsBatch } from './partial-batch';

/**
 * S3 object-created events (through SQS) → one split per uploaded file; a continuation goes on with a split that
 * ran out of time, from its checkpoint. A message that is not an upload event
 * is logged and dropped: redelivering it could never succeed. A failed split is reported as a batch item
 * failure so only that message comes back.
 */
export function createSplitUploadHandler(deps: SplitUploadDeps) {
  const splitRecord = async (record: SQSRecord): Promise<void> => {
    const body = jsonOrUndefined(record.body);
    const continuation = SplitContinuationMessage.safeParse(body);
    if (continuation.success) {
      const { splitContinuation } = continuation.data;
      return withLogKeys({ jobId: jobIdOf(splitContinuation) }, () => splitUpload(deps, { runId: splitContinuation.jobId, fileIndex: splitContinuation.fileIndex }));
    }
    const parsed = S3EventMessage.safeParse(body);
    if (!parsed.success) {
      deps.logger.warn('Dropped a message that is not an S3 event', { messageId: record.messageId });
      return;
    }
    if (!('Records' in parsed.data)) return;
    for (const s3Record of parsed.data.Records) {
      const target = parseUploadKey(decodeS3Key(s3Record.s3.object.key));
      if (!target) {
        deps.logger.warn('Dropped an event for an object that is not an upload', { messageId: record.messageId });
        continue;
      }
      await withLogKeys({ jobId: target.runId }, () => splitUpload(deps, target));
    }
  };

  return async (event: SQSEvent, context: Context) =>
    processSqsBatch(event, context, splitRecord);
}

/** The run a split target names (an upload key's or a continuation's), for the log lines of its split. */
function jobIdOf(target: unknown): string | undefined {
  const runId = (target as { jobId?: unknown } | null)?.jobId;
  return typeof runId === 'string' ? runId : undefined;
}

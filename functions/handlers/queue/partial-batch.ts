import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { invocationLogKeys, withLogKeys } from '../../adapters/logger';

/**
 * Runs `handleRecord` on each message of an SQS batch and answers the partial batch failures. A BatchProcessor
 * collects its failures as state, so each invocation gets a processor of its own: one shared at module scope
 * mixes the failures of batches handled at the same time in one process (the local stack's poller does that),
 * and one batch's failed message then shows up in another's answer.
 */
export function processSqsBatch(
  event: SQSEvent,
  context: Context,
  handleRecord: (record: SQSRecord) => Promise<void>,
  options: { readonly processInParallel?: boolean } = {},
): Promise<SQSBatchResponse> {
  // Lines carry the invocation's request id; each record's, its message id and (once the handler appends it) its
  // jobId, in a scope of its own, so a record's jobId never reaches the next record's lines.
  const handleInScope = (record: SQSRecord): Promise<void> => withLogKeys({ messageId: record.messageId }, () => handleRecord(record));
  return withLogKeys(invocationLogKeys(event, context), () =>
    processPartialResponse(event, handleInScope, new BatchProcessor(EventType.SQS), { context, ...options }),
  );
}

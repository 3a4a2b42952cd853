import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { processChunk, type ProcessChunkDeps } from '../../core/use-cases/process-chunk';
import { NO_METRICS, type ImportMetrics } from '../../adapters/import-metrics';
import { chunkOfRecord } from './chunk-record';
import { appendLogKeys } from '../../adapters/logger';
import { processSqsBatch } from './partial-batch';

/**
 * Chunks → imported rows and counters. A bad row is a recorded outcome inside the chunk, never a reason to
 * redeliver; only a chunk whose processing failed as a whole (an outage, a throttle) is reported back, and
 * SQS brings just that message again.
 *
 * The chunks of a batch are processed one after the other, never side by side: each reads the run just before it
 * starts, so once a pause or cancel has answered, a worker finishes at most the chunk it already had in hand and
 * parks (or sets aside) the rest of its batch. Processed together, every chunk of the batch would have passed the
 * gate at once, and a pause would let up to batchSize × maximumConcurrency chunks through.
 */
export function createProcessChunksHandler(deps: ProcessChunkDeps & { readonly metrics?: ImportMetrics }) {
  const metrics = deps.metrics ?? NO_METRICS;
  const processRecord = async (record: SQSRecord): Promise<void> => {
    const chunk = chunkOfRecord(record);
    if (!chunk) {
      // Only the splitter writes to this queue: a message that does not parse can never be processed.
      deps.logger.error('Dropped a malformed chunk message', { messageId: record.messageId });
      return;
    }
    appendLogKeys({ jobId: chunk.runId });
    const started = performance.now();
    try {
      await processChunk(deps, chunk);
    } finally {
      metrics.chunkProcessed(performance.now() - started);
    }
  };

  return async (event: SQSEvent, context: Context) =>
    processSqsBatch(event, context, processRecord, { processInParallel: false });
}

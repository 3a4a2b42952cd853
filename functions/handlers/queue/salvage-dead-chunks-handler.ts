import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { salvageDeadChunk, type SalvageDeadChunkDeps } from '../../core/use-cases/salvage-dead-chunk';
import { chunkOfRecord } from './chunk-record';
import { appendLogKeys } from '../../adapters/logger';
import { processSqsBatch } from './partial-batch';

/**
 * The chunk queue's dead-letter queue → the chunk's run ends with a jobFailure and exact counters. A salvage
 * that fails (an outage) is reported as a batch item failure and comes back; a message that is not a chunk can
 * never be salvaged and is dropped with an error log.
 */
export function createSalvageDeadChunksHandler(deps: SalvageDeadChunkDeps) {
  const salvageRecord = async (record: SQSRecord): Promise<void> => {
    const chunk = chunkOfRecord(record);
    if (!chunk) {
      deps.logger.error('Dropped a dead-lettered message that is not a chunk', { messageId: record.messageId });
      return;
    }
    appendLogKeys({ jobId: chunk.runId });
    await salvageDeadChunk(deps, chunk);
  };

  return async (event: SQSEvent, context: Context) =>
    processSqsBatch(event, context, salvageRecord);
}

import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { appendLogKeys, invocationLogKeys, withLogKeys } from '../../adapters/logger';
import { endedRunId, isRunEndedRecord } from '../../adapters/dynamodb/run-ended-stream';
import type { Logger, RunEndedListener, RunRepository } from '../../core/ports';
import { isTerminal } from '../../core/runs/run';

export interface RunEndedHandlerDeps {
  readonly runs: Pick<RunRepository, 'get'>;
  /** The run policy (handlers/run-policy.ts): reruns, halting, emails, final reports, the duration metric. */
  readonly runEnded: RunEndedListener;
  readonly logger: Logger;
}

/**
 * The control table's stream → the run policy, once per run that ended. Lambda's filter (RUN_ENDED_STREAM_FILTER)
 * hands over only run items that moved into a terminal status; the filter is applied here again, so a record that
 * is not such an event (a mapping without the filter) is skipped, never acted on. The run is read again,
 * consistently, as it is now. A record whose handling throws (DynamoDB unreachable, a claim not written) is
 * reported as a batch item failure: Lambda retries from it, and records after it come again too, which the
 * policy's claim per ended run makes harmless.
 */
export function createRunEndedHandler(deps: RunEndedHandlerDeps) {
  const handleRecord = async (record: DynamoDBRecord): Promise<void> => {
    if (!isRunEndedRecord(record)) return;
    const jobId = endedRunId(record);
    appendLogKeys({ jobId });
    const run = await deps.runs.get(jobId);
    if (!run || !isTerminal(run.state)) {
      deps.logger.warn('Run-ended event for a run that is not ended; skipped', { jobId, status: run?.state });
      return;
    }
    await deps.runEnded.runEnded(run);
  };
  const handleInScope = (record: DynamoDBRecord): Promise<void> =>
    withLogKeys({ messageId: record.eventID }, () => handleRecord(record));

  // A processor per invocation: it keeps the batch's failures as state (see queue/partial-batch.ts). In order, so
  // the first failure Lambda checkpoints at is the earliest record that failed.
  return async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> =>
    withLogKeys(invocationLogKeys(event, context), () =>
      processPartialResponse(event, handleInScope, new BatchProcessor(EventType.DynamoDBStreams), { context, processInParallel: false, throwOnFullBatchFailure: false }),
    );
}

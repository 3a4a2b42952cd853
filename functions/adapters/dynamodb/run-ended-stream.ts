import type { DynamoDBRecord } from 'aws-lambda';
import { TERMINAL_RUN_STATES } from '../../core/runs/run';
import { matchesEventPattern, type EventPattern } from '../event-pattern';

/** The run item's key in the control table (adapters/dynamodb/run-repository.ts): `RUN#<jobId>` / `RUN`. */
const RUN_PK_PREFIX = 'RUN#';
const RUN_SK = 'RUN';

/**
 * The run-ended event, as a filter on the control table's stream (NEW_AND_OLD_IMAGES): a run item whose status
 * moved into a terminal one. The write that ended the run is the event, so a crash right after it loses nothing.
 * One definition for all who read the stream: the CDK event source mapping's filter criteria (Lambda drops every
 * other record before invoking, at no cost), the local stack's stream poller, and the consumer itself.
 */
export const RUN_ENDED_STREAM_FILTER: EventPattern = {
  eventName: ['MODIFY'],
  dynamodb: {
    Keys: { pk: { S: [{ prefix: RUN_PK_PREFIX }] }, sk: { S: [RUN_SK] } },
    NewImage: { status: { S: [...TERMINAL_RUN_STATES] } },
    OldImage: { status: { S: [{ 'anything-but': [...TERMINAL_RUN_STATES] }] } },
  },
};

/** Whether a stream record is a run-ended event. */
export function isRunEndedRecord(record: DynamoDBRecord): boolean {
  return matchesEventPattern(RUN_ENDED_STREAM_FILTER, record);
}

/** The run a run-ended record is about. */
export function endedRunId(record: DynamoDBRecord): string {
  const pk = record.dynamodb?.Keys?.pk?.S;
  if (!pk?.startsWith(RUN_PK_PREFIX)) throw new Error('Not a run item record');
  return pk.slice(RUN_PK_PREFIX.length);
}

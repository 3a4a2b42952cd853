import type { Context, DynamoDBRecord } from 'aws-lambda';
import { createRunEndedHandler } from '../../../functions/handlers/stream/run-ended-handler';
import { RUN_ENDED_STREAM_FILTER } from '../../../functions/adapters/dynamodb/run-ended-stream';
import { matchesEventPattern } from '../../../functions/adapters/event-pattern';
import { createRunEndedPolicy } from '../../../functions/core/use-cases/on-run-ended';
import type { Run } from '../../../functions/core/runs/run';
import { MemoryLogger } from '../../support/fakes';
import { InMemoryEndedRunClaims } from '../../support/run-ended-fakes';
import { InMemoryAlertStates, RecordingMailer, TEST_LINKS } from '../../support/notification-fakes';
import { createWorld, csvFile, principal, transactionLines } from '../../support/world';

const context = { awsRequestId: 'req-1' } as Context;

/** A stream record of the run item as DynamoDB writes it: keys, and the status in the old and new image. */
function runRecord(jobId: string, from: string | undefined, to: string | undefined, overrides: Partial<DynamoDBRecord> = {}, sequence = '1'): DynamoDBRecord {
  return {
    eventID: `event-${sequence}`,
    eventName: from === undefined ? 'INSERT' : to === undefined ? 'REMOVE' : 'MODIFY',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: { pk: { S: `RUN#${jobId}` }, sk: { S: 'RUN' } },
      ...(from !== undefined ? { OldImage: { pk: { S: `RUN#${jobId}` }, sk: { S: 'RUN' }, status: { S: from } } } : {}),
      ...(to !== undefined ? { NewImage: { pk: { S: `RUN#${jobId}` }, sk: { S: 'RUN' }, status: { S: to } } } : {}),
      SequenceNumber: sequence,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
    ...overrides,
  };
}

describe('Filter: RUN_ENDED_STREAM_FILTER', () => {
  it.each([
    ['running → completed', 'running', 'completed'],
    ['queued → cancelled', 'queued', 'cancelled'],
    ['running → interrupted', 'running', 'interrupted'],
    ['queued → failed', 'queued', 'failed'],
  ])('lets %s through', (_case, from, to) => {
    expect(matchesEventPattern(RUN_ENDED_STREAM_FILTER, runRecord('r1', from, to))).toBe(true);
  });

  it.each([
    ['a counter update of a running run', 'running', 'running'],
    ['a write to a run that had already ended', 'completed', 'completed'],
    ['a run created', undefined, 'queued'],
    ['a run deleted', 'completed', undefined],
  ])('drops %s', (_case, from, to) => {
    expect(matchesEventPattern(RUN_ENDED_STREAM_FILTER, runRecord('r1', from, to))).toBe(false);
  });

  it('drops an item of the run\'s partition that is not the run item (a chunk marker)', () => {
    const record = runRecord('r1', 'running', 'completed');
    record.dynamodb!.Keys = { pk: { S: 'RUN#r1' }, sk: { S: 'CHUNK#c1' } };
    expect(matchesEventPattern(RUN_ENDED_STREAM_FILTER, record)).toBe(false);
  });
});

describe('Handler: run-ended (the control table\'s stream)', () => {
  async function setUp() {
    const world = createWorld();
    // A run with a row that fails: its end asks for the final reports (once per run).
    const jobId = await world.importFiles(principal(), 'transaction_batch', [csvFile('tx.csv', [...transactionLines(3), 'tx-bad,not-a-number,USD,2026-11-01T10:00:00Z'])]);
    const reports: string[] = [];
    const mailer = new RecordingMailer();
    const endedRuns = new InMemoryEndedRunClaims();
    const outcomes: string[] = [];
    const policy = createRunEndedPolicy({
      importJobs: { get: async () => null } as never,
      ledger: {} as never,
      endedRuns,
      scheduler: {} as never,
      mailer,
      alerts: new InMemoryAlertStates(),
      links: TEST_LINKS,
      clock: world.deps.clock,
      logger: new MemoryLogger(),
      retry: { retryCount: 5, intervalSeconds: 900 },
      reports: { requestFinalReports: async (id) => void reports.push(id) },
      outcomes: { runEnded: (run) => void outcomes.push(`${run.runId} ${run.state}`) },
    });
    const told: Run[] = [];
    const handler = createRunEndedHandler({
      runs: world.deps.runs,
      logger: new MemoryLogger(),
      runEnded: { runEnded: async (run) => (told.push(run), policy.runEnded(run)) },
    });
    return { world, jobId, mailer, reports, endedRuns, outcomes, told, handler };
  }

  it('applies the policy to a run that ended, and asks for its reports and records its outcome once when the record comes twice', async () => {
    // Arrange
    const { jobId, reports, outcomes, told, handler } = await setUp();
    const record = runRecord(jobId, 'running', 'completed');
    // Act: a batch delivered, then delivered again (a retry after a later record failed)
    const first = await handler({ Records: [record] }, context);
    const again = await handler({ Records: [record] }, context);
    // Assert
    expect([first, again]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(told.map((run) => [run.runId, run.state])).toEqual([[jobId, 'completed'], [jobId, 'completed']]);
    expect(reports).toEqual([jobId]);
    expect(outcomes).toEqual([`${jobId} completed`]);
  });

  it('skips records the filter drops and runs that have not ended', async () => {
    // Arrange
    const { told, handler } = await setUp();
    // Act: a counter update, and an event for a run that is not there
    await handler({ Records: [runRecord('x', 'running', 'running'), runRecord('not-there', 'running', 'failed')] }, context);
    // Assert
    expect(told).toEqual([]);
  });

  it('reports a record whose claim cannot be written as a batch item failure, and the others as done', async () => {
    // Arrange
    const { jobId, endedRuns, handler, reports } = await setUp();
    jest.spyOn(endedRuns, 'claim').mockRejectedValueOnce(new Error('ProvisionedThroughputExceededException'));
    // Act
    const failed = await handler({ Records: [runRecord(jobId, 'running', 'completed', {}, '7')] }, context);
    const retried = await handler({ Records: [runRecord(jobId, 'running', 'completed', {}, '7')] }, context);
    // Assert
    expect(failed).toEqual({ batchItemFailures: [{ itemIdentifier: '7' }] });
    expect(retried).toEqual({ batchItemFailures: [] });
    expect(reports).toEqual([jobId]);
  });
});

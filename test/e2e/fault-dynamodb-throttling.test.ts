import { runTag } from '../support/generate';
import { countersOf, importKnownOutcomes } from '../support/exact-import';
import { sharedStack, startOwnStack, type OwnStack } from '../support/faulted-stack';
import { transactionsWithKnownOutcomes } from '../support/known-outcomes';

jest.setTimeout(600_000);

describe('E2E fault injection: DynamoDB throttling a fraction of writes', () => {
  let stack: OwnStack | undefined;
  beforeAll(async () => {
    stack = await startOwnStack('dynamodb-throttling', {
      LOCAL_FAULT_DYNAMODB_THROTTLE_RATE: '0.25',
      LOCAL_FAULT_SEED: '42',
      CHUNK_MAX_ROWS: '100',
    });
  });
  afterAll(async () => stack?.stop());

  // The queues keep their real visibility timeouts (12 minutes for chunks, 90 for uploads): a message that had to
  // come back because a write gave up would end the test by its timeout. The adapters must retry by themselves.
  it('retries through throttling errors, cancelled transactions and unprocessed keys to the counters of a clean run', async () => {
    // Parties checked with validateExistingEntity: their lookups are BatchGetItem, answered partly unprocessed.
    const data = transactionsWithKnownOutcomes(3000, `thr${runTag()}`, { entities: 40 });
    const faulted = await importKnownOutcomes(stack!, data);
    const clean = await importKnownOutcomes(sharedStack(), data);
    expect(countersOf(faulted)).toEqual(countersOf(clean));
    const log = stack!.stderr();
    for (const kind of ['TransactionCanceledException', 'ProvisionedThroughputExceededException', 'ThrottlingException', 'UnprocessedKeys']) {
      expect(log).toContain(`[faults] DynamoDB answered a request with ${kind}`);
    }
  });
});

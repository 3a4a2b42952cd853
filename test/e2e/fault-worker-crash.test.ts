import { runTag } from '../support/generate';
import { countersOf, importKnownOutcomes } from '../support/exact-import';
import { sharedStack, startOwnStack, type OwnStack } from '../support/faulted-stack';
import { transactionsWithKnownOutcomes } from '../support/known-outcomes';

jest.setTimeout(600_000);

describe('E2E fault injection: a worker that dies in the middle of a chunk', () => {
  let stack: OwnStack | undefined;
  beforeAll(async () => {
    stack = await startOwnStack('worker-crash', {
      // Every first delivery dies after its first records write, and comes back 15 s later: long enough for a
      // worker to get through its batch of 5 chunks (processed one after the other) on a busy machine, since every
      // receive counts towards the 5 that dead-letter a chunk.
      LOCAL_FAULT_CRASH_MID_CHUNK: '1',
      LOCAL_CHUNK_VISIBILITY_TIMEOUT_SECONDS: '15',
      // Four INSERT batches of 25 rows at a time: the death leaves at most 100 of a chunk's 500 rows written.
      RECORD_WRITE_CONCURRENCY: '4',
    });
  });
  afterAll(async () => stack?.stop());

  it('ends with the counters of a clean run and each record imported exactly once', async () => {
    const data = transactionsWithKnownOutcomes(3000, `crash${runTag()}`);
    const faulted = await importKnownOutcomes(stack!, data);
    const clean = await importKnownOutcomes(sharedStack(), data);
    expect(countersOf(faulted)).toEqual(countersOf(clean));
    // 3000 rows are 6 chunks, so at least two batches of first deliveries, each of which died.
    const deaths = stack!.stderr().split('\n').filter((line) => line.includes('[faults] a chunk-processor invocation died'));
    expect(deaths.length).toBeGreaterThanOrEqual(2);
  });
});

import { runTag } from '../support/generate';
import { countersOf, importKnownOutcomes } from '../support/exact-import';
import { sharedStack, startOwnStack, type OwnStack } from '../support/faulted-stack';
import { transactionsWithKnownOutcomes } from '../support/known-outcomes';

jest.setTimeout(600_000);

describe('E2E fault injection: every chunk message delivered twice', () => {
  let stack: OwnStack | undefined;
  beforeAll(async () => {
    // Small chunks: many messages, each handed out twice, the copies often side by side with their originals.
    stack = await startOwnStack('duplicate-chunks', { LOCAL_FAULT_DUPLICATE_CHUNKS: '1', CHUNK_MAX_ROWS: '100' });
  });
  afterAll(async () => stack?.stop());

  it('counts every row once and imports every record once, as a clean run does', async () => {
    const data = transactionsWithKnownOutcomes(3000, `dup${runTag()}`);
    const faulted = await importKnownOutcomes(stack!, data);
    const clean = await importKnownOutcomes(sharedStack(), data);
    expect(countersOf(faulted)).toEqual(countersOf(clean));
    expect(stack!.stderr()).toContain('[faults] chunk messages are being delivered twice');
  });
});

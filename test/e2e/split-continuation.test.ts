import { gzipSync } from 'node:zlib';
import { runTag } from '../support/generate';
import { recordsOfJob, splitCheckpoint, startOwnStack, uploadPresigned, waitForEnd, type OwnStack } from '../support/faulted-stack';
import { transactionsWithKnownOutcomes } from '../support/known-outcomes';

jest.setTimeout(600_000);

describe('E2E: a split that outlasts its time budget continues in later invocations', () => {
  let stack: OwnStack | undefined;
  beforeAll(async () => {
    // A one-second budget per invocation and small chunks: the file is shared out over several invocations.
    stack = await startOwnStack('split-continuation', { SPLIT_TIME_BUDGET_SECONDS: '1', CHUNK_MAX_ROWS: '50' });
  });
  afterAll(async () => stack?.stop());

  it.each([
    ['plain', (csv: string) => ({ fileName: 'transactions.csv', body: Buffer.from(csv) })],
    ['gzip', (csv: string) => ({ fileName: 'transactions.csv.gz', body: gzipSync(Buffer.from(csv)) })],
  ])('a %s file split over several budgets ends with exact counters', async (_name, encode) => {
    const data = transactionsWithKnownOutcomes(30_000, `cont${runTag()}`);
    const { fileName, body } = encode(data.csv);
    const jobId = await uploadPresigned(stack!, fileName, body, { skipDuplicates: true });
    const job = await waitForEnd(stack!, jobId);
    expect(job).toMatchObject({
      status: 'completed',
      runStatus: 'partially_completed',
      totalItems: data.totalItems,
      succeeded: data.succeeded,
      failed: data.failed,
      skipped: data.skipped,
    });
    // Shared out, not done in one go: the checkpoint counts the invocations that split the file.
    const checkpoint = await splitCheckpoint(stack!, jobId);
    expect(checkpoint).toMatchObject({ rows: data.totalItems, chunks: 600, nextChunkSequence: 600, done: true });
    expect(Number(checkpoint?.invocations)).toBeGreaterThanOrEqual(2);
    const records = await recordsOfJob(stack!, jobId);
    expect(records.map((record) => String(record.data.externalId)).sort()).toEqual([...data.importedIds].sort());
  });
});

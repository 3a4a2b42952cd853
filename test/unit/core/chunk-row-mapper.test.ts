import * as mapping from '../../../functions/core/records/mapping';
import { createWorld, csvFile, principal, transactionLines } from '../../support/world';

describe('Use case: process chunk, row mapping', () => {
  afterEach(() => jest.restoreAllMocks());

  it("builds a file's row mapper once per worker, not once per chunk", async () => {
    const built = jest.spyOn(mapping, 'buildRowMapper');
    const { deps, importFiles } = createWorld({ chunkMaxRows: 7 });
    const jobId = await importFiles(principal(), 'transaction_batch', [csvFile('tx.csv', transactionLines(100))]);
    expect(await deps.runs.get(jobId)).toMatchObject({ state: 'completed', succeeded: 100, totalChunks: 15 });
    // Once by the splitter (to check the header's columns), once by the chunk processor for all 15 chunks.
    expect(built).toHaveBeenCalledTimes(2);
  });
});

import { processChunk } from '../../../functions/core/use-cases/process-chunk';
import { salvageDeadChunk } from '../../../functions/core/use-cases/salvage-dead-chunk';
import { splitUpload } from '../../../functions/core/use-cases/split-upload';
import { startUpload } from '../../../functions/core/use-cases/start-upload';
import { unprocessedOf, type Run } from '../../../functions/core/runs/run';
import type { Chunk } from '../../../functions/core/runs/chunk';
import { createSalvageDeadChunksHandler } from '../../../functions/handlers/queue/salvage-dead-chunks-handler';
import { lambdaContext, sqsEvent } from '../../support/sqs-events';
import { createWorld, csvFile, principal, transactionLines } from '../../support/world';
import { chunkBody } from '../../../functions/core/runs/chunk';

/** A run of `lines` split into chunks of 10 rows, none processed yet. */
async function splitRun(lines: string[], options: Record<string, unknown> = {}, dryRun = false) {
  const world = createWorld({ chunkMaxRows: 10 });
  const { jobId } = await startUpload(world.deps, {
    principal: principal(),
    kind: 'transaction_batch',
    files: [csvFile('tx.csv', lines)],
    options,
    dryRun,
  });
  await splitUpload(world.deps, { runId: jobId, fileIndex: 0 });
  const chunks = world.deps.chunks.sent.splice(0);
  const run = async () => (await world.deps.runs.get(jobId)) as Run;
  const failuresOf = (chunkId: string) =>
    (world.deps.objects.text(`failures/${jobId}/${chunkId}.ndjson`) ?? '')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { rowNumber: number; code: string; cells?: string[] });
  return { ...world, jobId, chunks, run, failuresOf };
}

/** The processor writes the chunk's first `written` rows, then dies. */
async function dieAfter(world: Awaited<ReturnType<typeof splitRun>>, chunk: Chunk, written: number) {
  world.deps.records.failAfterWrites = world.deps.records.items.size + written;
  await expect(processChunk(world.deps, chunk)).rejects.toThrow('simulated crash');
  world.deps.records.failAfterWrites = undefined;
}

describe('Use case: salvageDeadChunk (over fakes)', () => {
  it('counts the rows a dead chunk wrote as succeeded and the rest failed, and ends the run failed with the chunk named', async () => {
    // Arrange: 30 rows in 3 chunks; the second (rows 12-21) has an invalid row and dies after writing 4 of its rows
    const lines = transactionLines(30);
    lines[15] = 'tx-15,not-a-number,USD,2026-11-01T10:00:00Z';
    const world = await splitRun(lines);
    const [first, dead, last] = world.chunks as [Chunk, Chunk, Chunk];
    await processChunk(world.deps, first);
    await dieAfter(world, dead, 4);

    // Act: the chunk is dead-lettered and salvaged; the last chunk is processed after it
    const result = await salvageDeadChunk(world.deps, dead);
    expect((await world.run()).state).toBe('running');
    await processChunk(world.deps, last);

    // Assert: exact counters, the written rows once, the run failed with the chunk's name
    const ended = await world.run();
    expect(result).toBe('recorded');
    expect(ended).toMatchObject({ state: 'failed', phase: 'failed', totalItems: 30, succeeded: 24, failed: 6, skipped: 0 });
    expect(unprocessedOf(ended)).toBe(0);
    expect(ended.failure).toMatchObject({ code: 'INTERNAL_ERROR', message: expect.stringContaining(dead.chunkId) });
    expect(ended.control.deadLetteredChunks).toEqual([dead.chunkId]);
    expect(world.deps.records.items.size).toBe(24);
    expect(world.failuresOf(dead.chunkId).map((p) => [p.rowNumber, p.code])).toEqual([
      [16, 'VALIDATION_ERROR'],
      [17, 'PROCESSING_ERROR'],
      [18, 'PROCESSING_ERROR'],
      [19, 'PROCESSING_ERROR'],
      [20, 'PROCESSING_ERROR'],
      [21, 'PROCESSING_ERROR'],
    ]);
    // Rows 12-15 were written before the processor died; the header is row 1.
    expect(world.failuresOf(dead.chunkId)[1]?.cells).toEqual(lines[16]!.split(','));
    expect(world.stream.ended.map((r) => r.state)).toEqual(['failed']);
  });

  it('ends the run itself when the dead chunk is the last one recorded', async () => {
    // Arrange
    const world = await splitRun(transactionLines(20));
    const [first, dead] = world.chunks as [Chunk, Chunk];
    await processChunk(world.deps, first);

    // Act
    await salvageDeadChunk(world.deps, dead);

    // Assert: nothing of it was written, every row is accounted for
    expect(await world.run()).toMatchObject({ state: 'failed', succeeded: 10, failed: 10, failure: { code: 'INTERNAL_ERROR' } });
  });

  it('records a dead chunk once however often it is salvaged', async () => {
    // Arrange
    const world = await splitRun(transactionLines(20));
    const [, dead] = world.chunks as [Chunk, Chunk];
    await dieAfter(world, dead, 3);

    // Act
    const results = [await salvageDeadChunk(world.deps, dead), await salvageDeadChunk(world.deps, dead)];

    // Assert
    expect(results).toEqual(['recorded', 'already_recorded']);
    expect(await world.run()).toMatchObject({ state: 'running', succeeded: 3, failed: 7, chunksDone: 1 });
    expect(world.failuresOf(dead.chunkId)).toHaveLength(7);
  });

  it('gives back, once, the quota rows a dead chunk reserved and never wrote', async () => {
    // Arrange: the chunk reserved its 10 rows, wrote 3, then died on every delivery
    const world = await splitRun(transactionLines(20));
    const [first, dead] = world.chunks as [Chunk, Chunk];
    await processChunk(world.deps, first);
    await dieAfter(world, dead, 3);
    const used = () => [...world.deps.quotas.counters.values()].reduce((sum, n) => sum + n, 0);
    expect(used()).toBe(20);

    // Act: salvaged twice (a dead-letter message delivered again)
    await salvageDeadChunk(world.deps, dead);
    await salvageDeadChunk(world.deps, dead);

    // Assert: the namespace counts the 13 rows imported
    expect(await world.run()).toMatchObject({ state: 'failed', succeeded: 13, failed: 7 });
    expect(used()).toBe(13);
  });

  it('does not count as its own a record that another row holds', async () => {
    // Arrange: rows 2 and 3 repeat one externalId; only row 2 was written before the chunk died
    const lines = transactionLines(4);
    lines[2] = lines[1]!.replace('1.25', '9.99');
    const world = await splitRun(lines);
    await dieAfter(world, world.chunks[0] as Chunk, 1);

    // Act
    await salvageDeadChunk(world.deps, world.chunks[0] as Chunk);

    // Assert
    expect(await world.run()).toMatchObject({ state: 'failed', succeeded: 1, failed: 3 });
  });

  it('recognises the stand-in records of a dry run', async () => {
    // Arrange
    const world = await splitRun(transactionLines(10), {}, true);
    await dieAfter(world, world.chunks[0] as Chunk, 6);

    // Act
    await salvageDeadChunk(world.deps, world.chunks[0] as Chunk);

    // Assert
    expect(await world.run()).toMatchObject({ state: 'failed', succeeded: 6, failed: 4 });
  });

  it('leaves a run that already ended as it is', async () => {
    // Arrange
    const world = await splitRun(transactionLines(20));
    await world.deps.runs.fail(world.jobId, { code: 'INTERNAL_ERROR', message: 'ended elsewhere' }, world.deps.clock.now().toISOString());

    // Act
    const result = await salvageDeadChunk(world.deps, world.chunks[0] as Chunk);

    // Assert
    expect(result).toBe('run_closed');
    expect(await world.run()).toMatchObject({ succeeded: 0, failed: 0, chunksDone: 0 });
  });
});

describe('Handler: salvage-dead-chunks', () => {
  it('salvages chunks, drops messages that are not chunks and reports a salvage that failed', async () => {
    // Arrange
    const world = await splitRun(transactionLines(20));
    const [first, second] = world.chunks.map((chunk) => JSON.stringify(chunkBody(chunk)));
    const orphan = JSON.stringify({ ...JSON.parse(first!), jobId: 'gone' });
    const handler = createSalvageDeadChunksHandler(world.deps);
    jest.spyOn(world.deps.records, 'find').mockRejectedValueOnce(new Error('throttled'));

    // Act
    const result = await handler(sqsEvent([first!, 'not json', orphan, second!]), lambdaContext);

    // Assert: the first salvage met the throttle and comes back; the second is done
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-0' }] });
    expect(await world.run()).toMatchObject({ state: 'running', failed: 10, chunksDone: 1 });
    expect(world.deps.logger.lines.filter((l) => l.level === 'error').map((l) => l.message)).toContain(
      'Dropped a dead-lettered message that is not a chunk',
    );
  });
});

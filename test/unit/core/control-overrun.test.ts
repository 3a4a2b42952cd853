import { controlJob } from '../../../functions/core/use-cases/control-job';
import { startUpload } from '../../../functions/core/use-cases/start-upload';
import { splitUpload } from '../../../functions/core/use-cases/split-upload';
import { toJobView } from '../../../functions/core/runs/job-view';
import { createProcessChunksHandler } from '../../../functions/handlers/queue/process-chunks-handler';
import { lambdaContext, sqsEvent } from '../../support/sqs-events';
import { createWorld, csvFile, principal, transactionLines } from '../../support/world';
import { chunkBody } from '../../../functions/core/runs/chunk';

type World = ReturnType<typeof createWorld>;

const CHUNK_ROWS = 10;

/** Uploads and splits 5 chunks' worth of transactions; the chunks wait in the fake queue as SQS message bodies. */
async function fiveChunks(world: World): Promise<{ jobId: string; bodies: string[] }> {
  const { jobId } = await startUpload(world.deps, {
    principal: principal(),
    kind: 'transaction_batch',
    files: [csvFile('t.csv', transactionLines(5 * CHUNK_ROWS))],
    options: {},
  });
  await splitUpload(world.deps, { runId: jobId, fileIndex: 0 });
  const bodies = world.deps.chunks.sent.splice(0).map((chunk) => JSON.stringify(chunkBody(chunk)));
  return { jobId, bodies };
}

/**
 * Runs `control` the first time a record write starts, i.e. while the first chunk of the batch is in a worker's
 * hands, and waits for its answer before letting the write go on.
 */
function controlDuringFirstWrite(world: World, control: () => Promise<unknown>): { answered: () => boolean } {
  const putNew = world.deps.records.putNew.bind(world.deps.records);
  let fired = false;
  let answered = false;
  world.deps.records.putNew = async (records) => {
    if (!fired) {
      fired = true;
      await control();
      answered = true;
    }
    return putNew(records);
  };
  return { answered: () => answered };
}

describe('Rule: after a pause or cancel has answered, at most the chunk in each worker\'s hands completes (§6)', () => {
  it('parks the rest of an SQS batch once a pause lands during its first chunk', async () => {
    // Arrange
    const world = createWorld({ chunkMaxRows: CHUNK_ROWS });
    const { jobId, bodies } = await fiveChunks(world);
    const pause = controlDuringFirstWrite(world, () => controlJob(world.deps, principal(), jobId, { action: 'pause' }));
    const handler = createProcessChunksHandler(world.deps);

    // Act: one worker receives all five chunks in one batch
    const result = await handler(sqsEvent(bodies), lambdaContext);

    // Assert: the chunk in hand finished, the four others were parked, not attempted
    expect(pause.answered()).toBe(true);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(await world.deps.runs.get(jobId)).toMatchObject({ state: 'paused', succeeded: CHUNK_ROWS, chunksDone: 1 });
    expect([...world.deps.objects.objects.keys()].filter((key) => key.startsWith(`parked/${jobId}/`))).toHaveLength(4);
  });

  it('sets aside the rest of an SQS batch once a cancel lands during its first chunk', async () => {
    // Arrange
    const world = createWorld({ chunkMaxRows: CHUNK_ROWS });
    const { jobId, bodies } = await fiveChunks(world);
    const cancel = controlDuringFirstWrite(world, () => controlJob(world.deps, principal(), jobId, { action: 'cancel' }));
    const handler = createProcessChunksHandler(world.deps);

    // Act
    await handler(sqsEvent(bodies), lambdaContext);

    // Assert: only the chunk in hand was imported; the run closed cancelled with the other rows unprocessed
    expect(cancel.answered()).toBe(true);
    expect(world.deps.records.items.size).toBe(CHUNK_ROWS);
    expect(await world.deps.runs.get(jobId)).toMatchObject({ state: 'cancelled', succeeded: CHUNK_ROWS, totalItems: 5 * CHUNK_ROWS });
  });
});

describe('Rule: a paused run shows no rate and no ETA', () => {
  it('answers rowsPerSecond 0 and etaSeconds null while paused, and a rate again once resumed', async () => {
    // Arrange: a run that imported one chunk of five, then was paused
    const world = createWorld({ chunkMaxRows: CHUNK_ROWS });
    const { jobId, bodies } = await fiveChunks(world);
    const handler = createProcessChunksHandler(world.deps);
    await handler(sqsEvent(bodies.slice(0, 1)), lambdaContext);
    world.deps.clock.advance(10_000);
    await controlJob(world.deps, principal(), jobId, { action: 'pause' });
    world.deps.clock.advance(10_000);

    // Act
    const paused = toJobView((await world.deps.runs.get(jobId))!, world.deps.clock.now());
    await controlJob(world.deps, principal(), jobId, { action: 'resume' });
    const resumed = toJobView((await world.deps.runs.get(jobId))!, world.deps.clock.now());

    // Assert
    expect(paused).toMatchObject({ status: 'paused', progress: { processed: CHUNK_ROWS, percent: 20, rowsPerSecond: 0, etaSeconds: null } });
    expect(resumed.progress.rowsPerSecond).toBeGreaterThan(0);
    expect(resumed.progress.etaSeconds).toBeGreaterThan(0);
  });
});

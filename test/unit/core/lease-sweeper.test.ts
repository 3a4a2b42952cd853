import { Readable } from 'node:stream';
import { createPresignedUpload } from '../../../functions/core/use-cases/create-presigned-upload';
import { splitUpload } from '../../../functions/core/use-cases/split-upload';
import { startUpload } from '../../../functions/core/use-cases/start-upload';
import { sweepLeases, type SweepLeasesDeps } from '../../../functions/core/use-cases/sweep-leases';
import { decideSweep } from '../../../functions/core/leases/sweep-rules';
import { uploadKey } from '../../../functions/core/files/object-keys';
import { unprocessedOf, type Run } from '../../../functions/core/runs/run';
import { createSweepLeasesHandler } from '../../../functions/handlers/scheduled/sweep-leases-handler';
import { InMemoryLeases, InMemoryUploadWindows, ObjectsProbe, RecordingUploadEvents } from '../../support/lease-fakes';
import { createWorld, csvFile, principal, transactionLines } from '../../support/world';
import { NO_CONTROL } from '../../../functions/core/runs/run-control-state';

const LEASE_MS = 600_000;

function setUp(policy: Partial<SweepLeasesDeps['policy']> = {}) {
  const world = createWorld({ chunkMaxRows: 10 });
  const { deps } = world;
  const leases = new InMemoryLeases(deps.runs);
  const uploadEvents = new RecordingUploadEvents();
  const sweeper: SweepLeasesDeps = {
    runs: deps.runs,
    leases,
    uploadEvents,
    uploads: new ObjectsProbe(deps.objects),
    clock: deps.clock,
    logger: deps.logger,
    policy: { leaseSeconds: 600, maxResumes: 2, uploadGraceSeconds: 60, stallSeconds: 3600, ...policy },
  };
  /** A splitter that sends each chunk at once and whose connection to the bucket drops after `bytes`. */
  const splitDying = async (jobId: string, bytes: number) => {
    jest.spyOn(deps.objects, 'read').mockImplementationOnce(async (key) => {
      const body = deps.objects.objects.get(key)?.body ?? Buffer.alloc(0);
      return Readable.from(
        (async function* () {
          yield body.subarray(0, bytes);
          await new Promise((resolve) => setImmediate(resolve));
          throw new Error('read ECONNRESET');
        })(),
      );
    });
    await expect(splitUpload({ ...deps, sendBatchChunks: 1 }, { runId: jobId, fileIndex: 0 })).rejects.toThrow('ECONNRESET');
  };
  /** Delivers what the sweeper sent to the splitter's queue. */
  const deliverUploadEvents = async () => {
    for (const target of uploadEvents.take()) await splitUpload(deps, target);
  };
  const upload = async (lines: string[]) =>
    (await startUpload(deps, { principal: principal(), kind: 'transaction_batch', files: [csvFile('tx.csv', lines)], options: {} })).jobId;
  const run = async (jobId: string) => (await deps.runs.get(jobId)) as Run;
  return { ...world, leases, uploadEvents, sweeper, splitDying, deliverUploadEvents, upload, run };
}

describe('Use case: sweepLeases (over fakes)', () => {
  it('leaves a run whose lease is live alone, and resumes a split whose worker died once the lease lapses', async () => {
    // Arrange: the splitter dies a third of the way through the file, after queuing some chunks
    const { deps, stream, sweeper, splitDying, drainChunks, deliverUploadEvents, uploadEvents, upload, run } = setUp();
    const lines = transactionLines(95);
    const jobId = await upload(lines);
    await splitDying(jobId, Buffer.byteLength(lines.slice(0, 33).join('\n')));
    await drainChunks();
    const beforeExpiry = await run(jobId);
    expect(beforeExpiry).toMatchObject({ state: 'running', filesSplit: 0, succeeded: 30 });

    // Act + Assert: nothing happens while the lease is live
    expect(await sweepLeases(sweeper)).toMatchObject({ resume: 0, interrupt: 0 });
    expect(uploadEvents.sent).toEqual([]);

    // Act: the lease lapses
    deps.clock.advance(LEASE_MS + 1000);
    const report = await sweepLeases(sweeper);

    // Assert: the file is announced again and the sweeper holds a fresh lease meanwhile
    expect(report.resume).toBe(1);
    expect(uploadEvents.sent).toEqual([{ runId: jobId, fileIndex: 0 }]);
    const resumed = await run(jobId);
    expect(Date.parse(resumed.leaseExpiresAt!)).toBeGreaterThan(deps.clock.now().getTime());
    expect(resumed.control.leaseResumes).toBe(1);
    expect((await sweepLeases(sweeper)).resume).toBe(0);

    // Act: the splitter takes the announced file
    await deliverUploadEvents();
    await drainChunks();

    // Assert: exact counters, each record imported once, the run ended once
    expect(await run(jobId)).toMatchObject({ state: 'completed', phase: 'completed', totalItems: 95, succeeded: 95, failed: 0 });
    expect(deps.records.items.size).toBe(95);
    expect(stream.ended.map((r) => r.state)).toEqual(['completed']);
  });

  it('sends nothing when the worker renews its lease between the sweeper reading the run and taking it over', async () => {
    // Arrange
    const { deps, sweeper, leases, splitDying, upload, uploadEvents, run } = setUp();
    const lines = transactionLines(50);
    const jobId = await upload(lines);
    await splitDying(jobId, 200);
    deps.clock.advance(LEASE_MS + 1000);
    const takeOver = leases.takeOver.bind(leases);
    jest.spyOn(leases, 'takeOver').mockImplementationOnce(async (...args) => {
      const now = deps.clock.now();
      await deps.runs.heartbeat(jobId, now.toISOString(), new Date(now.getTime() + LEASE_MS).toISOString());
      return takeOver(...args);
    });

    // Act
    const report = await sweepLeases(sweeper);

    // Assert
    expect(report).toMatchObject({ raced: 1, resume: 0 });
    expect(uploadEvents.sent).toEqual([]);
    expect((await run(jobId)).control.leaseResumes).toBe(0);
  });

  it('interrupts a run whose split keeps dying after maxResumes, with WORKER_LEASE_EXPIRED and counters that add up', async () => {
    // Arrange: one invalid row among those read before each death
    const { deps, stream, sweeper, splitDying, drainChunks, uploadEvents, upload, run } = setUp({ maxResumes: 2 });
    const lines = transactionLines(80);
    lines[5] = 'tx-5,not-a-number,USD,2026-11-01T10:00:00Z';
    const jobId = await upload(lines);
    const cut = Buffer.byteLength(lines.slice(0, 26).join('\n'));

    // Act: the first split and both resumes die at the same place
    await splitDying(jobId, cut);
    for (let resume = 1; resume <= 2; resume++) {
      await drainChunks();
      deps.clock.advance(LEASE_MS + 1000);
      expect((await sweepLeases(sweeper)).resume).toBe(1);
      uploadEvents.take();
      await splitDying(jobId, cut);
    }
    await drainChunks();
    deps.clock.advance(LEASE_MS + 1000);
    const report = await sweepLeases(sweeper);

    // Assert
    expect(report.interrupt).toBe(1);
    expect(uploadEvents.sent).toEqual([]);
    const ended = await run(jobId);
    expect(ended).toMatchObject({ state: 'interrupted', phase: 'failed', succeeded: 19, failed: 1, skipped: 0, totalItems: 20 });
    expect(ended.failure).toMatchObject({ code: 'WORKER_LEASE_EXPIRED', details: { resumes: 2, filesNotSplit: ['tx.csv'] } });
    expect(ended.succeeded + ended.failed + ended.skipped + unprocessedOf(ended)).toBe(ended.totalItems);
    expect(deps.records.items.size).toBe(19);
    expect(stream.ended.map((r) => r.state)).toEqual(['interrupted']);
    expect((await sweepLeases(sweeper)).interrupt).toBe(0);
  });

  it('renews the lease of a split run whose chunks wait in the queue, and interrupts it once it made no progress for stallSeconds', async () => {
    // Arrange: three chunks queued, one processed
    const { deps, sweeper, drainChunks, upload, run } = setUp({ stallSeconds: 3600 });
    const jobId = await upload(transactionLines(30));
    await splitUpload(deps, { runId: jobId, fileIndex: 0 });
    const waiting = deps.chunks.sent.splice(1);
    await drainChunks();

    // Act + Assert: lapsed leases are renewed on the queue's behalf while the chunks may still come
    for (let i = 0; i < 5; i++) {
      deps.clock.advance(LEASE_MS + 1000);
      expect(await sweepLeases(sweeper)).toMatchObject({ extend: 1, interrupt: 0 });
      const waitingRun = await run(jobId);
      expect(waitingRun.state).toBe('running');
      expect(Date.parse(waitingRun.leaseExpiresAt!)).toBeGreaterThan(deps.clock.now().getTime());
    }
    deps.clock.advance(LEASE_MS + 1000);
    expect((await sweepLeases(sweeper)).interrupt).toBe(1);

    // Assert: the rows never attempted are unprocessed, and chunks delivered late change nothing
    deps.chunks.sent.push(...waiting);
    await drainChunks();
    const ended = await run(jobId);
    expect(ended).toMatchObject({ state: 'interrupted', totalItems: 30, succeeded: 10, failed: 0 });
    expect(unprocessedOf(ended)).toBe(20);
    expect(ended.failure?.code).toBe('WORKER_LEASE_EXPIRED');
    expect(deps.records.items.size).toBe(10);
  });

  it('closes a run whose every chunk is recorded when the worker died before closing it', async () => {
    // Arrange
    const { deps, stream, sweeper, drainChunks, upload, run } = setUp();
    const jobId = await upload(transactionLines(20));
    await splitUpload(deps, { runId: jobId, fileIndex: 0 });
    jest.spyOn(deps.runs, 'complete').mockRejectedValueOnce(new Error('killed'));
    await expect(drainChunks()).rejects.toThrow('killed');
    expect(await run(jobId)).toMatchObject({ state: 'running', chunksDone: 2, totalChunks: 2 });

    // Act
    deps.clock.advance(LEASE_MS + 1000);
    const report = await sweepLeases(sweeper);

    // Assert
    expect(report.close).toBe(1);
    expect(await run(jobId)).toMatchObject({ state: 'completed', succeeded: 20 });
    expect(stream.ended).toHaveLength(1);
  });

  it('leaves a paused run paused', async () => {
    // Arrange
    const { deps, sweeper, splitDying, upload, uploadEvents, run } = setUp();
    const jobId = await upload(transactionLines(20));
    await splitDying(jobId, 100);
    deps.runs.runs.get(jobId)!.state = 'paused';

    // Act
    deps.clock.advance(LEASE_MS + 1000);
    const report = await sweepLeases(sweeper);

    // Assert
    expect(report).toMatchObject({ wait: 1, resume: 0, interrupt: 0 });
    expect(uploadEvents.sent).toEqual([]);
    expect((await run(jobId)).state).toBe('paused');
    expect((await sweepLeases(sweeper)).wait).toBe(0);
  });

  describe('presigned uploads', () => {
    const TTL_SECONDS = 300;
    async function presign(world: ReturnType<typeof setUp>) {
      const limits = { maxFileNameLength: 100, maxPresignedFileBytes: 1e9, uploadUrlTtlSeconds: TTL_SECONDS };
      return (await createPresignedUpload({ ...world.deps, limits }, principal(), { kind: 'transaction_batch', fileName: 'big.csv' })).jobId;
    }

    it('fails an upload that never arrived once its URL and the grace period have passed, not before', async () => {
      // Arrange
      const world = setUp({ uploadGraceSeconds: 60 });
      const jobId = await presign(world);

      // Act + Assert: within the URL's life and the grace, nothing
      world.deps.clock.advance((TTL_SECONDS + 59) * 1000);
      expect((await sweepLeases(world.sweeper)).check_upload).toBe(0);
      expect((await world.run(jobId)).state).toBe('queued');

      world.deps.clock.advance(2000);
      expect((await sweepLeases(world.sweeper)).check_upload).toBe(1);

      // Assert
      const ended = await world.run(jobId);
      expect(ended).toMatchObject({ state: 'failed', phase: 'failed', totalItems: null });
      expect(ended.failure).toMatchObject({ code: 'SOURCE_FILE_NOT_FOUND', message: expect.stringContaining('never arrived') });
      expect(ended.control.awaitingUpload).toBe(false);
      expect(world.stream.ended.map((r) => r.runId)).toEqual([jobId]);
      expect((await sweepLeases(world.sweeper)).check_upload).toBe(0);
    });

    it('waits for the fresh URL a replayed request (same Idempotency-Key) handed out', async () => {
      // Arrange
      const world = setUp({ uploadGraceSeconds: 60 });
      const limits = { maxFileNameLength: 100, maxPresignedFileBytes: 1e9, uploadUrlTtlSeconds: TTL_SECONDS };
      const deps = { ...world.deps, limits, uploadWindows: new InMemoryUploadWindows(world.deps.runs) };
      const request = { kind: 'transaction_batch', fileName: 'big.csv' };
      const { jobId } = await createPresignedUpload(deps, principal(), request, 'key-1');

      // Act: the client asks again just before the first URL expires
      world.deps.clock.advance((TTL_SECONDS - 10) * 1000);
      const replay = await createPresignedUpload(deps, principal(), request, 'key-1');
      world.deps.clock.advance(100 * 1000);
      const pastFirstDeadline = await sweepLeases(world.sweeper);

      // Assert
      expect(replay.jobId).toBe(jobId);
      expect(pastFirstDeadline.check_upload).toBe(0);
      expect((await world.run(jobId)).control.uploadExpiresAt).toBe(replay.expiresAt);
      world.deps.clock.advance(TTL_SECONDS * 1000);
      expect((await sweepLeases(world.sweeper)).check_upload).toBe(1);
      expect((await world.run(jobId)).state).toBe('failed');
    });

    it('announces an upload that landed but whose event never came, instead of failing it', async () => {
      // Arrange
      const world = setUp({ uploadGraceSeconds: 60 });
      const jobId = await presign(world);
      await world.deps.objects.put(uploadKey(jobId, 0), transactionLines(12).join('\n'), 'text/csv');

      // Act
      world.deps.clock.advance((TTL_SECONDS + 61) * 1000);
      await sweepLeases(world.sweeper);
      await world.deliverUploadEvents();
      await world.drainChunks();

      // Assert
      expect(await world.run(jobId)).toMatchObject({ state: 'completed', succeeded: 12 });
    });

    it('does not fail an upload that starts its run at the moment the sweeper expires it', async () => {
      // Arrange
      const world = setUp({ uploadGraceSeconds: 0 });
      const jobId = await presign(world);
      world.deps.clock.advance((TTL_SECONDS + 1) * 1000);
      const expire = world.leases.expireUpload.bind(world.leases);
      jest.spyOn(world.leases, 'expireUpload').mockImplementationOnce(async (...args) => {
        // The file lands and the splitter starts the run first.
        await world.deps.objects.put(uploadKey(jobId, 0), transactionLines(5).join('\n'), 'text/csv');
        await splitUpload(world.deps, { runId: jobId, fileIndex: 0 });
        return expire(...args);
      });

      // Act
      const report = await sweepLeases(world.sweeper);
      await world.drainChunks();

      // Assert: imported once, not failed
      expect(report.raced).toBe(1);
      expect(await world.run(jobId)).toMatchObject({ state: 'completed', succeeded: 5 });
      expect(world.stream.ended.map((r) => r.state)).toEqual(['completed']);
    });
  });

  it('Handler: sweep-leases answers what the sweep did', async () => {
    // Arrange
    const { deps, sweeper, splitDying, upload } = setUp();
    const jobId = await upload(transactionLines(20));
    await splitDying(jobId, 100);
    deps.clock.advance(LEASE_MS + 1000);

    // Act
    const report = await createSweepLeasesHandler(sweeper)({ task: 'sweep-leases' });

    // Assert
    expect(report).toMatchObject({ resume: 1, errors: 0 });
  });
});

describe('Rule: decideSweep', () => {
  it('takes an ended run out of the index and leaves a run with a live lease until it lapses', async () => {
    const { deps, upload, run } = setUp();
    const jobId = await upload(transactionLines(3));
    const now = deps.clock.now();
    const policy = { leaseSeconds: 600, maxResumes: 3, uploadGraceSeconds: 0, stallSeconds: 60 };
    const base = await run(jobId);
    const lease = new Date(now.getTime() + 1000).toISOString();
    expect(decideSweep({ ...base, state: 'completed' }, now, policy)).toEqual({ action: 'unindex' });
    expect(decideSweep({ ...base, state: 'cancelled' }, now, policy)).toEqual({ action: 'unindex' });
    expect(decideSweep({ ...base, state: 'running', leaseExpiresAt: lease }, now, policy)).toEqual({ action: 'wait', until: lease });
    expect(decideSweep({ ...base, state: 'running', leaseExpiresAt: now.toISOString(), control: { ...NO_CONTROL, leaseResumes: 3 } }, now, policy)).toEqual({
      action: 'interrupt',
      reason: 'resumes_exhausted',
    });
  });
});

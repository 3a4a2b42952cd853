import type { RunControl } from '../../../functions/core/control/ports';
import type { LeaseRepository, ObservedRun, UploadWindows } from '../../../functions/core/leases/ports';
import type { ChunkRecording, RunRepository } from '../../../functions/core/ports';
import type { Run } from '../../../functions/core/runs/run';
import { eventually, newRun, type MakePort } from './fixtures';
import { NO_CONTROL } from '../../../functions/core/runs/run-control-state';

export interface LeasePorts {
  readonly runs: RunRepository & RunControl;
  readonly leases: LeaseRepository;
  readonly uploadWindows: UploadWindows;
}

/**
 * Each test gets its own decade, far past the real clock: the index the adapter queries is shared with every other
 * test file's runs, and only runs due in this test's window, after everything else, are this test's to see.
 */
let windows = 0;
const DUE_LIMIT = 1000;

const failure = { code: 'WORKER_LEASE_EXPIRED' as const, message: 'the worker stopped renewing its lease' };

/**
 * The sweeper's side of runs (lease index, conditional take-over and ends) and the upload windows of presigned
 * uploads, held by InMemoryLeases/InMemoryUploadWindows over InMemoryRuns and by the DynamoDB adapters alike.
 *
 * The index is what the adapter's writes make it: a run enters it when a presigned upload starts waiting or a run
 * starts, its due time follows the writes that renew its lease (heartbeat, a recorded chunk, a take-over, an upload
 * window extended, a postponement), and the writes that end a run (complete, fail, interrupt, expireUpload) take it
 * out. Job control's writes leave it as it was: a resumed or cancel-requested run stays due at its old lease, and a
 * run cancelled while queued or closed cancelled stays listed until the sweeper unindexes it.
 */
export function describeLeaseRepositoryContract(name: string, makePorts: MakePort<LeasePorts>): void {
  describe(`LeaseRepository and UploadWindows contract: ${name}`, () => {
    let runs: LeasePorts['runs'];
    let leases: LeaseRepository;
    let uploadWindows: UploadWindows;
    /** Seconds from this test's own start, as an ISO instant. */
    let t: (seconds: number) => string;

    beforeEach(async () => {
      ({ runs, leases, uploadWindows } = await makePorts());
      windows += 1;
      const start = Date.parse(`${2100 + (Date.now() % 100)}-01-01T00:00:00.000Z`) + windows * 10 * 365 * 86_400_000;
      t = (seconds) => new Date(start + seconds * 1000).toISOString();
    });

    /** This test's runs due at `now`, in the order findDue answers them. */
    const dueAt = async (now: number, ours: readonly string[]) => (await leases.findDue(t(now), DUE_LIMIT)).filter((id) => ours.includes(id));
    /** Waits (briefly: the index is eventually consistent) until `expected` is what is due of `ours`. */
    const due = (now: number, ours: readonly string[], expected: readonly string[]) =>
      eventually(() => dueAt(now, ours), (found) => JSON.stringify(found) === JSON.stringify(expected));

    async function startedRun(lease = 600): Promise<Run> {
      const run = newRun({ createdAt: t(0) });
      await runs.create(run);
      await runs.markStarted(run.runId, t(0), t(lease));
      return (await runs.get(run.runId)) as Run;
    }
    async function waitingUpload(expiresAt = 300): Promise<Run> {
      const run = newRun({ createdAt: t(0), metadata: { fileName: 'a.csv' }, control: { ...NO_CONTROL, awaitingUpload: true, uploadExpiresAt: t(expiresAt) } });
      await runs.create(run);
      return run;
    }
    const recording = (jobId: string, chunkId: string, lease: number): ChunkRecording => ({
      runId: jobId, chunkId, outcome: { succeeded: 2, failed: 1, skipped: 0 }, at: t(lease - 600), leaseExpiresAt: t(lease),
    });
    const observe = (run: Run): ObservedRun => ({
      runId: run.runId, leaseExpiresAt: run.leaseExpiresAt, succeeded: run.succeeded, failed: run.failed,
      skipped: run.skipped, chunksDone: run.chunksDone, filesSplit: run.filesSplit,
    });

    describe('findDue', () => {
      it('finds started runs by lease expiry and waiting uploads by URL expiry, most overdue first, never a plain queued run', async () => {
        const queued = newRun({ createdAt: t(0) });
        await runs.create(queued);
        const late = await startedRun(600);
        const early = await startedRun(200);
        const upload = await waitingUpload(400);
        const ours = [queued.runId, late.runId, early.runId, upload.runId];
        expect(await due(100_000, ours, [early.runId, upload.runId, late.runId])).toEqual([early.runId, upload.runId, late.runId]);
        expect(await due(400, ours, [early.runId, upload.runId])).toEqual([early.runId, upload.runId]);
        expect(await due(199, ours, [])).toEqual([]);
      });

      it('answers at most `limit` runs, the most overdue', async () => {
        const runsMade = [await startedRun(30), await startedRun(10), await startedRun(20)];
        const ours = runsMade.map((run) => run.runId);
        await due(100, ours, [ours[1]!, ours[2]!, ours[0]!]);
        // The window is after every other test's runs, so `limit` counts those too: ask for all but ours, plus 2 (again,
        // should another test file index a run between the two reads).
        const limited = await eventually(async () => {
          const others = (await leases.findDue(t(100), DUE_LIMIT)).filter((id) => !ours.includes(id)).length;
          return (await leases.findDue(t(100), others + 2)).filter((id) => ours.includes(id));
        }, (found) => found.length === 2);
        expect(limited).toEqual([ours[1], ours[2]]);
      });

      it('follows the writes that renew a lease, and forgets a run that completes or fails', async () => {
        const run = await startedRun(600);
        const other = await startedRun(600);
        const ours = [run.runId, other.runId];
        await runs.heartbeat(run.runId, t(100), t(700));
        expect(await due(650, ours, [other.runId])).toEqual([other.runId]);
        await runs.recordChunk(recording(run.runId, '00-0000000', 800));
        expect(await due(750, ours, [other.runId])).toEqual([other.runId]);
        expect(await due(800, ours, [other.runId, run.runId])).toEqual([other.runId, run.runId]);
        await runs.recordFileSplit({ runId: run.runId, fileIndex: 0, rows: 3, chunks: 1, at: t(100) });
        expect(await runs.complete(run.runId, 'completed', t(100))).toBe(true);
        expect(await runs.fail(other.runId, failure, t(100))).toBe(true);
        expect(await due(100_000, ours, [])).toEqual([]);
      });

      it('leaves a run where it was on job control: a resumed run stays due at its old lease, a cancelled one until unindexed', async () => {
        const resumed = await startedRun(600);
        await runs.pause(resumed.runId, t(10));
        await runs.resume(resumed.runId, t(20), t(5000));
        const cancelling = await startedRun(700);
        await runs.requestCancel(cancelling.runId, t(20), t(5000));
        const cancelledQueued = await waitingUpload(800);
        await runs.cancelQueued(cancelledQueued.runId, 'failed', t(20));
        const ours = [resumed.runId, cancelling.runId, cancelledQueued.runId];
        expect(await due(1000, ours, ours)).toEqual(ours);

        // unindex takes out ended runs only.
        for (const jobId of ours) await leases.unindex(jobId);
        expect(await due(1000, ours, [resumed.runId, cancelling.runId])).toEqual([resumed.runId, cancelling.runId]);
        await runs.heartbeat(resumed.runId, t(30), t(5000));
        expect(await due(1000, ours, [cancelling.runId])).toEqual([cancelling.runId]);
      });
    });

    describe('takeOver', () => {
      it('takes a lapsed lease over once, only under the lease seen, and counts resumes when asked', async () => {
        const run = await startedRun(600);
        const answers = await Promise.all([
          leases.takeOver(run.runId, t(600), t(1200), { resume: true }),
          leases.takeOver(run.runId, t(600), t(1300), { resume: true }),
        ]);
        expect(answers.filter(Boolean)).toHaveLength(1);
        const taken = (await runs.get(run.runId)) as Run;
        expect(taken.control.leaseResumes).toBe(1);
        expect([t(1200), t(1300)]).toContain(taken.leaseExpiresAt);
        expect(await leases.takeOver(run.runId, t(600), t(9000), { resume: false })).toBe(false);
        expect(await leases.takeOver(run.runId, null, t(9000), { resume: false })).toBe(false);
        expect(await leases.takeOver(run.runId, taken.leaseExpiresAt, t(2000), { resume: true })).toBe(true);
        expect(await leases.takeOver(run.runId, t(2000), t(2500), { resume: false })).toBe(true);
        expect(await runs.get(run.runId)).toMatchObject({ leaseExpiresAt: t(2500), control: { leaseResumes: 2 } });
        expect(await due(2400, [run.runId], [])).toEqual([]);
        expect(await due(2500, [run.runId], [run.runId])).toEqual([run.runId]);
      });

      it('takes over nothing but a running run', async () => {
        const paused = await startedRun(600);
        await runs.pause(paused.runId, t(10));
        expect(await leases.takeOver(paused.runId, t(600), t(1200), { resume: true })).toBe(false);
        const queued = newRun({ createdAt: t(0) });
        await runs.create(queued);
        expect(await leases.takeOver(queued.runId, null, t(1200), { resume: false })).toBe(false);
        expect((await runs.get(paused.runId))?.control.leaseResumes).toBe(0);
      });
    });

    describe('interrupt', () => {
      it('ends a running run interrupted only if its lease and counters are those observed', async () => {
        const run = await startedRun(600);
        const seen = observe(run);
        await runs.recordChunk(recording(run.runId, '00-0000000', 600));
        expect(await leases.interrupt(seen, { totalItems: 10, failure, at: t(700) })).toBe(false);
        const now = (await runs.get(run.runId)) as Run;
        expect(await leases.interrupt({ ...observe(now), leaseExpiresAt: t(601) }, { totalItems: 10, failure, at: t(700) })).toBe(false);
        const answers = await Promise.all([
          leases.interrupt(observe(now), { totalItems: 10, failure, at: t(700) }),
          leases.interrupt(observe(now), { totalItems: 10, failure, at: t(700) }),
        ]);
        expect(answers.filter(Boolean)).toHaveLength(1);
        expect(await runs.get(run.runId)).toMatchObject({
          state: 'interrupted', phase: 'failed', failure: failure, workerError: `${failure.code}: ${failure.message}`,
          completedAt: t(700), totalItems: 10, succeeded: 2,
        });
        expect(await due(100_000, [run.runId], [])).toEqual([]);
        expect(await runs.fail(run.runId, failure, t(800))).toBe(false);
      });

      it('loses to a split file or a paused run, and cuts workerError at 500 characters', async () => {
        const run = await startedRun(600);
        const seen = observe(run);
        await runs.recordFileSplit({ runId: run.runId, fileIndex: 0, rows: 5, chunks: 1, at: t(10) });
        expect(await leases.interrupt(seen, { totalItems: 5, failure, at: t(700) })).toBe(false);
        const paused = await startedRun(600);
        await runs.pause(paused.runId, t(10));
        expect(await leases.interrupt(observe(paused), { totalItems: 0, failure, at: t(700) })).toBe(false);
        const long = { code: 'WORKER_LEASE_EXPIRED' as const, message: 'y'.repeat(1000) };
        const now = (await runs.get(run.runId)) as Run;
        expect(await leases.interrupt(observe(now), { totalItems: 5, failure: long, at: t(700) })).toBe(true);
        expect((await runs.get(run.runId))?.workerError).toBe(`${long.code}: ${long.message}`.slice(0, 500));
      });
    });

    describe('presigned uploads', () => {
      it('fails a run still waiting for its upload, once; an upload that started it wins instead', async () => {
        const waiting = await waitingUpload(300);
        const answers = await Promise.all([leases.expireUpload(waiting.runId, failure, t(400)), runs.markStarted(waiting.runId, t(400), t(1000))]);
        const ended = (await runs.get(waiting.runId)) as Run;
        if (answers[0]) {
          expect(ended).toMatchObject({ state: 'failed', phase: 'failed', failure: failure, completedAt: t(400), startedAt: null });
          expect(ended.control.awaitingUpload).toBe(false);
          expect(await due(100_000, [waiting.runId], [])).toEqual([]);
        } else {
          expect(ended.state).toBe('running');
        }
        expect(await leases.expireUpload(waiting.runId, failure, t(500))).toBe(false);

        const started = await waitingUpload(300);
        await runs.markStarted(started.runId, t(10), t(600));
        expect(await leases.expireUpload(started.runId, failure, t(400))).toBe(false);
        const plain = newRun({ createdAt: t(0) });
        await runs.create(plain);
        expect(await leases.expireUpload(plain.runId, failure, t(400))).toBe(false);
        expect((await runs.get(plain.runId))?.state).toBe('queued');
      });

      it('extends a waiting upload’s window only to a later time, and only while it waits', async () => {
        const waiting = await waitingUpload(300);
        expect(await uploadWindows.extend(waiting.runId, t(200))).toBe(false);
        expect(await uploadWindows.extend(waiting.runId, t(300))).toBe(false);
        expect(await uploadWindows.extend(waiting.runId, t(900))).toBe(true);
        expect((await runs.get(waiting.runId))?.control.uploadExpiresAt).toBe(t(900));
        expect(await due(899, [waiting.runId], [])).toEqual([]);
        expect(await due(900, [waiting.runId], [waiting.runId])).toEqual([waiting.runId]);
        await runs.markStarted(waiting.runId, t(400), t(1000));
        expect(await uploadWindows.extend(waiting.runId, t(2000))).toBe(false);
        const plain = newRun({ createdAt: t(0) });
        await runs.create(plain);
        expect(await uploadWindows.extend(plain.runId, t(2000))).toBe(false);
        expect((await runs.get(plain.runId))?.metadata).toEqual({ fileName: 'a.csv' });
        expect((await runs.get(plain.runId))?.control).toEqual(NO_CONTROL);
      });
    });

    describe('postpone and unindex', () => {
      it('postpones a run still in the status seen and still indexed, until its lease is renewed', async () => {
        const run = await startedRun(600);
        await leases.postpone(run.runId, 'running', t(5000));
        expect(await due(4000, [run.runId], [])).toEqual([]);
        expect(await due(5000, [run.runId], [run.runId])).toEqual([run.runId]);
        await leases.postpone(run.runId, 'paused', t(9000));
        expect(await due(5000, [run.runId], [run.runId])).toEqual([run.runId]);
        await runs.heartbeat(run.runId, t(100), t(700));
        expect(await due(700, [run.runId], [run.runId])).toEqual([run.runId]);

        const ended = await startedRun(600);
        await runs.fail(ended.runId, failure, t(10));
        await leases.postpone(ended.runId, 'failed', t(800));
        expect(await due(100_000, [ended.runId], [])).toEqual([]);
        const queued = newRun({ createdAt: t(0) });
        await runs.create(queued);
        await leases.postpone(queued.runId, 'queued', t(800));
        expect(await due(100_000, [queued.runId], [])).toEqual([]);
      });

      it('postpones a waiting upload past its URL expiry', async () => {
        const waiting = await waitingUpload(300);
        await leases.postpone(waiting.runId, 'queued', t(1000));
        expect(await due(999, [waiting.runId], [])).toEqual([]);
        expect(await due(1000, [waiting.runId], [waiting.runId])).toEqual([waiting.runId]);
      });

      it('unindexes an ended run only', async () => {
        const running = await startedRun(600);
        await leases.unindex(running.runId);
        expect(await due(600, [running.runId], [running.runId])).toEqual([running.runId]);
        const closed = await startedRun(600);
        await runs.requestCancel(closed.runId, t(10), t(600));
        await runs.closeCancelled(closed.runId, 'completed', t(20));
        expect(await due(600, [closed.runId], [closed.runId])).toEqual([closed.runId]);
        await leases.unindex(closed.runId);
        expect(await due(600, [closed.runId], [])).toEqual([]);
      });
    });

    describe('progress', () => {
      it('tells which files were split and the rows recorded chunks counted, by file', async () => {
        const run = await startedRun(600);
        await runs.recordFileSplit({ runId: run.runId, fileIndex: 1, rows: 9, chunks: 3, at: t(1) });
        await runs.recordChunk(recording(run.runId, '00-0000000', 600));
        await runs.recordChunk(recording(run.runId, '00-0000001', 600));
        await runs.recordChunk(recording(run.runId, '00-0000001', 600));
        expect(await runs.recordChunkUnlessLast(recording(run.runId, '01-0000000', 600), { files: 2, totalChunks: 3 })).toBe('recorded');
        await runs.recordUnprocessedChunk(run.runId, '02-0000000', 4, t(2));
        await runs.claimChunk(run.runId, '03-0000000', 'attempt', t(2));
        const progress = await leases.progress(run.runId);
        expect([...progress.splitFiles]).toEqual([1]);
        expect(new Map([...progress.recordedRowsByFile].sort())).toEqual(new Map([[0, 6], [1, 3], [2, 0]]));
        const none = await leases.progress(newRun().runId);
        expect(none.splitFiles.size + none.recordedRowsByFile.size).toBe(0);
      });
    });
  });
}

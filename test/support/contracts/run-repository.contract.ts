import type { ChunkRecording, RunRepository } from '../../../functions/core/ports';
import type { RunControl } from '../../../functions/core/control/ports';
import type { Run } from '../../../functions/core/runs/run';
import { eventually, freshId, freshOrg, newRun, type MakePort } from './fixtures';
import { NO_CONTROL } from '../../../functions/core/runs/run-control-state';

type Runs = RunRepository & RunControl;

const at = '2026-11-25T10:01:00.000Z';
const lease = '2026-11-25T10:11:00.000Z';
const later = '2026-11-25T10:05:00.000Z';
const laterLease = '2026-11-25T10:15:00.000Z';

const recording = (jobId: string, chunkId: string, outcome = { succeeded: 5, failed: 0, skipped: 0 }): ChunkRecording => ({
  runId: jobId, chunkId, outcome, at, leaseExpiresAt: lease,
});

/**
 * The run repository's contract (store, counters, status writes) and job control's (§6), held by the in-memory fake
 * and by DynamoRunRepository alike. Every status change is a conditional write: from the wrong state it answers
 * false (or, for the writes that answer nothing, changes nothing); every count is added exactly once.
 */
export function describeRunRepositoryContract(name: string, makePort: MakePort<Runs>): void {
  describe(`RunRepository and RunControl contract: ${name}`, () => {
    let runs: Runs;
    beforeEach(async () => {
      runs = await makePort();
    });

    async function created(overrides: Partial<Run> = {}): Promise<Run> {
      const run = newRun(overrides);
      await runs.create(run);
      return run;
    }
    async function started(overrides: Partial<Run> = {}): Promise<Run> {
      const run = await created(overrides);
      await runs.markStarted(run.runId, at, lease);
      return run;
    }
    const read = async (jobId: string) => (await runs.get(jobId)) as Run;

    describe('store', () => {
      it('reads back a created run whole, nulls included, and answers null for a run that does not exist', async () => {
        const run = newRun({ metadata: { fileName: 'a.csv' }, control: { ...NO_CONTROL, awaitingUpload: true, uploadExpiresAt: lease } });
        await runs.create(run);
        expect(await runs.get(run.runId)).toEqual(run);
        expect(await runs.get(freshId('missing-'))).toBeNull();
      });

      it('refuses to create a run twice and keeps the first', async () => {
        const run = await created();
        await expect(runs.create({ ...run, namespace: 'other' })).rejects.toThrow();
        expect((await read(run.runId)).namespace).toBe('default');
      });
    });

    describe('status writes', () => {
      it('starts a queued run once: a second start changes nothing', async () => {
        const run = await created({ metadata: { fileName: 'a.csv' }, control: { ...NO_CONTROL, awaitingUpload: true, uploadExpiresAt: lease } });
        await runs.markStarted(run.runId, at, lease);
        await runs.markStarted(run.runId, later, laterLease);
        expect(await read(run.runId)).toMatchObject({
          state: 'running', phase: 'validating', startedAt: at, heartbeatAt: at, leaseExpiresAt: lease,
          metadata: { fileName: 'a.csv' }, control: { uploadExpiresAt: lease },
        });
        expect((await read(run.runId)).control.awaitingUpload).toBe(false);
      });

      it('moves runStatus forward only, and only while running', async () => {
        const queued = await created();
        await runs.setPhase(queued.runId, 'processing');
        expect((await read(queued.runId)).phase).toBe('validating');

        const run = await started();
        await runs.setPhase(run.runId, 'processing');
        expect((await read(run.runId)).phase).toBe('processing');
        await runs.setPhase(run.runId, 'importing');
        await runs.setPhase(run.runId, 'processing');
        expect((await read(run.runId)).phase).toBe('importing');
      });

      it('renews the lease of a running run only', async () => {
        const queued = await created();
        await runs.heartbeat(queued.runId, later, laterLease);
        expect(await read(queued.runId)).toMatchObject({ heartbeatAt: null, leaseExpiresAt: null });

        const run = await started();
        await runs.heartbeat(run.runId, later, laterLease);
        expect(await read(run.runId)).toMatchObject({ heartbeatAt: later, leaseExpiresAt: laterLease });
        await runs.pause(run.runId, later);
        await runs.heartbeat(run.runId, '2026-11-25T10:06:00.000Z', '2026-11-25T10:16:00.000Z');
        expect(await read(run.runId)).toMatchObject({ heartbeatAt: later, leaseExpiresAt: laterLease });
      });

      it('ends a queued, running or paused run as failed once, halted for the failures that need a person, and never reopens it', async () => {
        const queued = await created();
        expect(await runs.fail(queued.runId, { code: 'EMPTY_FILE', message: 'empty' }, at)).toBe(true);
        expect(await runs.fail(queued.runId, { code: 'INTERNAL_ERROR', message: 'again' }, later)).toBe(false);
        await runs.markStarted(queued.runId, later, laterLease);
        expect(await read(queued.runId)).toMatchObject({
          state: 'failed', phase: 'failed', completedAt: at, failure: { code: 'EMPTY_FILE', message: 'empty' }, workerError: 'EMPTY_FILE: empty', startedAt: null,
        });

        const paused = await started();
        await runs.pause(paused.runId, at);
        expect(await runs.fail(paused.runId, { code: 'MAPPING_MISMATCH', message: 'columns moved' }, later)).toBe(true);
        expect(await read(paused.runId)).toMatchObject({ state: 'failed', phase: 'halted' });
      });

      it('keeps workerError short (500 characters) however long the failure message is', async () => {
        const run = await started();
        const message = 'x'.repeat(2000);
        expect(await runs.fail(run.runId, { code: 'INTERNAL_ERROR', message }, at)).toBe(true);
        const failed = await read(run.runId);
        expect(failed.workerError).toHaveLength(500);
        expect(failed.workerError).toBe(`INTERNAL_ERROR: ${message}`.slice(0, 500));
        expect(failed.failure).toEqual({ code: 'INTERNAL_ERROR', message });
      });

      it('completes a running run only once every chunk is recorded, and only once', async () => {
        const run = await started();
        expect(await runs.recordFileSplit({ runId: run.runId, fileIndex: 0, rows: 10, chunks: 2, at })).toBe(true);
        expect(await runs.complete(run.runId, 'completed', later)).toBe(false);
        await runs.recordChunk(recording(run.runId, '00-0000000'));
        await runs.recordChunk(recording(run.runId, '00-0000001'));
        const results = await Promise.all([runs.complete(run.runId, 'completed', later), runs.complete(run.runId, 'partially_completed', later)]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await read(run.runId)).toMatchObject({ state: 'completed', completedAt: later, chunksDone: 2, totalChunks: 2 });
        expect(await runs.fail(run.runId, { code: 'INTERNAL_ERROR', message: 'late' }, later)).toBe(false);
      });

      it('does not complete a queued run, even with nothing to record', async () => {
        const run = await created();
        expect(await runs.complete(run.runId, 'completed', at)).toBe(false);
        expect((await read(run.runId)).state).toBe('queued');
      });

      it('notes the monthly quota refused rows in metadata, keeping what is there', async () => {
        const run = await started();
        await runs.markLimitReached(run.runId);
        await runs.markLimitReached(run.runId);
        expect((await read(run.runId)).metadata).toEqual({ fileName: 'a.csv' });
        expect((await read(run.runId)).control).toEqual({ ...NO_CONTROL, limitReached: true });
      });

      it('answers a status write on a run that does not exist as refused, without creating it', async () => {
        const jobId = freshId('missing-');
        await runs.markStarted(jobId, at, lease);
        await runs.setPhase(jobId, 'processing');
        await runs.heartbeat(jobId, at, lease);
        expect(await runs.complete(jobId, 'completed', at)).toBe(false);
        expect(await runs.fail(jobId, { code: 'INTERNAL_ERROR', message: 'gone' }, at)).toBe(false);
        expect(await runs.pause(jobId, at)).toBe(false);
        expect(await runs.resume(jobId, at, lease)).toBe(false);
        expect(await runs.requestCancel(jobId, at, lease)).toBe(false);
        expect(await runs.cancelQueued(jobId, 'failed', at)).toBe(false);
        expect(await runs.closeCancelled(jobId, 'completed', at)).toBe(false);
        await expect(runs.markLimitReached(jobId)).rejects.toThrow();
        expect(await runs.get(jobId)).toBeNull();
      });
    });

    describe('counters', () => {
      it('adds a chunk to the counters exactly once, even when it is recorded concurrently, and renews the lease with it', async () => {
        const run = await started();
        const chunk = recording(run.runId, '00-0000000', { succeeded: 7, failed: 2, skipped: 1 });
        const results = await Promise.all([runs.recordChunk(chunk), runs.recordChunk(chunk), runs.recordChunk(chunk)]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await runs.recordChunk({ ...chunk, outcome: { succeeded: 100, failed: 0, skipped: 0 } })).toBe(false);
        await runs.recordChunk({ ...recording(run.runId, '00-0000001', { succeeded: 1, failed: 0, skipped: 0 }), at: later, leaseExpiresAt: laterLease });
        expect(await read(run.runId)).toMatchObject({ succeeded: 8, failed: 2, skipped: 1, chunksDone: 2, heartbeatAt: later, leaseExpiresAt: laterLease });
      });

      it('names a dead-lettered chunk on the run, once, in the order they were recorded', async () => {
        const run = await started();
        const dead = { ...recording(run.runId, '00-0000003', { succeeded: 0, failed: 5, skipped: 0 }), deadLettered: true };
        expect(await runs.recordChunk(dead)).toBe(true);
        expect(await runs.recordChunk(dead)).toBe(false);
        expect(await runs.recordChunk({ ...dead, chunkId: '00-0000001' })).toBe(true);
        expect(await runs.recordChunk(recording(run.runId, '00-0000002'))).toBe(true);
        expect(await read(run.runId)).toMatchObject({ failed: 10, succeeded: 5, chunksDone: 3, control: { deadLetteredChunks: ['00-0000003', '00-0000001'] } });
      });

      it('refuses to record a chunk of a run that does not exist, and leaves no trace of it', async () => {
        const run = newRun();
        await expect(runs.recordChunk(recording(run.runId, '00-0000000'))).rejects.toThrow();
        await expect(runs.recordFileSplit({ runId: run.runId, fileIndex: 0, rows: 5, chunks: 1, at })).rejects.toThrow();
        await expect(runs.recordUnprocessedChunk(run.runId, '00-0000001', 5, at)).rejects.toThrow();
        expect(await runs.get(run.runId)).toBeNull();
        // Created afterwards, the run counts those chunks and files as never recorded.
        await runs.create(run);
        await runs.markStarted(run.runId, at, lease);
        expect(await runs.recordChunk(recording(run.runId, '00-0000000'))).toBe(true);
        expect(await runs.recordFileSplit({ runId: run.runId, fileIndex: 0, rows: 5, chunks: 1, at })).toBe(true);
        expect(await runs.recordUnprocessedChunk(run.runId, '00-0000001', 5, at)).toBe(true);
        expect(await read(run.runId)).toMatchObject({ succeeded: 5, chunksDone: 2, filesSplit: 1, totalChunks: 1, totalItems: 5 });
      });

      it('adds a file split once, with its header kept on the file', async () => {
        const run = await started({
          files: [
            { fileName: 'a.csv', format: 'csv', gzip: false, sizeBytes: 10 },
            { fileName: 'b.csv', format: 'csv', gzip: false, sizeBytes: 20 },
          ],
        });
        const split = { runId: run.runId, fileIndex: 1, rows: 10, chunks: 2, header: ['id', 'amount'], at };
        const results = await Promise.all([runs.recordFileSplit(split), runs.recordFileSplit(split)]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await runs.recordFileSplit({ runId: run.runId, fileIndex: 0, rows: 3, chunks: 1, at })).toBe(true);
        expect(await read(run.runId)).toMatchObject({
          totalItems: 13, totalChunks: 3, filesSplit: 2,
          files: [{ fileName: 'a.csv', sizeBytes: 10 }, { fileName: 'b.csv', sizeBytes: 20, header: ['id', 'amount'] }],
        });
        expect((await read(run.runId)).files[0]).not.toHaveProperty('header');
      });

      it('records a chunk that cannot be the last without a second read, and leaves the last one to be recorded plainly', async () => {
        const run = await started();
        const chunk = (n: number) => recording(run.runId, `00-000000${n}`);
        // The file is still being split: whatever the run knew, this chunk is not the last one recorded.
        expect(await runs.recordChunkUnlessLast(chunk(0), { files: 1, totalChunks: 0 })).toBe('recorded');
        expect(await runs.recordChunkUnlessLast(chunk(0), { files: 1, totalChunks: 0 })).toBe('already_recorded');
        await runs.recordFileSplit({ runId: run.runId, fileIndex: 0, rows: 15, chunks: 3, at });
        expect(await runs.recordChunkUnlessLast(chunk(1), { files: 1, totalChunks: 3 })).toBe('recorded');
        // An old view of the run (no chunks known yet) errs towards "may be last": nothing is written.
        expect(await runs.recordChunkUnlessLast(chunk(2), { files: 1, totalChunks: 0 })).toBe('may_end_run');
        expect(await read(run.runId)).toMatchObject({ succeeded: 10, chunksDone: 2 });
        expect(await runs.recordChunkUnlessLast(chunk(2), { files: 1, totalChunks: 3 })).toBe('may_end_run');
        expect(await runs.recordChunk(chunk(2))).toBe(true);
        expect(await runs.recordChunkUnlessLast(chunk(2), { files: 1, totalChunks: 3 })).toBe('already_recorded');
        expect(await read(run.runId)).toMatchObject({ succeeded: 15, chunksDone: 3, totalChunks: 3 });
      });

      it('names a dead-lettered chunk recorded unless last on the run, as recordChunk does', async () => {
        const run = await started();
        const dead = { ...recording(run.runId, '00-0000004', { succeeded: 0, failed: 5, skipped: 0 }), deadLettered: true };
        expect(await runs.recordChunkUnlessLast(dead, { files: 1, totalChunks: 0 })).toBe('recorded');
        expect(await runs.recordChunkUnlessLast(dead, { files: 1, totalChunks: 0 })).toBe('already_recorded');
        expect(await read(run.runId)).toMatchObject({ failed: 5, chunksDone: 1, control: { deadLetteredChunks: ['00-0000004'] } });
      });

      it('answers may_end_run for a run that does not exist, and writes nothing', async () => {
        const run = newRun();
        expect(await runs.recordChunkUnlessLast(recording(run.runId, '00-0000000'), { files: 1, totalChunks: 5 })).toBe('may_end_run');
        await runs.create(run);
        await runs.markStarted(run.runId, at, lease);
        expect(await runs.recordChunk(recording(run.runId, '00-0000000'))).toBe(true);
      });
    });

    describe('job control', () => {
      it('pauses a running run once, and resumes a paused run once, with a fresh lease', async () => {
        const run = await started();
        expect((await Promise.all([runs.pause(run.runId, at), runs.pause(run.runId, at)])).filter(Boolean)).toHaveLength(1);
        expect(await read(run.runId)).toMatchObject({ state: 'paused', metadata: { fileName: 'a.csv' }, control: { pausedAt: at } });
        const results = await Promise.all([runs.resume(run.runId, later, laterLease), runs.resume(run.runId, later, laterLease)]);
        expect(results.filter(Boolean)).toHaveLength(1);
        const resumed = await read(run.runId);
        expect(resumed).toMatchObject({ state: 'running', heartbeatAt: later, leaseExpiresAt: laterLease, metadata: { fileName: 'a.csv' }, control: { resumedAt: later } });
        expect(resumed.control.pausedAt).toBeNull();
      });

      it('adds the length of the pause it ends to pausedMs, and ends only the pause the caller measured', async () => {
        const run = await started();
        await runs.pause(run.runId, at);
        expect(await runs.resume(run.runId, later, laterLease, '2000-01-01T00:00:00.000Z')).toBe(false);
        expect(await runs.resume(run.runId, later, laterLease, at)).toBe(true);
        expect((await read(run.runId)).control).toMatchObject({ pausedMs: Date.parse(later) - Date.parse(at) });
        await runs.pause(run.runId, later);
        expect(await runs.resume(run.runId, later, laterLease, later)).toBe(true);
        expect((await read(run.runId)).control).toMatchObject({ pausedMs: Date.parse(later) - Date.parse(at) });
      });

      it('pauses and resumes nothing but a running, resp. paused, run', async () => {
        const queued = await created();
        expect(await runs.pause(queued.runId, at)).toBe(false);
        expect(await runs.resume(queued.runId, at, lease)).toBe(false);
        const run = await started();
        expect(await runs.resume(run.runId, at, lease)).toBe(false);
        await runs.fail(run.runId, { code: 'INTERNAL_ERROR', message: 'x' }, at);
        expect(await runs.pause(run.runId, at)).toBe(false);
        expect((await read(queued.runId)).state).toBe('queued');
        expect((await read(run.runId)).state).toBe('failed');
      });

      it('takes a cancel request once, from running or paused, and then refuses a pause', async () => {
        const paused = await started();
        await runs.pause(paused.runId, at);
        const results = await Promise.all([runs.requestCancel(paused.runId, later, laterLease), runs.requestCancel(paused.runId, later, laterLease)]);
        expect(results.filter(Boolean)).toHaveLength(1);
        const cancelling = await read(paused.runId);
        expect(cancelling).toMatchObject({
          state: 'running', heartbeatAt: later, leaseExpiresAt: laterLease,
          metadata: { fileName: 'a.csv' }, control: { batchCancelRequested: true, cancelRequestedAt: later },
        });
        expect(cancelling.control.pausedAt).toBeNull();
        expect(await runs.pause(paused.runId, later)).toBe(false);

        const queued = await created();
        expect(await runs.requestCancel(queued.runId, at, lease)).toBe(false);
      });

      it('cancels a queued run at once, with nothing counted, and nothing else', async () => {
        const queued = await created({ metadata: { fileName: 'a.csv' }, control: { ...NO_CONTROL, awaitingUpload: true, uploadExpiresAt: lease } });
        const results = await Promise.all([runs.cancelQueued(queued.runId, 'failed', at), runs.cancelQueued(queued.runId, 'failed', at)]);
        expect(results.filter(Boolean)).toHaveLength(1);
        const cancelled = await read(queued.runId);
        expect(cancelled).toMatchObject({
          state: 'cancelled', phase: 'failed', completedAt: at, succeeded: 0, chunksDone: 0,
          metadata: { fileName: 'a.csv' }, control: { batchCancelRequested: true, cancelRequestedAt: at },
        });
        expect(cancelled.control.awaitingUpload).toBe(false);
        await runs.markStarted(queued.runId, later, laterLease);
        expect((await read(queued.runId)).state).toBe('cancelled');

        const running = await started();
        expect(await runs.cancelQueued(running.runId, 'failed', at)).toBe(false);
      });

      it('closes a cancelled run only once a cancel was requested and every chunk is recorded', async () => {
        const run = await started();
        await runs.recordFileSplit({ runId: run.runId, fileIndex: 0, rows: 10, chunks: 2, at });
        await runs.recordChunk(recording(run.runId, '00-0000000'));
        expect(await runs.closeCancelled(run.runId, 'completed', later)).toBe(false); // no cancel requested
        await runs.requestCancel(run.runId, at, lease);
        expect(await runs.closeCancelled(run.runId, 'partially_completed', later)).toBe(false); // a chunk to go
        expect(await runs.recordUnprocessedChunk(run.runId, '00-0000001', 5, later)).toBe(true);
        expect((await Promise.all([runs.closeCancelled(run.runId, 'partially_completed', later), runs.complete(run.runId, 'completed', later)])).filter(Boolean)).toHaveLength(1);
        const closed = await read(run.runId);
        expect(closed.completedAt).toBe(later);
        expect(['cancelled', 'completed']).toContain(closed.state);
        expect(await runs.closeCancelled(run.runId, 'partially_completed', later)).toBe(false);
      });

      it('lets the first claim of a chunk hold for good, however many race for it', async () => {
        const run = await started();
        const claims = await Promise.all([
          runs.claimChunk(run.runId, '00-0000000', 'attempt', at),
          runs.claimChunk(run.runId, '00-0000000', 'unprocessed', at),
          runs.claimChunk(run.runId, '00-0000000', 'attempt', at),
        ]);
        expect(new Set(claims).size).toBe(1);
        expect(await runs.claimChunk(run.runId, '00-0000000', claims[0] === 'attempt' ? 'unprocessed' : 'attempt', later)).toBe(claims[0]);
        expect(await runs.claimChunk(run.runId, '00-0000001', 'unprocessed', at)).toBe('unprocessed');
        const other = await started();
        expect(await runs.claimChunk(other.runId, '00-0000000', 'unprocessed', at)).toBe('unprocessed');
      });

      it('records an unprocessed chunk once, moving no counter, and shares the marker with recordChunk', async () => {
        const run = await started();
        const results = await Promise.all([
          runs.recordUnprocessedChunk(run.runId, '00-0000000', 5, at),
          runs.recordUnprocessedChunk(run.runId, '00-0000000', 5, at),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await runs.recordChunk(recording(run.runId, '00-0000000'))).toBe(false);
        await runs.recordChunk(recording(run.runId, '00-0000001'));
        expect(await runs.recordUnprocessedChunk(run.runId, '00-0000001', 5, at)).toBe(false);
        expect(await read(run.runId)).toMatchObject({ succeeded: 5, failed: 0, skipped: 0, chunksDone: 2 });
      });
    });

    describe('history (listByOrg)', () => {
      const createdAt = (minute: number) => `2026-11-${String(10 + Math.floor(minute / 60)).padStart(2, '0')}T10:${String(minute % 60).padStart(2, '0')}:00.000Z`;
      const all = async (orgId: string, query: Partial<Parameters<Runs['listByOrg']>[1]> = {}) => {
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < 20; page++) {
          const answer = await runs.listByOrg(orgId, { filters: {}, limit: 2, ...query, cursor });
          expect(answer.runs.length).toBeLessThanOrEqual(query.limit ?? 2);
          seen.push(...answer.runs.map((run) => run.runId));
          if (answer.nextCursor === null) return seen;
          cursor = answer.nextCursor;
        }
        throw new Error('no last page');
      };

      it('lists only the org’s runs, newest first, page by page, each run once', async () => {
        const orgId = freshOrg();
        const made: Run[] = [];
        for (const minute of [3, 1, 4, 0, 2]) made.push(await created({ orgId, createdAt: createdAt(minute) }));
        await created({ createdAt: createdAt(5) }); // another org's
        const newestFirst = [...made].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)).map((run) => run.runId);
        expect(await eventually(() => all(orgId), (ids) => ids.length === 5)).toEqual(newestFirst);
        const page = await runs.listByOrg(orgId, { filters: {}, limit: 5 });
        expect(page.runs.map((run) => run.runId)).toEqual(newestFirst);
        expect(page.nextCursor).toBeNull();
        expect(page.runs[0]).toEqual(made.find((run) => run.runId === newestFirst[0]));
        expect((await runs.listByOrg(freshOrg(), { filters: {}, limit: 5 }))).toEqual({ runs: [], nextCursor: null });
      });

      it('filters on fields and on createdAt, both bounds inclusive', async () => {
        const orgId = freshOrg();
        const a = await created({ orgId, createdAt: createdAt(0) });
        const b = await created({ orgId, createdAt: createdAt(1), namespace: 'eu' });
        const c = await created({ orgId, createdAt: createdAt(2) });
        const d = await created({ orgId, createdAt: createdAt(3), namespace: 'eu' });
        await runs.markStarted(c.runId, at, lease);
        await eventually(() => all(orgId), (ids) => ids.length === 4);
        expect(await all(orgId, { filters: { namespace: 'eu' } })).toEqual([d.runId, b.runId]);
        expect(await all(orgId, { filters: { state: 'running' } })).toEqual([c.runId]);
        expect(await all(orgId, { filters: { state: 'queued', namespace: 'default' } })).toEqual([a.runId]);
        expect(await all(orgId, { createdFrom: createdAt(1), createdTo: createdAt(2) })).toEqual([c.runId, b.runId]);
        expect(await all(orgId, { createdFrom: createdAt(3) })).toEqual([d.runId]);
        expect(await all(orgId, { createdFrom: '2000-01-01T00:00:00.000Z', createdTo: createdAt(0) })).toEqual([a.runId]);
        // An upper bound alone (DynamoRunRepository once sent it as BETWEEN '' AND …: an empty key value DynamoDB refuses).
        expect(await all(orgId, { createdTo: createdAt(1) })).toEqual([b.runId, a.runId]);
      });

      it('refuses another org’s cursor and a forged one with VALIDATION_ERROR', async () => {
        const orgId = freshOrg();
        for (const minute of [0, 1, 2]) await created({ orgId, createdAt: createdAt(minute) });
        const first = await eventually(() => runs.listByOrg(orgId, { filters: {}, limit: 1 }), (page) => page.nextCursor !== null);
        const cursor = first.nextCursor as string;
        await expect(runs.listByOrg(freshOrg(), { filters: {}, limit: 1, cursor })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
        await expect(runs.listByOrg(orgId, { filters: {}, limit: 1, cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
        expect((await runs.listByOrg(orgId, { filters: {}, limit: 1, cursor })).runs).toHaveLength(1);
      });
    });
  });
}

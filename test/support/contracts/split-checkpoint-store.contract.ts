import type { SplitCheckpoint, SplitCheckpointStore } from '../../../functions/core/splitting/ports';
import { freshId, type MakePort } from './fixtures';

/**
 * The split checkpoints' contract, held by InMemorySplitCheckpoints and DynamoSplitCheckpointStore alike: a
 * checkpoint moves only from the version it was read at, once, and never after it is done.
 */
export function describeSplitCheckpointStoreContract(name: string, makePort: MakePort<SplitCheckpointStore>): void {
  describe(`SplitCheckpointStore contract: ${name}`, () => {
    let store: SplitCheckpointStore;
    beforeEach(async () => {
      store = await makePort();
    });

    it('writes the first checkpoint of a file once, and reads it back whole', async () => {
      const jobId = freshId();
      const first: SplitCheckpoint = { runId: jobId, fileIndex: 1, rows: 500, chunks: 1, invocations: 1, done: false };
      expect(await store.get(jobId, 1)).toBeNull();
      const answers = await Promise.all([store.save(null, first), store.save(null, { ...first, rows: 9 })]);
      expect(answers.filter(Boolean)).toHaveLength(1);
      expect(await store.get(jobId, 1)).toEqual(answers[0] ? first : { ...first, rows: 9 });
      expect(await store.get(jobId, 0)).toBeNull();
      expect(await store.get(freshId(), 1)).toBeNull();
    });

    it('moves a checkpoint only from the version read, once, and never after done', async () => {
      const jobId = freshId();
      const first: SplitCheckpoint = { runId: jobId, fileIndex: 0, rows: 500, chunks: 1, invocations: 1, done: false };
      const second = { ...first, rows: 1000, chunks: 2, invocations: 2 };
      await store.save(null, first);
      const raced = await Promise.all([store.save(first, second), store.save(first, { ...second, rows: 1500, chunks: 3 })]);
      expect(raced.filter(Boolean)).toHaveLength(1);
      const current = (await store.get(jobId, 0)) as SplitCheckpoint;
      expect(current.invocations).toBe(2);
      expect(await store.save(first, { ...second, invocations: 3 })).toBe(false);
      expect(await store.save(current, { ...current, invocations: 3, done: true })).toBe(true);
      const done = (await store.get(jobId, 0)) as SplitCheckpoint;
      expect(await store.save(done, { ...done, invocations: 4, done: false })).toBe(false);
      expect(await store.get(jobId, 0)).toEqual({ ...current, invocations: 3, done: true });
    });

    it('moves nothing from a checkpoint that was never written', async () => {
      const jobId = freshId();
      const imagined: SplitCheckpoint = { runId: jobId, fileIndex: 0, rows: 5, chunks: 1, invocations: 1, done: false };
      expect(await store.save(imagined, { ...imagined, invocations: 2 })).toBe(false);
      expect(await store.get(jobId, 0)).toBeNull();
    });
  });
}

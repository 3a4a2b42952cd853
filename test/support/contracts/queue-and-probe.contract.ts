import type { UploadEvents, UploadProbe } from '../../../functions/core/leases/ports';
import type { SplitContinuationQueue } from '../../../functions/core/splitting/ports';
import type { ChunkQueue } from '../../../functions/core/ports';
import type { Chunk } from '../../../functions/core/runs/chunk';
import { freshId, type MakePort } from './fixtures';

export interface ChunkQueuePorts {
  readonly queue: ChunkQueue;
  /** Takes `count` chunks off the queue as a consumer would get them (parsed from their message bodies). */
  readonly receive: (count: number) => Promise<unknown[]>;
}

/** The chunk queue's contract, held by InMemoryChunkQueue and SqsChunkQueue alike: every chunk arrives, as JSON carries it. */
export function describeChunkQueueContract(name: string, makePorts: MakePort<ChunkQueuePorts>): void {
  describe(`ChunkQueue contract: ${name}`, () => {
    it('delivers every chunk sent, whole, as JSON carries it (a field left undefined is absent)', async () => {
      const { queue, receive } = await makePorts();
      const runId = freshId();
      const chunks: Chunk[] = Array.from({ length: 23 }, (_, i) => ({
        runId, chunkId: `00-${String(i).padStart(7, '0')}`, fileIndex: 0,
        rows: [{ n: i + 2, cells: ['Zoë', i % 7 === 0 ? 'x'.repeat(100_000) : '', '12345678901234567890'] }],
      }));
      const withUndefined = { ...chunks[0]!, chunkId: '00-9999999', note: undefined } as unknown as Chunk;
      await queue.send([...chunks, withUndefined]);
      await queue.send([]);
      const received = await receive(24);
      const byId = (a: unknown, b: unknown) => ((a as Chunk).chunkId < (b as Chunk).chunkId ? -1 : 1);
      expect([...received].sort(byId)).toEqual([...chunks, { ...chunks[0]!, chunkId: '00-9999999' }].sort(byId));
      expect(received.find((chunk) => (chunk as Chunk).chunkId === '00-9999999')).not.toHaveProperty('note');
    });
  });
}

export interface UploadProbePorts {
  readonly probe: UploadProbe;
  readonly store: (key: string) => Promise<void>;
}

/** Whether an upload is stored, held by ObjectsProbe and S3UploadProbe alike. */
export function describeUploadProbeContract(name: string, makePorts: MakePort<UploadProbePorts>): void {
  describe(`UploadProbe contract: ${name}`, () => {
    it('tells a stored upload from a missing one', async () => {
      const { probe, store } = await makePorts();
      const key = `uploads/${freshId()}/0`;
      expect(await probe.exists(key)).toBe(false);
      await store(key);
      expect(await probe.exists(key)).toBe(true);
      expect(await probe.exists(`${key}0`)).toBe(false);
    });
  });
}

/** Where a split is asked for: the splitter's queue, read back as the files it names. */
export interface SplitRequestPorts {
  readonly uploadEvents: UploadEvents;
  readonly continuations: SplitContinuationQueue;
  /** Takes `count` messages off the splitter's queue and answers the file each names, and how it was asked for. */
  readonly receive: (count: number) => Promise<Array<{ via: 'upload' | 'continuation'; runId: string; fileIndex: number }>>;
}

/**
 * What the splitter is asked to split, held by RecordingUploadEvents/InMemorySplitContinuations and by
 * SqsUploadEvents/SqsSplitContinuationQueue (read back with the splitter's own message schemas) alike.
 */
export function describeSplitRequestsContract(name: string, makePorts: MakePort<SplitRequestPorts>): void {
  describe(`UploadEvents and SplitContinuationQueue contract: ${name}`, () => {
    it('names the file to split (again), one message per request', async () => {
      const { uploadEvents, continuations, receive } = await makePorts();
      const runId = freshId();
      await uploadEvents.announce(runId, 0);
      await uploadEvents.announce(runId, 12);
      await continuations.continueSplit({ runId, fileIndex: 3 });
      await uploadEvents.announce(runId, 0);
      const received = await receive(4);
      const order = (a: { via: string; fileIndex: number }, b: { via: string; fileIndex: number }) => `${a.via}${a.fileIndex}`.localeCompare(`${b.via}${b.fileIndex}`);
      expect([...received].sort(order)).toEqual([
        { via: 'continuation', runId, fileIndex: 3 },
        { via: 'upload', runId, fileIndex: 0 },
        { via: 'upload', runId, fileIndex: 0 },
        { via: 'upload', runId, fileIndex: 12 },
      ]);
    });
  });
}

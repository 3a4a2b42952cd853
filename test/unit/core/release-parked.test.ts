import { releaseParkedChunks } from '../../../functions/core/control/release-parked';
import { parkedKey, parkedPrefixOf } from '../../../functions/core/control/object-keys';
import type { Chunk } from '../../../functions/core/runs/chunk';
import type { Logger } from '../../../functions/core/ports';
import { InMemoryChunkQueue, InMemoryObjects } from '../../support/fakes';
import { chunkBody } from '../../../functions/core/runs/chunk';

const quiet: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Logger;

function parked(jobId: string, chunkId: string): Chunk {
  return { jobId, chunkId, fileIndex: 0, rows: [] } as unknown as Chunk;
}

describe("Use case: releasing a run's parked chunks", () => {
  it('sends each parked chunk back and deletes it', async () => {
    // Arrange
    const objects = new InMemoryObjects();
    const chunks = new InMemoryChunkQueue();
    await objects.put(parkedKey('run-1', '00-0000001', 't1'), JSON.stringify(chunkBody(parked('run-1', '00-0000001'))), 'application/json');
    await objects.put(parkedKey('run-1', '00-0000002', 't2'), JSON.stringify(chunkBody(parked('run-1', '00-0000002'))), 'application/json');
    // Act
    const released = await releaseParkedChunks({ objects, chunks, logger: quiet }, 'run-1');
    // Assert
    expect(released).toBe(2);
    expect(chunks.sent.map((chunk) => chunk.chunkId).sort()).toEqual(['00-0000001', '00-0000002']);
    expect([...objects.objects.keys()].filter((key) => key.startsWith(parkedPrefixOf('run-1')))).toEqual([]);
  });

  it('passes over a chunk another release sent and deleted after this one listed it, instead of failing the request', async () => {
    // Arrange: the listing still names a key that an overlapping release (a resume, then a cancel) has already taken
    const objects = new InMemoryObjects();
    const chunks = new InMemoryChunkQueue();
    await objects.put(parkedKey('run-1', '00-0000001', 't1'), JSON.stringify(chunkBody(parked('run-1', '00-0000001'))), 'application/json');
    const taken = parkedKey('run-1', '00-0000002', 't2');
    const listing = Object.assign(Object.create(objects) as InMemoryObjects, {
      async *list(prefix: string) {
        yield* objects.list(prefix);
        yield taken;
      },
    });
    // Act
    const released = await releaseParkedChunks({ objects: listing, chunks, logger: quiet }, 'run-1');
    // Assert
    expect(released).toBe(1);
    expect(chunks.sent.map((chunk) => chunk.chunkId)).toEqual(['00-0000001']);
  });
});

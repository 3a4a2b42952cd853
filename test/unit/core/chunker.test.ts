import { Chunker } from '../../../functions/core/runs/chunker';

describe('Class: Chunker', () => {
  const options = { runId: 'job-1', fileIndex: 0, maxRows: 3, maxBytes: 10_000 };

  it('cuts chunks by row count, and flush returns the rest', () => {
    // Arrange
    const chunker = new Chunker(options);
    chunker.setHeader(['a']);
    const closed = [];
    // Act
    for (let n = 2; n <= 8; n++) {
      const chunk = chunker.add({ n, cells: [String(n)] });
      if (chunk) closed.push(chunk);
    }
    const last = chunker.flush();
    // Assert
    expect(closed.map((c) => c.rows.map((r) => r.n))).toEqual([[2, 3, 4], [5, 6, 7]]);
    expect(last?.rows.map((r) => r.n)).toEqual([8]);
    expect([...closed, last].map((c) => c?.chunkId)).toEqual(['00-0000000', '00-0000001', '00-0000002']);
    expect(closed[0]?.header).toEqual(['a']);
  });

  it('cuts chunks by size before the row count is reached', () => {
    const chunker = new Chunker({ ...options, maxRows: 100, maxBytes: 200 });
    const closed = [];
    for (let n = 1; n <= 10; n++) {
      const chunk = chunker.add({ n, cells: ['x'.repeat(40)] });
      if (chunk) closed.push(chunk);
    }
    const all = [...closed, chunker.flush()];
    for (const chunk of all) expect(Buffer.byteLength(JSON.stringify(chunk?.rows))).toBeLessThanOrEqual(200);
    expect(all.flatMap((c) => c?.rows.map((r) => r.n))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('keeps the number of a row too large for any message and marks it malformed', () => {
    const chunker = new Chunker({ ...options, maxBytes: 100 });
    chunker.add({ n: 2, cells: ['y'.repeat(500)] });
    const chunk = chunker.flush();
    expect(chunk?.rows).toEqual([{ n: 2, malformed: 'Row is larger than 100 bytes' }]);
  });

  it('gives the same chunk ids to the same rows (a replayed split)', () => {
    const run = () => {
      const chunker = new Chunker({ ...options, fileIndex: 3 });
      const ids: string[] = [];
      for (let n = 1; n <= 7; n++) {
        const c = chunker.add({ n, cells: [] });
        if (c) ids.push(c.chunkId);
      }
      ids.push(chunker.flush()?.chunkId ?? '');
      return ids;
    };
    expect(run()).toEqual(run());
    expect(run()[0]).toBe('03-0000000');
  });
});

import { Readable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';
import { FileReadError, readRows, type FileEvent } from '../../../functions/core/files/read-rows';
import { DEFAULT_FORMAT } from '../../../functions/core/files/format';
import { DEFAULT_FILE_LIMITS, jsonNestsDeeperThan, type FileLimits } from '../../../functions/core/files/limits';
import { boundedLines } from '../../../functions/core/files/bounded-lines';
import type { RunFile } from '../../../functions/core/runs/run';

const csv: RunFile = { fileName: 'f.csv', format: 'csv', gzip: false, sizeBytes: 0 };
const ndjson: RunFile = { fileName: 'f.ndjson', format: 'ndjson', gzip: false, sizeBytes: 0 };
const small: FileLimits = { maxColumns: 10, maxRowBytes: 1_000, maxJsonDepth: 8 };

/** Reads every event, or the error that ended the read, with the events before it. */
async function read(source: Readable | Buffer, file: RunFile, limits?: FileLimits): Promise<{ events: FileEvent[]; error?: unknown }> {
  const input = Buffer.isBuffer(source) ? Readable.from(chunksOf(source, 7)) : source;
  const events: FileEvent[] = [];
  try {
    for await (const event of readRows(input, file, DEFAULT_FORMAT, limits)) events.push(event);
    return { events };
  } catch (error) {
    return { events, error };
  }
}

function chunksOf(bytes: Buffer, size: number): Buffer[] {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  return pieces;
}

const rowsOf = (events: FileEvent[]) => events.flatMap((e) => ('row' in e ? [e.row] : []));

/** `total` bytes of `fill` after `head`, produced only as they are read: a file of gigabytes that costs nothing unread. */
function lazyBytes(head: string, fill: string, total: number, tail = ''): { stream: Readable; produced: () => number } {
  let produced = 0;
  const block = Buffer.from(fill.repeat(Math.ceil(65_536 / fill.length)));
  async function* generate() {
    yield Buffer.from(head);
    while (produced < total) {
      produced += block.length;
      yield block;
    }
    yield Buffer.from(tail);
  }
  return { stream: Readable.from(generate()), produced: () => produced };
}

describe('Function: readRows within the file limits (CSV)', () => {
  it('ends the read when the header has more columns than MAX_COLUMNS (100,000 columns, default limits)', async () => {
    const header = Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',');
    const { events, error } = await read(Readable.from([Buffer.from(`${header}\n1,2\n`)]), csv);
    expect(events).toEqual([]);
    expect(error).toBeInstanceOf(FileReadError);
    expect(error).toMatchObject({ code: 'FILE_UNREADABLE', message: 'The header row has more than 2000 columns (MAX_COLUMNS)' });
  });

  it('ends the read on a row of more columns than allowed, before it is held whole (a line of commas)', async () => {
    const { stream, produced } = lazyBytes('a,b\n1,2\n3,', ',', 512 * 1024 * 1024);
    const { error } = await read(stream, csv, small);
    expect(error).toMatchObject({ code: 'FILE_UNREADABLE', message: 'The row at line 3 has more than 10 columns (MAX_COLUMNS)' });
    expect(produced()).toBeLessThan(1024 * 1024); // stopped within a piece or two, not after 512 MB
  });

  it('ends the read on a record over MAX_ROW_BYTES, rather than drop the rest of the file silently', async () => {
    const file = Buffer.from(`a,b\n1,2\n3,${'x'.repeat(5_000)}\n4,5\n`);
    const { error } = await read(file, csv, small);
    expect(error).toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringMatching(/^The row that reaches line 3 is over 1000 bytes \(MAX_ROW_BYTES\)/) });
  });

  it('counts a quote that never closes against MAX_ROW_BYTES too', async () => {
    const file = Buffer.from(`a,b\n1,"never closed\n${'2,3\n'.repeat(1_000)}`);
    const { error } = await read(file, csv, small);
    expect(error).toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringContaining('a quote that is never closed') });
  });

  it('still reads an unclosed quote under the limit as one malformed row', async () => {
    const { events, error } = await read(Buffer.from('a,b\n1,2\n3,"open\n4,5\n'), csv, small);
    expect(error).toBeUndefined();
    expect(rowsOf(events)).toEqual([{ n: 2, cells: ['1', '2'] }, { n: 3, malformed: expect.stringContaining('never closed') }]);
  });

  it('ends a gzip bomb (one 4 GB field in a few MB of gzip) after reading about MAX_ROW_BYTES of it, with the default limits', async () => {
    const { stream, produced } = lazyBytes('id,note\n1,', 'x', 4 * 1024 ** 3);
    const gzipped = stream.pipe(createGzip({ level: 1 }));
    const { error } = await read(gzipped, { ...csv, gzip: true });
    expect(error).toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringContaining(`over ${DEFAULT_FILE_LIMITS.maxRowBytes} bytes`) });
    // Streams buffer ahead a little; nothing near the 4 GB was inflated.
    expect(produced()).toBeLessThan(32 * 1024 * 1024);
    gzipped.destroy();
    stream.destroy();
  });

  it('reads a file of rows within the limits unchanged', async () => {
    const cells = Array.from({ length: 10 }, (_, i) => `v${i}`);
    const file = Buffer.from(`${cells.join(',')}\n${cells.join(',')}\n"${'y'.repeat(900)}"\n`);
    const { events, error } = await read(file, csv, small);
    expect(error).toBeUndefined();
    expect(rowsOf(events).map((r) => r.cells)).toEqual([cells, ['y'.repeat(900)]]);
  });
});

describe('Function: readRows on a gzip cut short (found by the fuzz test)', () => {
  it.each(['csv', 'ndjson'] as const)('ends a %s read with FILE_UNREADABLE, not an uncoded error the split would retry forever', async (format) => {
    const whole = gzipSync(Buffer.from('a,b\n1,2\n{"a":1}\n'.repeat(100)));
    const { error } = await read(whole.subarray(0, whole.length - 20), { fileName: `f.${format}.gz`, format, gzip: true, sizeBytes: 0 });
    expect(error).toBeInstanceOf(FileReadError);
    expect(error).toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringContaining('ends before its compressed data does') });
  });
});

describe('Function: readRows within the file limits (NDJSON)', () => {
  const deep = (depth: number) => `{"a":${'['.repeat(depth)}1${']'.repeat(depth)}}`;

  it('makes a line nested 10,000 deep a malformed row and reads on (default limits)', async () => {
    const file = Buffer.from(`{"eventType":"a"}\n${deep(10_000)}\n{"eventType":"b"}\n`);
    const { events, error } = await read(file, ndjson);
    expect(error).toBeUndefined();
    expect(rowsOf(events)).toEqual([
      { n: 1, item: { eventType: 'a' } },
      { n: 2, malformed: 'Line nests arrays or objects more than 64 deep (MAX_JSON_DEPTH)' },
      { n: 3, item: { eventType: 'b' } },
    ]);
    // What is yielded can be put in a chunk: every chunk is JSON.
    expect(() => JSON.stringify(rowsOf(events))).not.toThrow();
  });

  it('takes a line exactly MAX_JSON_DEPTH deep, counting brackets inside strings as text', async () => {
    const file = Buffer.from(`${deep(7)}\n{"s":"${'['.repeat(50)}"}\n`);
    const { events } = await read(file, ndjson, small);
    expect(rowsOf(events).map((r) => r.malformed ?? 'ok')).toEqual(['ok', 'ok']);
    expect(rowsOf((await read(Buffer.from(deep(8)), ndjson, small)).events)[0]?.malformed).toMatch(/more than 8 deep/);
  });

  it('makes a line over MAX_ROW_BYTES a malformed row without holding it, and reads on', async () => {
    const { stream, produced } = lazyBytes('{"eventType":"a"}\r\n{"x":"', 'z', 64 * 1024 * 1024, '"}\r\n{"eventType":"b"}');
    const { events, error } = await read(stream, ndjson, small);
    expect(error).toBeUndefined();
    expect(produced()).toBeGreaterThanOrEqual(64 * 1024 * 1024);
    expect(rowsOf(events)).toEqual([
      { n: 1, item: { eventType: 'a' } },
      { n: 2, malformed: 'Line is longer than 1000 bytes (MAX_ROW_BYTES)' },
      { n: 3, item: { eventType: 'b' } },
    ]);
  });

  it('reads a gzip NDJSON whose line is too long the same way', async () => {
    const body = gzipSync(Buffer.from(`{"a":1}\n{"b":"${'q'.repeat(5_000)}"}\n{"c":3}\n`));
    const { events } = await read(body, { ...ndjson, gzip: true }, small);
    expect(rowsOf(events).map((r) => r.item ?? r.malformed)).toEqual([{ a: 1 }, expect.stringMatching(/longer than 1000/), { c: 3 }]);
  });
});

describe('Function: boundedLines', () => {
  async function lines(pieces: string[], max = 10) {
    const out = [];
    async function* source() {
      yield* pieces;
    }
    for await (const line of boundedLines(source(), max)) out.push(line);
    return out;
  }

  it('splits on LF, CRLF and CR as readline does, a CRLF across two pieces being one break', async () => {
    expect(await lines(['a\nb\r', '\nc\rd', '\r\ne'])).toEqual([
      { n: 1, text: 'a' },
      { n: 2, text: 'b' },
      { n: 3, text: 'c' },
      { n: 4, text: 'd' },
      { n: 5, text: 'e' },
    ]);
  });

  it('counts empty lines and keeps numbering after a line too long', async () => {
    expect(await lines(['\n12345', '678901', '2\nok\n'])).toEqual([
      { n: 1, text: '' },
      { n: 2, tooLong: true },
      { n: 3, text: 'ok' },
    ]);
  });

  it('keeps a CR that waits for its LF across an empty piece (found by the fuzz test)', async () => {
    expect(await lines(['\r', '', '\n'])).toEqual([{ n: 1, text: '' }]);
  });

  it('reports a last line too long without a break', async () => {
    expect(await lines(['x'.repeat(11)])).toEqual([{ n: 1, tooLong: true }]);
  });
});

describe('Function: jsonNestsDeeperThan', () => {
  it.each([
    ['[[[1]]]', 2, true],
    ['[[[1]]]', 3, false],
    ['{"a":"[[[[[[["}', 1, false],
    ['{"a":"\\"[[[["}', 1, false],
    ['[1],[2],[3],[4]', 1, false],
  ])('%s deeper than %d: %s', (text, max, expected) => {
    expect(jsonNestsDeeperThan(text, max)).toBe(expected);
  });
});

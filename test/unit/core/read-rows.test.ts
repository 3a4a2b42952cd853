import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { detectDelimiter, FileReadError, readRows, type FileEvent } from '../../../functions/core/files/read-rows';
import { DEFAULT_FORMAT, type FormatOptions } from '../../../functions/core/files/format';
import type { RunFile } from '../../../functions/core/runs/run';

const csv: RunFile = { fileName: 'f.csv', format: 'csv', gzip: false, sizeBytes: 0 };
const ndjson: RunFile = { fileName: 'f.ndjson', format: 'ndjson', gzip: false, sizeBytes: 0 };

/** Feeds the bytes in small pieces so rows and characters straddle reads. */
async function read(bytes: Buffer, file = csv, format: Partial<FormatOptions> = {}): Promise<FileEvent[]> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += 5) pieces.push(bytes.subarray(i, i + 5));
  const events: FileEvent[] = [];
  for await (const event of readRows(Readable.from(pieces), file, { ...DEFAULT_FORMAT, ...format })) events.push(event);
  return events;
}

const rowsOf = (events: FileEvent[]) => events.flatMap((e) => ('row' in e ? [e.row] : []));

describe('Function: readRows (CSV)', () => {
  it('reads RFC 4180 quoting: embedded delimiters, quotes and newlines', async () => {
    const events = await read(Buffer.from('id,note\r\n1,"a, ""quoted"" value"\r\n2,"two\nlines"\r\n'));
    expect(events[0]).toEqual({ header: ['id', 'note'] });
    expect(rowsOf(events).map((r) => r.cells)).toEqual([
      ['1', 'a, "quoted" value'],
      ['2', 'two\nlines'],
    ]);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('reads %s rows', async (_, eol) => {
    const events = await read(Buffer.from(['a,b', '1,2', '3,4'].join(eol) + eol));
    expect(rowsOf(events).map((r) => r.cells)).toEqual([['1', '2'], ['3', '4']]);
  });

  it('strips a UTF-8 BOM from the first header', async () => {
    const events = await read(Buffer.from('\uFEFFtaxId,type\n1,person\n'));
    expect(events[0]).toEqual({ header: ['taxId', 'type'] });
  });

  it.each([';', '\t', '|', '^'])('detects the %j column delimiter from the header', async (d) => {
    const events = await read(Buffer.from(`a${d}b${d}c\n1${d}2${d}3\n`));
    expect(rowsOf(events)[0]?.cells).toEqual(['1', '2', '3']);
  });

  it('numbers rows by their line in the file, the header being line 1', async () => {
    const events = await read(Buffer.from('a\n1\n\n2\n'));
    expect(rowsOf(events).map((r) => r.n)).toEqual([2, 4]);
  });

  it('numbers a row by the line it starts on, counting quoted newlines and skipped empty lines', async () => {
    const events = await read(Buffer.from('a,b\n1,"x\ny\nz"\n\n\n2,3\n"multi\nline",4\n5,6\n'));
    expect(rowsOf(events).map((r) => [r.n, r.cells?.[0]])).toEqual([
      [2, '1'],
      [7, '2'],
      [8, 'multi\nline'],
      [10, '5'],
    ]);
  });

  it('numbers CRLF rows by their start line too', async () => {
    const events = await read(Buffer.from('a\r\n1\r\n"x\r\ny"\r\n2\r\n'));
    expect(rowsOf(events).map((r) => r.n)).toEqual([2, 3, 5]);
  });

  it('numbers an unclosed quote by the line it opens on and says what happened', async () => {
    const events = await read(Buffer.from('a,b\n1,2\n\n3,"open\n4,5\n6,7\n'));
    const rows = rowsOf(events);
    expect(rows.map((r) => r.n)).toEqual([2, 4]);
    expect(rows[1]?.malformed).toMatch(/never closed/);
  });

  it('decodes ISO-8859-1 and Windows-1252 when told to', async () => {
    const bytes = iconv.encode('name,city\nJosé,São Paulo\n', 'latin1');
    const events = await read(bytes, csv, { encoding: 'iso-8859-1' });
    expect(rowsOf(events)[0]?.cells).toEqual(['José', 'São Paulo']);
  });

  it('decodes UTF-16 with a BOM whatever encoding was declared', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('a,b\nü,2\n', 'utf16-le')]);
    const events = await read(bytes);
    expect(rowsOf(events)[0]?.cells).toEqual(['ü', '2']);
  });

  it('keeps multi-byte UTF-8 characters that straddle reads', async () => {
    const events = await read(Buffer.from('a\n€€€€€€€€\n'));
    expect(rowsOf(events)[0]?.cells).toEqual(['€€€€€€€€']);
  });

  it('names the encoding problem when the bytes are not valid UTF-8', async () => {
    const bytes = iconv.encode('name\nJosé\n', 'latin1');
    await expect(read(bytes)).rejects.toMatchObject({ code: 'ENCODING_ERROR' });
  });

  it('calls a binary file unreadable, not badly encoded', async () => {
    const zipLike = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(20), Buffer.from('[Content_Types].xml')]);
    await expect(read(zipLike)).rejects.toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringContaining('binary') });
  });

  it('reads gzip-compressed files', async () => {
    const events = await read(gzipSync(Buffer.from('a,b\n1,2\n')), { ...csv, gzip: true });
    expect(rowsOf(events)[0]?.cells).toEqual(['1', '2']);
  });

  it('fails a file that is declared gzip but is not', async () => {
    await expect(read(Buffer.from('a,b\n'), { ...csv, gzip: true })).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  });

  it('calls an empty file empty', async () => {
    await expect(read(Buffer.alloc(0))).rejects.toBeInstanceOf(FileReadError);
    await expect(read(Buffer.from('\n\n'))).rejects.toMatchObject({ code: 'EMPTY_FILE' });
  });

  it('turns a row whose quote never closes into a malformed row instead of failing the file', async () => {
    const events = await read(Buffer.from('a,b\n1,2\n3,"never closed\n'));
    const rows = rowsOf(events);
    expect(rows[0]?.cells).toEqual(['1', '2']);
    expect(rows.some((r) => r.malformed !== undefined)).toBe(true);
  });
});

describe('Function: readRows (NDJSON)', () => {
  it('reads one object a line and reports bad lines as malformed rows', async () => {
    const events = await read(Buffer.from('{"a":1}\n\nnot json\n[1]\n{"b":"ü"}\n'), ndjson);
    expect(rowsOf(events)).toEqual([
      { n: 1, item: { a: 1 } },
      { n: 3, malformed: 'Line is not valid JSON' },
      { n: 4, malformed: 'Line is not a JSON object' },
      { n: 5, item: { b: 'ü' } },
    ]);
  });
});

describe('Function: readRows (NDJSON numbers)', () => {
  it('keeps an amount of more digits than a double holds exactly as written', async () => {
    const events = await read(Buffer.from('{"externalId":"t1","amount":12345678901234567.89}\n{"externalId":"t2","amount":10.5}\n'), ndjson);
    expect(rowsOf(events)).toEqual([
      { n: 1, item: { externalId: 't1', amount: '12345678901234567.89' } },
      { n: 2, item: { externalId: 't2', amount: 10.5 } },
    ]);
  });
});

describe('Function: detectDelimiter', () => {
  it('ignores delimiters inside quotes and prefers a comma on a tie', () => {
    expect(detectDelimiter('"a;b";c,d')).toBe(',');
    expect(detectDelimiter('a;b;c')).toBe(';');
    expect(detectDelimiter('single')).toBe(',');
  });
});

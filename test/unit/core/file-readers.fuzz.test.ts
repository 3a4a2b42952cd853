import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { parse as parseCsvSync } from 'csv-parse/sync';
import { FileReadError, readRows, type FileEvent } from '../../../functions/core/files/read-rows';
import { COLUMN_DELIMITERS, ENCODINGS, ROW_DELIMITERS, type FormatOptions } from '../../../functions/core/files/format';
import { boundedLines } from '../../../functions/core/files/bounded-lines';
import type { FileLimits } from '../../../functions/core/files/limits';
import { analyseSample } from '../../../functions/core/import-jobs/sample';
import type { RunFile } from '../../../functions/core/runs/run';

/**
 * Property-based fuzzing of the file readers and the sample detector with pathological files: random bytes, CSV
 * made of quotes, delimiters, line breaks and BOMs, deep nesting, huge fields, many columns, gzip of all of these
 * (whole or cut short) and broken UTF-16. Whatever the file, a read ends, throws nothing but a FileReadError, and
 * yields rows that are each cells, an item or a coded problem, none larger than the limits allow.
 *
 * Small limits make the huge cases cheap. The runs are fixed in number (see RUNS) so `npm test` stays bounded;
 * `FUZZ_RUNS=n` runs more, and a failure prints the seed and path to replay it.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const LIMITS: FileLimits = { maxColumns: 40, maxRowBytes: 2_000, maxJsonDepth: 12 };
/** A read that takes longer than this is a read that does not end. */
const READ_TIMEOUT_MS = 10_000;
const READ_CODES = new Set(['FILE_UNREADABLE', 'ENCODING_ERROR', 'EMPTY_FILE']);

// ---- Arbitraries -------------------------------------------------------------------------------------------------

const TOKENS = ['a', 'b1', ' ', '"', '""', ',', ';', '\t', '|', '^', '\n', '\r', '\r\n', '\uFEFF', 'é', '𝄞', '\u0000', '{', '[', '}', ']', ':', '\\'];
const csvish = fc.array(fc.constantFrom(...TOKENS), { maxLength: 300 }).map((tokens) => tokens.join(''));
const deepLine = fc
  .tuple(fc.integer({ min: 0, max: 4_000 }), fc.constantFrom('[', '{"k":'), fc.boolean())
  .map(([depth, open, closed]) => {
    const close = open === '[' ? ']' : '}';
    return `{"eventType":"e","x":${open.repeat(depth)}1${closed ? close.repeat(depth) : ''}}`;
  });
const hugeField = fc
  .tuple(fc.integer({ min: 0, max: 60_000 }), fc.boolean(), fc.constantFrom(',', ';'))
  .map(([size, quoted, d]) => `a${d}b\n1${d}${quoted ? '"' : ''}${'x'.repeat(size)}${quoted ? '"' : ''}\n2${d}3\n`);
const manyColumns = fc
  .tuple(fc.integer({ min: 1, max: 5_000 }), fc.boolean())
  .map(([n, inHeader]) => (inHeader ? `${'h,'.repeat(n)}h\n1,2\n` : `a,b\n${','.repeat(n)}\n3,4\n`));
const ndjsonLines = fc
  .array(fc.oneof(fc.json(), deepLine, fc.constant(''), fc.constant('{"eventType":"ok"}'), csvish), { maxLength: 20 })
  .chain((lines) => fc.constantFrom('\n', '\r\n', '\r').map((eol) => lines.join(eol)));
const badUtf16 = fc
  .uint8Array({ maxLength: 400 })
  .map((bytes) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from([0x00, 0xd8, 0x2c, 0x00]), Buffer.from(bytes)]));

// JSON arrays, whole, cut short or with their elements spliced together (a .json drop file streams as one).
const jsonArrays = fc
  .tuple(fc.array(fc.oneof(fc.json(), deepLine, fc.constant('{"eventType":"ok"}')), { maxLength: 20 }), fc.boolean(), fc.nat())
  .map(([elements, pretty, cut]) => {
    const whole = `[${elements.join(pretty ? ',\n  ' : ',')}]`;
    return cut % 3 === 0 ? whole.slice(0, cut % (whole.length + 1)) : whole;
  });
const text = fc.oneof(csvish, deepLine, hugeField, manyColumns, ndjsonLines, jsonArrays);
const bytesOf = fc.oneof(
  text.map((t) => Buffer.from(t, 'utf8')),
  text.map((t) => Buffer.from(t, 'latin1')),
  text.map((t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])),
  fc.uint8Array({ maxLength: 2_000 }).map((b) => Buffer.from(b)),
  badUtf16,
);
/** Gzip whole, gzip cut short, or plain: the file name decides whether it is gunzipped. */
const fileBytes = fc.tuple(bytesOf, fc.constantFrom('plain', 'gzip', 'cut-gzip')).map(([bytes, how]) => {
  if (how === 'plain') return { bytes, gzip: false };
  const gz = gzipSync(bytes);
  return { bytes: how === 'gzip' ? gz : gz.subarray(0, Math.max(1, Math.floor(gz.length / 2))), gzip: true };
});
const format: fc.Arbitrary<FormatOptions> = fc.record({
  encoding: fc.constantFrom(...ENCODINGS),
  columnDelimiter: fc.option(fc.constantFrom(...COLUMN_DELIMITERS), { nil: null }),
  rowDelimiter: fc.constantFrom(...ROW_DELIMITERS),
});
/** Piece sizes the bytes arrive in (streams cut anywhere, inside characters too). */
const pieceSize = fc.integer({ min: 1, max: 4_096 });

// ---- Helpers -----------------------------------------------------------------------------------------------------

function pieces(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

async function readAll(bytes: Buffer, file: RunFile, options: FormatOptions, size: number): Promise<{ events: FileEvent[]; error?: unknown }> {
  const events: FileEvent[] = [];
  const read = (async () => {
    for await (const event of readRows(Readable.from(pieces(bytes, size)), file, options, LIMITS)) events.push(event);
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`read did not end within ${READ_TIMEOUT_MS} ms`)), READ_TIMEOUT_MS);
  });
  try {
    await Promise.race([read, timeout]);
    return { events };
  } catch (error) {
    if ((error as Error).message?.startsWith('read did not end')) throw error;
    return { events, error };
  } finally {
    clearTimeout(timer);
  }
}

/** What every read must satisfy, whatever the file. */
function checkRead(result: { events: FileEvent[]; error?: unknown }, file: RunFile): void {
  const { events, error } = result;
  if (error !== undefined) {
    // Only the service's coded errors: anything else would fail the split without a code, and be retried forever.
    expect(error).toBeInstanceOf(FileReadError);
    expect(READ_CODES.has((error as FileReadError).code)).toBe(true);
  }
  let headers = 0;
  let last = 0;
  for (const event of events) {
    if ('header' in event) {
      headers++;
      expect(file.format).toBe('csv');
      expect(event.header.length).toBeLessThanOrEqual(LIMITS.maxColumns);
      continue;
    }
    const { row } = event;
    expect(Number.isInteger(row.n) && row.n >= 1).toBe(true);
    const kinds = [row.cells !== undefined, row.item !== undefined, row.malformed !== undefined].filter(Boolean);
    expect(kinds).toHaveLength(1); // a row, or a coded problem: never both, never neither
    if (row.cells) {
      expect(row.cells.length).toBeLessThanOrEqual(LIMITS.maxColumns);
      expect(row.cells.reduce((sum, cell) => sum + cell.length, 0)).toBeLessThanOrEqual(LIMITS.maxRowBytes);
    }
    if (row.item) {
      expect(typeof row.item === 'object' && !Array.isArray(row.item)).toBe(true);
      expect(JSON.stringify(row.item).length).toBeLessThanOrEqual(LIMITS.maxRowBytes * 6);
    }
    // Every row goes into a chunk, which is JSON.
    expect(() => JSON.stringify(row)).not.toThrow();
    if (file.format !== 'csv') {
      expect(row.n).toBeGreaterThan(last); // lines in order
      last = row.n;
    }
  }
  expect(headers).toBeLessThanOrEqual(1);
  if (headers === 1) expect('header' in (events[0] as FileEvent)).toBe(true);
}

// ---- Properties --------------------------------------------------------------------------------------------------

const stats = { reads: 0, readErrors: new Map<string, number>(), malformed: 0, samples: 0, sampleFailures: new Map<string, number>() };
const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

describe('Fuzz: file readers and the sample detector never crash, hang or grow on pathological files', () => {
  afterAll(() => {
    // What the fuzzing met, for whoever reads the test log.
    process.stdout.write(
      `file-readers fuzz: ${stats.reads} reads (${[...stats.readErrors].map(([k, v]) => `${k} ${v}`).join(', ') || 'no read error'}, ` +
        `${stats.malformed} malformed rows), ${stats.samples} samples (${[...stats.sampleFailures].map(([k, v]) => `${k} ${v}`).join(', ') || 'none failed'})\n`,
    );
  });

  it.each(['csv', 'ndjson', 'json'] as const)('readRows (%s) ends with rows or a coded error', async (kind) => {
    await fc.assert(
      fc.asyncProperty(fileBytes, format, pieceSize, async ({ bytes, gzip }, options, size) => {
        const file: RunFile = { fileName: `f.${kind}`, format: kind, gzip, sizeBytes: bytes.length };
        const result = await readAll(bytes, file, options, size);
        stats.reads++;
        if (result.error instanceof FileReadError) count(stats.readErrors, result.error.code);
        stats.malformed += result.events.filter((e) => 'row' in e && e.row.malformed !== undefined).length;
        checkRead(result, file);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('reads CSV within the limits exactly as csv-parse reads the whole text, however the bytes are cut', async () => {
    const cell = fc.array(fc.constantFrom('a', 'b', ' ', '"', ',', '\n', 'é', '𝄞'), { maxLength: 8 }).map((c) => c.join(''));
    const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 20 });
    await fc.assert(
      fc.asyncProperty(table, pieceSize, async (rows, size) => {
        const csv = ['h1,h2', ...rows.map((r) => r.map(quote).join(','))].join('\n') + '\n';
        const expected = (parseCsvSync(csv, { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][]).slice(1);
        const file: RunFile = { fileName: 'f.csv', format: 'csv', gzip: false, sizeBytes: 0 };
        const { events, error } = await readAll(Buffer.from(csv), file, { encoding: 'utf-8', columnDelimiter: ',', rowDelimiter: 'lf' }, size);
        stats.reads++;
        expect(error).toBeUndefined();
        expect(events.flatMap((e) => ('row' in e ? [e.row.cells] : []))).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('splits lines as readline does, however the text is cut', async () => {
    const piecesOf = fc.array(fc.array(fc.constantFrom('a', 'bc', '\n', '\r', '\r\n', ' '), { maxLength: 10 }).map((p) => p.join('')), { maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(piecesOf, async (parts) => {
        const whole = parts.join('');
        const expected = whole.split(/\r\n|\r|\n/);
        if (expected[expected.length - 1] === '') expected.pop(); // a break at the end opens no line
        const lines = [];
        async function* source() {
          yield* parts;
        }
        for await (const line of boundedLines(source(), 1_000)) lines.push(line);
        expect(lines).toEqual(expected.map((t, i) => ({ n: i + 1, text: t })));
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('analyseSample answers a bounded report or a coded failure for any file', async () => {
    const requested = fc.record(
      { encoding: fc.constantFrom(...ENCODINGS), columnDelimiter: fc.constantFrom(...COLUMN_DELIMITERS), rowDelimiter: fc.constantFrom(...ROW_DELIMITERS) },
      { requiredKeys: [] },
    );
    const kind = fc.constantFrom('transaction_batch', 'entity_automatic', 'user_event_batch') as fc.Arbitrary<'transaction_batch' | 'entity_automatic' | 'user_event_batch'>;
    await fc.assert(
      fc.asyncProperty(fileBytes, requested, kind, async ({ bytes, gzip }, options, jobKind) => {
        const { report } = await analyseSample({
          body: bytes,
          gzip,
          requested: options,
          kind: jobKind,
          orgId: 'org-a',
          namespace: 'default',
          columnMapping: null,
          defaultFields: null,
          limits: LIMITS,
        });
        stats.samples++;
        if (report.failure) count(stats.sampleFailures, report.failure.code);
        expect(Buffer.byteLength(JSON.stringify(report))).toBeLessThan(6 * 1024 * 1024);
        expect(report.headers.length).toBeLessThanOrEqual(LIMITS.maxColumns);
        for (const problem of report.problems) expect(['VALIDATION_ERROR', 'MALFORMED_ROW']).toContain(problem.code);
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});

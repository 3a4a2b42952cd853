import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { CsvError } from 'csv-parse';
import iconv from 'iconv-lite';
import type { ChunkRow } from '../runs/chunk';
import type { RunFile } from '../runs/run';
import { COLUMN_DELIMITERS, type FormatOptions } from './format';
import { bomEncoding, looksBinary, SNIFF_BYTES } from './encoding';
import { parseJsonExactly } from './exact-json';
import { BoundedCsvParser } from './bounded-csv-parser';
import { boundedLines, type Line } from './bounded-lines';
import { jsonArrayElements } from './bounded-json-array';
import { DEFAULT_FILE_LIMITS, jsonNestsDeeperThan, type FileLimits } from './limits';
import { FileReadError } from './read-error';

export { FileReadError };

export type FileEvent = { readonly header: readonly string[] } | { readonly row: ChunkRow };

/**
 * Streams a stored upload as rows: gunzip, decode, parse. Never holds the whole file: memory stays at a few
 * parser buffers whatever the file's size, and `limits` bound what one row may take (a longer row ends the read
 * or becomes a malformed row, see limits.ts). A CSV yields its header first.
 */
export async function* readRows(
  raw: Readable,
  file: RunFile,
  format: FormatOptions,
  limits: FileLimits = DEFAULT_FILE_LIMITS,
): AsyncGenerator<FileEvent> {
  const bytes = file.gzip ? raw.pipe(createGunzip()) : raw;
  bytes.on('error', () => undefined); // surfaced through the decoder below
  const text = inPieces(decode(bytes, format.encoding));
  if (file.format === 'csv') {
    yield* csvRows(text, format, limits);
  } else if (file.format === 'json') {
    yield* jsonRows(text, limits);
  } else {
    yield* ndjsonRows(text, limits);
  }
}

/** Text no longer than this a piece, so the CSV parser's checks between pieces see a record grow in small steps. */
const PIECE_CHARS = 64 * 1024;

async function* inPieces(text: AsyncGenerator<string>): AsyncGenerator<string> {
  for await (const piece of text) {
    if (piece.length <= PIECE_CHARS) yield piece;
    else for (let i = 0; i < piece.length; i += PIECE_CHARS) yield piece.slice(i, i + PIECE_CHARS);
  }
}

/**
 * Decodes to text. UTF-8 must be valid (a wrong encoding is named, not silently mangled); a BOM wins. Whether the
 * bytes are text at all is decided on the first SNIFF_BYTES, as the sample decides it (encoding.ts), but checked
 * piece by piece as they stream: rows are not held back until 64 KiB have arrived (a split that dies early has
 * still handed on what it read).
 */
async function* decode(bytes: Readable, encoding: FormatOptions['encoding']): AsyncGenerator<string> {
  let decoder: { write(b: Buffer): string; end(): string } | undefined;
  let textEncoding = encoding;
  let checked = 0;
  try {
    for await (const chunk of bytes) {
      const buf = chunk as Buffer;
      if (!decoder) {
        textEncoding = bomEncoding(buf) ?? encoding;
        decoder = decoderFor(textEncoding);
      }
      if (checked < SNIFF_BYTES) {
        if (looksBinary(buf.subarray(0, SNIFF_BYTES - checked), textEncoding)) {
          throw new FileReadError('FILE_UNREADABLE', 'The file is binary, not text: send CSV or NDJSON (optionally gzip-compressed)');
        }
        checked += buf.length;
      }
      const out = decoder.write(buf);
      if (out) yield out;
    }
    const rest = decoder?.end();
    if (rest) yield rest;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') {
      throw new FileReadError('ENCODING_ERROR', `The file is not valid ${encoding.toUpperCase()}; set the encoding option (utf-8, iso-8859-1, windows-1252, utf-16)`);
    }
    if ((error as { code?: string }).code === 'Z_DATA_ERROR' || (error as { errno?: number }).errno === -3) {
      throw new FileReadError('FILE_UNREADABLE', 'The file is not valid gzip');
    }
    // A gzip cut short (an upload that stopped, a truncated copy): without a code the split would be retried forever.
    if ((error as { code?: string }).code === 'Z_BUF_ERROR') {
      throw new FileReadError('FILE_UNREADABLE', 'The file is not valid gzip: it ends before its compressed data does');
    }
    throw error;
  }
}

function decoderFor(encoding: FormatOptions['encoding']): { write(b: Buffer): string; end(): string } {
  if (encoding === 'utf-8') {
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    return { write: (b) => utf8.decode(b, { stream: true }), end: () => utf8.decode() };
  }
  const decoder = iconv.getDecoder(encoding === 'utf-16' ? 'utf-16' : encoding);
  return { write: (b) => decoder.write(b), end: () => decoder.end() ?? '' };
}

const ROW_DELIMITER: Record<FormatOptions['rowDelimiter'], string | undefined> = {
  auto: undefined,
  lf: '\n',
  crlf: '\r\n',
  cr: '\r',
};

async function* csvRows(text: AsyncGenerator<string>, format: FormatOptions, limits: FileLimits): AsyncGenerator<FileEvent> {
  const { head, rest } = await readFirstLine(text);
  if (head.trim() === '') throw new FileReadError('EMPTY_FILE', 'The file is empty');
  const delimiter = format.columnDelimiter ?? detectDelimiter(firstLineOf(head));

  // Row numbers are the line where a record starts (the header is line 1), counting the lines inside quoted
  // fields and the empty lines skipped before it. The parser reports where a record ends, so the start is
  // derived from where the previous one ended; on_record and 'skip' run in parse order, so `previous` is exact.
  let previous = { lines: 0, emptyLines: 0 };
  const startLine = (context: { lines: number; empty_lines: number }) =>
    previous.lines + 1 + (context.empty_lines - previous.emptyLines);
  /** Start lines of the records parsed and not yet read below, in order. */
  const starts: number[] = [];
  // csv-parse counts a CRLF inside a quoted field as two lines; the fields tell how many to take back.
  let crlfInFields = 0;
  const parser = new BoundedCsvParser({
    delimiter,
    record_delimiter: ROW_DELIMITER[format.rowDelimiter],
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (record: string[], context) => {
      crlfInFields += crlfCount(record);
      const here = { lines: context.lines - crlfInFields, empty_lines: context.empty_lines };
      starts.push(startLine(here));
      previous = { lines: here.lines, emptyLines: here.empty_lines };
      return record;
    },
  }, limits);
  // A record that cannot be parsed (a quote that never closes) is a row outcome, not the end of the file.
  const skipped: ChunkRow[] = [];
  parser.on('skip', (error: CsvError & { lines?: number; empty_lines?: number }) => {
    const here = { lines: (error.lines ?? previous.lines) - crlfInFields, empty_lines: error.empty_lines ?? previous.emptyLines };
    const n = startLine(here);
    previous = { lines: here.lines, emptyLines: here.empty_lines };
    skipped.push({ n, malformed: unreadableRowMessage(error) });
  });
  const source = Readable.from(prepend(head, rest));
  // pipe() does not carry errors downstream: without this a decoding error would leave the loop below waiting.
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  let header: readonly string[] | undefined;
  for await (const cells of parser as AsyncIterable<string[]>) {
    const n = starts.shift() as number;
    if (header === undefined) {
      header = cells.map((h) => h.trim());
      yield { header };
      continue;
    }
    // Only the unreadable rows that start before this one: the parser may have reported later ones already, and
    // rows must come out in file order whatever the stream's pieces, so a split resumed by row count skips the
    // same rows it queued before.
    while (skipped.length > 0 && (skipped[0] as ChunkRow).n < n) yield { row: skipped.shift() as ChunkRow };
    yield { row: { n, cells } };
  }
  while (skipped.length > 0) yield { row: skipped.shift() as ChunkRow };
  if (header === undefined) throw new FileReadError('EMPTY_FILE', 'The file has no header row');
}

function crlfCount(cells: readonly string[]): number {
  let count = 0;
  for (const cell of cells) {
    if (!cell.includes('\r')) continue;
    count += cell.split('\r\n').length - 1;
  }
  return count;
}

function unreadableRowMessage(error: CsvError): string {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return 'A quoted field is never closed: everything from this row to the end of the file was read as one field';
  }
  return `Unreadable CSV row: ${error.message}`;
}

async function* ndjsonRows(text: AsyncIterable<string>, limits: FileLimits): AsyncGenerator<FileEvent> {
  for await (const line of boundedLines(text, limits.maxRowBytes)) {
    const event = itemEvent(line, limits, 'Line');
    if (event) yield event;
  }
}

/**
 * A `.json` file that is not split at upload (a drop file of an import job): a JSON array streams element by
 * element; anything else is read as NDJSON, which is what many `.json` exports hold.
 */
async function* jsonRows(text: AsyncGenerator<string>, limits: FileLimits): AsyncGenerator<FileEvent> {
  let head = '';
  for (;;) {
    const next = await text.next();
    if (next.done) break;
    head += next.value;
    if (head.replace(/^\uFEFF/, '').trim() !== '') break;
  }
  const all = prepend(head, text);
  if (head.replace(/^\uFEFF/, '').trimStart().startsWith('[')) {
    for await (const element of jsonArrayElements(all, limits.maxRowBytes)) {
      const event = 'malformed' in element ? { row: { n: element.n, malformed: element.malformed } } : itemEvent(element, limits, 'Element');
      if (event) yield event;
    }
  } else {
    yield* ndjsonRows(all, limits);
  }
}

/** One NDJSON line or JSON array element as a row: an object, or a malformed row that says why not. */
function itemEvent(line: Line, limits: FileLimits, what: 'Line' | 'Element'): FileEvent | undefined {
  const { n } = line;
  if ('tooLong' in line) return { row: { n, malformed: `${what} is longer than ${limits.maxRowBytes} bytes (MAX_ROW_BYTES)` } };
  const trimmed = n === 1 ? line.text.replace(/^\uFEFF/, '').trim() : line.text.trim();
  if (trimmed === '') return undefined;
  // Before parsing: a line nested thousands deep parses, but printing it (every chunk is JSON) overflows the stack.
  if (jsonNestsDeeperThan(trimmed, limits.maxJsonDepth)) {
    return { row: { n, malformed: `${what} nests arrays or objects more than ${limits.maxJsonDepth} deep (MAX_JSON_DEPTH)` } };
  }
  let item: unknown;
  try {
    item = parseJsonExactly(trimmed);
  } catch {
    return { row: { n, malformed: `${what} is not valid JSON` } };
  }
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return { row: { n, malformed: `${what} is not a JSON object` } };
  return { row: { n, item: item as Record<string, unknown> } };
}

/** Reads until the first line break (or the end), to detect the delimiter before parsing starts. */
async function readFirstLine(text: AsyncGenerator<string>): Promise<{ head: string; rest: AsyncGenerator<string> }> {
  let head = '';
  // Only the new piece is searched: a long header arriving in small pieces would make searching all of it quadratic.
  for (let broken = false; !broken && head.length < 1_000_000; ) {
    const next = await text.next();
    if (next.done) break;
    head += next.value;
    broken = /[\r\n]/.test(next.value);
  }
  return { head, rest: text };
}

async function* prepend(head: string, rest: AsyncGenerator<string>): AsyncGenerator<string> {
  if (head) yield head;
  yield* rest;
}

function firstLineOf(text: string): string {
  const end = text.search(/[\r\n]/);
  return end === -1 ? text : text.slice(0, end);
}

/** The candidate delimiter that appears most often outside quotes in the header line; a comma on a tie. */
export function detectDelimiter(headerLine: string): string {
  const unquoted = headerLine.replace(/"[^"]*"/g, '');
  let best = ',';
  let bestCount = 0;
  for (const candidate of COLUMN_DELIMITERS) {
    const count = unquoted.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import type { JobKind } from '../kinds';
import { detectDelimiter, FileReadError, readRows } from '../files/read-rows';
import type { Encoding, FormatOptions, RowDelimiter } from '../files/format';
import { detectEncoding, looksBinary } from '../files/encoding';
import { DEFAULT_FILE_LIMITS, type FileLimits } from '../files/limits';
import { RowEvaluator } from '../records/evaluate-row';
import { FIELDS, normalizeName } from '../records/fields';
import { buildRowMapper } from '../records/mapping';
import type { ColumnMapping } from '../runs/run';

/** How many rows of a sample are parsed, shown and checked. */
export const PREVIEW_ROWS = 20;

/**
 * Bounds on what the sample answer shows, so it always fits the 6 MB a Lambda may answer (a 5.5 MB sample of
 * 90,000 columns once made 17.8 MB of preview). Sizes are of the JSON written, escapes included. What is cut is
 * said in `truncated`; what a run does with the file is unchanged (it reads every column and cell).
 */
export const PREVIEW_LIMITS = {
  /** Columns shown in `headers`, `rows` and `suggestedMapping` (and in a failure's `details.headers`). */
  columns: 200,
  /** JSON bytes the shown header names may take together: fewer columns are shown when they are long. */
  headerBytes: 256 * 1024,
  /** Characters of one shown cell; a longer one is cut. */
  cellChars: 1_000,
  /** JSON bytes the shown rows may take together: fewer rows are shown when they are large. */
  rowBytes: 1024 * 1024,
  /** Characters of one problem's message. */
  messageChars: 500,
} as const;

/** What the preview left out; the answer says so rather than look complete. */
export interface PreviewTruncation {
  /** Rows that were read were left out of `rows` (they were too large together); problems still cover them. */
  readonly rows: boolean;
  /** Columns past the first ones were left out of `headers`, `rows` and `suggestedMapping`. */
  readonly columns: boolean;
  /** Some shown cells were cut to their first characters. */
  readonly cells: boolean;
}

const NOT_TRUNCATED: PreviewTruncation = { rows: false, columns: false, cells: false };

/** What to tell a person whose sample cannot be used, and what they can do about it (§7 sampling_failed). */
const WHAT_TO_DO = 'Change the encoding or delimiters, fix the mapping, or upload a new file.';

export type SampleFailureCode = 'FILE_UNREADABLE' | 'ENCODING_ERROR' | 'EMPTY_FILE' | 'NO_HEADER' | 'MAPPING_MISMATCH' | 'MISSING_REQUIRED_COLUMNS';

export interface SampleFailure {
  readonly code: SampleFailureCode;
  /** For people: what is wrong and what to change. */
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/** The sample body of `POST …/{id}/sample` (§7). */
export interface SampleReport {
  readonly encoding: Encoding | null;
  readonly columnDelimiter: string | null;
  readonly rowDelimiter: Exclude<RowDelimiter, 'auto'> | null;
  readonly headers: readonly string[];
  /** The first rows' cells, in header order, as a run would read them. */
  readonly rows: ReadonlyArray<readonly string[]>;
  /** Column → field (exact or normalised name), or `attributes.<column>` for a column no field matches. */
  readonly suggestedMapping: Readonly<Record<string, string>>;
  readonly problems: ReadonlyArray<{ readonly rowNumber: number; readonly code: string; readonly message: string }>;
  /** Why the job went `sampling_failed`; null when the sample is usable. */
  readonly failure: SampleFailure | null;
  /** What the preview left out to keep the answer small (PREVIEW_LIMITS). */
  readonly truncated: PreviewTruncation;
}

export interface SampleInput {
  readonly body: Buffer;
  readonly gzip: boolean;
  /** Options the person set; the others are detected. */
  readonly requested: Partial<FormatOptions>;
  readonly kind: JobKind;
  readonly orgId: string;
  readonly namespace: string;
  readonly columnMapping: ColumnMapping | null;
  readonly defaultFields: Readonly<Record<string, string>> | null;
  /** The readers' limits, as a run of this job would apply them. @default DEFAULT_FILE_LIMITS */
  readonly limits?: FileLimits;
}

export interface SampleAnalysis {
  readonly report: SampleReport;
  /** The format runs should read this job's files with: what was set, else what was detected. */
  readonly format: FormatOptions;
  /** Every column of the sample and the suggestion for each, uncut (the report shows a bounded part of them). */
  readonly allColumns: { readonly headers: readonly string[]; readonly suggestedMapping: Readonly<Record<string, string>> };
}

/**
 * Reads a sample the way a run will read the job's files (the same decoder, CSV parser and row evaluator), with
 * the encoding and delimiters detected where the person did not set them. The sample fails when a run of this
 * file would fail as a whole; rows that a run would fail one by one are listed as problems instead.
 */
export async function analyseSample(input: SampleInput): Promise<SampleAnalysis> {
  const empty = { headers: [], rows: [], suggestedMapping: {}, problems: [], truncated: NOT_TRUNCATED };
  const fallbackFormat: FormatOptions = {
    encoding: input.requested.encoding ?? 'utf-8',
    columnDelimiter: input.requested.columnDelimiter ?? null,
    rowDelimiter: input.requested.rowDelimiter ?? 'auto',
  };
  const noColumns = { headers: [], suggestedMapping: {} };
  const unusable = (failure: SampleFailure, known: Partial<SampleReport> = {}): SampleAnalysis => ({
    report: { encoding: null, columnDelimiter: null, rowDelimiter: null, ...empty, ...known, failure },
    format: fallbackFormat,
    allColumns: noColumns,
  });

  let bytes = input.body;
  if (input.gzip) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: SAMPLE_MAX_BYTES });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        return unusable(fail('FILE_UNREADABLE', `The file decompresses to more than ${SAMPLE_MAX_BYTES} bytes: a sample of a few hundred rows is enough.`));
      }
      return unusable(fail('FILE_UNREADABLE', 'The file is not valid gzip.'));
    }
  }
  if (bytes.length === 0) return unusable(fail('EMPTY_FILE', 'The file is empty.'));

  const detected = detectEncoding(bytes);
  if (looksBinary(bytes, input.requested.encoding)) {
    return unusable(fail('FILE_UNREADABLE', 'The file is binary (a spreadsheet, an archive or an image?), not CSV text: export it as CSV.'));
  }
  // 'binary' is detected here only when utf-16 was set (its text has NUL bytes), so the setting decides.
  const encoding = input.requested.encoding ?? (detected === 'binary' ? 'utf-16' : detected);
  if (input.requested.encoding === 'utf-8' && detected !== 'utf-8' && detected !== 'utf-16') {
    return unusable(
      fail('ENCODING_ERROR', `The file is not valid UTF-8; it looks like ${detected.toUpperCase()}: set encoding to ${detected}, or leave it out to detect it.`, {
        detectedEncoding: detected,
      }),
      { encoding: input.requested.encoding },
    );
  }
  const text = decodeStart(bytes, encoding);
  const rowDelimiter = input.requested.rowDelimiter && input.requested.rowDelimiter !== 'auto' ? input.requested.rowDelimiter : detectRowDelimiter(text);
  const firstLine = text.split(/\r\n|\r|\n/, 1)[0] ?? '';
  const columnDelimiter = input.requested.columnDelimiter ?? detectDelimiter(firstLine);
  const format: FormatOptions = { encoding, columnDelimiter, rowDelimiter: input.requested.rowDelimiter ?? 'auto' };
  const detectedFormat = { encoding, columnDelimiter, rowDelimiter };

  let headers: readonly string[] | undefined;
  const rows: Array<{ n: number; cells?: readonly string[]; malformed?: string }> = [];
  try {
    const file = { fileName: 'sample.csv', format: 'csv' as const, gzip: false, sizeBytes: bytes.length };
    for await (const event of readRows(Readable.from([bytes]), file, { ...format, rowDelimiter: format.rowDelimiter }, input.limits ?? DEFAULT_FILE_LIMITS)) {
      if ('header' in event) {
        headers = event.header;
        continue;
      }
      rows.push(event.row);
      if (rows.length >= PREVIEW_ROWS) break;
    }
  } catch (error) {
    if (!(error instanceof FileReadError)) throw error;
    const failure =
      error.code === 'ENCODING_ERROR'
        ? fail('ENCODING_ERROR', `The file cannot be read as ${encoding.toUpperCase()}: set the encoding (utf-8, iso-8859-1, windows-1252, utf-16).`)
        : error.code === 'EMPTY_FILE'
          ? fail('EMPTY_FILE', `${error.message}.`.replace('..', '.'))
          : fail('FILE_UNREADABLE', error.message);
    return { report: { ...detectedFormat, ...empty, failure }, format, allColumns: noColumns };
  }
  if (!headers) return { report: { ...detectedFormat, ...empty, failure: fail('EMPTY_FILE', 'The file is empty.') }, format, allColumns: noColumns };

  const preview = previewOf(input.kind, headers, rows.flatMap((row) => (row.cells ? [row.cells] : [])));
  const base = { ...detectedFormat, headers: preview.headers, rows: preview.rows, suggestedMapping: preview.suggestedMapping, truncated: preview.truncated };
  const allColumns = { headers, suggestedMapping: preview.fullSuggestion };

  const noHeader = headerProblem(headers);
  if (noHeader) return { report: { ...base, problems: [], failure: noHeader }, format, allColumns };

  const mapper = buildRowMapper(input.kind, headers, input.columnMapping, input.defaultFields);
  if (mapper.missingMappedColumns.length > 0) {
    const missing = mapper.missingMappedColumns;
    const failure = fail(
      'MAPPING_MISMATCH',
      `The mapping names ${missing.length === 1 ? 'a column' : 'columns'} the file does not have: ${missing.map((c) => `"${c}"`).join(', ')}.`,
      { missingColumns: missing, headers: preview.headers },
    );
    return { report: { ...base, problems: [], failure }, format, allColumns };
  }
  if (mapper.missingRequired.length > 0) {
    const failure = fail(
      'MISSING_REQUIRED_COLUMNS',
      `No column maps to ${mapper.missingRequired.join(', ')}: map a column to ${mapper.missingRequired.length === 1 ? 'it' : 'each'} in columnMapping.`,
      { missingFields: mapper.missingRequired, headers: preview.headers },
    );
    return { report: { ...base, problems: [], failure }, format, allColumns };
  }

  const evaluator = new RowEvaluator({
    kind: input.kind,
    orgId: input.orgId,
    namespace: input.namespace,
    runId: 'sample',
    columnMapping: input.columnMapping,
    defaultFields: input.defaultFields,
    header: headers,
  });
  const problems = rows.flatMap((row) => {
    const evaluation = evaluator.evaluate(row);
    return evaluation.ok ? [] : [{ rowNumber: evaluation.problem.rowNumber, code: evaluation.problem.code, message: cut(evaluation.problem.message, PREVIEW_LIMITS.messageChars) }];
  });
  return { report: { ...base, problems, failure: null }, format, allColumns };
}

/** Bytes of sample text read at most (a gzip sample is decompressed whole to detect its encoding). */
const SAMPLE_MAX_BYTES = 64 * 1024 * 1024;

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
const cut = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

/** The headers, rows and suggested mapping as shown: bounded by PREVIEW_LIMITS, with what was cut. */
function previewOf(
  kind: JobKind,
  headers: readonly string[],
  cells: ReadonlyArray<readonly string[]>,
): {
  headers: readonly string[];
  rows: ReadonlyArray<readonly string[]>;
  suggestedMapping: Record<string, string>;
  fullSuggestion: Record<string, string>;
  truncated: PreviewTruncation;
} {
  let columns = 0;
  let headerBytes = 2;
  while (columns < headers.length && columns < PREVIEW_LIMITS.columns) {
    headerBytes += jsonBytes(headers[columns]) + 1;
    if (headerBytes > PREVIEW_LIMITS.headerBytes) break;
    columns++;
  }
  const shownHeaders = headers.slice(0, columns);
  let cellsCut = false;
  const rows: string[][] = [];
  let rowBytes = 2;
  for (const row of cells) {
    const shown = row.slice(0, columns).map((cell) => {
      if (cell.length <= PREVIEW_LIMITS.cellChars) return cell;
      cellsCut = true;
      return cut(cell, PREVIEW_LIMITS.cellChars);
    });
    rowBytes += jsonBytes(shown) + 1;
    if (rowBytes > PREVIEW_LIMITS.rowBytes) break;
    rows.push(shown);
  }
  // The suggestion covers every column (a field's column past the cut is still matched), but shows only the columns
  // shown and the ones that match a field: a column left out goes to attributes anyway, as an unmapped column does.
  const full = suggestMapping(kind, headers);
  return {
    headers: shownHeaders,
    rows,
    suggestedMapping: shownSuggestion(full, shownHeaders),
    fullSuggestion: full,
    truncated: { rows: rows.length < cells.length, columns: columns < headers.length, cells: cellsCut },
  };
}

/**
 * The part of a suggestion the answer shows: the shown columns, and every column that fills a field (a field's
 * column past the cut is still matched). A column left out goes to attributes anyway, as an unmapped column does.
 */
export function shownSuggestion(suggestion: Readonly<Record<string, string>>, shownHeaders: readonly string[]): Record<string, string> {
  const shown = new Set(shownHeaders);
  return Object.fromEntries(
    Object.entries(suggestion).filter(([column, target]) => shown.has(column) || (!target.startsWith('attributes.') && column.length <= PREVIEW_LIMITS.cellChars)),
  );
}

function fail(code: SampleFailureCode, what: string, details?: Record<string, unknown>): SampleFailure {
  return { code, message: `${what} ${WHAT_TO_DO}`, ...(details ? { details } : {}) };
}

function decodeStart(bytes: Buffer, encoding: Encoding): string {
  const head = bytes.subarray(0, 64 * 1024);
  if (encoding === 'utf-8' || encoding === 'utf-16') {
    return new TextDecoder(encoding === 'utf-16' ? (head[0] === 0xfe ? 'utf-16be' : 'utf-16le') : 'utf-8').decode(head);
  }
  return new TextDecoder(encoding === 'iso-8859-1' ? 'latin1' : 'windows-1252').decode(head);
}

/** The first line break outside quotes decides; a file of one line reads as LF. */
function detectRowDelimiter(text: string): Exclude<RowDelimiter, 'auto'> {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '\r') return text[i + 1] === '\n' ? 'crlf' : 'cr';
    else if (!quoted && c === '\n') return 'lf';
  }
  return 'lf';
}

/** Column → field: the names runs match on their own (`External ID` → externalId), others under attributes. */
export function suggestMapping(kind: JobKind, headers: readonly string[]): Record<string, string> {
  const fields = [...FIELDS[kind].required, ...FIELDS[kind].optional];
  const byNormalised = new Map(fields.map((field) => [normalizeName(field), field]));
  const taken = new Set<string>();
  const suggestion: Record<string, string> = {};
  for (const header of headers) {
    if (header === '' || header in suggestion) continue;
    const field = byNormalised.get(normalizeName(header));
    // Two columns cannot both fill one field: the first one takes it.
    if (field && !taken.has(field)) {
      taken.add(field);
      suggestion[header] = field;
    } else {
      suggestion[header] = `attributes.${header}`;
    }
  }
  return suggestion;
}

/** A first row that is data rather than column names: every cell empty, or every cell a number or a date. */
function headerProblem(headers: readonly string[]): SampleFailure | undefined {
  const named = headers.filter((h) => h !== '');
  if (named.length === 0) return fail('NO_HEADER', 'The first row has no column names: the file needs a header row.');
  if (named.every((h) => /^[-+]?[\d.,:/ T-]+Z?$/.test(h))) {
    return fail('NO_HEADER', `The first row looks like data (${named.slice(0, 3).join(', ')}), not column names: the file needs a header row.`);
  }
  return undefined;
}

import { z } from 'zod';

/** How a file's rows are written (§5). */
export type FileFormat = 'csv' | 'json' | 'ndjson';

export const ENCODINGS = ['utf-8', 'iso-8859-1', 'windows-1252', 'utf-16'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export const COLUMN_DELIMITERS = [',', ';', '\t', '|', '^'] as const;
export const ROW_DELIMITERS = ['auto', 'lf', 'crlf', 'cr'] as const;
export type RowDelimiter = (typeof ROW_DELIMITERS)[number];

export interface FormatOptions {
  readonly encoding: Encoding;
  /** Null: detect from the header row. */
  readonly columnDelimiter: string | null;
  readonly rowDelimiter: RowDelimiter;
}

export const DEFAULT_FORMAT: FormatOptions = { encoding: 'utf-8', columnDelimiter: null, rowDelimiter: 'auto' };

const ENCODING_ALIASES: Record<string, Encoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'iso-8859-1': 'iso-8859-1',
  latin1: 'iso-8859-1',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  'utf-16': 'utf-16',
  utf16: 'utf-16',
};

const COLUMN_DELIMITER_ALIASES: Record<string, string> = {
  ',': ',', comma: ',',
  ';': ';', semicolon: ';',
  '\t': '\t', '\\t': '\t', tab: '\t',
  '|': '|', pipe: '|',
  '^': '^', caret: '^',
};

const ROW_DELIMITER_ALIASES: Record<string, RowDelimiter> = {
  auto: 'auto',
  lf: 'lf', '\n': 'lf', '\\n': 'lf',
  crlf: 'crlf', '\r\n': 'crlf', '\\r\\n': 'crlf',
  cr: 'cr', '\r': 'cr', '\\r': 'cr',
};

/** Format options as a client sends them (form fields or JSON), with friendly aliases. */
export const FormatOptionsInput = z
  .object({
    encoding: z
      .string()
      .transform((v) => v.trim().toLowerCase())
      .pipe(z.enum(Object.keys(ENCODING_ALIASES) as [string, ...string[]]))
      .transform((v) => ENCODING_ALIASES[v] as Encoding)
      .optional(),
    columnDelimiter: z
      .string()
      .transform((v) => (v.length === 1 ? v : v.trim().toLowerCase()))
      .pipe(z.enum(Object.keys(COLUMN_DELIMITER_ALIASES) as [string, ...string[]]))
      .transform((v) => COLUMN_DELIMITER_ALIASES[v] as string)
      .optional(),
    rowDelimiter: z
      .string()
      .transform((v) => (v.trim() === '' ? v : v.trim().toLowerCase()))
      .pipe(z.enum(Object.keys(ROW_DELIMITER_ALIASES) as [string, ...string[]]))
      .transform((v) => ROW_DELIMITER_ALIASES[v] as RowDelimiter)
      .optional(),
  })
  .transform(
    (v): FormatOptions => ({
      encoding: v.encoding ?? DEFAULT_FORMAT.encoding,
      columnDelimiter: v.columnDelimiter ?? DEFAULT_FORMAT.columnDelimiter,
      rowDelimiter: v.rowDelimiter ?? DEFAULT_FORMAT.rowDelimiter,
    }),
  );

/** Picks the format from the file name, falling back to the declared content type. */
export function detectFileFormat(fileName: string, contentType?: string): { format: FileFormat; gzip: boolean } | null {
  const lower = fileName.toLowerCase();
  const gzip = lower.endsWith('.gz') || contentType === 'application/gzip';
  const base = gzip && lower.endsWith('.gz') ? lower.slice(0, -3) : lower;
  if (base.endsWith('.csv') || base.endsWith('.txt') || base.endsWith('.tsv')) return { format: 'csv', gzip };
  if (base.endsWith('.ndjson') || base.endsWith('.jsonl')) return { format: 'ndjson', gzip };
  if (base.endsWith('.json')) return { format: 'json', gzip };
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'text/csv') return { format: 'csv', gzip };
  if (type === 'application/x-ndjson') return { format: 'ndjson', gzip };
  if (type === 'application/json') return { format: 'json', gzip };
  return null;
}

import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Run } from '../runs/run';

/** A row as it was read from one of the run's files: a CSV row's cells, or a JSON / NDJSON item. */
export interface SourceRow {
  readonly fileIndex: number;
  readonly cells?: readonly string[];
  readonly item?: Readonly<Record<string, unknown>>;
}

export interface RowFileOptions<T extends SourceRow> {
  /** Rows to write, in order; called twice when the columns must be found first (a pass to collect them). */
  readonly rows: () => AsyncIterable<T>;
  /** Columns of the file left out (a previous report's own columns). */
  readonly dropColumn?: (name: string) => boolean;
  /** Columns added after the row's own, and each row's values for them. */
  readonly extraColumns?: readonly string[];
  readonly extraValues?: (row: T) => readonly string[];
}

/**
 * A file of a run's own rows given back as uploaded (failed-rows.csv, unprocessed.csv), cells unchanged, formulas
 * included: the user's data on its way back in, not a report (neutralising would corrupt what they re-upload).
 *
 * - CSV uploads whose files share one header (the usual case): that header, and each row's cells in place.
 * - Otherwise (NDJSON / JSON items, or files with different headers): columns by name, the union of the headers
 *   and of the items' keys in first-seen order, found by a first pass over the rows; values that are not strings
 *   are written as JSON. The row then maps back onto the same fields on re-upload.
 */
export function rowFileCsv<T extends SourceRow>(run: Run, options: RowFileOptions<T>): Readable {
  const drop = options.dropColumn ?? (() => false);
  const extraColumns = options.extraColumns ?? [];
  const extraValues = options.extraValues ?? (() => []);
  async function* lines(): AsyncGenerator<string[]> {
    const shared = sharedHeader(run);
    if (shared) {
      const keep = shared.map((name, i) => (drop(name) ? -1 : i)).filter((i) => i >= 0);
      yield [...keep.map((i) => shared[i] as string), ...extraColumns];
      for await (const row of options.rows()) {
        const cells = row.cells ?? [];
        // A short (malformed) row is padded to the header; a long one keeps its extra cells before the extras.
        const extra = cells.slice(shared.length);
        yield [...keep.map((i) => cells[i] ?? ''), ...extra, ...extraValues(row)];
      }
      return;
    }
    const columns = (await columnsByName(run, options.rows())).filter((name) => !drop(name));
    // No header known and no row to give back (a run cancelled before its file was read): an empty file.
    if (columns.length === 0 && extraColumns.length === 0) return;
    yield [...columns, ...extraColumns];
    for await (const row of options.rows()) {
      const values = valuesByName(run, row);
      yield [...columns.map((name) => values.get(name) ?? ''), ...extraValues(row)];
    }
  }
  return pipeline(Readable.from(lines()), stringify(), () => undefined);
}

/** The one header every file of the run has, when every file is a CSV; null otherwise. */
function sharedHeader(run: Run): readonly string[] | null {
  const headers = run.files.map((file) => (file.format === 'csv' ? file.header : undefined));
  const first = headers[0];
  if (!first || headers.some((h) => !h || h.length !== first.length || h.some((name, i) => name !== first[i]))) return null;
  return first;
}

async function columnsByName(run: Run, rows: AsyncIterable<SourceRow>): Promise<string[]> {
  const columns = new Set<string>();
  const headersSeen = new Set<number>();
  for await (const { fileIndex, cells, item } of rows) {
    if (cells && !headersSeen.has(fileIndex)) {
      headersSeen.add(fileIndex);
      for (const name of run.files[fileIndex]?.header ?? []) columns.add(name);
    }
    for (const name of Object.keys(item ?? {})) columns.add(name);
  }
  return [...columns];
}

function valuesByName(run: Run, { fileIndex, cells, item }: SourceRow): Map<string, string> {
  if (cells) {
    const header = run.files[fileIndex]?.header ?? [];
    return new Map(header.map((name, i) => [name, cells[i] ?? '']));
  }
  return new Map(Object.entries(item ?? {}).map(([name, value]) => [name, cellOf(value)]));
}

function cellOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

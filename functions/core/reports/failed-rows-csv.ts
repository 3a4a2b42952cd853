import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { ObjectStore } from '../ports';
import type { Run } from '../runs/run';
import { readProblems, type LocatedProblem } from './stored-problems';

/** Appended to every row: what to fix. A previous report's own columns are dropped so re-runs do not stack them. */
const ERROR_COLUMNS = ['error_code', 'error_message'] as const;
const isErrorColumn = (name: string) => (ERROR_COLUMNS as readonly string[]).includes(name);

/**
 * failed-rows.csv (§8): the failed rows, as they were uploaded, plus why each failed, so the file can be fixed
 * and uploaded again. Cells are given back unchanged, formulas included: this is the user's own data on its way
 * back in, not a report (neutralising would corrupt the values they re-upload).
 *
 * - CSV uploads whose files share one header (the usual case): that header, and each row's cells in place.
 * - Otherwise (NDJSON / JSON items, or files with different headers): columns by name, the union of the headers
 *   and of the failed items' keys in first-seen order, found by a first pass over the stored problems; values
 *   that are not strings are written as JSON. The row then maps back onto the same fields on re-upload.
 *
 * A problem stored without its source row (a document written before the row processor kept the source of rows
 * that fail at write time, such as duplicates) cannot be given back and is left out; failures.csv still lists it.
 */
export function failedRowsCsv(objects: ObjectStore, run: Run): Readable {
  async function* rows(): AsyncGenerator<string[]> {
    const shared = sharedHeader(run);
    if (shared) {
      const keep = shared.map((name, i) => (isErrorColumn(name) ? -1 : i)).filter((i) => i >= 0);
      yield [...keep.map((i) => shared[i] as string), ...ERROR_COLUMNS];
      for await (const { problem } of failedRows(objects, run)) {
        const cells = problem.cells ?? [];
        // A short (malformed) row is padded to the header; a long one keeps its extra cells before the errors.
        const extra = cells.slice(shared.length);
        yield [...keep.map((i) => cells[i] ?? ''), ...extra, problem.code, problem.message];
      }
      return;
    }
    const columns = await columnsByName(objects, run);
    yield [...columns, ...ERROR_COLUMNS];
    for await (const located of failedRows(objects, run)) {
      const values = valuesByName(run, located);
      yield [...columns.map((name) => values.get(name) ?? ''), located.problem.code, located.problem.message];
    }
  }
  return pipeline(Readable.from(rows()), stringify(), () => undefined);
}

/** The one header every file of the run has, when every file is a CSV; null otherwise. */
function sharedHeader(run: Run): readonly string[] | null {
  const headers = run.files.map((file) => (file.format === 'csv' ? file.header : undefined));
  const first = headers[0];
  if (!first || headers.some((h) => !h || h.length !== first.length || h.some((name, i) => name !== first[i]))) return null;
  return first;
}

async function* failedRows(objects: ObjectStore, run: Run): AsyncGenerator<LocatedProblem> {
  for await (const located of readProblems(objects, run.jobId)) {
    const { problem } = located;
    if (problem.outcome === 'failed' && (problem.cells || problem.item)) yield located;
  }
}

async function columnsByName(objects: ObjectStore, run: Run): Promise<string[]> {
  const columns = new Set<string>();
  const headersSeen = new Set<number>();
  for await (const located of failedRows(objects, run)) {
    const { fileIndex, problem } = located;
    if (problem.cells && !headersSeen.has(fileIndex)) {
      headersSeen.add(fileIndex);
      for (const name of run.files[fileIndex]?.header ?? []) columns.add(name);
    }
    for (const name of Object.keys(problem.item ?? {})) columns.add(name);
  }
  return [...columns].filter((name) => !isErrorColumn(name));
}

function valuesByName(run: Run, { fileIndex, problem }: LocatedProblem): Map<string, string> {
  if (problem.cells) {
    const header = run.files[fileIndex]?.header ?? [];
    return new Map(header.map((name, i) => [name, problem.cells?.[i] ?? '']));
  }
  return new Map(Object.entries(problem.item ?? {}).map(([name, value]) => [name, cellOf(value)]));
}

function cellOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

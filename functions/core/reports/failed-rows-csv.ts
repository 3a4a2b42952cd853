import type { Readable } from 'node:stream';
import type { ObjectStore } from '../ports';
import type { Run } from '../runs/run';
import { rowFileCsv, type SourceRow } from './row-file-csv';
import { readProblems, type StoredProblem } from './stored-problems';

/** Appended to every row: what to fix. A previous report's own columns are dropped so re-runs do not stack them. */
const ERROR_COLUMNS = ['error_code', 'error_message'] as const;
const isErrorColumn = (name: string) => (ERROR_COLUMNS as readonly string[]).includes(name);

/**
 * failed-rows.csv (§8): the failed rows, as they were uploaded (see `rowFileCsv`), plus why each failed, so the file
 * can be fixed and uploaded again.
 *
 * A problem stored without its source row (a document written before the row processor kept the source of rows
 * that fail at write time, such as duplicates) cannot be given back and is left out; failures.csv still lists it.
 */
export function failedRowsCsv(objects: ObjectStore, run: Run): Readable {
  return rowFileCsv(run, {
    rows: () => failedRows(objects, run),
    dropColumn: isErrorColumn,
    extraColumns: ERROR_COLUMNS,
    extraValues: (row) => [row.problem.code, row.problem.message],
  });
}

async function* failedRows(objects: ObjectStore, run: Run): AsyncGenerator<SourceRow & { problem: StoredProblem }> {
  for await (const { fileIndex, problem } of readProblems(objects, run.runId)) {
    if (problem.outcome === 'failed' && (problem.cells || problem.item)) {
      yield { fileIndex, cells: problem.cells, item: problem.item, problem };
    }
  }
}

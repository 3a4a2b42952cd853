import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { ObjectStore } from '../ports';
import type { Run } from '../runs/run';
import { FAILURE_CSV_COLUMNS, failureCsvRow } from './failure-items';
import { neutraliseFormula } from './neutralise';
import { readProblems } from './stored-problems';

/**
 * The kind's complete failures.csv (§8) as a stream: one stored problem in, one row out, with backpressure from
 * whoever reads it, so memory stays flat whatever the count. Every cell is a value from the upload or a message
 * quoting one, so every cell is neutralised.
 */
export function failuresCsv(objects: ObjectStore, run: Run): Readable {
  async function* rows(): AsyncGenerator<string[]> {
    for await (const { problem } of readProblems(objects, run.runId)) {
      const row = failureCsvRow(run.kind, problem);
      if (row) yield row.map(neutraliseFormula);
    }
  }
  // pipeline, not pipe: a failed read destroys the CSV stream with the error, so the upload of it fails too.
  return pipeline(Readable.from(rows()), stringify({ header: true, columns: [...FAILURE_CSV_COLUMNS[run.kind]] }), () => undefined);
}

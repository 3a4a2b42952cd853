import type { Readable } from 'node:stream';
import { z } from 'zod';
import { parseUnprocessedKey, unprocessedPrefixOf } from '../control/object-keys';
import { jsonOrUndefined } from '../json-text';
import type { ObjectStore } from '../ports';
import type { Run } from '../runs/run';
import { documentsInOrder } from './documents';
import { rowFileCsv, type SourceRow } from './row-file-csv';

/** A row set aside as never attempted, as stored (a ChunkRow). Read through a schema: documents outlive code. */
const StoredRow = z.object({
  n: z.number().int().nonnegative(),
  cells: z.array(z.string()).optional(),
  item: z.record(z.string(), z.unknown()).optional(),
  malformed: z.string().optional(),
});

/**
 * unprocessed.csv (§8): the rows never attempted because the run was cancelled, in file order, as they were
 * uploaded (see `rowFileCsv`: the file's own header and cells for CSV uploads; for JSON / NDJSON items, columns by
 * name), with nothing added: the file can be uploaded again as it is to finish the import.
 *
 * A row that could not be read at all (broken quoting, a line that is not JSON) has no cells to give back and is
 * left out; it is still counted as unprocessed.
 */
export function unprocessedCsv(objects: ObjectStore, run: Run): Readable {
  return rowFileCsv(run, { rows: () => unprocessedRows(objects, run) });
}

async function* unprocessedRows(objects: ObjectStore, run: Run): AsyncGenerator<SourceRow> {
  for await (const { key, fileIndex, body } of documentsInOrder(objects, unprocessedPrefixOf(run.runId), parseUnprocessedKey)) {
    for (const line of body.split('\n')) {
      if (line.trim() === '') continue;
      const row = StoredRow.safeParse(jsonOrUndefined(line));
      if (!row.success) throw new Error(`${key}: a line is not a stored row`);
      if (row.data.cells || row.data.item) yield { fileIndex, cells: row.data.cells, item: row.data.item };
    }
  }
}

import { z } from 'zod';
import { failuresKey, failuresPrefixOf, parseFailuresKey } from '../files/object-keys';
import type { RowProblem } from '../runs/row-outcome';
import type { ObjectStore } from '../ports';
import { documentsInOrder } from './documents';

/** Stores a chunk's row problems (none: nothing is written), in row order, one JSON object a line. */
export async function storeChunkProblems(objects: ObjectStore, runId: string, chunkId: string, problems: RowProblem[]): Promise<void> {
  if (problems.length === 0) return;
  const body = [...problems].sort((a, b) => a.rowNumber - b.rowNumber).map((p) => JSON.stringify(p)).join('\n') + '\n';
  await objects.put(failuresKey(runId, chunkId), body, 'application/x-ndjson');
}

/**
 * A row problem as the row processor stored it (`RowProblem`, one JSON object a line). Read back through a schema:
 * the documents outlive the code that wrote them, so an old or damaged line is caught here, not in a report.
 */
const StoredProblemSchema = z.object({
  rowNumber: z.number().int().nonnegative(),
  outcome: z.enum(['failed', 'skipped']),
  code: z.string().min(1),
  message: z.string(),
  field: z.string().optional(),
  value: z.string().optional(),
  taxId: z.string().optional(),
  type: z.string().optional(),
  externalId: z.string().optional(),
  eventId: z.string().optional(),
  cells: z.array(z.string()).optional(),
  item: z.record(z.string(), z.unknown()).optional(),
});

export type StoredProblem = z.infer<typeof StoredProblemSchema>;

/** A stored problem and the file (of a multi-file upload) its row came from. */
export interface LocatedProblem {
  readonly fileIndex: number;
  readonly problem: StoredProblem;
}

export class CorruptProblemDocumentError extends Error {
  constructor(key: string, line: number, reason: string) {
    super(`${key} line ${line}: ${reason}`);
    this.name = 'CorruptProblemDocumentError';
  }
}

/**
 * Every stored problem of a run, in file then row order, one at a time. Documents are listed page by page and
 * fetched a few ahead, whole (one chunk's problems: at most a few hundred KB each); a run's problems are never all
 * in memory. Stopping the iteration early (a capped JSON body) stops the fetching.
 */
export async function* readProblems(objects: ObjectStore, runId: string): AsyncGenerator<LocatedProblem> {
  for await (const { key, fileIndex, body } of documentsInOrder(objects, failuresPrefixOf(runId), parseFailuresKey)) {
    let lineNumber = 0;
    for (const line of body.split('\n')) {
      lineNumber++;
      if (line.trim() === '') continue;
      yield { fileIndex, problem: parseLine(key, lineNumber, line) };
    }
  }
}

function parseLine(key: string, lineNumber: number, line: string): StoredProblem {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new CorruptProblemDocumentError(key, lineNumber, 'not JSON');
  }
  const parsed = StoredProblemSchema.safeParse(value);
  if (!parsed.success) throw new CorruptProblemDocumentError(key, lineNumber, parsed.error.issues[0]?.message ?? 'invalid');
  return parsed.data;
}

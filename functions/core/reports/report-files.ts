import type { Readable } from 'node:stream';
import type { JobKind } from '../kinds';
import type { ObjectStore } from '../ports';
import { unprocessedOf, type Run } from '../runs/run';
import { failedRowsCsv } from './failed-rows-csv';
import { failuresCsv } from './failures-csv';
import { unprocessedCsv } from './unprocessed-csv';

export const REPORT_CONTENT_TYPE = 'text/csv; charset=utf-8';

const FILE_PREFIX_BY_KIND: Record<JobKind, string> = {
  transaction_batch: 'transaction',
  user_event_batch: 'user-event',
  entity_automatic: 'entity',
};

/** A CSV report of a run's rows (§8): the file name a download gets, how it is built, whether a run has rows for it. */
export interface ReportFile {
  fileName(run: Run): string;
  build(objects: ObjectStore, run: Run): Readable;
  hasRows(run: Run): boolean;
}

export const REPORT_FILES = {
  failures: {
    fileName: (run) => `${FILE_PREFIX_BY_KIND[run.kind]}-failures-${run.runId}.csv`,
    build: failuresCsv,
    // Entities list their skips too.
    hasRows: (run) => run.failed + run.skipped > 0,
  },
  failedRows: {
    fileName: (run) => `failed-rows-${run.runId}.csv`,
    build: failedRowsCsv,
    hasRows: (run) => run.failed > 0,
  },
  unprocessed: {
    fileName: (run) => `unprocessed-${run.runId}.csv`,
    build: unprocessedCsv,
    hasRows: (run) => unprocessedOf(run) > 0,
  },
} as const satisfies Record<string, ReportFile>;

export type ReportName = keyof typeof REPORT_FILES;

/** Asks, off the request path, for the final copies of an ended run's reports. */
export interface ReportRequests {
  requestFinalReports(runId: string): Promise<void>;
}

import type { JobKind } from '../kinds';
import type { StoredProblem } from './stored-problems';

/**
 * How one stored row problem reads in each kind's failure report (§8, and the vendor's kind-specific failures
 * endpoints): the item of the JSON `failures[]`, and the row of `failures.csv`.
 */

export interface TransactionFailureItem {
  readonly externalId: string | null;
  readonly code: string;
  readonly message: string;
  readonly rowNumber: number;
  readonly field?: string;
  /** The offending cell, as the row had it (§8: "the offending value where there is one"). */
  readonly value?: string;
}

export interface UserEventFailureItem {
  /** `row_<n>`: the row's line in the file (the CSV header is line 1). */
  readonly rowKey: string;
  readonly code: string;
  readonly message: string;
  readonly rowNumber: number;
  readonly field?: string;
  /** The offending cell, as the row had it (§8: "the offending value where there is one"). */
  readonly value?: string;
}

export interface EntityFailureItem {
  readonly taxId: string | null;
  readonly type: string | null;
  readonly outcome: 'failed';
  readonly code: string;
  readonly message: string;
  readonly rowNumber: number;
  readonly field?: string;
  /** The offending cell, as the row had it (§8: "the offending value where there is one"). */
  readonly value?: string;
}

export interface EntitySkipItem {
  readonly taxId: string | null;
  readonly type: string | null;
  readonly outcome: 'skipped_existing';
  readonly code: string;
}

export type FailureItem = TransactionFailureItem | UserEventFailureItem | EntityFailureItem;

const fieldOf = (p: StoredProblem) => ({
  ...(p.field !== undefined ? { field: p.field } : {}),
  ...(p.value !== undefined ? { value: p.value } : {}),
});

export const rowKeyOf = (rowNumber: number): string => `row_${rowNumber}`;

export function failureItem(kind: JobKind, p: StoredProblem): FailureItem {
  switch (kind) {
    case 'transaction_batch':
      return { externalId: p.externalId ?? null, code: p.code, message: p.message, rowNumber: p.rowNumber, ...fieldOf(p) };
    case 'user_event_batch':
      return { rowKey: rowKeyOf(p.rowNumber), code: p.code, message: p.message, rowNumber: p.rowNumber, ...fieldOf(p) };
    case 'entity_automatic':
      return {
        taxId: p.taxId ?? null,
        type: p.type ?? null,
        outcome: 'failed',
        code: p.code,
        message: p.message,
        rowNumber: p.rowNumber,
        ...fieldOf(p),
      };
  }
}

export function skipItem(p: StoredProblem): EntitySkipItem {
  return { taxId: p.taxId ?? null, type: p.type ?? null, outcome: 'skipped_existing', code: p.code };
}

/** failures.csv columns per kind: the vendor's columns first, in their order, then ours. */
export const FAILURE_CSV_COLUMNS: Record<JobKind, readonly string[]> = {
  transaction_batch: ['external_id', 'code', 'error', 'row_number', 'field'],
  user_event_batch: ['row_key', 'code', 'error', 'row_number', 'field'],
  entity_automatic: ['tax_id', 'type', 'outcome', 'code', 'error_message', 'row_number', 'field'],
};

/**
 * The failures.csv row of a problem, or null when the kind's report leaves it out: skipped transactions and
 * events are not failures; skipped entities are listed (`skipped_existing`), as in the vendor's full report.
 */
export function failureCsvRow(kind: JobKind, p: StoredProblem): string[] | null {
  const tail = [String(p.rowNumber), p.field ?? ''];
  switch (kind) {
    case 'transaction_batch':
      return p.outcome === 'failed' ? [p.externalId ?? '', p.code, p.message, ...tail] : null;
    case 'user_event_batch':
      return p.outcome === 'failed' ? [rowKeyOf(p.rowNumber), p.code, p.message, ...tail] : null;
    case 'entity_automatic':
      return [p.taxId ?? '', p.type ?? '', p.outcome === 'failed' ? 'failed' : 'skipped_existing', p.code, p.message, ...tail];
  }
}

/** Row-level codes (§8). A row that is neither imported nor skipped ends failed with one of these. */
export type RowFailureCode =
  | 'VALIDATION_ERROR'
  | 'MALFORMED_ROW'
  | 'DUPLICATE_EXTERNAL_ID'
  | 'DUPLICATE_TAX_ID'
  | 'TAX_ID_TYPE_MISMATCH'
  | 'ENTITY_NOT_FOUND'
  | 'LIMIT_REACHED'
  | 'PROCESSING_ERROR';

/** Why a row was skipped: it was not imported, and that is not an error. */
export type RowSkipCode =
  | 'SKIPPED_DUPLICATE_TAX_ID'
  | 'SKIPPED_ENTITY_ALREADY_EXISTS'
  | 'SKIPPED_DUPLICATE_EXTERNAL_ID'
  | 'SKIPPED_DUPLICATE_EVENT';

/** One row that did not end imported, as kept for the failure reports. */
export interface RowProblem {
  readonly rowNumber: number;
  readonly outcome: 'failed' | 'skipped';
  readonly code: RowFailureCode | RowSkipCode;
  readonly message: string;
  readonly field?: string;
  readonly value?: string;
  /** The row's identity where it has one: taxId (+ type), externalId, eventId. */
  readonly taxId?: string;
  readonly type?: string;
  readonly externalId?: string;
  readonly eventId?: string;
  /** The row as it was read, to rebuild a file that can be fixed and uploaded again. */
  readonly cells?: readonly string[];
  readonly item?: Readonly<Record<string, unknown>>;
}

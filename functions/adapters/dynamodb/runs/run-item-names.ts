import type { Run } from '../../../core/runs/run';

/**
 * The run item's attributes that are named after the contract, not after the Run: items in existing tables were
 * written with them (and the history index filters on status and runStatus), so the item keeps them.
 */
const STORED_NAMES = { runId: 'jobId', state: 'status', phase: 'runStatus', failure: 'jobFailure' } as const satisfies Partial<Record<keyof Run, string>>;

/** The attribute name of a Run field in the run item (a type, for checks such as the history index's projection). */
export type StoredName<F extends keyof Run> = F extends keyof typeof STORED_NAMES ? (typeof STORED_NAMES)[F] : F;

/** The attribute of the run item that holds a Run's field. */
export function storedName<F extends keyof Run>(field: F): StoredName<F> {
  return ((STORED_NAMES as Partial<Record<keyof Run, string>>)[field] ?? field) as StoredName<F>;
}

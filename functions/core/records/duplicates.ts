import type { KindOptions } from '../runs/run';
import type { RowProblem } from '../runs/row-outcome';
import { identityOf } from './evaluate-row';
import type { ExistingRecord, ImportRecord } from './record';

/**
 * What it means that a record's key is already taken, per kind (§8): another row (of this file or an earlier
 * one) got there first. Entities: the same taxId and type is skipped (a repeat within the import, or an entity
 * imported before); another type is a hard failure.
 * Transactions: a failure, or a skip with `skipDuplicates`. User events: the same event again is skipped.
 */
export function classifyExisting(record: ImportRecord, existing: ExistingRecord, options: KindOptions): RowProblem {
  const base = { rowNumber: record.rowNumber, ...identityOf(record.data) };
  switch (record.kind) {
    case 'entity_automatic': {
      if (existing.data.type !== record.data.type) {
        return {
          ...base,
          outcome: 'failed',
          code: 'TAX_ID_TYPE_MISMATCH',
          message: `taxId ${String(record.data.taxId)} already exists as a ${String(existing.data.type)}`,
          field: 'type',
          value: String(record.data.type),
        };
      }
      const inThisFile = existing.runId === record.runId;
      if (options.duplicateTaxIdPolicy === 'error') {
        return { ...base, outcome: 'failed', code: 'DUPLICATE_TAX_ID', message: 'taxId already exists', field: 'taxId' };
      }
      return inThisFile
        ? { ...base, outcome: 'skipped', code: 'SKIPPED_DUPLICATE_TAX_ID', message: `taxId repeats row ${existing.rowNumber} of this import` }
        : { ...base, outcome: 'skipped', code: 'SKIPPED_ENTITY_ALREADY_EXISTS', message: 'An entity with this taxId was already imported' };
    }
    case 'transaction_batch':
      return options.skipDuplicates
        ? { ...base, outcome: 'skipped', code: 'SKIPPED_DUPLICATE_EXTERNAL_ID', message: 'externalId already exists' }
        : {
            ...base,
            outcome: 'failed',
            code: 'DUPLICATE_EXTERNAL_ID',
            message: 'externalId already exists',
            field: 'externalId',
            value: String(record.data.externalId),
          };
    case 'user_event_batch':
      return { ...base, outcome: 'skipped', code: 'SKIPPED_DUPLICATE_EVENT', message: 'This event was already imported' };
  }
}

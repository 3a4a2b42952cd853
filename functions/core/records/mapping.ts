import { DomainError } from '../errors';
import type { JobKind } from '../kinds';
import type { ColumnMapping } from '../runs/run';
import { FIELDS, normalizeName } from './fields';

/** Where one column of the file goes: a record field, a key under `attributes`, or nowhere. */
type Target = { readonly field: string } | { readonly attribute: string } | { readonly ignored: true };

/**
 * The columns failed-rows.csv adds to the original ones. A corrected report uploaded as it is must import like
 * the original file, so they are not kept as attributes.
 */
const REPORT_COLUMNS = new Set(['error_code', 'error_message']);

/**
 * How the columns of one file become record fields. Built once per file from its header; applied to every row.
 * Without a mapping, a column whose normalised name equals a field's goes to that field; other columns go to
 * `attributes` under their own name.
 */
export interface RowMapper {
  readonly targets: readonly Target[];
  /** Required fields no column maps to and no default fills. */
  readonly missingRequired: readonly string[];
  /** Columns the mapping names that the file does not have. */
  readonly missingMappedColumns: readonly string[];
}

export function buildRowMapper(
  kind: JobKind,
  header: readonly string[],
  mapping: ColumnMapping | null,
  defaults?: Readonly<Record<string, string>> | null,
): RowMapper {
  const { required, optional } = FIELDS[kind];
  const byNormalized = new Map([...required, ...optional].map((f) => [normalizeName(f), f]));
  const targets = header.map((column): Target => {
    if (REPORT_COLUMNS.has(column) && !mapping?.[column]) return { ignored: true };
    const mapped = mapping?.[column];
    const name = mapped ?? column;
    if (name.startsWith('attributes.')) return { attribute: name.slice('attributes.'.length) };
    const field = byNormalized.get(normalizeName(name));
    return field ? { field } : { attribute: column.trim() };
  });
  const present = new Set(targets.flatMap((t) => ('field' in t ? [t.field] : [])));
  const columns = new Set(header);
  return {
    targets,
    missingRequired: required.filter((f) => !present.has(f) && !defaults?.[f]),
    missingMappedColumns: Object.keys(mapping ?? {}).filter((column) => !columns.has(column)),
  };
}

/** Fills each field the row left absent or empty with its default; the row's own values always win. */
export function applyDefaults(record: Record<string, unknown>, defaults: Readonly<Record<string, string>> | null | undefined): void {
  if (!defaults) return;
  for (const [field, value] of Object.entries(defaults)) {
    if (record[field] === undefined || record[field] === '') record[field] = value;
  }
}

/** Cells of one CSV row → the raw record the kind's schema validates. Empty cells count as absent. */
export function mapCells(mapper: RowMapper, cells: readonly string[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  let attributes: Record<string, string> | undefined;
  for (let i = 0; i < mapper.targets.length; i++) {
    const value = cells[i];
    if (value === undefined || value === '') continue;
    const target = mapper.targets[i] as Target;
    if ('field' in target) {
      record[target.field] = value;
    } else if ('attribute' in target) {
      (attributes ??= {})[target.attribute] = value;
    }
  }
  if (attributes) record.attributes = attributes;
  return record;
}

/**
 * A JSON item → the raw record: same rules as CSV, applied to its keys. Items of one file nearly always share
 * their keys, so the caller hands in a mapper lookup that can reuse the mapper built for the same keys.
 */
export function mapItem(item: Readonly<Record<string, unknown>>, mapperFor: (keys: readonly string[]) => RowMapper): Record<string, unknown> {
  const keys = Object.keys(item).filter((k) => k !== 'attributes');
  const mapper = mapperFor(keys);
  const record = mapCells(mapper, keys.map((k) => jsonCell(item[k])));
  const own = item.attributes;
  if (own !== null && typeof own === 'object' && !Array.isArray(own)) {
    record.attributes = { ...(record.attributes as object | undefined), ...own };
  }
  return record;
}

/** JSON numbers and booleans become the strings a CSV would have held (amounts stay exact as written). */
function jsonCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Checks a client's column mapping before a job exists. */
export function validateColumnMapping(kind: JobKind, mapping: ColumnMapping): void {
  const known = new Set([...FIELDS[kind].required, ...FIELDS[kind].optional]);
  const unknown = Object.entries(mapping).filter(
    ([, target]) => !known.has(target) && !(target.startsWith('attributes.') && target.length > 'attributes.'.length),
  );
  if (unknown.length > 0) {
    throw new DomainError('INVALID_MAPPING', 'columnMapping maps columns to unknown fields', {
      unknownTargets: unknown.map(([column, target]) => ({ column, target })),
      fields: [...known],
    });
  }
}

import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import type { JobKind } from '../kinds';
import type { Chunk, ChunkRow } from '../runs/chunk';
import type { ColumnMapping, Run } from '../runs/run';
import type { RowProblem } from '../runs/row-outcome';
import { applyDefaults, buildRowMapper, mapCells, mapItem, type RowMapper } from './mapping';
import type { ImportRecord } from './record';
import { RECORD_SCHEMAS } from './schemas';

export interface RowContext {
  readonly kind: JobKind;
  readonly orgId: string;
  readonly namespace: string;
  readonly runId: string;
  readonly columnMapping: ColumnMapping | null;
  /** Field → value for rows that leave the field empty (a saved mapping's defaultFields). */
  readonly defaultFields?: Readonly<Record<string, string>> | null;
  /** The CSV header the chunk's cells follow. */
  readonly header?: readonly string[];
}

export type Evaluation = { readonly ok: true; readonly record: ImportRecord } | { readonly ok: false; readonly problem: RowProblem };

const MAX_VALUE_IN_REPORT = 200;

/**
 * Where a row is validated: maps it onto the kind's fields, checks it against the kind's schema and gives it
 * the key that makes importing it twice change nothing. A bad row is an outcome, never an exception.
 */
export class RowEvaluator {
  private readonly csvMapper: RowMapper | undefined;
  private readonly itemMappers = new Map<string, RowMapper>();

  constructor(private readonly context: RowContext) {
    this.csvMapper = context.header ? buildRowMapper(context.kind, context.header, context.columnMapping) : undefined;
  }

  evaluate(row: ChunkRow): Evaluation {
    const source = row.cells ? { cells: row.cells } : row.item ? { item: row.item } : {};
    if (row.malformed !== undefined) return this.problem(row, 'MALFORMED_ROW', row.malformed, {}, source);

    let raw: Record<string, unknown>;
    if (row.cells) {
      const expected = this.context.header?.length ?? 0;
      if (!this.csvMapper || row.cells.length !== expected) {
        return this.problem(row, 'MALFORMED_ROW', `Expected ${expected} columns, found ${row.cells.length}`, {}, source);
      }
      raw = mapCells(this.csvMapper, row.cells);
    } else if (row.item) {
      raw = mapItem(row.item, (keys) => this.itemMapper(keys));
    } else {
      return this.problem(row, 'MALFORMED_ROW', 'Empty row', {}, source);
    }

    applyDefaults(raw, this.context.defaultFields);
    const parsed = RECORD_SCHEMAS[this.context.kind].safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.map(String).join('.') || undefined;
      const rawValue = field ? raw[field.split('.')[0] as string] : undefined;
      const missing = rawValue === undefined && issue?.code === 'invalid_type';
      const message = field ? (missing ? `${field} is required` : `${field} ${issue?.message ?? 'is invalid'}`) : 'Row is invalid';
      return this.problem(row, 'VALIDATION_ERROR', message, raw, source, field, rawValue);
    }
    const data = parsed.data as Record<string, unknown>;
    return {
      ok: true,
      record: {
        key: recordKey(this.context.kind, data),
        orgId: this.context.orgId,
        namespace: this.context.namespace,
        kind: this.context.kind,
        runId: this.context.runId,
        rowNumber: row.n,
        data,
      },
    };
  }

  private itemMapper(keys: readonly string[]): RowMapper {
    const signature = keys.join('\u0000');
    let mapper = this.itemMappers.get(signature);
    if (!mapper) {
      mapper = buildRowMapper(this.context.kind, keys, this.context.columnMapping);
      this.itemMappers.set(signature, mapper);
    }
    return mapper;
  }

  private problem(
    row: ChunkRow,
    code: 'MALFORMED_ROW' | 'VALIDATION_ERROR',
    message: string,
    raw: Record<string, unknown>,
    source: Pick<RowProblem, 'cells' | 'item'>,
    field?: string,
    value?: unknown,
  ): Evaluation {
    return {
      ok: false,
      problem: {
        rowNumber: row.n,
        outcome: 'failed',
        code,
        message,
        ...(field ? { field } : {}),
        ...(typeof value === 'string' ? { value: value.slice(0, MAX_VALUE_IN_REPORT) } : {}),
        ...identityOf(raw),
        ...source,
      },
    };
  }
}

/** The identity fields a failure report shows for a row, as far as the row has them. */
export function identityOf(data: Readonly<Record<string, unknown>>): Pick<RowProblem, 'taxId' | 'type' | 'externalId' | 'eventId'> {
  const pick = (name: string) => (typeof data[name] === 'string' ? { [name]: data[name] as string } : {});
  return { ...pick('taxId'), ...pick('type'), ...pick('externalId'), ...pick('eventId') };
}

/** Entities by taxId, transactions by externalId, user events by eventId or, without one, a hash of the row. */
export function recordKey(kind: JobKind, data: Readonly<Record<string, unknown>>): string {
  switch (kind) {
    case 'entity_automatic':
      return `ENTITY#${String(data.taxId)}`;
    case 'transaction_batch':
      return `TXN#${String(data.externalId)}`;
    case 'user_event_batch':
      return typeof data.eventId === 'string' ? `EVENT#${data.eventId}` : `EVENT#h:${rowHash(data)}`;
  }
}

/** Key order must not matter: the same event written with columns in another order is the same event. */
function rowHash(data: Readonly<Record<string, unknown>>): string {
  return createHash('sha256').update(canonicalJson(data)).digest('hex').slice(0, 40);
}

/** How a run's chunk is evaluated, whoever handles it (the chunk processor, or the salvage of a dead chunk). */
export function evaluatorForChunk(run: Run, chunk: Pick<Chunk, 'header'>): RowEvaluator {
  return new RowEvaluator({
    kind: run.kind,
    orgId: run.orgId,
    namespace: run.namespace,
    runId: run.runId,
    columnMapping: run.columnMapping,
    defaultFields: run.defaultFields,
    header: chunk.header,
  });
}

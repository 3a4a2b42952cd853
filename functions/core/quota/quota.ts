import { z } from 'zod';
import type { RowProblem } from '../runs/row-outcome';
import type { RunFailure, Run } from '../runs/run';
import { identityOf } from '../records/evaluate-row';
import type { ImportRecord } from '../records/record';
import { NAMESPACE_PATTERN } from '../id-formats';

/** The rules of the monthly quota (§9), free of storage. */

/** A namespace as uploads name it (§2); `default` when absent. */
export const Namespace = z
  .string()
  .regex(NAMESPACE_PATTERN, 'namespace is 1-64 letters, digits, _ . or -')
  .default('default');

/** A limit a person may set: rows a month, 0 (nothing may be imported) up to any safe integer. */
export const Limit = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** The calendar month (UTC) a moment counts in: `YYYY-MM`. */
export function monthOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/** Rows that may still be granted: what is wanted, as far as the limit allows (never negative). */
export function grantable(wanted: number, limit: number, used: number): number {
  return Math.max(0, Math.min(wanted, limit - used));
}

export interface QuotaView {
  readonly namespace: string;
  readonly month: string;
  readonly limit: number;
  readonly used: number;
  readonly remaining: number;
}

export function toQuotaView(namespace: string, month: string, limit: number, used: number): QuotaView {
  return { namespace, month, limit, used, remaining: Math.max(0, limit - used) };
}

/** A row refused because its namespace's monthly quota is used up (§9). */
export function limitReached(record: ImportRecord): RowProblem {
  return { rowNumber: record.rowNumber, outcome: 'failed', code: 'LIMIT_REACHED', message: 'Limit reached', ...identityOf(record.data) };
}

/** A run halts on the quota when the limit refused some of its rows and it imported none (§9). */
export function haltsOnQuota(run: Pick<Run, 'succeeded' | 'control'>): boolean {
  return run.succeeded === 0 && run.control.limitReached;
}

/** The job failure of a run halted on the quota: it takes a new month or a higher limit to import its rows. */
export function quotaFailure(run: Pick<Run, 'namespace'>): RunFailure {
  return {
    code: 'LIMIT_REACHED',
    message: `Limit reached: the monthly quota of namespace ${run.namespace} is used up`,
    details: { namespace: run.namespace },
  };
}

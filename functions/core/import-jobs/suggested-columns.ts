import type { JobKind } from '../kinds';
import { FIELDS, normalizeName } from '../records/fields';
import type { ColumnMapping } from '../runs/run';

const ATTRIBUTES = 'attributes.';

/**
 * The mapping a sample suggests for a job (§7), starting from the job's own mapping (its saved mapping's columns,
 * or its inline columnMapping): each header the job already maps keeps its target; the other headers take what
 * their names suggest, except a field the job's mapping already fills, which one column only can fill (the header
 * then goes under `attributes`, as a run would keep it). Columns of the job's mapping the sample lacks are left
 * out: the suggestion describes this file.
 */
export function suggestFromJobMapping(
  own: ColumnMapping | null,
  headers: readonly string[],
  byName: Readonly<Record<string, string>>,
): Record<string, string> {
  if (!own) return { ...byName };
  const present = new Set(headers);
  const filled = new Set(
    Object.entries(own).flatMap(([column, target]) => (present.has(column) && !target.startsWith(ATTRIBUTES) ? [target] : [])),
  );
  const suggestion: Record<string, string> = {};
  for (const header of headers) {
    if (Object.hasOwn(suggestion, header)) continue;
    if (Object.hasOwn(own, header)) {
      suggestion[header] = own[header] as string;
      continue;
    }
    const named = byName[header];
    if (named === undefined) continue;
    suggestion[header] = !named.startsWith(ATTRIBUTES) && filled.has(named) ? `${ATTRIBUTES}${header}` : named;
  }
  return suggestion;
}

/**
 * What a job without a mapping adopts from a usable sample: the suggestion, less the columns a run would keep
 * under `attributes` by itself (an unmapped column whose name is no field's). A later file that lacks one of those
 * extra columns then still matches the job's mapping; every column that fills a field, or that the suggestion keeps
 * out of a field its name would fill, stays.
 */
export function adoptableColumns(kind: JobKind, suggestion: Readonly<Record<string, string>>): ColumnMapping {
  const fieldNames = new Set([...FIELDS[kind].required, ...FIELDS[kind].optional].map(normalizeName));
  const asRunKeepsIt = (header: string, target: string) =>
    target === `${ATTRIBUTES}${header.trim()}` && !fieldNames.has(normalizeName(header));
  return Object.fromEntries(Object.entries(suggestion).filter(([header, target]) => !asRunKeepsIt(header, target)));
}

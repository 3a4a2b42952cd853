/**
 * A transactions file whose every row's outcome is known in advance (with `skipDuplicates=true`): some rows are
 * invalid, some repeat the row before them exactly, and with `entities` some name an origin that was never imported
 * (with `validateExistingEntity=true`). Nothing depends on the order in which chunks are processed.
 */
export interface KnownOutcomes {
  readonly csv: string;
  /** The entities file to import first when `entities` was asked for. */
  readonly entitiesCsv: string | undefined;
  readonly totalItems: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly skipped: number;
  /** externalIds of the records the file imports, each once. */
  readonly importedIds: readonly string[];
}

export function transactionsWithKnownOutcomes(rows: number, prefix: string, options: { entities?: number } = {}): KnownOutcomes {
  const entities = options.entities ?? 0;
  const lines = [entities > 0 ? 'externalId,amount,currency,occurredAt,description,originTaxId' : 'externalId,amount,currency,occurredAt,description'];
  const importedIds: string[] = [];
  let failed = 0;
  let skipped = 0;
  let previous: { line: string; imported: boolean } | undefined;
  for (let i = 1; i <= rows; i++) {
    const id = `${prefix}-${i}`;
    const origin = entities > 0 ? (i % 50 === 7 ? `,${prefix}-nobody-${i}` : `,${prefix}-e${i % entities}`) : '';
    let line: string;
    let imported = false;
    if (i % 41 === 0 && previous?.imported) {
      line = previous.line; // the same row again: its externalId is taken by then
      skipped++;
    } else if (i % 97 === 0) {
      line = `${id},${i}.10,EURO,2026-11-01T10:00:00Z,"bad currency"${origin}`;
      failed++;
    } else if (i % 89 === 0) {
      line = `${id},12;50,EUR,2026-11-01T10:00:00Z,"bad amount"${origin}`;
      failed++;
    } else if (entities > 0 && i % 50 === 7) {
      line = `${id},${i}.10,EUR,2026-11-01T10:00:00Z,"unknown origin"${origin}`;
      failed++;
    } else {
      line = `${id},${i}.${String(i % 100).padStart(2, '0')},EUR,2026-11-01T10:00:00Z,"payment ${i}, batch"${origin}`;
      importedIds.push(id);
      imported = true;
    }
    lines.push(line);
    previous = { line, imported };
  }
  const entitiesCsv =
    entities > 0 ? ['taxId,type,name', ...Array.from({ length: entities }, (_, k) => `${prefix}-e${k},company,Party ${k}`)].join('\n') + '\n' : undefined;
  return { csv: lines.join('\n') + '\n', entitiesCsv, totalItems: rows, succeeded: importedIds.length, failed, skipped, importedIds };
}

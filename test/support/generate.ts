/** Generated import files, deterministic, of any size. */
export function transactionsCsv(rows: number, prefix = 'tx'): string {
  const lines = ['externalId,amount,currency,occurredAt,description'];
  for (let i = 1; i <= rows; i++) lines.push(`${prefix}-${i},${i}.${String(i % 100).padStart(2, '0')},EUR,2026-11-01T10:00:00Z,"payment ${i}, batch"`);
  return lines.join('\n') + '\n';
}

export function entitiesCsv(rows: number, prefix = 'tax'): string {
  const lines = ['tax_id,type,name,country,segment'];
  for (let i = 1; i <= rows; i++) lines.push(`${prefix}-${i},${i % 3 === 0 ? 'company' : 'person'},Name ${i},AR,gold`);
  return lines.join('\n') + '\n';
}

export function userEventsCsv(rows: number, prefix = 'u'): string {
  const lines = ['eventType,userId,occurredAt,eventId,ip'];
  for (let i = 1; i <= rows; i++) lines.push(`login,${prefix}-${i % 500},2026-11-01T10:00:00Z,${prefix}-evt-${i},10.0.${i % 250}.1`);
  return lines.join('\n') + '\n';
}

export function transactionItems(rows: number, prefix: string) {
  return Array.from({ length: rows }, (_, k) => ({
    externalId: `${prefix}-${k + 1}`,
    amount: `${k + 1}.10`,
    currency: 'USD',
    occurredAt: '2026-11-02T08:00:00Z',
  }));
}

export function entityItems(rows: number, prefix: string) {
  return Array.from({ length: rows }, (_, k) => ({ taxId: `${prefix}-${k + 1}`, type: 'company', name: `Co ${k + 1}` }));
}

export function userEventItems(rows: number, prefix: string) {
  return Array.from({ length: rows }, (_, k) => ({ eventType: 'purchase', userId: `${prefix}-u${k % 100}`, occurredAt: '2026-11-02T08:00:00Z', eventId: `${prefix}-${k + 1}` }));
}

/** A unique prefix per test run, so reruns against one stack never collide. */
export const runTag = (): string => Math.random().toString(36).slice(2, 8);

/**
 * DynamoDB's capacity rules, applied to the requests a process sends: what they would cost on AWS. DynamoDB Local
 * reports ConsumedCapacity for some calls only (none for PartiQL, near zero for transactions), so the benchmark
 * models the units from the calls instead. The rules (AWS's "read and write capacity units"):
 *
 * - a write is 1 unit per KB of the item (rounded up), 2 in a transaction; a condition that fails still costs it;
 * - a read is 1 unit per 4 KB strongly consistent, half that eventually consistent, 2 in a transaction; a key that
 *   holds no item still costs the minimum; a Query rounds the sum of the items it returns.
 *
 * Item sizes follow AWS's rules closely: attribute names and strings by their UTF-8 bytes, numbers by about one
 * byte per two significant digits plus one, containers 3 bytes plus 1 per element. An update's item is not in its
 * request: its size is the last one seen for that key (from a put or a read), or under 1 KB when none was seen.
 */
export interface Units {
  readonly writeUnits: number;
  readonly readUnits: number;
}

type Marshalled = Record<string, unknown>;

const KB = 1024;

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function numberBytes(text: string): number {
  const digits = text.replace(/^[-+]?0*/, '').replace(/[.eE].*$/, '').length + (text.split('.')[1]?.length ?? 0);
  return Math.ceil(Math.max(1, digits) / 2) + 1;
}

/** Size of one marshalled value (`{ S: … }`, `{ M: … }`, …). */
export function attributeValueBytes(value: Marshalled): number {
  if (typeof value.S === 'string') return utf8Bytes(value.S);
  if (typeof value.N === 'string') return numberBytes(value.N);
  if (value.B instanceof Uint8Array) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.M && typeof value.M === 'object') return 3 + marshalledItemBytes(value.M as Record<string, Marshalled>) + Object.keys(value.M).length;
  if (Array.isArray(value.L)) return 3 + value.L.reduce((sum: number, element) => sum + attributeValueBytes(element as Marshalled) + 1, 0);
  if (Array.isArray(value.SS)) return value.SS.reduce((sum: number, s) => sum + utf8Bytes(String(s)), 0);
  if (Array.isArray(value.NS)) return value.NS.reduce((sum: number, n) => sum + numberBytes(String(n)), 0);
  if (Array.isArray(value.BS)) return value.BS.reduce((sum: number, b) => sum + (b as Uint8Array).byteLength, 0);
  return 1;
}

/** Size of a marshalled item: its attribute names and values. */
export function marshalledItemBytes(item: Record<string, Marshalled>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += utf8Bytes(name) + attributeValueBytes(value);
  return bytes;
}

/** Size of a plain (unmarshalled) value, as the document client answers reads. */
export function plainValueBytes(value: unknown): number {
  if (typeof value === 'string') return utf8Bytes(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberBytes(String(value));
  if (typeof value === 'boolean' || value === null || value === undefined) return 1;
  if (value instanceof Uint8Array) return value.byteLength;
  if (value instanceof Set) return [...value].reduce((sum: number, element) => sum + plainValueBytes(element), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, element) => sum + plainValueBytes(element) + 1, 0);
  if (typeof value === 'object') {
    let bytes = 3;
    for (const [name, element] of Object.entries(value as Record<string, unknown>)) bytes += utf8Bytes(name) + plainValueBytes(element) + 1;
    return bytes;
  }
  return 1;
}

export function plainItemBytes(item: Record<string, unknown>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += utf8Bytes(name) + plainValueBytes(value);
  return bytes;
}

export const writeUnitsFor = (bytes: number, transactional = false): number => Math.max(1, Math.ceil(bytes / KB)) * (transactional ? 2 : 1);

export function readUnitsFor(bytes: number, consistency: 'strong' | 'eventual' | 'transactional'): number {
  const units = Math.max(1, Math.ceil(bytes / (4 * KB)));
  return consistency === 'eventual' ? units / 2 : consistency === 'transactional' ? units * 2 : units;
}

/** The names of an `INSERT INTO "t" VALUE {'a': ?, …}` statement's attributes, in parameter order. */
export function insertAttributeNames(statement: string): string[] | null {
  if (!/^\s*INSERT\s+INTO/i.test(statement)) return null;
  return [...statement.matchAll(/'([^']+)'\s*:\s*\?/g)].map((match) => match[1] as string);
}

/** A key's identity for the size cache: table and marshalled key attributes. */
export function keyId(table: string, key: Record<string, Marshalled> | undefined): string {
  if (!key) return table;
  return `${table}|${Object.keys(key).sort().map((name) => `${name}=${JSON.stringify(key[name])}`).join('|')}`;
}

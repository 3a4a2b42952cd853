import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** SHA-256 of some bytes, as hex: names a file's content, or a client's key without storing it. */
export function digestOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A stable digest of what a request asks for: JSON with sorted keys, so field order does not matter. */
export function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

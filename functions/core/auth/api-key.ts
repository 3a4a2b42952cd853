import { createHash, randomBytes } from 'node:crypto';
import type { Scope } from '../kinds';

/** What a request is allowed to do once its key is known. */
export interface Principal {
  readonly orgId: string;
  readonly keyId: string;
  readonly scopes: readonly Scope[];
}

/** An API key as stored: only the hash of the secret is kept. */
export interface StoredApiKey {
  readonly keyHash: string;
  readonly keyId: string;
  readonly orgId: string;
  readonly scopes: readonly Scope[];
  readonly name?: string;
  readonly createdAt: string;
  readonly expiresAt?: string;
  readonly revokedAt?: string;
}

const KEY_PREFIX = 'bik_';

/** A new secret: 32 random bytes, so a fast hash is enough to store it (no dictionary to guess from). */
export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function hashApiKey(apiKey: string): string {
  return createHash('sha256').update(apiKey, 'utf8').digest('hex');
}

/** A short public handle for logs and listings; never enough to authenticate. */
export function keyIdOf(keyHash: string): string {
  return `key_${keyHash.slice(0, 12)}`;
}

export function isUsable(key: StoredApiKey, now: Date): boolean {
  if (key.revokedAt !== undefined) return false;
  return key.expiresAt === undefined || Date.parse(key.expiresAt) > now.getTime();
}

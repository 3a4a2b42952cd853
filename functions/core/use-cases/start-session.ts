import { hashApiKey, isUsable } from '../auth/api-key';
import type { SessionSealer } from '../auth/session-token';
import { DomainError } from '../errors';
import type { ApiKeyRepository, Clock } from '../ports';
import type { Scope } from '../kinds';

export interface StartedSession {
  /** The cookie's value: sealed claims, never the key. */
  readonly token: string;
  readonly orgId: string;
  readonly scopes: readonly Scope[];
  readonly expiresAt: Date;
}

/**
 * Signs in to the dashboard: a usable API key (known, not revoked, not expired) for a sealed session that ends
 * `ttlSeconds` from now. The key is checked again on every request made with the session.
 */
export async function startSession(
  deps: { apiKeys: ApiKeyRepository; clock: Clock; sessions: SessionSealer; ttlSeconds: number },
  apiKey: string,
): Promise<StartedSession> {
  const keyHash = hashApiKey(apiKey.trim());
  const now = deps.clock.now();
  const key = await deps.apiKeys.findByHash(keyHash);
  if (!key || !isUsable(key, now)) throw new DomainError('UNAUTHORIZED', 'This API key is not valid: it is unknown, revoked or expired');
  // Whole seconds, as the cookie keeps it: the answer and a later GET /session say the same time.
  const expiresAt = new Date(Math.floor(now.getTime() / 1000) * 1000 + deps.ttlSeconds * 1000);
  const token = await deps.sessions.seal({ keyHash, expiresAt });
  return { token, orgId: key.orgId, scopes: key.scopes, expiresAt };
}

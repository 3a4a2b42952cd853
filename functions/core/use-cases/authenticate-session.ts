import { isUsable, type Principal } from '../auth/api-key';
import type { SessionSealer } from '../auth/session-token';
import { DomainError } from '../errors';
import type { ApiKeyRepository, Clock } from '../ports';

const ended = () => new DomainError('UNAUTHORIZED', 'Your session has ended: sign in again');

/**
 * Resolves a dashboard session cookie to the org and scopes of the key that signed in. The key is looked up again
 * on every request: a key revoked or expired since sign-in ends the session (401), as does a cookie that has
 * expired, was altered or was not sealed by this service.
 */
export async function authenticateSession(
  deps: { apiKeys: ApiKeyRepository; clock: Clock; sessions: SessionSealer },
  token: string,
): Promise<{ principal: Principal; expiresAt: Date }> {
  const now = deps.clock.now();
  const claims = await deps.sessions.open(token, now);
  if (!claims) throw ended();
  const key = await deps.apiKeys.findByHash(claims.keyHash);
  if (!key || !isUsable(key, now)) throw ended();
  return { principal: { orgId: key.orgId, keyId: key.keyId, scopes: key.scopes }, expiresAt: claims.expiresAt };
}

import { hashApiKey, isUsable, type Principal } from '../auth/api-key';
import { DomainError } from '../errors';
import type { ApiKeyRepository, Clock } from '../ports';

const unauthorized = () => new DomainError('UNAUTHORIZED', 'A valid API key is required: Authorization: Bearer <key>');

/** Resolves `Authorization: Bearer <key>` to the org and scopes it grants. Unknown, expired, revoked: 401. */
export async function authenticate(
  deps: { apiKeys: ApiKeyRepository; clock: Clock },
  authorization: string | undefined,
): Promise<Principal> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) throw unauthorized();
  const key = await deps.apiKeys.findByHash(hashApiKey(match[1] as string));
  if (!key || !isUsable(key, deps.clock.now())) throw unauthorized();
  return { orgId: key.orgId, keyId: key.keyId, scopes: key.scopes };
}

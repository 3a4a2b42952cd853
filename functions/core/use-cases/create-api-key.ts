import { z } from 'zod';
import { generateApiKey, hashApiKey, keyIdOf } from '../auth/api-key';
import { DomainError } from '../errors';
import { SCOPES } from '../kinds';
import type { ApiKeyRepository, Clock } from '../ports';
import { ORG_ID_PATTERN } from '../id-formats';

export const CreateApiKeyInput = z.object({
  orgId: z.string().regex(ORG_ID_PATTERN, 'org ids are 1-64 letters, digits, _ or -'),
  scopes: z.array(z.enum(SCOPES)).min(1),
  name: z.string().max(100).optional(),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  /** A chosen secret (the local stack's DEMO_API_KEY); a random one otherwise. */
  apiKey: z.string().min(20).max(200).optional(),
});
export type CreateApiKeyInput = z.input<typeof CreateApiKeyInput>;

export interface CreatedApiKey {
  readonly apiKey: string;
  readonly keyId: string;
  readonly orgId: string;
}

/** Issues a key bound to one org. Only its hash is stored: the secret is shown once, here. */
export async function createApiKey(
  deps: { apiKeys: ApiKeyRepository; clock: Clock },
  input: CreateApiKeyInput,
): Promise<CreatedApiKey> {
  const parsed = CreateApiKeyInput.safeParse(input);
  if (!parsed.success) {
    throw new DomainError('VALIDATION_ERROR', 'Invalid API key request', z.flattenError(parsed.error).fieldErrors);
  }
  const { orgId, scopes, name, expiresAt } = parsed.data;
  // A key that is born expired can never authenticate: the caller mistyped the date.
  if (expiresAt !== undefined && Date.parse(expiresAt) <= deps.clock.now().getTime()) {
    throw new DomainError('VALIDATION_ERROR', 'The expiry is in the past', { expiresAt: [`${expiresAt} is not in the future`] });
  }
  const apiKey = parsed.data.apiKey ?? generateApiKey();
  const keyHash = hashApiKey(apiKey);
  const keyId = keyIdOf(keyHash);
  await deps.apiKeys.put({
    keyHash,
    keyId,
    orgId,
    scopes: [...new Set(scopes)],
    name,
    createdAt: deps.clock.now().toISOString(),
    expiresAt,
  });
  return { apiKey, keyId, orgId };
}

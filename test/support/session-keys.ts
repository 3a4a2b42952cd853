import { randomUUID } from 'node:crypto';
import { DynamoApiKeyRepository } from '../../functions/adapters/dynamodb/api-key-repository';
import { createAwsClients } from '../../functions/adapters/aws-clients';
import { systemClock } from '../../functions/adapters/system';
import { hashApiKey } from '../../functions/core/auth/api-key';
import { SessionSealer } from '../../functions/core/auth/session-token';
import type { Scope } from '../../functions/core/kinds';
import { createApiKey } from '../../functions/core/use-cases/create-api-key';

/** The running stack's key store, through the emulator (global setup put its endpoints and names in the env). */
function keyStore(): DynamoApiKeyRepository {
  return new DynamoApiKeyRepository(createAwsClients().dynamo, process.env.CONTROL_TABLE_NAME as string);
}

/** A fresh key of a fresh org, as `npm run keys -- create` makes one. */
export async function freshKey(scopes: Scope[] = ['import-jobs:manage', 'transactions:create']): Promise<{ apiKey: string; orgId: string }> {
  const orgId = `session-${randomUUID().slice(0, 8)}`;
  const { apiKey } = await createApiKey({ apiKeys: keyStore(), clock: systemClock }, { orgId, scopes });
  return { apiKey, orgId };
}

/** Revokes a key, as `npm run keys -- revoke` does. */
export async function revokeKey(apiKey: string): Promise<void> {
  await keyStore().revoke(hashApiKey(apiKey), new Date().toISOString());
}

/**
 * A session cookie value for `apiKey` ending at `expiresAt`, sealed with the stack's own secret (SESSION_SECRET,
 * which the local stack generated and global setup handed on): lets a test hold a session that has already ended.
 */
export function mintSessionCookie(apiKey: string, expiresAt: Date): Promise<string> {
  const secret = process.env.SESSION_SECRET;
  if (!secret) throw new Error('SESSION_SECRET is not set: run through the integration project');
  return new SessionSealer(async () => secret).seal({ keyHash: hashApiKey(apiKey), expiresAt });
}

import type { SessionConfig } from '../../config';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readSecretsManagerSecret } from '../../adapters/secrets/secrets-manager-secret';
import { SessionSealer } from '../../core/auth/session-token';
import type { DashboardSessions } from './session-cookie';

/** The dashboard sessions of a composition root: the secret given, or fetched once from Secrets Manager. */
export function buildSessions(config: SessionConfig): DashboardSessions {
  const { secret } = config;
  // The client is made only where the secret lives in Secrets Manager (AWS); it reads the region from the function.
  const sealer = new SessionSealer('value' in secret ? async () => secret.value : () => readSecretsManagerSecret(new SecretsManagerClient({}), secret.arn));
  return { sealer, ttlSeconds: config.ttlSeconds, ...(config.publicOrigin ? { publicOrigin: config.publicOrigin } : {}) };
}

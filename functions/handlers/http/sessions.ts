import type { SessionConfig } from '../../config';
import { readSecretThroughExtension } from '../../adapters/secrets/extension-secret';
import { SessionSealer } from '../../core/auth/session-token';
import type { DashboardSessions } from './session-cookie';

/** The dashboard sessions of a composition root: the secret given, or fetched once from Secrets Manager. */
export function buildSessions(config: SessionConfig): DashboardSessions {
  const { secret } = config;
  const sealer = new SessionSealer('value' in secret ? async () => secret.value : () => readSecretThroughExtension({ secretArn: secret.arn }));
  return { sealer, ttlSeconds: config.ttlSeconds, ...(config.publicOrigin ? { publicOrigin: config.publicOrigin } : {}) };
}

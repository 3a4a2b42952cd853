import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * Reads the session secret's string with one `GetSecretValue` call through the function's own role (which may read
 * this secret only), once per cold start by the caller. Neither the value nor the service's message goes into an
 * error: errors are logged, and a secret does not belong in a log.
 */
export async function readSecretsManagerSecret(client: SecretsManagerClient, secretArn: string): Promise<string> {
  let secret: string | undefined;
  try {
    const answer = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    secret = answer.SecretString;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number }; name?: string }).$metadata?.httpStatusCode;
    throw new Error(`The session secret could not be read (Secrets Manager answered ${status ?? (error as Error).name})`);
  }
  if (typeof secret !== 'string' || secret.length < 32) throw new Error('The session secret is missing or shorter than 32 characters');
  return secret;
}

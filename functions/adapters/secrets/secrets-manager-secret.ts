import { signRequest, type AwsCredentials } from './sigv4';

export interface SecretsManagerSecretOptions {
  readonly secretArn: string;
  /** @default the ARN's region */
  readonly region?: string;
  /** @default AWS_ENDPOINT_URL_SECRETS_MANAGER, else https://secretsmanager.<region>.amazonaws.com */
  readonly endpoint?: string;
  /** @default the function's role, from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN */
  readonly credentials?: AwsCredentials;
  /** @default 3000 */
  readonly timeoutMs?: number;
  readonly now?: () => Date;
}

function credentialsFromEnv(): AwsCredentials {
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = process.env;
  if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY) throw new Error('No AWS credentials in the environment to read the session secret with');
  return { accessKeyId: AWS_ACCESS_KEY_ID, secretAccessKey: AWS_SECRET_ACCESS_KEY, ...(AWS_SESSION_TOKEN ? { sessionToken: AWS_SESSION_TOKEN } : {}) };
}

/**
 * Reads a Secrets Manager secret's string: one signed `GetSecretValue` call with the function's own role (which
 * may call it on this secret only), made once per cold start by the caller. Neither the value nor the answer's
 * body goes into an error (errors are logged).
 */
export async function readSecretsManagerSecret(options: SecretsManagerSecretOptions): Promise<string> {
  const region = options.region ?? options.secretArn.split(':')[3] ?? '';
  const endpoint = new URL(options.endpoint ?? process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? `https://secretsmanager.${region}.amazonaws.com`);
  const body = JSON.stringify({ SecretId: options.secretArn });
  const headers = signRequest(
    {
      method: 'POST',
      host: endpoint.host,
      path: '/',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.GetSecretValue' },
      body,
      region,
      service: 'secretsmanager',
    },
    options.credentials ?? credentialsFromEnv(),
    (options.now ?? (() => new Date()))(),
  );
  const { host: _host, ...sent } = headers;
  const response = await fetch(new URL('/', endpoint), { method: 'POST', headers: sent, body, signal: AbortSignal.timeout(options.timeoutMs ?? 3000) });
  if (!response.ok) throw new Error(`The session secret could not be read (Secrets Manager answered ${response.status})`);
  const answer = (await response.json()) as { SecretString?: unknown };
  if (typeof answer.SecretString !== 'string' || answer.SecretString.length < 32) throw new Error('The session secret is missing or shorter than 32 characters');
  return answer.SecretString;
}

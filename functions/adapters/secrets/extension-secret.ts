/**
 * Reads a Secrets Manager secret through the AWS Parameters and Secrets Lambda Extension (a layer that answers on
 * localhost and caches), so the functions need no Secrets Manager client in their bundle. The extension checks the
 * caller by the function's session token and reads the secret with the function's own role (secretsmanager:
 * GetSecretValue on this secret only).
 */
export interface ExtensionSecretOptions {
  readonly secretArn: string;
  /** @default the extension's: PARAMETERS_SECRETS_EXTENSION_HTTP_PORT, else 2773 */
  readonly endpoint?: string;
  /** @default process.env.AWS_SESSION_TOKEN */
  readonly sessionToken?: string;
  /** @default 3000 */
  readonly timeoutMs?: number;
}

export async function readSecretThroughExtension(options: ExtensionSecretOptions): Promise<string> {
  const endpoint = options.endpoint ?? `http://localhost:${process.env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? '2773'}`;
  const url = `${endpoint}/secretsmanager/get?secretId=${encodeURIComponent(options.secretArn)}`;
  const response = await fetch(url, {
    headers: { 'X-Aws-Parameters-Secrets-Token': options.sessionToken ?? process.env.AWS_SESSION_TOKEN ?? '' },
    signal: AbortSignal.timeout(options.timeoutMs ?? 3000),
  });
  // Neither the body nor the ARN goes into the error: it is logged.
  if (!response.ok) throw new Error(`The session secret could not be read (extension answered ${response.status})`);
  const body = (await response.json()) as { SecretString?: unknown };
  if (typeof body.SecretString !== 'string' || body.SecretString.length < 32) throw new Error('The session secret is missing or shorter than 32 characters');
  return body.SecretString;
}

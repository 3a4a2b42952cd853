import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readSecretsManagerSecret } from '../../../functions/adapters/secrets/secrets-manager-secret';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token' };
const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:SessionSecret-AbC123';
const clientOf = (endpoint: string) => new SecretsManagerClient({ endpoint, region: 'eu-west-1', credentials, maxAttempts: 1 });

describe('Function: readSecretsManagerSecret', () => {
  it('makes one signed GetSecretValue call for the ARN and returns the string', async () => {
    // Arrange: a stand-in for Secrets Manager that records what it got.
    const seen: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify({ ARN, SecretString: 's'.repeat(64) }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // Act
      const secret = await readSecretsManagerSecret(clientOf(endpoint), ARN);
      // Assert
      expect(secret).toBe('s'.repeat(64));
      expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ SecretId: ARN });
      expect(seen[0]?.headers).toMatchObject({
        'x-amz-target': 'secretsmanager.GetSecretValue',
        'x-amz-security-token': 'session-token',
        authorization: expect.stringMatching(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/secretsmanager\/aws4_request, /),
      });
    } finally {
      server.close();
    }
  });

  it('fails without saying more than the status when Secrets Manager refuses', async () => {
    const server = createServer((_req, res) => res.writeHead(400).end('{"__type":"AccessDeniedException","Message":"secret details"}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const reading = readSecretsManagerSecret(clientOf(`http://127.0.0.1:${(server.address() as AddressInfo).port}`), ARN);
      await expect(reading).rejects.toThrow('The session secret could not be read (Secrets Manager answered 400)');
    } finally {
      server.close();
    }
  });
});

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { readSecretsManagerSecret } from '../../../functions/adapters/secrets/secrets-manager-secret';
import { signRequest } from '../../../functions/adapters/secrets/sigv4';

const bytes = (data: string | ArrayBuffer | ArrayBufferView): string | Buffer =>
  typeof data === 'string' ? data : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);

/** The hash the SDK's signer takes (its own packages for it are not installed): SHA-256, or HMAC-SHA256 with a secret. */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
}

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token' };
const NOW = new Date('2026-11-25T10:00:00.000Z');
const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:SessionSecret-AbC123';

describe('Function: signRequest (SigV4)', () => {
  it("signs exactly as the AWS SDK's own signer does", async () => {
    // Arrange
    const body = JSON.stringify({ SecretId: ARN });
    // The SDK always signs x-amz-content-sha256 too; with it on both sides, the two must agree to the byte.
    const headers = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'secretsmanager.GetSecretValue',
      'x-amz-content-sha256': createHash('sha256').update(body).digest('hex'),
    };
    const sdk = new SignatureV4({ credentials, region: 'eu-west-1', service: 'secretsmanager', sha256: NodeSha256 });
    // Act
    const ours = signRequest({ method: 'POST', host: 'secretsmanager.eu-west-1.amazonaws.com', path: '/', headers, body, region: 'eu-west-1', service: 'secretsmanager' }, credentials, NOW);
    const theirs = await sdk.sign(
      { method: 'POST', protocol: 'https:', hostname: 'secretsmanager.eu-west-1.amazonaws.com', path: '/', headers: { ...headers, host: 'secretsmanager.eu-west-1.amazonaws.com' }, body },
      { signingDate: NOW },
    );
    // Assert
    expect(ours.authorization).toBe(theirs.headers.authorization);
  });
});

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
      const secret = await readSecretsManagerSecret({ secretArn: ARN, endpoint, credentials, now: () => NOW });
      // Assert
      expect(secret).toBe('s'.repeat(64));
      expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ SecretId: ARN });
      expect(seen[0]?.headers).toMatchObject({
        'x-amz-target': 'secretsmanager.GetSecretValue',
        'x-amz-security-token': 'session-token',
        authorization: expect.stringMatching(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261125\/eu-west-1\/secretsmanager\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=[0-9a-f]{64}$/),
      });
    } finally {
      server.close();
    }
  });

  it('fails without saying more than the status when Secrets Manager refuses', async () => {
    const server = createServer((_req, res) => res.writeHead(400).end('{"__type":"AccessDeniedException","Message":"secret details"}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const reading = readSecretsManagerSecret({ secretArn: ARN, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, credentials });
      await expect(reading).rejects.toThrow('The session secret could not be read (Secrets Manager answered 400)');
    } finally {
      server.close();
    }
  });
});

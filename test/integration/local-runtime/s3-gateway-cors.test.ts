import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { startS3Gateway, type S3Gateway } from '../../../local/emulators/s3-gateway';

/**
 * The dashboard PUTs a file to a presigned URL from its own origin (an import job's drop upload), so the local S3
 * endpoint answers CORS as the upload bucket's rule does in AWS: preflights for PUT, refused for other methods.
 */
describe('S3 gateway CORS (local stack)', () => {
  let upstream: Server;
  let gateway: S3Gateway;
  const credentials = { accessKeyId: 'l', secretAccessKey: 'l' };
  const s3 = new S3Client({ region: 'us-east-1', credentials });
  let signer: S3Client;
  const origin = 'http://127.0.0.1:3000';

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200, { etag: '"abc"', 'content-length': '0' }).end());
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    gateway = await startS3Gateway({ target: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, s3, credentials });
    signer = new S3Client({ region: 'us-east-1', credentials, endpoint: gateway.endpoint, forcePathStyle: true });
  });

  afterAll(async () => {
    await gateway.stop();
    await new Promise((resolve) => upstream.close(resolve));
    s3.destroy();
    signer.destroy();
  });

  it('answers a preflight for a PUT with the rule: any origin, the requested headers, ETag exposed', async () => {
    const answer = await fetch(`${gateway.endpoint}/bucket/drops/org/job/tx-1.csv?X-Amz-Signature=x`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('access-control-allow-methods')).toBe('PUT');
    expect(answer.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(answer.headers.get('access-control-expose-headers')).toBe('ETag');
  });

  it('refuses a preflight for a method the rule does not list', async () => {
    const answer = await fetch(`${gateway.endpoint}/bucket/drops/org/job/tx-1.csv`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'DELETE' },
    });
    expect(answer.status).toBe(403);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets the browser read the answer of a presigned PUT sent from another origin', async () => {
    const url = await getSignedUrl(signer, new PutObjectCommand({ Bucket: 'bucket', Key: 'drops/org/job/tx-1.csv', ContentType: 'text/csv' }), {
      expiresIn: 60,
    });
    const answer = await fetch(url, { method: 'PUT', headers: { origin, 'content-type': 'text/csv' }, body: 'a,b\n1,2\n' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('still checks the signature of the request itself', async () => {
    const answer = await fetch(`${gateway.endpoint}/bucket/drops/org/job/tx-1.csv`, { method: 'PUT', headers: { origin }, body: 'x' });
    expect(answer.status).toBe(403);
  });
});

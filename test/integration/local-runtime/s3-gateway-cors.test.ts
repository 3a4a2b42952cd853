import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { startS3Gateway, type S3Gateway } from '../../../local/emulators/s3-gateway';

/**
 * The bucket's CORS rule, locally: the dashboard (another origin) PUTs a large file to its presigned URL from the
 * browser, which first sends an unsigned preflight.
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
    const target = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    gateway = await startS3Gateway({ target, s3, credentials });
    signer = new S3Client({ region: 'us-east-1', credentials, endpoint: gateway.endpoint, forcePathStyle: true });
  });

  afterAll(async () => {
    await gateway.stop();
    await new Promise((resolve) => upstream.close(resolve));
    s3.destroy();
    signer.destroy();
  });

  it('answers a PUT preflight from any origin, allowing the headers asked for, before any signature check', async () => {
    const answer = await fetch(`${gateway.endpoint}/bucket/uploads/job-1/0?X-Amz-Signature=whatever`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type,if-none-match' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    expect(answer.headers.get('access-control-allow-methods')).toBe('PUT');
    expect(answer.headers.get('access-control-allow-headers')).toBe('content-type,if-none-match');
  });

  it('refuses a preflight for a method the rule does not allow, as S3 does', async () => {
    const answer = await fetch(`${gateway.endpoint}/bucket/uploads/job-1/0`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'DELETE' },
    });
    expect(answer.status).toBe(403);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(await answer.text()).toContain('CORSResponse');
  });

  it('lets the page read the answer of a signed PUT (and its ETag), and still checks the signature', async () => {
    const url = await getSignedUrl(signer, new PutObjectCommand({ Bucket: 'bucket', Key: 'uploads/job-2/0' }), { expiresIn: 60 });
    const put = await fetch(url, { method: 'PUT', headers: { origin }, body: 'a,b\n1,2\n' });
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-allow-origin')).toBe('*');
    expect(put.headers.get('access-control-expose-headers')).toBe('ETag');

    const forged = await fetch(url.replace('uploads/job-2/0', 'uploads/job-3/0'), { method: 'PUT', headers: { origin }, body: 'x' });
    expect(forged.status).toBe(403);
  });

  it('adds nothing to a request without an Origin (the SDK, curl)', async () => {
    const url = await getSignedUrl(signer, new PutObjectCommand({ Bucket: 'bucket', Key: 'uploads/job-4/0' }), { expiresIn: 60 });
    const put = await fetch(url, { method: 'PUT', body: 'a\n' });
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-allow-origin')).toBeNull();
  });
});

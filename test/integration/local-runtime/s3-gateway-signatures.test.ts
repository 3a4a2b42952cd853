import { randomUUID } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { S3ObjectStore } from '../../../functions/adapters/s3/object-store';

/**
 * The local S3 checks signatures as S3 does: presigned URLs from the service's own adapter work, and the same
 * URLs with the key, the signature or a signed header changed, or expired, get S3's 403 and XML error.
 */

jest.setTimeout(30_000);

const s3 = createAwsClients().s3;
const bucket = process.env.UPLOAD_BUCKET_NAME as string;
const store = new S3ObjectStore(s3, bucket);
// Outside uploads/, so no import starts.
const newKey = () => `gateway-signatures/${randomUUID()}.csv`;

afterAll(() => s3.destroy());

async function exists(key: string): Promise<boolean> {
  try {
    await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return false;
    throw error;
  }
}

async function errorCode(response: Response): Promise<string | undefined> {
  return /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1];
}

describe('S3 gateway: presigned URLs', () => {
  const body = 'externalId,amount\nx-1,10\n';
  const signed = (key: string, createOnly = false) =>
    store.presignPut(key, { contentType: 'text/csv', contentLength: Buffer.byteLength(body), expiresInSeconds: 300, createOnly });

  it('accepts a presigned PUT as the service hands it out', async () => {
    const key = newKey();
    const { url, headers } = await signed(key);
    const put = await fetch(url, { method: 'PUT', headers, body });
    expect(put.status).toBe(200);
    expect(await exists(key)).toBe(true);
  });

  it('refuses the URL with another key in its path: no object is written there', async () => {
    const { url, headers } = await signed(newKey());
    const otherKey = newKey();
    const tampered = url.replace(/gateway-signatures\/[^?]+/, otherKey);
    const put = await fetch(tampered, { method: 'PUT', headers, body });
    expect(put.status).toBe(403);
    expect(put.headers.get('content-type')).toBe('application/xml');
    expect(await errorCode(put)).toBe('SignatureDoesNotMatch');
    expect(await exists(otherKey)).toBe(false);
  });

  it('refuses a changed signature', async () => {
    const key = newKey();
    const { url, headers } = await signed(key);
    const tampered = url.replace(/X-Amz-Signature=([0-9a-f])/, (_, first: string) => `X-Amz-Signature=${first === '0' ? '1' : '0'}`);
    expect(tampered).not.toBe(url);
    const put = await fetch(tampered, { method: 'PUT', headers, body });
    expect(put.status).toBe(403);
    expect(await errorCode(put)).toBe('SignatureDoesNotMatch');
    expect(await exists(key)).toBe(false);
  });

  it('refuses a body of another length than the signed content-length, and reads the client\'s whole body first', async () => {
    const key = newKey();
    const { url, headers } = await signed(key);
    const { 'content-length': _signedLength, ...otherHeaders } = headers;
    const put = await fetch(url, { method: 'PUT', headers: otherHeaders, body: `${body}${'y,1\n'.repeat(50_000)}` });
    expect(put.status).toBe(403);
    expect(await errorCode(put)).toBe('SignatureDoesNotMatch');
    expect(await exists(key)).toBe(false);
  });

  it('refuses an expired URL', async () => {
    const key = newKey();
    const command = new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: 'text/csv' });
    const url = await getSignedUrl(s3, command, { expiresIn: 60, signingDate: new Date(Date.now() - 61_000) });
    const put = await fetch(url, { method: 'PUT', headers: { 'content-type': 'text/csv' }, body });
    expect(put.status).toBe(403);
    expect(await put.text()).toMatch(/<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
    expect(await exists(key)).toBe(false);
  });

  it('refuses an unsigned request and a URL signed with another secret', async () => {
    const key = newKey();
    const unsigned = await fetch(`${process.env.AWS_ENDPOINT_URL_S3}/${bucket}/${key}`, { method: 'PUT', body });
    expect(unsigned.status).toBe(403);
    expect(await errorCode(unsigned)).toBe('AccessDenied');
    const stranger = new S3Client({
      endpoint: process.env.AWS_ENDPOINT_URL_S3,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID as string, secretAccessKey: 'not-the-secret' },
    });
    try {
      const url = await getSignedUrl(stranger, new PutObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 60 });
      const forged = await fetch(url, { method: 'PUT', body });
      expect(forged.status).toBe(403);
      expect(await errorCode(forged)).toBe('SignatureDoesNotMatch');
      await expect(stranger.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    } finally {
      stranger.destroy();
    }
    expect(await exists(key)).toBe(false);
  });

  it('answers a presigned GET with the response-* overrides it was signed with, as an attachment', async () => {
    const key = newKey();
    await store.put(key, body, 'text/plain');
    const url = await store.presignGet(key, { expiresInSeconds: 60, fileName: 'failures "june".csv', contentType: 'text/csv; charset=utf-8' });
    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="failures _june_.csv"');
    expect(download.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await download.text()).toBe(body);
    const tampered = await fetch(url.replace('attachment', 'inline'));
    expect(tampered.status).toBe(403);
  });
});

describe('S3 gateway: conditional writes (If-None-Match: *)', () => {
  const body = 'a,b\n1,2\n';

  it('lands a create-only URL once; a second PUT of it gets 412 and the first bytes stay', async () => {
    const key = newKey();
    const { url, headers } = await store.presignPut(key, { contentType: 'text/csv', contentLength: Buffer.byteLength(body), expiresInSeconds: 60, createOnly: true });
    expect(headers['if-none-match']).toBe('*');
    expect((await fetch(url, { method: 'PUT', headers, body })).status).toBe(200);
    const again = await fetch(url, { method: 'PUT', headers, body: 'x,y\n9,9\n' });
    expect(again.status).toBe(412);
    expect(await errorCode(again)).toBe('PreconditionFailed');
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(await Body!.transformToString()).toBe(body);
  });

  it('refuses the create-only URL sent without its If-None-Match header (it is signed)', async () => {
    const key = newKey();
    const { url, headers } = await store.presignPut(key, { contentType: 'text/csv', contentLength: Buffer.byteLength(body), expiresInSeconds: 60, createOnly: true });
    const { 'if-none-match': _condition, ...withoutCondition } = headers;
    const put = await fetch(url, { method: 'PUT', headers: withoutCondition, body });
    expect(put.status).toBe(403);
    expect(await exists(key)).toBe(false);
  });

  it('lets one of two concurrent create-only PUTs of a key win', async () => {
    const key = newKey();
    const { url, headers } = await store.presignPut(key, { contentType: 'text/csv', contentLength: Buffer.byteLength(body), expiresInSeconds: 60, createOnly: true });
    const statuses = await Promise.all([0, 1, 2].map(() => fetch(url, { method: 'PUT', headers, body }).then((response) => response.status)));
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 412 || status === 409)).toHaveLength(2);
  });
});

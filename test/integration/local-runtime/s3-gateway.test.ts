import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createAwsClients } from '../../../functions/adapters/aws-clients';

jest.setTimeout(60_000);

const s3 = createAwsClients().s3;
const bucket = process.env.UPLOAD_BUCKET_NAME as string;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function readBack(key: string): Promise<Buffer> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await (Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
}

describe('S3 gateway of the local stack', () => {
  // Outside uploads/, so no import starts.
  const key = () => `gateway-test/${randomUUID()}`;

  it('takes a presigned single PUT larger than the emulator accepts, and the object reads back whole', async () => {
    const body = randomBytes(25 * 1024 * 1024);
    const target = key();
    const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: target, ContentType: 'text/csv' }), { expiresIn: 300 });
    const put = await fetch(url, { method: 'PUT', headers: { 'content-type': 'text/csv' }, body });
    expect(put.status).toBe(200);
    expect(sha(await readBack(target))).toBe(sha(body));
  });

  it('passes small PUTs and reads straight through', async () => {
    const body = Buffer.from('externalId,amount\n');
    const target = key();
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: target, Body: body }));
    expect((await readBack(target)).toString()).toBe(body.toString());
  });
});

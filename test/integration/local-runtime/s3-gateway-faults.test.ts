import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { faultsFromEnv, startS3Gateway, type S3Gateway } from '../../../local/emulators/s3-gateway';

/** The gateway's injected faults, in front of a stand-in S3 that serves a fixed body for any key. */
describe('S3 gateway faults (local stack)', () => {
  const body = Buffer.from('x'.repeat(100_000));
  let upstream: Server;
  let gateway: S3Gateway;
  const credentials = { accessKeyId: 'l', secretAccessKey: 'l' };
  const s3 = new S3Client({ region: 'us-east-1', credentials });
  let reader: S3Client;

  beforeAll(async () => {
    upstream = createServer((_, res) => res.writeHead(200, { 'content-length': String(body.length) }).end(body));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
    gateway = await startS3Gateway({ target, s3, credentials, faults: faultsFromEnv({ LOCAL_FAULT_CUT_UPLOAD_READS: '1' }, 'uploads/') });
    reader = new S3Client({ region: 'us-east-1', credentials, endpoint: gateway.endpoint, forcePathStyle: true });
  });

  afterAll(async () => {
    await gateway.stop();
    await new Promise((resolve) => upstream.close(resolve));
    s3.destroy();
    reader.destroy();
  });

  // Presigned, since the gateway checks signatures; the SDK's GetObject carries `?x-id=GetObject`.
  const read = async (key: string) => {
    const url = await getSignedUrl(reader, new GetObjectCommand({ Bucket: 'bucket', Key: key }), { expiresIn: 60 });
    return Buffer.from(await (await fetch(url)).arrayBuffer());
  };

  it('cuts the first read of each upload half-way, then reads it whole', async () => {
    await expect(read('uploads/job-1/0')).rejects.toThrow();
    expect((await read('uploads/job-1/0')).length).toBe(body.length);
    await expect(read('uploads/job-2/0')).rejects.toThrow();
  });

  it('leaves other keys alone', async () => {
    expect((await read('reports/job-1/failures.csv')).length).toBe(body.length);
  });

  it('injects nothing unless asked', () => {
    expect(faultsFromEnv({}, 'uploads/')).toEqual({});
    expect(faultsFromEnv({ LOCAL_FAULT_CUT_UPLOAD_READS: 'x' }, 'uploads/')).toEqual({});
  });
});

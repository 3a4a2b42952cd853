import { createHash, randomUUID } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { S3Event } from 'aws-lambda';
import { startFauxqs, type Fauxqs } from '../../../local/emulators/fauxqs';
import {
  buildS3EventBody,
  encodeS3EventKey,
  startS3NotificationForwarder,
  type ObjectCreated,
  type ObjectCreatedSource,
} from '../../../local/s3-notifications';

// The forwarder runs against the stack's real S3 and SQS, fed by a source the test triggers after each real upload;
// the emulator process's own source (its S3 gateway, over IPC) is tested against an emulator process of its own.
const s3 = new S3Client({ endpoint: process.env.AWS_ENDPOINT_URL_S3, forcePathStyle: true });
const sqs = new SQSClient({ endpoint: process.env.AWS_ENDPOINT_URL_SQS });
const REGION = process.env.AWS_REGION ?? 'us-east-1';

afterAll(() => {
  s3.destroy();
  sqs.destroy();
});

function triggeredSource(): { source: ObjectCreatedSource; emit(event: ObjectCreated): void; subscribed(): boolean } {
  let listener: ((event: ObjectCreated) => void) | undefined;
  return {
    source: (next) => {
      listener = next;
      return () => {
        listener = undefined;
      };
    },
    emit: (event) => listener?.(event),
    subscribed: () => listener !== undefined,
  };
}

async function fixture(): Promise<{ bucket: string; queueUrl: string }> {
  const id = randomUUID().slice(0, 8);
  const bucket = `s3-notifications-test-${id}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `s3-notifications-test-${id}` }));
  return { bucket, queueUrl: QueueUrl! };
}

/** What the queue holds; called after forwarder.stop(), which waits for every send, so one receive is enough. */
async function receiveBodies(queueUrl: string): Promise<string[]> {
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
  return (Messages ?? []).map((message) => message.Body!);
}

describe('Function: encodeS3EventKey', () => {
  it.each([
    ['uploads/job-1/file.csv', 'uploads/job-1/file.csv'],
    ['uploads/my file (1).csv', 'uploads/my+file+%281%29.csv'],
    ['uploads/a+b=c&d.csv', 'uploads/a%2Bb%3Dc%26d.csv'],
    ['uploads/café/ü.csv', 'uploads/caf%C3%A9/%C3%BC.csv'],
    ["uploads/it's~!*.csv", 'uploads/it%27s%7E%21*.csv'],
  ])('encodes %s as S3 does in events', (key, encoded) => {
    expect(encodeS3EventKey(key)).toBe(encoded);
    expect(decodeURIComponent(encoded.replace(/\+/g, ' '))).toBe(key);
  });
});

describe('Function: buildS3EventBody', () => {
  it('builds the notification body S3 sends to SQS', () => {
    const body = JSON.parse(
      buildS3EventBody({
        region: 'eu-west-1',
        bucket: 'my-bucket',
        key: 'uploads/a b.csv',
        size: 42,
        eTag: 'd41d8cd98f00b204e9800998ecf8427e',
        eventTime: new Date('2024-05-01T10:00:00.000Z'),
        eventName: 'ObjectCreated:Put',
        configurationId: 'config-1',
      }),
    ) as S3Event;

    expect(body.Records).toHaveLength(1);
    expect(body.Records[0]).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'eu-west-1',
      eventTime: '2024-05-01T10:00:00.000Z',
      eventName: 'ObjectCreated:Put',
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'config-1',
        bucket: { name: 'my-bucket', arn: 'arn:aws:s3:::my-bucket' },
        object: { key: 'uploads/a+b.csv', size: 42, eTag: 'd41d8cd98f00b204e9800998ecf8427e' },
      },
    });
    expect(body.Records[0].s3.object.sequencer).toMatch(/^[0-9A-F]{18,}$/);
  });

  it('gives later events a greater sequencer', () => {
    const input = {
      region: 'us-east-1',
      bucket: 'b',
      key: 'k',
      size: 1,
      eTag: 'e',
      eventTime: new Date(),
      eventName: 'ObjectCreated:Put',
      configurationId: 'c',
    };
    const sequencers = Array.from({ length: 5 }, () => (JSON.parse(buildS3EventBody(input)) as S3Event).Records[0].s3.object.sequencer);

    expect([...sequencers].sort()).toEqual(sequencers);
    expect(new Set(sequencers).size).toBe(5);
  });
});

describe('Function: startS3NotificationForwarder', () => {
  it('sends an object created under the prefix to the queue with its size and ETag', async () => {
    // Arrange
    const { bucket, queueUrl } = await fixture();
    const trigger = triggeredSource();
    const forwarder = startS3NotificationForwarder({ source: trigger.source, s3, sqs, bucket, prefix: 'uploads/', queueUrl, region: REGION });
    const content = 'externalId,amount\ntx-1,10\n';

    // Act
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'uploads/job 1/file (1).csv', Body: content }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'failures/job-1.json', Body: '{}' }));
    trigger.emit({ bucket, key: 'uploads/job 1/file (1).csv', at: new Date() });
    trigger.emit({ bucket, key: 'failures/job-1.json', at: new Date() });
    trigger.emit({ bucket: 'another-bucket', key: 'uploads/x.csv', at: new Date() });
    await forwarder.stop();
    const bodies = await receiveBodies(queueUrl);

    // Assert
    expect(bodies).toHaveLength(1);
    const record = (JSON.parse(bodies[0]) as S3Event).Records[0];
    expect(record.eventName).toBe('ObjectCreated:Put');
    expect(record.s3.bucket.name).toBe(bucket);
    expect(record.s3.object).toMatchObject({
      key: 'uploads/job+1/file+%281%29.csv',
      size: Buffer.byteLength(content),
      eTag: createHash('md5').update(content).digest('hex'),
    });
  });

  it('names a completed multipart upload as S3 does', async () => {
    // Arrange
    const { bucket, queueUrl } = await fixture();
    const trigger = triggeredSource();
    const forwarder = startS3NotificationForwarder({ source: trigger.source, s3, sqs, bucket, prefix: 'uploads/', queueUrl, region: REGION });
    const key = 'uploads/big.csv';
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    const { ETag } = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: 'a,b\n1,2\n' }));

    // Act
    await s3.send(
      new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag }] } }),
    );
    trigger.emit({ bucket, key, at: new Date() });
    await forwarder.stop();
    const bodies = await receiveBodies(queueUrl);

    // Assert
    const record = (JSON.parse(bodies[0]) as S3Event).Records[0];
    expect(record.eventName).toBe('ObjectCreated:CompleteMultipartUpload');
    expect(record.s3.object.eTag).toMatch(/^[0-9a-f]{32}-1$/);
    expect(record.s3.object.size).toBe(8);
  });

  it('stops listening on stop() and skips objects deleted before their event was sent', async () => {
    // Arrange
    const { bucket, queueUrl } = await fixture();
    const trigger = triggeredSource();
    const lines: string[] = [];
    const forwarder = startS3NotificationForwarder({
      source: trigger.source,
      s3,
      sqs,
      bucket,
      prefix: 'uploads/',
      queueUrl,
      region: REGION,
      log: (line) => lines.push(line),
    });

    // Act
    trigger.emit({ bucket, key: 'uploads/never-written.csv', at: new Date() });
    await forwarder.stop();

    // Assert
    expect(trigger.subscribed()).toBe(false);
    expect(lines).toEqual([expect.stringContaining('uploads/never-written.csv is gone before its event was sent')]);
    expect(await receiveBodies(queueUrl)).toEqual([]);
  });
});

describe('Function: startFauxqs (the S3/SQS emulator process)', () => {
  let emulator: Fauxqs;
  let s3Local: S3Client;
  let sqsLocal: SQSClient;
  beforeAll(async () => {
    emulator = await startFauxqs();
    const config = { region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
    s3Local = new S3Client({ ...config, endpoint: emulator.s3Endpoint, forcePathStyle: true });
    sqsLocal = new SQSClient({ ...config, endpoint: emulator.endpoint });
  }, 30_000);
  afterAll(async () => {
    s3Local?.destroy();
    sqsLocal?.destroy();
    await emulator?.stop();
  });

  it('reports every object created, by concurrent PUTs, a multipart upload and a large PUT through the gateway, once each', async () => {
    // Arrange
    const bucket = `emulator-events-${randomUUID().slice(0, 8)}`;
    await s3Local.send(new CreateBucketCommand({ Bucket: bucket }));
    const seen: ObjectCreated[] = [];
    const unsubscribe = emulator.objectCreated((event) => seen.push(event));
    const small = Array.from({ length: 40 }, (_, i) => `uploads/small-${i}.csv`);
    const before = Date.now();

    // Act
    await Promise.all(small.map((key) => s3Local.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `row,${key}\n` }))));
    const { UploadId } = await s3Local.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: 'uploads/multipart.csv' }));
    const part = await s3Local.send(new UploadPartCommand({ Bucket: bucket, Key: 'uploads/multipart.csv', UploadId, PartNumber: 1, Body: 'a\n' }));
    await s3Local.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: 'uploads/multipart.csv',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    // Over the emulator's body limit: the gateway streams it in as a multipart upload of its own.
    const largeUrl = await getSignedUrl(s3Local, new PutObjectCommand({ Bucket: bucket, Key: 'uploads/large.csv' }), { expiresIn: 60 });
    const large = await fetch(largeUrl, { method: 'PUT', body: Buffer.alloc(12 * 1024 * 1024, 'a') });
    const deadline = Date.now() + 5000;
    while (seen.length < small.length + 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    unsubscribe();
    await s3Local.send(new PutObjectCommand({ Bucket: bucket, Key: 'uploads/after-unsubscribe.csv', Body: 'x' }));
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Assert
    expect(large.status).toBe(200);
    expect(seen.map((event) => event.key).sort()).toEqual([...small, 'uploads/large.csv', 'uploads/multipart.csv'].sort());
    expect(seen.every((event) => event.bucket === bucket && event.at.getTime() >= before - 1000)).toBe(true);
  });

  it('feeds the forwarder: every upload reaches the queue as an S3 event, none lost', async () => {
    // Arrange
    const bucket = `emulator-forward-${randomUUID().slice(0, 8)}`;
    await s3Local.send(new CreateBucketCommand({ Bucket: bucket }));
    const { QueueUrl } = await sqsLocal.send(new CreateQueueCommand({ QueueName: `emulator-forward-${randomUUID().slice(0, 8)}` }));
    const forwarder = startS3NotificationForwarder({
      source: emulator.objectCreated,
      s3: s3Local,
      sqs: sqsLocal,
      bucket,
      prefix: 'uploads/',
      queueUrl: QueueUrl!,
      region: REGION,
    });
    const keys = Array.from({ length: 25 }, (_, i) => `uploads/file ${i}.csv`);

    // Act
    await Promise.all(keys.map((key) => s3Local.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'a,b\n' }))));
    await s3Local.send(new PutObjectCommand({ Bucket: bucket, Key: 'reports/not-notified.csv', Body: 'x' }));
    // Events cross a process boundary: wait until the queue holds them all (or time runs out) before stopping.
    const records: S3Event['Records'] = [];
    const deadline = Date.now() + 10_000;
    while (records.length < keys.length && Date.now() < deadline) {
      const { Messages } = await sqsLocal.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      for (const message of Messages ?? []) records.push(...(JSON.parse(message.Body!) as S3Event).Records);
    }
    await forwarder.stop();

    // Assert
    expect(records.map((record) => decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '))).sort()).toEqual([...keys].sort());
    expect(records[0]).toMatchObject({
      eventSource: 'aws:s3',
      eventName: 'ObjectCreated:Put',
      s3: { bucket: { name: bucket }, object: { size: 4, eTag: createHash('md5').update('a,b\n').digest('hex') } },
    });
  });
});

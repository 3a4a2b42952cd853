import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { MAX_MESSAGE_BYTES, QUEUES, TABLES, UPLOAD_BUCKET } from '../../../lib/resources';

// What the local stack provisioned (names from the env the global setup exported), checked against lib/resources.ts.
const dynamodb = new DynamoDBClient({ endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB });
const s3 = new S3Client({ endpoint: process.env.AWS_ENDPOINT_URL_S3, forcePathStyle: true });
const sqs = new SQSClient({ endpoint: process.env.AWS_ENDPOINT_URL_SQS });

afterAll(() => {
  dynamodb.destroy();
  s3.destroy();
  sqs.destroy();
});

function envOf(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: is the integration global setup running?`);
  return value;
}

describe('Function: provision (as the local stack ran it)', () => {
  it.each(TABLES.map((table) => [table.id, table] as const))('creates %s with its keys, indexes and TTL', async (_id, table) => {
    const name = envOf(table.envVar);

    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: name }));
    const { TimeToLiveDescription } = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: name }));

    expect(name).toBe(`batch-import-local-${table.id}`);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: table.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: table.sortKey.name, KeyType: 'RANGE' },
    ]);
    // DescribeTable lists indexes in no promised order.
    const byName = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect((Table?.GlobalSecondaryIndexes ?? []).map((index) => [index.IndexName, index.Projection?.ProjectionType, index.KeySchema]).sort(byName)).toEqual(
      table.globalIndexes.map((index) => [
        index.indexName,
        index.projection ?? 'ALL',
        [
          { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
        ],
      ]).sort(byName),
    );
    if (table.timeToLiveAttribute === undefined) {
      expect(TimeToLiveDescription?.TimeToLiveStatus).not.toBe('ENABLED');
    } else {
      expect(TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: table.timeToLiveAttribute });
    }
  });

  it('creates the upload bucket with a lower-case name', async () => {
    const name = envOf(UPLOAD_BUCKET.envVar);

    await expect(s3.send(new HeadBucketCommand({ Bucket: name }))).resolves.toBeDefined();
    expect(name).toBe(`batch-import-local-${UPLOAD_BUCKET.id}`.toLowerCase());
  });

  it.each(QUEUES.map((queue) => [queue.id, queue] as const))('creates %s with its visibility timeout and a DLQ redrive', async (_id, queue) => {
    const url = envOf(queue.envVar);

    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    const { Attributes: dlq } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: `${url}-dlq`, AttributeNames: ['QueueArn'] }),
    );

    expect(url.endsWith(`/batch-import-local-${queue.id}`)).toBe(true);
    expect(Attributes?.VisibilityTimeout).toBe(String(queue.visibilityTimeoutSeconds));
    expect(Attributes?.MaximumMessageSize).toBe(String(MAX_MESSAGE_BYTES));
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: dlq?.QueueArn,
      maxReceiveCount: queue.maxReceiveCount,
    });
  });
});

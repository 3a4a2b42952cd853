import {
  CreateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  MAX_MESSAGE_BYTES,
  QUEUES,
  TABLES,
  UPLOAD_BUCKET,
  type BucketDefinition,
  type KeyAttribute,
  type QueueDefinition,
  type TableDefinition,
} from '../lib/resources';

/** Prefix of every local resource name, e.g. `batch-import-local-ControlTable`. */
export const LOCAL_PREFIX = 'batch-import-local-';

const DAY_SECONDS = 86_400;
/** What AWS allows at most, and what a DLQ should keep so failures can be inspected. */
const DLQ_RETENTION_SECONDS = 14 * DAY_SECONDS;

export interface ProvisionedTable {
  readonly definition: TableDefinition;
  readonly name: string;
  /** The table's stream, when its definition asks for one. */
  readonly streamArn?: string;
}

export interface ProvisionedBucket {
  readonly definition: BucketDefinition;
  readonly name: string;
}

export interface ProvisionedQueue {
  readonly definition: QueueDefinition;
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  readonly dlqName: string;
  readonly dlqUrl: string;
  readonly dlqArn: string;
}

export interface ProvisionedResources {
  readonly tables: readonly ProvisionedTable[];
  readonly bucket: ProvisionedBucket;
  readonly queues: readonly ProvisionedQueue[];
}

export interface ProvisionOptions {
  readonly dynamodb: DynamoDBClient;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  /** @default LOCAL_PREFIX */
  readonly prefix?: string;
  /** @default TABLES, UPLOAD_BUCKET and QUEUES from lib/resources.ts */
  readonly tables?: readonly TableDefinition[];
  readonly bucket?: BucketDefinition;
  readonly queues?: readonly QueueDefinition[];
}

/** Creates in empty emulators the tables, bucket and queues that the CDK stack creates in AWS. */
export async function provision(options: ProvisionOptions): Promise<ProvisionedResources> {
  const prefix = options.prefix ?? LOCAL_PREFIX;
  const [tables, bucket, queues] = await Promise.all([
    Promise.all((options.tables ?? TABLES).map((table) => createTable(options.dynamodb, prefix, table))),
    createBucket(options.s3, prefix, options.bucket ?? UPLOAD_BUCKET),
    Promise.all((options.queues ?? QUEUES).map((queue) => provisionQueue(options.sqs, prefix, queue))),
  ]);
  return { tables, bucket, queues };
}

/** The environment variables through which handlers learn the names, keyed by each definition's `envVar`. */
export function resourceEnv(resources: ProvisionedResources): Record<string, string> {
  const env: Record<string, string> = {};
  for (const table of resources.tables) env[table.definition.envVar] = table.name;
  env[resources.bucket.definition.envVar] = resources.bucket.name;
  for (const queue of resources.queues) env[queue.definition.envVar] = queue.url;
  return env;
}

export const tableFor = (resources: ProvisionedResources, definition: TableDefinition): ProvisionedTable =>
  required(resources.tables.find((table) => table.definition.id === definition.id), `table ${definition.id} was not provisioned`);

export const queueFor = (resources: ProvisionedResources, definition: QueueDefinition): ProvisionedQueue =>
  required(resources.queues.find((queue) => queue.definition.id === definition.id), `queue ${definition.id} was not provisioned`);

async function createTable(client: DynamoDBClient, prefix: string, table: TableDefinition): Promise<ProvisionedTable> {
  const name = prefix + table.id;
  const keys: KeyAttribute[] = [table.partitionKey, table.sortKey];
  for (const index of table.globalIndexes) keys.push(index.partitionKey, index.sortKey);
  // Every key attribute is declared once, whether it keys the table or an index.
  const attributeDefinitions = new Map<string, AttributeDefinition>();
  for (const key of keys) attributeDefinitions.set(key.name, { AttributeName: key.name, AttributeType: key.type });

  const created = await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: table.stream ? { StreamEnabled: true, StreamViewType: table.stream } : undefined,
      AttributeDefinitions: [...attributeDefinitions.values()],
      KeySchema: [
        { AttributeName: table.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: table.sortKey.name, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes:
        table.globalIndexes.length === 0
          ? undefined
          : table.globalIndexes.map((index) => ({
              IndexName: index.indexName,
              KeySchema: [
                { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
                { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
              ],
              Projection: {
                ProjectionType: index.projection ?? 'ALL',
                NonKeyAttributes: index.projection === 'INCLUDE' ? [...(index.nonKeyAttributes ?? [])] : undefined,
              },
            })),
    }),
  );
  if (table.timeToLiveAttribute !== undefined) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
      }),
    );
  }
  return { definition: table, name, streamArn: created.TableDescription?.LatestStreamArn };
}

async function createBucket(client: S3Client, prefix: string, bucket: BucketDefinition): Promise<ProvisionedBucket> {
  // S3 bucket names are lower case only; the emulator would accept more, real S3 would not.
  const name = (prefix + bucket.id).toLowerCase();
  await client.send(new CreateBucketCommand({ Bucket: name }));
  return { definition: bucket, name };
}

/** A queue and its dead-letter queue `<name>-dlq`, redriven after the definition's maxReceiveCount. */
export async function provisionQueue(client: SQSClient, prefix: string, queue: QueueDefinition): Promise<ProvisionedQueue> {
  const name = prefix + queue.id;
  const dlqName = `${name}-dlq`;
  const dlq = await client.send(
    new CreateQueueCommand({ QueueName: dlqName, Attributes: { MessageRetentionPeriod: String(DLQ_RETENTION_SECONDS) } }),
  );
  const dlqUrl = required(dlq.QueueUrl, `CreateQueue ${dlqName} returned no QueueUrl`);
  const dlqArn = await queueArn(client, dlqUrl);
  const created = await client.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
        MessageRetentionPeriod: String(queue.retentionDays * DAY_SECONDS),
        MaximumMessageSize: String(MAX_MESSAGE_BYTES),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: queue.maxReceiveCount }),
      },
    }),
  );
  const url = required(created.QueueUrl, `CreateQueue ${name} returned no QueueUrl`);
  return { definition: queue, name, url, arn: await queueArn(client, url), dlqName, dlqUrl, dlqArn };
}

async function queueArn(client: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  return required(Attributes?.QueueArn, `GetQueueAttributes returned no QueueArn for ${queueUrl}`);
}

function required<T>(value: T | undefined, message: string): T {
  if (value === undefined) throw new Error(message);
  return value;
}

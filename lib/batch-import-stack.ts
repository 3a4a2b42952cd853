import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { BatchImportApi } from './constructs/batch-import-api';
import { ChunkQueue } from './constructs/chunk-queue';
import { DataTables } from './constructs/data-tables';
import { UploadIngest } from './constructs/upload-ingest';
import { WorkerFunctions } from './constructs/worker-functions';
import { CHUNK_QUEUE, CONTROL_TABLE, RECORDS_TABLE, UPLOAD_BUCKET, UPLOAD_EVENTS_QUEUE } from './resources';

export interface BatchImportStackProps extends StackProps {
  /**
   * What happens to the tables and the upload bucket when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly dataRemovalPolicy?: RemovalPolicy;
  /**
   * How long function and access logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
}

/**
 * The batch import service: HTTP API → uploads in S3 → object-created events → splitter → chunk queue →
 * chunk processor → DynamoDB. Composes the constructs and hands each function the names it needs.
 */
export class BatchImportStack extends Stack {
  public readonly tables: DataTables;
  public readonly ingest: UploadIngest;
  public readonly chunks: ChunkQueue;
  public readonly api: BatchImportApi;
  public readonly workers: WorkerFunctions;

  constructor(scope: Construct, id: string, props: BatchImportStackProps = {}) {
    super(scope, id, props);
    const removalPolicy = props.dataRemovalPolicy ?? RemovalPolicy.RETAIN;

    this.tables = new DataTables(this, 'DataTables', { removalPolicy });
    this.ingest = new UploadIngest(this, 'UploadIngest', { removalPolicy });
    this.chunks = new ChunkQueue(this, 'ChunkQueue');

    const controlTable = this.tables.table(CONTROL_TABLE.id);
    const recordsTable = this.tables.table(RECORDS_TABLE.id);
    const bucket = this.ingest.bucket;
    // Every function gets every name: handlers share one config schema, and a name grants no access by itself.
    const environment = {
      [CONTROL_TABLE.envVar]: controlTable.tableName,
      [RECORDS_TABLE.envVar]: recordsTable.tableName,
      [UPLOAD_BUCKET.envVar]: bucket.bucketName,
      [CHUNK_QUEUE.envVar]: this.chunks.queue.queueUrl,
      [UPLOAD_EVENTS_QUEUE.envVar]: this.ingest.eventsQueue.queueUrl,
    };

    this.api = new BatchImportApi(this, 'Api', {
      controlTable,
      bucket,
      environment,
      logRetention: props.logRetention,
    });
    this.workers = new WorkerFunctions(this, 'Workers', {
      controlTable,
      recordsTable,
      bucket,
      uploadEventsQueue: this.ingest.eventsQueue,
      chunkQueue: this.chunks.queue,
      environment,
      logRetention: props.logRetention,
    });

    // Output ids are looked up by name (the keys CLI reads ControlTableName): keep them stable.
    new CfnOutput(this, 'ApiUrl', { value: this.api.httpApi.apiEndpoint, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'ControlTableName', { value: controlTable.tableName });
    new CfnOutput(this, 'RecordsTableName', { value: recordsTable.tableName });
    new CfnOutput(this, 'UploadBucketName', { value: bucket.bucketName });
  }
}

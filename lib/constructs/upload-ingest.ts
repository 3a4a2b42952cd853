import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { UPLOAD_BUCKET, UPLOAD_EVENTS_QUEUE, type BucketDefinition, type QueueDefinition } from '../resources';
import { SecureQueue } from './secure-queue';

/** How long the upload bucket's access logs are kept. */
const ACCESS_LOG_RETENTION_DAYS = 90;

export interface UploadIngestProps {
  /**
   * Prefixes and expirations of the upload bucket.
   * @default UPLOAD_BUCKET from lib/resources.ts
   */
  readonly bucket?: BucketDefinition;
  /**
   * The queue that receives the bucket's object-created events.
   * @default UPLOAD_EVENTS_QUEUE from lib/resources.ts
   */
  readonly eventsQueue?: QueueDefinition;
  /**
   * Origins allowed to PUT objects straight to the bucket through presigned URLs.
   * @default ['*'] (a presigned URL is the credential, so the origin adds no protection)
   */
  readonly uploadAllowedOrigins?: readonly string[];
  /**
   * What happens to the bucket (and the files in it) when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Where files enter the service: a private bucket that clients PUT to through presigned URLs, whose
 * object-created events under the upload prefix go to a queue (with a DLQ) that the splitter consumes.
 */
export class UploadIngest extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly eventsQueue: sqs.Queue;
  public readonly eventsDeadLetterQueue: sqs.Queue;
  /** The upload bucket's server access logs (who read or wrote which file, for audits), kept 90 days. */
  public readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: UploadIngestProps = {}) {
    super(scope, id);
    const definition = props.bucket ?? UPLOAD_BUCKET;
    const queueDefinition = props.eventsQueue ?? UPLOAD_EVENTS_QUEUE;
    const allowedOrigins = props.uploadAllowedOrigins ?? ['*'];
    validate(definition, allowedOrigins);

    // S3 delivers the access logs through a bucket policy rather than an ACL, so the log bucket keeps ACLs off
    // (the feature flag, set for this construct's children only; it must be set before they exist).
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      // S3 delivers server access logs through the bucket policy CDK writes (owner enforced: no ACLs).
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'ExpireAccessLogs', expiration: Duration.days(ACCESS_LOG_RETENTION_DAYS) }],
      removalPolicy,
    });
    this.bucket = new s3.Bucket(this, definition.id, {
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'upload-bucket/',
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [
        {
          id: 'ExpireUploads',
          prefix: definition.uploadPrefix,
          expiration: Duration.days(definition.uploadExpirationDays),
        },
        {
          id: 'ExpireFailureReports',
          prefix: definition.failuresPrefix,
          expiration: Duration.days(definition.failuresExpirationDays),
        },
        {
          id: 'ExpireDownloads',
          prefix: definition.reportsPrefix,
          expiration: Duration.days(definition.reportsExpirationDays),
        },
        {
          // The rows a cancel left unattempted are the user's data, kept as long as the failure documents. Parked
          // chunks never expire: a paused run keeps them until it is resumed or cancelled.
          id: 'ExpireUnprocessedRows',
          prefix: definition.unprocessedPrefix,
          expiration: Duration.days(definition.failuresExpirationDays),
        },
        // A client that gives up halfway leaves parts that are billed but invisible in listings.
        { id: 'AbortIncompleteMultipartUploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      cors: [
        {
          allowedMethods: [s3.HttpMethods.PUT],
          allowedOrigins: [...allowedOrigins],
          allowedHeaders: ['*'],
          exposedHeaders: ['ETag'],
          maxAge: 3600,
        },
      ],
      removalPolicy,
    });

    const events = new SecureQueue(this, queueDefinition.id, { definition: queueDefinition });
    this.eventsQueue = events.queue;
    this.eventsDeadLetterQueue = events.deadLetterQueue;

    // Failure reports share the bucket; only raw uploads may start a split.
    this.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(this.eventsQueue), {
      prefix: definition.uploadPrefix,
    });
  }
}

function validate(definition: BucketDefinition, allowedOrigins: readonly string[]): void {
  const { id, uploadPrefix, failuresPrefix, reportsPrefix, dropsPrefix, uploadExpirationDays, failuresExpirationDays, reportsExpirationDays } =
    definition;
  // Drops (import jobs' sources) must not overlap uploads either: a dropped file is started by its job's schedule.
  const prefixes = [
    ['uploadPrefix', uploadPrefix],
    ['failuresPrefix', failuresPrefix],
    ['reportsPrefix', reportsPrefix],
    ['dropsPrefix', dropsPrefix],
  ] as const;
  for (const [name, prefix] of prefixes) {
    if (!/^[A-Za-z0-9._-]+\/$/.test(prefix)) {
      throw new Error(`UploadIngest ${id}: ${name} must be one path segment ending in '/', got '${prefix}'`);
    }
  }
  // Overlapping prefixes would let reports trigger splits and expire with the wrong lifecycle rule.
  for (const [name, prefix] of prefixes) {
    for (const [otherName, other] of prefixes) {
      if (name !== otherName && prefix.startsWith(other)) {
        throw new Error(`UploadIngest ${id}: ${name} and ${otherName} must not overlap`);
      }
    }
  }
  const expirations = [
    ['uploadExpirationDays', uploadExpirationDays],
    ['failuresExpirationDays', failuresExpirationDays],
    ['reportsExpirationDays', reportsExpirationDays],
  ] as const;
  for (const [name, days] of expirations) {
    if (!Number.isInteger(days) || days < 1) {
      throw new Error(`UploadIngest ${id}: ${name} must be a positive integer`);
    }
  }
  // Job control's prefixes likewise: a parked chunk under uploads/ would start a split, one under reports/ expire.
  const controlPrefixes = [['parkedPrefix', definition.parkedPrefix], ['unprocessedPrefix', definition.unprocessedPrefix]] as const;
  for (const [name, prefix] of controlPrefixes) {
    if (!/^[A-Za-z0-9._-]+\/$/.test(prefix)) {
      throw new Error(`UploadIngest ${id}: ${name} must be one path segment ending in '/', got '${prefix}'`);
    }
    for (const [otherName, other] of [...prefixes, ...controlPrefixes]) {
      if (name !== otherName && (prefix.startsWith(other) || other.startsWith(prefix))) {
        throw new Error(`UploadIngest ${id}: ${name} and ${otherName} must not overlap`);
      }
    }
  }
  if (allowedOrigins.length === 0) {
    throw new Error(`UploadIngest ${id}: uploadAllowedOrigins must not be empty`);
  }
}

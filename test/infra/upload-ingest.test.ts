import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { UploadIngest } from '../../lib/constructs/upload-ingest';
import { UPLOAD_BUCKET, UPLOAD_EVENTS_QUEUE } from '../../lib/resources';
import { newApp } from './support/app';

const DAY_SECONDS = 24 * 60 * 60;

describe('Construct: UploadIngest', () => {
  let stack: Stack;
  let ingest: UploadIngest;
  let template: Template;

  beforeAll(() => {
    // Arrange
    stack = new Stack(newApp(), 'TestStack');
    // Act
    ingest = new UploadIngest(stack, 'UploadIngest');
    template = Template.fromStack(stack);
  });

  const bucketArn = (): unknown => stack.resolve(ingest.bucket.bucketArn);
  const logicalId = (construct: { node: { defaultChild?: unknown } }): string =>
    stack.getLogicalId(construct.node.defaultChild as never);

  describe('bucket', () => {
    it('blocks all public access and encrypts with S3-managed keys', () => {
      // Assert
      template.hasResourceProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      });
    });

    it('denies every request that is not over TLS 1.2 or later', () => {
      // Assert
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logicalId(ingest.bucket) },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Principal: { AWS: '*' },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
            }),
          ]),
        },
      });
    });

    it('expires uploads, failure reports and unprocessed rows after their days and aborts stale multipart uploads after one', () => {
      // Assert
      const rules = template.toJSON().Resources[logicalId(ingest.bucket)].Properties.LifecycleConfiguration.Rules;
      expect(rules).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Prefix: UPLOAD_BUCKET.uploadPrefix,
            ExpirationInDays: UPLOAD_BUCKET.uploadExpirationDays,
            Status: 'Enabled',
          }),
          expect.objectContaining({
            Prefix: UPLOAD_BUCKET.failuresPrefix,
            ExpirationInDays: UPLOAD_BUCKET.failuresExpirationDays,
            Status: 'Enabled',
          }),
          expect.objectContaining({
            Prefix: UPLOAD_BUCKET.unprocessedPrefix,
            ExpirationInDays: UPLOAD_BUCKET.failuresExpirationDays,
            Status: 'Enabled',
          }),
          expect.objectContaining({
            Prefix: UPLOAD_BUCKET.reportsPrefix,
            ExpirationInDays: UPLOAD_BUCKET.reportsExpirationDays,
            Status: 'Enabled',
          }),
          expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }),
        ]),
      );
      expect(rules).toHaveLength(5);
    });

    it('lets browsers PUT to presigned URLs from any origin, and nothing else', () => {
      // Assert
      template.hasResourceProperties('AWS::S3::Bucket', {
        CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedMethods: ['PUT'], AllowedOrigins: ['*'] })] },
      });
    });

    it('logs its access to a private, SSL-only log bucket that keeps the logs 90 days', () => {
      // Assert
      template.hasResourceProperties('AWS::S3::Bucket', {
        LoggingConfiguration: { DestinationBucketName: { Ref: logicalId(ingest.accessLogsBucket) }, LogFilePrefix: 'upload-bucket/' },
      });
      template.hasResourceProperties('AWS::S3::Bucket', {
        PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicAcls: true, RestrictPublicBuckets: true }),
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90, Status: 'Enabled' })] },
      });
      // S3's log delivery writes through the bucket policy, which also refuses plain HTTP.
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logicalId(ingest.accessLogsBucket) },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({ Effect: 'Allow', Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject' }),
          ]),
        },
      });
    });

    it('is retained when it leaves the stack', () => {
      // Assert
      template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    });
  });

  describe('object-created notification', () => {
    it('sends object-created events under the upload prefix, and only those, to the events queue', () => {
      // Assert
      template.hasResourceProperties('Custom::S3BucketNotifications', {
        BucketName: { Ref: logicalId(ingest.bucket) },
        NotificationConfiguration: {
          QueueConfigurations: [
            {
              Events: ['s3:ObjectCreated:*'],
              Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: UPLOAD_BUCKET.uploadPrefix }] } },
              QueueArn: stack.resolve(ingest.eventsQueue.queueArn),
            },
          ],
        },
      });
    });

    it('lets S3 send to the queue only on behalf of this bucket', () => {
      // Assert
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: logicalId(ingest.eventsQueue) }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 's3.amazonaws.com' },
              Action: Match.arrayWith(['sqs:SendMessage']),
              Condition: { ArnLike: { 'aws:SourceArn': bucketArn() } },
            }),
          ]),
        },
      });
    });
  });

  describe('events queue', () => {
    it('dead-letters a message after maxReceiveCount receives', () => {
      // Assert
      template.hasResourceProperties('AWS::SQS::Queue', {
        RedrivePolicy: {
          deadLetterTargetArn: stack.resolve(ingest.eventsDeadLetterQueue.queueArn),
          maxReceiveCount: UPLOAD_EVENTS_QUEUE.maxReceiveCount,
        },
        VisibilityTimeout: UPLOAD_EVENTS_QUEUE.visibilityTimeoutSeconds,
        MessageRetentionPeriod: UPLOAD_EVENTS_QUEUE.retentionDays * DAY_SECONDS,
        SqsManagedSseEnabled: true,
      });
    });

    it('keeps dead letters 14 days, encrypted', () => {
      // Assert
      const dlq = template.toJSON().Resources[logicalId(ingest.eventsDeadLetterQueue)].Properties;
      expect(dlq).toMatchObject({ MessageRetentionPeriod: 14 * DAY_SECONDS, SqsManagedSseEnabled: true });
      expect(dlq.RedrivePolicy).toBeUndefined();
    });
  });

  describe('validation', () => {
    it.each([
      ['a prefix without a trailing slash', { ...UPLOAD_BUCKET, uploadPrefix: 'uploads' }, /one path segment ending in '\/'/],
      ['overlapping prefixes', { ...UPLOAD_BUCKET, failuresPrefix: UPLOAD_BUCKET.uploadPrefix }, /must not overlap/],
      ['drops inside uploads (a dropped file would start a split)', { ...UPLOAD_BUCKET, dropsPrefix: UPLOAD_BUCKET.uploadPrefix }, /must not overlap/],
      ['a zero expiration', { ...UPLOAD_BUCKET, uploadExpirationDays: 0 }, /uploadExpirationDays must be a positive integer/],
    ])('rejects %s', (_case, bucket, message) => {
      // Arrange
      const other = new Stack(newApp(), 'Other');
      // Act / Assert
      expect(() => new UploadIngest(other, 'UploadIngest', { bucket })).toThrow(message);
    });
  });
});

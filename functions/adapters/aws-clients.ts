import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SESClient } from '@aws-sdk/client-ses';
import { SchedulerClient } from '@aws-sdk/client-scheduler';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * X-Ray subsegments for every SDK call. Powertools turns tracing off by itself outside Lambda (no
 * AWS_EXECUTION_ENV: the local stack, tests), and `captureAWSv3Client` then hands the client back untouched.
 */
const tracer = new Tracer({ serviceName: 'batch-import' });
const traced = <T>(client: T): T => tracer.captureAWSv3Client(client);

/**
 * SDK clients for one process. In AWS the endpoint variables are unset and the SDK finds the services itself.
 * Locally they point at the emulators; SQS needs the endpoint passed explicitly because the emulator's queue
 * URLs carry a host (`sqs.<region>.localhost`) that does not resolve, and S3 needs path-style addressing.
 */
export interface AwsClients {
  readonly dynamo: DynamoDBDocumentClient;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly ses: SESClient;
  readonly scheduler: SchedulerClient;
}

export interface AwsEndpoints {
  readonly dynamodb?: string;
  readonly s3?: string;
  readonly sqs?: string;
  readonly ses?: string;
  readonly scheduler?: string;
}

export function endpointsFromEnv(env: NodeJS.ProcessEnv = process.env): AwsEndpoints {
  return {
    dynamodb: env.AWS_ENDPOINT_URL_DYNAMODB || undefined,
    s3: env.AWS_ENDPOINT_URL_S3 || undefined,
    sqs: env.AWS_ENDPOINT_URL_SQS || undefined,
    ses: env.AWS_ENDPOINT_URL_SES || undefined,
    scheduler: env.AWS_ENDPOINT_URL_SCHEDULER || undefined,
  };
}

export function createAwsClients(endpoints: AwsEndpoints = endpointsFromEnv()): AwsClients {
  const dynamo = DynamoDBDocumentClient.from(
    traced(new DynamoDBClient({ endpoint: endpoints.dynamodb, maxAttempts: 8 })),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  return {
    dynamo,
    s3: traced(new S3Client({
      endpoint: endpoints.s3,
      forcePathStyle: endpoints.s3 !== undefined,
      // Presigned PUTs must not carry a checksum of an empty body (real S3 rejects the upload).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    })),
    sqs: traced(new SQSClient({ endpoint: endpoints.sqs })),
    ses: traced(new SESClient({ endpoint: endpoints.ses, requestHandler: { requestTimeout: 5000 } })),
    scheduler: traced(new SchedulerClient({ endpoint: endpoints.scheduler })),
  };
}

import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';

/** An SQS event as the Lambda event source mapping delivers it. */
export function sqsEvent(bodies: string[], queue = 'queue'): SQSEvent {
  return {
    Records: bodies.map(
      (body, i): SQSRecord => ({
        messageId: `m-${i}`,
        receiptHandle: `r-${i}`,
        body,
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '0',
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: '0',
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: `arn:aws:sqs:us-east-1:000000000000:${queue}`,
        awsRegion: 'us-east-1',
      }),
    ),
  };
}

export const lambdaContext = {
  awsRequestId: 'req',
  functionName: 'test',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

export function s3EventBody(bucket: string, key: string): string {
  return JSON.stringify({
    Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: bucket }, object: { key: encodeURIComponent(key).replace(/%2F/g, '/'), size: 1 } } }],
  });
}

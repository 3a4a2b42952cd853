import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

/**
 * Exact grants, written out because CDK's `grant*` helpers are broader than the handlers need: `grantReadData`
 * adds Scan and stream reads, `table.grant` opens every index to every action, and the bucket helpers emit
 * wildcards such as `s3:GetObject*` and `s3:Abort*`. Action names are closed unions so no wildcard can be passed.
 */

export type TableAction =
  | 'GetItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'Query'
  | 'BatchGetItem'
  | 'BatchWriteItem'
  | 'ConditionCheckItem';

/** AbortMultipartUpload: a streamed (multipart) write that fails cleans up its parts. */
export type ObjectAction = 'GetObject' | 'PutObject' | 'DeleteObject' | 'AbortMultipartUpload';

/**
 * Item actions on the table. Query is granted on the named indexes only: the service queries nothing but indexes,
 * so Query on the table itself (a scan of a partition) is never granted.
 */
export function grantTableActions(
  grantee: iam.IGrantable,
  table: dynamodb.ITableV2,
  actions: readonly TableAction[],
  queriedIndexes: readonly string[] = [],
): void {
  requireSome('table', actions);
  const itemActions = actions.filter((action) => action !== 'Query');
  if (actions.includes('Query') !== queriedIndexes.length > 0) {
    throw new Error('grantTableActions: Query needs the names of the indexes it reads, and indexes need Query');
  }
  if (itemActions.length > 0) {
    iam.Grant.addToPrincipal({
      grantee,
      actions: itemActions.map((action) => `dynamodb:${action}`),
      resourceArns: [table.tableArn],
    });
  }
  if (queriedIndexes.length > 0) {
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:Query'],
      resourceArns: queriedIndexes.map((name) => `${table.tableArn}/index/${name}`),
    });
  }
}

/** Object actions under one key prefix of the bucket (the prefix ends with '/'). */
export function grantObjectActions(
  grantee: iam.IGrantable,
  bucket: s3.IBucket,
  prefix: string,
  actions: readonly ObjectAction[],
): void {
  requireSome('object', actions);
  if (!prefix.endsWith('/')) {
    throw new Error(`grantObjectActions: prefix must end with '/', got '${prefix}'`);
  }
  iam.Grant.addToPrincipal({
    grantee,
    actions: actions.map((action) => `s3:${action}`),
    resourceArns: [bucket.arnForObjects(`${prefix}*`)],
  });
}

/**
 * s3:ListBucket on the bucket, only for keys under one prefix (the `s3:prefix` condition): a function can list a
 * run's failure documents and nothing else. It also turns a missing key under that prefix into 404 instead of 403.
 */
export function grantListPrefix(grantee: iam.IGrantable, bucket: s3.IBucket, prefix: string): void {
  if (!prefix.endsWith('/')) {
    throw new Error(`grantListPrefix: prefix must end with '/', got '${prefix}'`);
  }
  iam.Grant.addToPrincipal({
    grantee,
    actions: ['s3:ListBucket'],
    resourceArns: [bucket.bucketArn],
    conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
  });
}

/** SendMessage alone (it also covers SendMessageBatch); the queue is SQS-encrypted, so no KMS grant. */
export function grantSendMessage(grantee: iam.IGrantable, queue: sqs.IQueue): void {
  iam.Grant.addToPrincipal({ grantee, actions: ['sqs:SendMessage'], resourceArns: [queue.queueArn] });
}

function requireSome(kind: string, actions: readonly string[]): void {
  if (actions.length === 0) {
    throw new Error(`least-privilege: at least one ${kind} action is required`);
  }
}

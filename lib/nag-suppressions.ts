import { Stack, type CfnElement } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { NagSuppressions, type NagPackSuppression } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { BatchImportStack } from './batch-import-stack';
import { UPLOAD_BUCKET } from './resources';

/**
 * Every cdk-nag finding (AwsSolutions and Serverless packs) that the stack keeps on purpose, with its reason, in
 * one place. Findings that were cheap to fix are fixed in the constructs instead (SSL-only queue and bucket
 * policies, the upload bucket's access logs, JSON access logs of the API, log retention, tracing, DLQs). IAM5
 * suppressions name the exact wildcard they allow (`appliesTo`), so a new wildcard grant still fails the nag test
 * (test/infra/nag.test.ts). Run the packs on a synth with `npx cdk synth -c nag=true`.
 */
export function applyNagSuppressions(stack: BatchImportStack): void {
  const api = Object.values(stack.api.functions);
  const consumers = [stack.workers.splitter, stack.workers.chunkProcessor, stack.workers.reportBuilder, stack.deadChunks.function];
  const scheduled = Object.values(stack.scheduled.functions);
  const all = [...api, ...consumers, ...scheduled, stack.leaseSweeper.function, stack.runEnded.function];

  for (const fn of all) suppress(fn, everyFunction(stack));

  for (const fn of api) {
    suppress(fn, [
      rule('Serverless-LambdaDLQ', 'API Gateway invokes it synchronously: the caller gets the error, and a DLQ only catches asynchronous invocations.'),
    ]);
  }
  for (const fn of consumers) {
    suppress(fn, [
      rule(
        'Serverless-LambdaDLQ',
        "An SQS event source mapping invokes it synchronously: a message that keeps failing moves to its queue's dead-letter queue (redrive policy), which alarms.",
      ),
      rule(
        'Serverless-LambdaEventSourceMappingDestination',
        "Lambda supports on-failure destinations only for stream and Kafka sources, not SQS: failed messages go to the source queue's redrive dead-letter queue.",
      ),
    ]);
  }
  for (const fn of scheduled) {
    suppress(fn, [
      rule(
        'Serverless-LambdaDLQ',
        'Scheduler invokes it asynchronously; an invocation that fails after retries goes to its on-failure destination (the FailedInvocations queue, alarmed), which replaces a DLQ and carries the error too.',
      ),
    ]);
  }
  suppress(stack.leaseSweeper.function, [
    rule(
      'Serverless-LambdaDLQ',
      'Scheduler invokes the sweeper every minute; a failed sweep is made up by the next one and alarms on its errors, so there is nothing worth keeping in a DLQ.',
    ),
  ]);

  suppress(stack.runEnded.function, [
    rule(
      'Serverless-LambdaDLQ',
      "A DynamoDB stream event source mapping invokes it synchronously: a record that keeps failing goes to the mapping's on-failure destination (the RunEnded failure queue, alarmed), which a function DLQ would not catch.",
    ),
  ]);

  // Queues that are themselves where failures end: nothing consumes them, a person does (depth and age alarm).
  const deadLetterQueues = [
    stack.chunks.salvageFailedQueue,
    stack.ingest.eventsDeadLetterQueue,
    stack.reports.deadLetterQueue,
    stack.schedules.deadLetterQueue,
    stack.scheduled.failedInvocations,
    stack.runEnded.failureQueue,
  ];
  for (const queue of new Set(deadLetterQueues)) {
    suppress(queue, [
      rule('AwsSolutions-SQS3', 'This queue is a dead-letter queue (or an on-failure destination): failures end here, and its depth and age alarm.'),
      rule('Serverless-SQSRedrivePolicy', 'This queue is a dead-letter queue (or an on-failure destination): nothing consumes it, so there is nothing to redrive.'),
    ]);
  }

  suppress(stack.api.httpApi, [
    rule(
      'AwsSolutions-APIG4',
      'Auth is done in the functions: each route checks the API key (or the dashboard session) against the control table and scopes it to the org; health, the OpenAPI document and the API reference are public by design. An API Gateway authorizer would add a second lookup and a Lambda per request.',
    ),
  ]);

  NagSuppressions.addResourceSuppressions(stack.api.sessionSecret, [
    rule(
      'AwsSolutions-SMG4',
      'The key that seals dashboard session cookies: a new value ends every open session, so it is rotated by hand (put a new random value) when wanted, not on a schedule by a rotation Lambda.',
    ),
  ]);

  // The bucket alone, not its policy.
  NagSuppressions.addResourceSuppressions(stack.ingest.accessLogsBucket, [
    rule('AwsSolutions-S1', "This is the upload bucket's access log bucket: logging its own access would log the logs."),
  ]);

  // CDK's singleton that writes the upload bucket's event notifications at deploy time.
  for (const child of stack.node.children.filter((c) => c.node.id.startsWith('BucketNotificationsHandler'))) {
    suppress(child, [rule('AwsSolutions-IAM4', BASIC_EXECUTION_ROLE_REASON, [BASIC_EXECUTION_ROLE])]);
  }
}

const BASIC_EXECUTION_ROLE = 'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole';
const BASIC_EXECUTION_ROLE_REASON =
  "AWS's managed AWSLambdaBasicExecutionRole: logs:CreateLogGroup, CreateLogStream and PutLogEvents, which every function needs to log.";

/** What every function of the service keeps, whatever invokes it. */
function everyFunction(stack: BatchImportStack): NagPackSuppression[] {
  const bucketArn = `<${Stack.of(stack).getLogicalId(stack.ingest.bucket.node.defaultChild as CfnElement)}.Arn>`;
  const prefixes = [
    UPLOAD_BUCKET.uploadPrefix,
    UPLOAD_BUCKET.failuresPrefix,
    UPLOAD_BUCKET.parkedPrefix,
    UPLOAD_BUCKET.unprocessedPrefix,
    UPLOAD_BUCKET.reportsPrefix,
    UPLOAD_BUCKET.dropsPrefix,
  ];
  const groupId = Stack.of(stack).getLogicalId(stack.schedules.group);
  const runtime =
    'Pinned to Node.js 22, the runtime the bundles are built for (esbuild target node22) and the code is tested on; moving to a newer runtime is a deliberate upgrade with its own test run, not a lint fix.';
  return [
    rule('AwsSolutions-IAM4', BASIC_EXECUTION_ROLE_REASON, [BASIC_EXECUTION_ROLE]),
    rule(
      'AwsSolutions-IAM5',
      'X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords take no resource, so IAM requires Resource "*" (the only statement on "*": asserted in nag.test.ts).',
      ['Resource::*'],
    ),
    rule(
      'AwsSolutions-IAM5',
      "Object keys under one prefix of the upload bucket: keys name the org and the run, which exist only at run time. Exact actions only, one prefix per grant (each function's prefixes asserted in iam.test.ts).",
      prefixes.map((prefix) => `Resource::${bucketArn}/${prefix}*`),
    ),
    rule(
      'AwsSolutions-IAM5',
      "Import jobs' schedules: created at run time, each named import-job-<id>…, in the service's schedule group only; the stack's fixed schedules do not match the pattern.",
      [{ regex: `/^Resource::arn:<AWS::Partition>:scheduler:(<AWS::Region>|[a-z0-9-]+):(<AWS::AccountId>|\\d{12}):schedule\\/<${groupId}>\\/import-job-\\*$/g` }],
    ),
    rule('AwsSolutions-L1', runtime),
    rule('Serverless-LambdaLatestVersion', runtime),
  ];
}

function rule(id: string, reason: string, appliesTo?: NagPackSuppression['appliesTo']): NagPackSuppression {
  return appliesTo ? { id, reason, appliesTo } : { id, reason };
}

/** On the construct and its children (a function's role and default policy, an API's routes). */
function suppress(construct: IConstruct | lambda.IFunction, suppressions: NagPackSuppression[]): void {
  NagSuppressions.addResourceSuppressions(construct, suppressions, true);
}

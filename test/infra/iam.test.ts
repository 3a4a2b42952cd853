import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CONTROL_TABLE, RECORDS_TABLE, UPLOAD_BUCKET } from '../../lib/resources';
import { newApp } from './support/app';
import { allowedGrants, findWildcardGrants, renderResource } from './support/iam-statements';
import { buildStack, BUILD_TIMEOUT_MS, type BuiltStack } from './support/stack';

const BUCKET_ID = 'Bucket';
const TABLE_ID = 'Table';

/** A template with one bucket, one table and one policy holding `statement`. */
function templateWith(statement: Record<string, unknown>): unknown {
  return {
    Resources: {
      [BUCKET_ID]: { Type: 'AWS::S3::Bucket', Properties: {} },
      [TABLE_ID]: { Type: 'AWS::DynamoDB::GlobalTable', Properties: {} },
      Policy: {
        Type: 'AWS::IAM::Policy',
        Properties: { Roles: [{ Ref: 'Role' }], PolicyDocument: { Version: '2012-10-17', Statement: [statement] } },
      },
    },
  };
}

const objectsOf = (suffix: string): unknown => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [BUCKET_ID, 'Arn'] }, suffix]] });
const allow = (Action: string | string[], Resource: unknown): Record<string, unknown> => ({ Effect: 'Allow', Action, Resource });

describe('Helper: findWildcardGrants', () => {
  it.each([
    ['s3:GetObject* on the bucket objects', allow(['s3:GetObject*', 's3:PutObject'], objectsOf('/*')), 's3:GetObject*'],
    ['s3:List* on the bucket', allow('s3:List*', { 'Fn::GetAtt': [BUCKET_ID, 'Arn'] }), 's3:List*'],
    ['dynamodb:* on the table', allow('dynamodb:*', [{ 'Fn::GetAtt': [TABLE_ID, 'Arn'] }]), 'dynamodb:*'],
    ['* on a Ref to the bucket', allow('*', { Ref: BUCKET_ID }), '*'],
    ['an Fn::Sub naming the bucket', allow('s3:Put*', { 'Fn::Sub': `arn:aws:s3:::\${${BUCKET_ID}}/*` }), 's3:Put*'],
    ['a data action on every resource', allow('s3:Get*', '*'), 's3:Get*'],
    ['a literal table ARN', allow('dynamodb:Batch*', 'arn:aws:dynamodb:eu-west-1:1:table/t'), 'dynamodb:Batch*'],
  ])('reports %s', (_case, statement, action) => {
    // Act
    const findings = findWildcardGrants(templateWith(statement));
    // Assert
    expect(findings.map((finding) => finding.action)).toEqual([action]);
  });

  it.each([
    ['exact actions on the bucket', allow(['s3:GetObject', 's3:PutObject'], objectsOf('/uploads/*'))],
    ['a wildcard action of another service on every resource', allow('xray:Put*', '*')],
    ['a Deny with a wildcard', { Effect: 'Deny', Action: 's3:*', Resource: objectsOf('/*') }],
    ['a wildcard on a resource that is not data', allow('sqs:*', { 'Fn::GetAtt': ['Queue', 'Arn'] })],
  ])('accepts %s', (_case, statement) => {
    // Act / Assert
    expect(findWildcardGrants(templateWith(statement))).toEqual([]);
  });

  it('reports NotAction, which allows everything it does not list', () => {
    // Act
    const findings = findWildcardGrants(templateWith({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }));
    // Assert
    expect(findings).toHaveLength(1);
  });

  it('catches what bucket.grantRead emits', () => {
    // Arrange
    const stack = new Stack(newApp(), 'GrantRead');
    const bucket = new s3.Bucket(stack, 'Bucket');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    // Act
    bucket.grantRead(role);
    const findings = findWildcardGrants(Template.fromStack(stack).toJSON());
    // Assert
    expect(findings.map((finding) => finding.action)).toEqual(expect.arrayContaining(['s3:GetObject*', 's3:List*']));
  });
});

describe('Stack: least privilege', () => {
  let built: BuiltStack;

  beforeAll(() => {
    // Arrange / Act (shared): builds the stack once.
    built = buildStack();
  }, BUILD_TIMEOUT_MS);

  const XRAY = ['xray:PutTelemetryRecords *', 'xray:PutTraceSegments *'];
  // What SqsEventSource grants the consumer on its queue.
  const CONSUME = [
    'sqs:ChangeMessageVisibility',
    'sqs:DeleteMessage',
    'sqs:GetQueueAttributes',
    'sqs:GetQueueUrl',
    'sqs:ReceiveMessage',
  ];

  const grantsOf = (fn: IFunction): string[] => allowedGrants(built.template.toJSON(), built.logicalId(fn.role!));
  const arn = (value: string): string => renderResource(built.stack.resolve(value));
  const tableArn = (id: string): string => arn(built.stack.tables.table(id).tableArn);
  const onTable = (id: string, actions: string[]): string[] => actions.map((action) => `dynamodb:${action} ${tableArn(id)}`);
  /** Query on the named indexes only, never on the table itself. */
  const onIndexes = (id: string, indexes: string[]): string[] => indexes.map((index) => `dynamodb:Query ${tableArn(id)}/index/${index}`);
  const onObjects = (prefix: string, actions: string[]): string[] =>
    actions.map((action) => `s3:${action} ${arn(built.stack.ingest.bucket.arnForObjects(`${prefix}*`))}`);
  const consuming = (queueArn: string): string[] => CONSUME.map((action) => `${action} ${arn(queueArn)}`);
  const listing = (): string => `s3:ListBucket ${arn(built.stack.ingest.bucket.bucketArn)}`;
  // The run-ended consumer, alone, asks for an ended run's final reports.
  const reportRequests = (): string => `sqs:SendMessage ${arn(built.stack.reports.queue.queueArn)}`;

  it('grants no wildcard action on any table or bucket', () => {
    // Act
    const findings = findWildcardGrants(built.template.toJSON());
    // Assert
    expect(findings).toEqual([]);
  });

  it('lets a function list the bucket only under the failures, unprocessed and parked prefixes', () => {
    // Arrange
    const policies = Object.values(built.template.findResources('AWS::IAM::Policy')) as Array<{
      Properties: { PolicyDocument: { Statement: Array<{ Action: unknown; Condition?: unknown }> } };
    }>;
    const listings = policies
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .filter((statement) => [statement.Action].flat().includes('s3:ListBucket'));
    // Assert
    // jobs (?include=failures), reports, the report builder and retry-failed read failure documents; reports and the
    // report builder read unprocessed rows too, and reports looks for a final copy of a report; control lists the
    // parked chunks it sends back; run now and the import-job trigger list an import job's drops.
    const prefixes = listings.map((statement) => (statement.Condition as { StringLike: { 's3:prefix': string[] } }).StringLike['s3:prefix']);
    expect(prefixes.flat().sort()).toEqual(
      [
        ...Array(2).fill(`${UPLOAD_BUCKET.dropsPrefix}*`),
        ...Array(4).fill(`${UPLOAD_BUCKET.failuresPrefix}*`),
        ...Array(2).fill(`${UPLOAD_BUCKET.unprocessedPrefix}*`),
        `${UPLOAD_BUCKET.reportsPrefix}*`,
        `${UPLOAD_BUCKET.parkedPrefix}*`,
      ].sort(),
    );
  });

  it('has policies to check (the walker is not looking at an empty template)', () => {
    // Assert
    expect(Object.keys(built.template.findResources('AWS::IAM::Policy')).length).toBeGreaterThanOrEqual(4);
  });

  it.each([
    [
      'uploads',
      (): IFunction => built.stack.api.functions.uploads,
      (): string[] => [
        ...onTable(CONTROL_TABLE.id, ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem']),
        ...onObjects(UPLOAD_BUCKET.uploadPrefix, ['PutObject']),
      ],
    ],
    [
      'presign',
      (): IFunction => built.stack.api.functions.presign,
      (): string[] => [
        ...onTable(CONTROL_TABLE.id, ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem']),
        ...onObjects(UPLOAD_BUCKET.uploadPrefix, ['PutObject']),
      ],
    ],
    [
      'jobs',
      (): IFunction => built.stack.api.functions.jobs,
      (): string[] => [
        ...onTable(CONTROL_TABLE.id, ['GetItem', 'BatchGetItem']),
        ...onIndexes(CONTROL_TABLE.id, ['byOrg']),
        ...onObjects(UPLOAD_BUCKET.failuresPrefix, ['GetObject']),
        listing(),
      ],
    ],
    [
      'reports',
      (): IFunction => built.stack.api.functions.reports,
      (): string[] => [
        ...onTable(CONTROL_TABLE.id, ['GetItem']),
        ...onObjects(UPLOAD_BUCKET.failuresPrefix, ['GetObject']),
        ...onObjects(UPLOAD_BUCKET.reportsPrefix, ['PutObject', 'GetObject', 'AbortMultipartUpload']),
        ...onObjects(UPLOAD_BUCKET.unprocessedPrefix, ['GetObject']),
        listing(), // three times, with a condition each (failures/, unprocessed/, reports/): see the listing test above
      ],
    ],
    [
      'control',
      (): IFunction => built.stack.api.functions.control,
      (): string[] => [
        ...onTable(CONTROL_TABLE.id, ['GetItem', 'UpdateItem']),
        ...onObjects(UPLOAD_BUCKET.parkedPrefix, ['GetObject', 'DeleteObject']),
        listing(),
        `sqs:SendMessage ${arn(built.stack.chunks.queue.queueArn)}`,
      ],
    ],
    [
      'retry-failed',
      (): IFunction => built.stack.api.functions.retryFailed,
      (): string[] => [
        ...onTable(CONTROL_TABLE.id, ['GetItem', 'PutItem', 'UpdateItem']),
        ...onObjects(UPLOAD_BUCKET.failuresPrefix, ['GetObject']),
        ...onObjects(UPLOAD_BUCKET.uploadPrefix, ['PutObject', 'AbortMultipartUpload']),
        listing(),
      ],
    ],
    [
      'mappings',
      (): IFunction => built.stack.api.functions.mappings,
      (): string[] => [...onTable(CONTROL_TABLE.id, ['GetItem', 'BatchGetItem', 'PutItem', 'DeleteItem']), ...onIndexes(CONTROL_TABLE.id, ['byOrg'])],
    ],
    [
      'import jobs',
      (): IFunction => built.stack.api.functions.importJobs,
      (): string[] => [
        ...onTable(CONTROL_TABLE.id, ['GetItem', 'BatchGetItem', 'PutItem', 'DeleteItem']),
        ...onIndexes(CONTROL_TABLE.id, ['byOrg', 'byImportJob']),
        ...onObjects(UPLOAD_BUCKET.dropsPrefix, ['PutObject']),
      ],
    ],
    [
      'quota',
      (): IFunction => built.stack.api.functions.quota,
      (): string[] => onTable(CONTROL_TABLE.id, ['GetItem', 'PutItem']),
    ],
    [
      'import-job trigger (the schedules\' target)',
      (): IFunction => built.stack.scheduled.functions.runImportJob,
      (): string[] => [
        ...onTable(CONTROL_TABLE.id, ['GetItem', 'PutItem', 'UpdateItem']),
        ...onObjects(UPLOAD_BUCKET.dropsPrefix, ['GetObject']),
        ...onObjects(UPLOAD_BUCKET.uploadPrefix, ['PutObject']),
        listing(),
        // Its asynchronous invocations' failure destination.
        `sqs:SendMessage ${arn(built.stack.scheduled.failedInvocations.queueArn)}`,
      ],
    ],
    [
      'import job runs (run now)',
      (): IFunction => built.stack.api.functions.importJobRuns,
      (): string[] => [
        ...onTable(CONTROL_TABLE.id, ['GetItem', 'PutItem', 'UpdateItem']),
        ...onObjects(UPLOAD_BUCKET.dropsPrefix, ['GetObject']),
        ...onObjects(UPLOAD_BUCKET.uploadPrefix, ['PutObject']),
        listing(),
      ],
    ],
    ['health', (): IFunction => built.stack.api.functions.health, (): string[] => []],
    [
      'splitter',
      (): IFunction => built.stack.workers.splitter,
      (): string[] => [
        ...onTable(CONTROL_TABLE.id, ['GetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem']),
        ...onObjects(UPLOAD_BUCKET.uploadPrefix, ['GetObject']),
        ...onObjects(UPLOAD_BUCKET.unprocessedPrefix, ['PutObject']),
        `sqs:SendMessage ${arn(built.stack.chunks.queue.queueArn)}`,
        `sqs:SendMessage ${arn(built.stack.ingest.eventsQueue.queueArn)}`,
        ...consuming(built.stack.ingest.eventsQueue.queueArn),
      ],
    ],
    [
      'chunk processor',
      (): IFunction => built.stack.workers.chunkProcessor,
      (): string[] => [
        ...onTable(CONTROL_TABLE.id, ['GetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem']),
        ...onTable(RECORDS_TABLE.id, ['GetItem', 'PutItem', 'BatchGetItem', 'ConditionCheckItem']),
        ...onObjects(UPLOAD_BUCKET.failuresPrefix, ['PutObject']),
        ...onObjects(UPLOAD_BUCKET.parkedPrefix, ['PutObject', 'DeleteObject']),
        ...onObjects(UPLOAD_BUCKET.unprocessedPrefix, ['PutObject']),
        ...consuming(built.stack.chunks.queue.queueArn),
      ],
    ],
    [
      'lease sweeper',
      (): IFunction => built.stack.leaseSweeper.function,
      (): string[] => [
        ...onTable(CONTROL_TABLE.id, ['GetItem', 'UpdateItem']),
        ...onIndexes(CONTROL_TABLE.id, ['byLeaseExpiry']),
        ...onObjects(UPLOAD_BUCKET.uploadPrefix, ['GetObject']),
        `sqs:SendMessage ${arn(built.stack.ingest.eventsQueue.queueArn)}`,
      ],
    ],
    [
      'dead-chunk consumer',
      (): IFunction => built.stack.deadChunks.function,
      (): string[] => [
        ...onTable(CONTROL_TABLE.id, ['GetItem', 'PutItem', 'UpdateItem', 'ConditionCheckItem']),
        ...onTable(RECORDS_TABLE.id, ['BatchGetItem']),
        ...onObjects(UPLOAD_BUCKET.failuresPrefix, ['PutObject']),
        ...consuming(built.stack.chunks.deadLetterQueue.queueArn),
      ],
    ],
    [
      'run-ended consumer',
      (): IFunction => built.stack.runEnded.function,
      (): string[] => [
        ...onTable(CONTROL_TABLE.id, ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem']),
        ...['DescribeStream', 'GetRecords', 'GetShardIterator'].map((action) => `dynamodb:${action} ${arn(built.stack.tables.table(CONTROL_TABLE.id).tableStreamArn!)}`),
        `dynamodb:ListStreams ${arn(built.stack.tables.table(CONTROL_TABLE.id).tableStreamArn!)}`,
        ...['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'].map((action) => `${action} ${arn(built.stack.runEnded.failureQueue.queueArn)}`),
        reportRequests(),
      ],
    ],
    [
      'report builder',
      (): IFunction => built.stack.workers.reportBuilder,
      (): string[] => [
        ...onTable(CONTROL_TABLE.id, ['GetItem']),
        ...onObjects(UPLOAD_BUCKET.failuresPrefix, ['GetObject']),
        ...onObjects(UPLOAD_BUCKET.unprocessedPrefix, ['GetObject']),
        ...onObjects(UPLOAD_BUCKET.reportsPrefix, ['PutObject', 'AbortMultipartUpload']),
        listing(),
        ...consuming(built.stack.reports.queue.queueArn),
      ],
    ],
  ])('the %s function may do exactly what it needs', (_name, fn, expected) => {
    // Act: schedule and mail grants are the run-ended consumer's and the import jobs function's; scheduling-stack.test.ts checks them.
    // The session secret's read is the same for every keyed function; dashboard.test.ts checks it.
    const sessionSecretRead = `secretsmanager:GetSecretValue ${arn(built.stack.api.sessionSecret.secretArn)}`;
    const grants = grantsOf(fn()).filter((grant) => !/^(scheduler:|iam:PassRole |ses:)/.test(grant) && grant !== sessionSecretRead);
    // Assert
    expect(grants).toEqual([...XRAY, ...expected()].sort());
  });
});

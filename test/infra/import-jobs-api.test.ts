import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { BatchImportApi } from '../../lib/constructs/batch-import-api';
import { API_FUNCTIONS } from '../../lib/resources';
import { ROUTES } from '../../lib/routes';
import { newApp } from './support/app';
import { allowedGrants, findWildcardGrants } from './support/iam-statements';
import { BUILD_TIMEOUT_MS } from './support/stack';

/** Only the import jobs routes, so the construct bundles one function besides the others it always builds. */
const IMPORT_JOB_ROUTES = ROUTES.filter((route) => route.function === 'importJobs');

describe('Construct: BatchImportApi, import jobs', () => {
  let stack: Stack;
  let template: Template;
  let api: BatchImportApi;
  let role: iam.Role;

  beforeAll(() => {
    // Arrange
    stack = new Stack(newApp(), 'ImportJobsApi', { env: { account: '111122223333', region: 'eu-west-1' } });
    const controlTable = new dynamodb.TableV2(stack, 'Control', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const bucket = new s3.Bucket(stack, 'Bucket');
    role = new iam.Role(stack, 'SchedulerRole', { assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com') });
    // Act
    api = new BatchImportApi(stack, 'Api', {
      controlTable,
      bucket,
      chunkQueue: new sqs.Queue(stack, 'Chunks'),
      routes: IMPORT_JOB_ROUTES,
      importJobSchedules: { scheduleGroupName: 'batch-import', executionRole: role },
    });
    template = Template.fromStack(stack);
  }, BUILD_TIMEOUT_MS);

  const grants = (): string[] => allowedGrants(template.toJSON(), stack.getLogicalId(api.functions.importJobs.role!.node.defaultChild as never));

  it('routes every import job path to the import jobs function, run now excepted', () => {
    expect(IMPORT_JOB_ROUTES.map((route) => `${route.method} ${route.path}`).sort()).toEqual(
      [
        'POST /batch-import/import-jobs',
        'GET /batch-import/import-jobs',
        'GET /batch-import/import-jobs/{importJobId}',
        'PATCH /batch-import/import-jobs/{importJobId}',
        'DELETE /batch-import/import-jobs/{importJobId}',
        'POST /batch-import/import-jobs/{importJobId}/sample',
        'POST /batch-import/import-jobs/{importJobId}/activate',
        'POST /batch-import/import-jobs/{importJobId}/pause',
        'POST /batch-import/import-jobs/{importJobId}/reactivate',
        'GET /batch-import/import-jobs/{importJobId}/runs',
        'POST /batch-import/import-jobs/{importJobId}/files',
      ].sort(),
    );
    template.resourceCountIs('AWS::ApiGatewayV2::Route', IMPORT_JOB_ROUTES.length + 1); // and $default
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: API_FUNCTIONS.importJobs.timeoutSeconds,
      MemorySize: API_FUNCTIONS.importJobs.memoryMb,
    });
  });

  it("may manage only import jobs' schedules, in their group", () => {
    expect(grants().filter((grant) => grant.startsWith('scheduler:'))).toEqual(
      ['CreateSchedule', 'DeleteSchedule', 'GetSchedule', 'UpdateSchedule'].map(
        (action) => `scheduler:${action} arn:\${AWS::Partition}:scheduler:eu-west-1:111122223333:schedule/batch-import/import-job-*`,
      ),
    );
  });

  it("may pass the schedules' role to Scheduler, and to nothing else", () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 'iam:PassRole',
            Effect: 'Allow',
            Resource: stack.resolve(role.roleArn),
            Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
          },
        ]),
      },
    });
  });

  it('grants no wildcard action on the table or the bucket', () => {
    expect(findWildcardGrants(template.toJSON())).toEqual([]);
  });

  it('gives no Scheduler rights when no schedule group is given', () => {
    const bare = new Stack(newApp(), 'Bare');
    const without = new BatchImportApi(bare, 'Api', {
      chunkQueue: new sqs.Queue(bare, 'Chunks'),
      controlTable: new dynamodb.TableV2(bare, 'Control', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } }),
      bucket: new s3.Bucket(bare, 'Bucket'),
      routes: IMPORT_JOB_ROUTES,
    });
    const found = allowedGrants(Template.fromStack(bare).toJSON(), bare.getLogicalId(without.functions.importJobs.role!.node.defaultChild as never));
    expect(found.filter((grant) => grant.startsWith('scheduler:') || grant.startsWith('iam:'))).toEqual([]);
  }, BUILD_TIMEOUT_MS);
});

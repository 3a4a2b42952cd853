import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
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

  beforeAll(() => {
    // Arrange
    stack = new Stack(newApp(), 'ImportJobsApi', { env: { account: '111122223333', region: 'eu-west-1' } });
    const controlTable = new dynamodb.TableV2(stack, 'Control', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const bucket = new s3.Bucket(stack, 'Bucket');
    // Act
    api = new BatchImportApi(stack, 'Api', {
      controlTable,
      bucket,
      chunkQueue: new sqs.Queue(stack, 'Chunks'),
      routes: IMPORT_JOB_ROUTES,
    });
    template = Template.fromStack(stack);
  }, BUILD_TIMEOUT_MS);

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

  it('grants no wildcard action on the table or the bucket', () => {
    expect(findWildcardGrants(template.toJSON())).toEqual([]);
  });

  // Scheduler rights come from ServiceSchedules.grantManageSchedules alone (import-job-* schedules of the group,
  // asserted on the whole stack in scheduling-stack.test.ts): the API construct grants none by itself.
  it('gives no Scheduler or PassRole rights by itself', () => {
    const found = allowedGrants(template.toJSON(), stack.getLogicalId(api.functions.importJobs.role!.node.defaultChild as never));
    expect(found.filter((grant) => grant.startsWith('scheduler:') || grant.startsWith('iam:'))).toEqual([]);
  });
});

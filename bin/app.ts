import { App } from 'aws-cdk-lib';
import { BatchImportStack } from '../lib/batch-import-stack';

const app = new App();
// Without CDK_DEFAULT_* (no credentials, no profile) the stack stays environment-agnostic and still synthesizes.
new BatchImportStack(app, 'BatchImportService', {
  stackName: 'BatchImportService',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

import { App } from 'aws-cdk-lib';
import { BatchImportStack } from '../lib/batch-import-stack';
import { deploymentEnvironment } from '../lib/deployment-environment';

const app = new App();
// `npx cdk deploy -c emailFromAddress=alerts@example.org [-c emailIdentity=example.org]`: a verified SES identity.
const emailFromAddress = app.node.tryGetContext('emailFromAddress') as string | undefined;
const emailIdentity = app.node.tryGetContext('emailIdentity') as string | undefined;
// Without credentials the CLI still sets CDK_DEFAULT_REGION (to us-east-1): the stack stays environment-agnostic
// unless the account is known too, so `cdk synth` without credentials gives a template for any region.
new BatchImportStack(app, 'BatchImportService', {
  stackName: 'BatchImportService',
  env: deploymentEnvironment(),
  // §9: the same variable `npm start` reads; the stack refuses a value that is not a positive integer.
  monthlyRowLimit: process.env.MONTHLY_ROW_LIMIT ? Number(process.env.MONTHLY_ROW_LIMIT) : undefined,
  emailSender: emailFromAddress ? { fromAddress: emailFromAddress, identity: emailIdentity } : undefined,
});

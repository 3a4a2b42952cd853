import { App } from 'aws-cdk-lib';
import { BatchImportStack } from '../lib/batch-import-stack';

const app = new App();
// `npx cdk deploy -c emailFromAddress=alerts@example.org [-c emailIdentity=example.org]`: a verified SES identity.
const emailFromAddress = app.node.tryGetContext('emailFromAddress') as string | undefined;
const emailIdentity = app.node.tryGetContext('emailIdentity') as string | undefined;
// Without CDK_DEFAULT_* (no credentials, no profile) the stack stays environment-agnostic and still synthesizes.
new BatchImportStack(app, 'BatchImportService', {
  stackName: 'BatchImportService',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  // §9: the same variable `npm start` reads; the stack refuses a value that is not a positive integer.
  monthlyRowLimit: process.env.MONTHLY_ROW_LIMIT ? Number(process.env.MONTHLY_ROW_LIMIT) : undefined,
  // The readers' limits, by the same variables `npm start` reads.
  fileLimits: {
    maxColumns: process.env.MAX_COLUMNS ? Number(process.env.MAX_COLUMNS) : undefined,
    maxRowBytes: process.env.MAX_ROW_BYTES ? Number(process.env.MAX_ROW_BYTES) : undefined,
    maxJsonDepth: process.env.MAX_JSON_DEPTH ? Number(process.env.MAX_JSON_DEPTH) : undefined,
  },
  emailSender: emailFromAddress ? { fromAddress: emailFromAddress, identity: emailIdentity } : undefined,
});

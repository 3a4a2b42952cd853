import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { BatchImportStack } from '../lib/batch-import-stack';
import { deploymentEnvironment } from '../lib/deployment-environment';

const app = new App();
// `npx cdk deploy -c emailFromAddress=alerts@example.org [-c emailIdentity=example.org]`: a verified SES identity.
const emailFromAddress = app.node.tryGetContext('emailFromAddress') as string | undefined;
const emailIdentity = app.node.tryGetContext('emailIdentity') as string | undefined;
// `-c alarmEmail=ops@example.org`: subscribed to the alarm topic. `-c allowPlaceholderSender=true`: deploy without
// a real sender. `-c splitterConcurrency=N -c chunkProcessorConcurrency=N`: reserved concurrency.
// `-c apiRateLimit=N -c apiBurstLimit=N -c uploadRateLimit=N -c uploadBurstLimit=N`: the API's throttling.
// `-c recordsWarmWriteUnits=N`: warm throughput (writes/s) of the records table, for large first imports.
const context = (name: string): string | undefined => {
  const value = app.node.tryGetContext(name) as unknown;
  return value === undefined ? undefined : String(value);
};
const contextNumber = (name: string): number | undefined => {
  const value = context(name);
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`-c ${name} must be a positive integer, got '${value}'`);
  return number;
};
const defined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
// Without credentials the CLI still sets CDK_DEFAULT_REGION (to us-east-1): the stack stays environment-agnostic
// unless the account is known too, so `cdk synth` without credentials gives a template for any region.
new BatchImportStack(app, 'BatchImportService', {
  stackName: 'BatchImportService',
  env: deploymentEnvironment(),
  // No CDKMetadata resource: in an environment-agnostic template it brings a condition listing every region by name.
  analyticsReporting: false,
  // §9: the same variable `npm start` reads; the stack refuses a value that is not a positive integer.
  monthlyRowLimit: process.env.MONTHLY_ROW_LIMIT ? Number(process.env.MONTHLY_ROW_LIMIT) : undefined,
  // The readers' limits, by the same variables `npm start` reads.
  fileLimits: {
    maxColumns: process.env.MAX_COLUMNS ? Number(process.env.MAX_COLUMNS) : undefined,
    maxRowBytes: process.env.MAX_ROW_BYTES ? Number(process.env.MAX_ROW_BYTES) : undefined,
    maxJsonDepth: process.env.MAX_JSON_DEPTH ? Number(process.env.MAX_JSON_DEPTH) : undefined,
  },
  emailSender: emailFromAddress ? { fromAddress: emailFromAddress, identity: emailIdentity } : undefined,
  allowPlaceholderSender: context('allowPlaceholderSender') === 'true',
  alarmEmail: context('alarmEmail'),
  // `-c publicBaseUrl=https://imports.example.org`: the address in the alert emails' dashboard links (custom domain).
  publicBaseUrl: context('publicBaseUrl'),
  // `-c recordsTtlDays=N`: imported records expire N days after they were written (DynamoDB TTL).
  recordsTtlDays: contextNumber('recordsTtlDays'),
  reservedConcurrency: defined({ splitter: contextNumber('splitterConcurrency'), chunkProcessor: contextNumber('chunkProcessorConcurrency') }),
  warmThroughput: contextNumber('recordsWarmWriteUnits') ? { RecordsTable: { writeUnitsPerSecond: contextNumber('recordsWarmWriteUnits') } } : undefined,
  apiThrottling: defined({
    rateLimit: contextNumber('apiRateLimit'),
    burstLimit: contextNumber('apiBurstLimit'),
    uploadRateLimit: contextNumber('uploadRateLimit'),
    uploadBurstLimit: contextNumber('uploadBurstLimit'),
  }),
});

// `-c nag=true`: run cdk-nag's AwsSolutions and Serverless packs on the synth (opt-in, so a plain `cdk synth` prints
// only the template). Unsuppressed findings print as errors and warnings; the kept ones and their reasons are in
// lib/nag-suppressions.ts, and test/infra/nag.test.ts fails on any new one.
if (context('nag') === 'true') {
  Aspects.of(app).add(new AwsSolutionsChecks());
  Aspects.of(app).add(new ServerlessChecks());
}

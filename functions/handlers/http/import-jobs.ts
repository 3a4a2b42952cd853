import { ImportJobsConfig, loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { DynamoImportJobRuns } from '../../adapters/dynamodb/import-job-runs';
import { asPort, createLogger } from '../../adapters/logger';
import { samplingFailedNotifier } from '../../core/notifications/send';
import { buildAdapters } from '../dependencies';
import { importJobAlertPorts } from '../run-policy-ports';
import { createImportJobsHandler } from './import-jobs-handler';
import { buildSessions } from './sessions';

// Composition root: built once per cold start.
const config = loadConfig(ImportJobsConfig);
const clients = createAwsClients();
const adapters = buildAdapters(config, clients);

const logger = asPort(createLogger());
const { scheduler, mailer, links } = importJobAlertPorts(config, clients, adapters);

export const handler = createImportJobsHandler({
  sessions: buildSessions(config.session),
  ...adapters,
  importJobRuns: new DynamoImportJobRuns(clients.dynamo, config.controlTable),
  scheduler,
  samplingFailed: samplingFailedNotifier({ mailer, logger, links, defaultRecipients: adapters.orgRecipients }),
  logger,
  uploadBucket: config.uploadBucket,
  runRetryCount: config.runRetryCount,
  limits: {
    maxFileNameLength: config.maxFileNameLength,
    maxPresignedFileBytes: config.maxPresignedFileBytes,
    uploadUrlTtlSeconds: config.uploadUrlTtlSeconds,
  },
  maxUploadBytes: config.maxUploadBytes,
  fileLimits: config.fileLimits,
});

import { loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { DynamoImportJobRuns } from '../../adapters/dynamodb/import-job-runs';
import { asPort, createLogger } from '../../adapters/logger';
import { SchedulerNotWired } from '../../adapters/scheduler/scheduler-not-wired';
import type { Scheduler } from '../../core/scheduling/ports';
import { buildAdapters } from '../dependencies';
import { createImportJobsHandler } from './import-jobs-handler';

// Composition root: built once per cold start.
const config = loadConfig();
const clients = createAwsClients();
const adapters = buildAdapters(config, clients);

/** WIRED AT MERGE: the EventBridge Scheduler adapter (platform). Until then, a stand-in that fails every call. */
const scheduler: Scheduler = new SchedulerNotWired();

export const handler = createImportJobsHandler({
  ...adapters,
  importJobRuns: new DynamoImportJobRuns(clients.dynamo, config.controlTable),
  scheduler,
  logger: asPort(createLogger()),
  uploadBucket: config.uploadBucket,
  runRetryCount: config.runRetryCount,
  limits: {
    maxFileNameLength: config.maxFileNameLength,
    maxPresignedFileBytes: config.maxPresignedFileBytes,
    uploadUrlTtlSeconds: config.uploadUrlTtlSeconds,
  },
  maxUploadBytes: config.maxUploadBytes,
});

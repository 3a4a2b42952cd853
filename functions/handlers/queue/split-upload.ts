import { SplitterConfig, loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { createSplitUploadHandler } from './split-upload-handler';
import { SqsSplitContinuationQueue } from '../../adapters/sqs/split-continuation-queue';
import { DynamoSplitCheckpointStore } from '../../adapters/dynamodb/split-checkpoint-store';

// Composition root: built once per cold start.
const config = loadConfig(SplitterConfig);
const clients = createAwsClients();
const adapters = buildAdapters(config, clients);
const logger = asPort(createLogger());

export const handler = createSplitUploadHandler({
  ...adapters,
  logger,
  chunkMaxRows: config.chunkMaxRows,
  chunkMaxBytes: config.chunkMaxBytes,
  leaseSeconds: config.leaseSeconds,
  checkpoints: new DynamoSplitCheckpointStore(clients.dynamo, config.controlTable),
  continuations: new SqsSplitContinuationQueue(clients.sqs, config.uploadEventsQueueUrl),
  splitTimeBudgetMs: config.splitTimeBudgetSeconds * 1000,
  fileLimits: config.fileLimits,
});

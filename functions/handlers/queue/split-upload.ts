import { ConfigError, loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { createSplitUploadHandler } from './split-upload-handler';
import { SqsSplitContinuationQueue } from '../../adapters/sqs/split-continuation-queue';
import { DynamoSplitCheckpointStore } from '../../adapters/dynamodb/split-checkpoint-store';
import { UPLOAD_EVENTS_QUEUE } from '../../../lib/resources';

// Composition root: built once per cold start.
const config = loadConfig();
const clients = createAwsClients();
const adapters = buildAdapters(config, clients);
const logger = asPort(createLogger());
if (!config.uploadEventsQueueUrl) {
  throw new ConfigError(`Invalid configuration: ${UPLOAD_EVENTS_QUEUE.envVar}: the splitter sends its continuations there`);
}

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

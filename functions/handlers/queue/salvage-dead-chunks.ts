import { DeadChunkConfig, loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { createSalvageDeadChunksHandler } from './salvage-dead-chunks-handler';

// Composition root: built once per cold start.
const config = loadConfig(DeadChunkConfig);
const clients = createAwsClients();
const adapters = buildAdapters(config, clients);
const logger = asPort(createLogger());

export const handler = createSalvageDeadChunksHandler({
  ...adapters,
  logger,
  leaseSeconds: config.leaseSeconds,
});

import { loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { createProcessChunksHandler } from './process-chunks-handler';

// Composition root: built once per cold start.
const config = loadConfig();
const adapters = buildAdapters(config, createAwsClients());

export const handler = createProcessChunksHandler({
  ...adapters,
  logger: asPort(createLogger()),
  leaseSeconds: config.leaseSeconds,
});

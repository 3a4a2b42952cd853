import { DeadChunkConfig, loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { buildRunEndedListener } from '../run-policy';
import { runPolicyPorts } from '../run-policy-ports';
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
  runEnded: buildRunEndedListener(config, adapters, runPolicyPorts(config, clients, adapters), logger),
});

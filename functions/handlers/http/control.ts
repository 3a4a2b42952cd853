import { loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { ignoreRunEnded } from '../../core/use-cases/announce-run-ended';
import { createControlHandler } from './control-handler';

// Composition root: built once per cold start.
const config = loadConfig();
const adapters = buildAdapters(config, createAwsClients());

export const handler = createControlHandler({
  ...adapters,
  logger: asPort(createLogger()),
  leaseSeconds: config.leaseSeconds,
  // Replaced by the notifications and retry policy of import jobs once they exist.
  runEnded: ignoreRunEnded,
});

import { ControlConfig, loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { createControlHandler } from './control-handler';
import { buildSessions } from './sessions';

// Composition root: built once per cold start.
const config = loadConfig(ControlConfig);
const clients = createAwsClients();
const adapters = buildAdapters(config, clients);
const logger = asPort(createLogger());

export const handler = createControlHandler({
  sessions: buildSessions(config.session),
  ...adapters,
  logger,
  leaseSeconds: config.leaseSeconds,
});

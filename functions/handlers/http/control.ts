import { ControlConfig, loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { buildRunEndedListener } from '../run-policy';
import { runPolicyPorts } from '../run-policy-ports';
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
  // Cancelling a queued run (or resuming one whose chunks were all recorded) ends it here.
  runEnded: buildRunEndedListener(config, adapters, runPolicyPorts(config, clients, adapters), logger),
});

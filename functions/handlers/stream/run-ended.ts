import { loadConfig, RunEndedConsumerConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { buildRunEndedListener } from '../run-policy';
import { runPolicyPorts } from '../run-policy-ports';
import { createRunEndedHandler } from './run-ended-handler';

// Composition root: built once per cold start. The only function that applies the run policy, so the only one
// that reads the scheduling and mail settings and PUBLIC_BASE_URL for it.
const config = loadConfig(RunEndedConsumerConfig);
const clients = createAwsClients();
const adapters = buildAdapters(config, clients);
const logger = asPort(createLogger());

export const handler = createRunEndedHandler({
  runs: adapters.runs,
  logger,
  runEnded: buildRunEndedListener(config, clients, adapters, runPolicyPorts(config, clients, adapters), logger),
});

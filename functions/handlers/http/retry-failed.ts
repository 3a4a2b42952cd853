import { RetryFailedConfig, loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { createRetryFailedHandler } from './retry-failed-handler';
import { buildSessions } from './sessions';

// Composition root: built once per cold start.
const config = loadConfig(RetryFailedConfig);
const adapters = buildAdapters(config, createAwsClients());

export const handler = createRetryFailedHandler({ sessions: buildSessions(config.session), ...adapters, logger: asPort(createLogger()) });

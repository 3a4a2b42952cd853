import { loadConfig, loadSessionConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { createRetryFailedHandler } from './retry-failed-handler';
import { buildSessions } from './sessions';

// Composition root: built once per cold start.
const adapters = buildAdapters(loadConfig(), createAwsClients());

export const handler = createRetryFailedHandler({ sessions: buildSessions(loadSessionConfig()), ...adapters, logger: asPort(createLogger()) });

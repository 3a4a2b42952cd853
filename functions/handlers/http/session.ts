import { loadConfig, loadSessionConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { createSessionHandler } from './session-handler';
import { buildSessions } from './sessions';

// Composition root: built once per cold start.
const adapters = buildAdapters(loadConfig(), createAwsClients());

export const handler = createSessionHandler({ ...adapters, sessions: buildSessions(loadSessionConfig()), logger: asPort(createLogger()) });

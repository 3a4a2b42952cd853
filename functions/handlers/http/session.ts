import { SessionFunctionConfig, loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { createSessionHandler } from './session-handler';
import { buildSessions } from './sessions';

// Composition root: built once per cold start.
const config = loadConfig(SessionFunctionConfig);
const adapters = buildAdapters(config, createAwsClients());

export const handler = createSessionHandler({ ...adapters, sessions: buildSessions(config.session), logger: asPort(createLogger()) });

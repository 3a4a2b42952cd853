import { MappingsConfig, loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { createMappingsHandler } from './mappings-handler';
import { buildSessions } from './sessions';

// Composition root: built once per cold start.
const config = loadConfig(MappingsConfig);
const adapters = buildAdapters(config, createAwsClients());

export const handler = createMappingsHandler({ sessions: buildSessions(config.session), ...adapters, logger: asPort(createLogger()) });

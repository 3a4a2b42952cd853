import { loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { createMappingsHandler } from './mappings-handler';

// Composition root: built once per cold start.
const adapters = buildAdapters(loadConfig(), createAwsClients());

export const handler = createMappingsHandler({ ...adapters, logger: asPort(createLogger()) });

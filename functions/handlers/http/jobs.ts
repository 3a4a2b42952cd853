import { loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { createJobsHandler } from './jobs-handler';

// Composition root: built once per cold start.
const adapters = buildAdapters(loadConfig(), createAwsClients());

export const handler = createJobsHandler({ ...adapters, logger: asPort(createLogger()) });

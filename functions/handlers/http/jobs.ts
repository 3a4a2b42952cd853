import { JobsConfig, loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { createJobsHandler } from './jobs-handler';
import { buildSessions } from './sessions';

// Composition root: built once per cold start.
const config = loadConfig(JobsConfig);
const adapters = buildAdapters(config, createAwsClients());

export const handler = createJobsHandler({ sessions: buildSessions(config.session), ...adapters, logger: asPort(createLogger()) });

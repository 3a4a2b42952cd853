import { QuotaConfig, loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { createQuotaHandler } from './quota-handler';
import { buildSessions } from './sessions';

// Composition root: built once per cold start.
const config = loadConfig(QuotaConfig);
const adapters = buildAdapters(config, createAwsClients());

export const handler = createQuotaHandler({ sessions: buildSessions(config.session), ...adapters, monthlyRowLimit: config.monthlyRowLimit, logger: asPort(createLogger()) });

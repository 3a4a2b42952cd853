import { loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { createRetryFailedHandler } from './retry-failed-handler';

// Composition root: built once per cold start.
const adapters = buildAdapters(loadConfig(), createAwsClients());

export const handler = createRetryFailedHandler({ ...adapters, logger: asPort(createLogger()) });

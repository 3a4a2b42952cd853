import { loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { buildImportJobRunDeps } from '../run-policy';
import { createRunImportJobHandler } from './run-import-job-handler';

// Composition root: built once per cold start.
const config = loadConfig();
const clients = createAwsClients();

export const handler = createRunImportJobHandler(
  buildImportJobRunDeps(config, clients, buildAdapters(config, clients), asPort(createLogger())),
);

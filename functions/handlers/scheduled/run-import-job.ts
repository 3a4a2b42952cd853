import { RunImportJobConfig, loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { buildImportJobRunDeps } from '../run-policy';
import { createRunImportJobHandler } from './run-import-job-handler';

// Composition root: built once per cold start.
const config = loadConfig(RunImportJobConfig);
const clients = createAwsClients();
const adapters = buildAdapters(config, clients);

export const handler = createRunImportJobHandler(
  buildImportJobRunDeps(config, adapters, asPort(createLogger())),
);

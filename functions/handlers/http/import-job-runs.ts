import { ImportJobRunsConfig, loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { buildImportJobRunDeps } from '../run-policy';
import { createImportJobRunsHandler } from './import-job-runs-handler';
import { buildSessions } from './sessions';

// Composition root: built once per cold start.
const config = loadConfig(ImportJobRunsConfig);
const clients = createAwsClients();
const adapters = buildAdapters(config, clients);

export const handler = createImportJobRunsHandler({
  sessions: buildSessions(config.session),
  ...buildImportJobRunDeps(config, adapters, asPort(createLogger())),
  apiKeys: adapters.apiKeys,
});

import { ReportsConfig, loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { createReportsHandler } from './reports-handler';
import { buildSessions } from './sessions';

// Composition root: built once per cold start.
const config = loadConfig(ReportsConfig);
const adapters = buildAdapters(config, createAwsClients());

export const handler = createReportsHandler({
  sessions: buildSessions(config.session),
  ...adapters,
  logger: asPort(createLogger()),
  // A download link lives as long as an upload link: long enough to start a large download, then useless.
  downloadUrlTtlSeconds: config.uploadUrlTtlSeconds,
  finalReportDelaySeconds: config.reportBuildDelaySeconds,
});

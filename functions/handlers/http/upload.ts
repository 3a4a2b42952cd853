import { UploadConfig, loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { createUploadHandler } from './upload-handler';
import { buildSessions } from './sessions';

// Composition root: built once per cold start, reused by every request the instance serves.
const config = loadConfig(UploadConfig);
const adapters = buildAdapters(config, createAwsClients());

export const handler = createUploadHandler({
  sessions: buildSessions(config.session),
  ...adapters,
  logger: asPort(createLogger()),
  limits: { maxFileNameLength: config.maxFileNameLength, maxRowsPerFile: config.maxRowsPerFile },
  maxUploadBytes: config.maxUploadBytes,
});

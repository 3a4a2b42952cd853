import { loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { createUploadHandler } from './upload-handler';

// Composition root: built once per cold start, reused by every request the instance serves.
const config = loadConfig();
const adapters = buildAdapters(config, createAwsClients());

export const handler = createUploadHandler({
  ...adapters,
  logger: asPort(createLogger()),
  limits: { maxFileNameLength: config.maxFileNameLength, maxRowsPerFile: config.maxRowsPerFile },
  maxUploadBytes: config.maxUploadBytes,
});

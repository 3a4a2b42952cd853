import { loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { createPresignHandler } from './presign-handler';

// Composition root: built once per cold start.
const config = loadConfig();
const adapters = buildAdapters(config, createAwsClients());

export const handler = createPresignHandler({
  ...adapters,
  logger: asPort(createLogger()),
  limits: {
    maxFileNameLength: config.maxFileNameLength,
    maxPresignedFileBytes: config.maxPresignedFileBytes,
    uploadUrlTtlSeconds: config.uploadUrlTtlSeconds,
  },
});

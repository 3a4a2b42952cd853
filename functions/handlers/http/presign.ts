import { PresignConfig, loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { DynamoUploadWindows } from '../../adapters/dynamodb/upload-windows';
import { createPresignHandler } from './presign-handler';
import { buildSessions } from './sessions';

// Composition root: built once per cold start.
const config = loadConfig(PresignConfig);
const clients = createAwsClients();
const adapters = buildAdapters(config, clients);

export const handler = createPresignHandler({
  sessions: buildSessions(config.session),
  ...adapters,
  logger: asPort(createLogger()),
  uploadWindows: new DynamoUploadWindows(clients.dynamo, config.controlTable),
  limits: {
    maxFileNameLength: config.maxFileNameLength,
    maxPresignedFileBytes: config.maxPresignedFileBytes,
    uploadUrlTtlSeconds: config.uploadUrlTtlSeconds,
  },
});

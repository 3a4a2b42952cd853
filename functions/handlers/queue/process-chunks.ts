import { ChunkProcessorConfig, loadConfig } from '../../config';
import { createAwsClients } from '../../adapters/aws-clients';
import { countingChunkOutcomes, createImportMetrics } from '../../adapters/import-metrics';
import { asPort, createLogger } from '../../adapters/logger';
import { buildAdapters } from '../dependencies';
import { createProcessChunksHandler } from './process-chunks-handler';

// Composition root: built once per cold start.
const config = loadConfig(ChunkProcessorConfig);
const clients = createAwsClients();
const adapters = buildAdapters(config, clients);
const logger = asPort(createLogger());
const metrics = createImportMetrics();

export const handler = createProcessChunksHandler({
  ...adapters,
  // Rows imported, failed and skipped are counted where a chunk's outcome is recorded (once per chunk).
  runs: countingChunkOutcomes(adapters.runs, metrics),
  metrics,
  logger,
  leaseSeconds: config.leaseSeconds,
  monthlyRowLimit: config.monthlyRowLimit,
});

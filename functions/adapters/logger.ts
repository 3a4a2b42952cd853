import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Logger } from '../core/ports';

/** Structured JSON logs with fixed keys (jobId, chunkId, requestId); never whole rows, which hold personal data. */
export function createLogger(serviceName = 'batch-import'): PowertoolsLogger {
  return new PowertoolsLogger({ serviceName });
}

/** The core's logger port over Powertools. */
export function asPort(logger: PowertoolsLogger): Logger {
  return {
    info: (message, extra) => logger.info(message, extra ?? {}),
    warn: (message, extra) => logger.warn(message, extra ?? {}),
    error: (message, extra) => logger.error(message, extra ?? {}),
  };
}

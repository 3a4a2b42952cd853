import { readRunningLocalStack } from '../local/stack-file';
import type { ApiConfig } from './api';
import { CliError } from './errors';

export interface ConnectionFlags {
  readonly url?: string;
  readonly key?: string;
}

/**
 * Where the service is and which key to use: `--url`/`--key`, else `BATCH_IMPORT_URL`/`BATCH_IMPORT_API_KEY`, else
 * the running local stack (`npm start`) and its demo key, found the way the keys CLI finds it. The demo key is used
 * only for the local stack's own URL, never sent to another address.
 */
export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const local = readRunningLocalStack();
  const baseUrl = flags.url || env.BATCH_IMPORT_URL || local?.url;
  if (!baseUrl) {
    throw new CliError('no service URL: set BATCH_IMPORT_URL and BATCH_IMPORT_API_KEY (or --url and --key), or start a local stack with npm start');
  }
  try {
    new URL(baseUrl);
  } catch {
    throw new CliError(`not a URL: ${baseUrl}`);
  }
  const apiKey = flags.key || env.BATCH_IMPORT_API_KEY || (local && sameOrigin(local.url, baseUrl) ? local.demoApiKey : undefined);
  if (!apiKey) throw new CliError(`no API key for ${baseUrl}: set BATCH_IMPORT_API_KEY or pass --key`);
  return { baseUrl, apiKey };
}

function sameOrigin(a: string, b: string): boolean {
  return new URL(a).origin === new URL(b).origin;
}

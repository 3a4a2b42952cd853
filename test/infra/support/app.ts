import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

/** An App with the feature flags of cdk.json, so tests see the template that `cdk synth` produces. */
export function newApp(): App {
  const cdkJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return new App({ context: cdkJson.context ?? {} });
}

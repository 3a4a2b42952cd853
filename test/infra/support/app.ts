import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';

const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface NewAppOptions {
  /**
   * Bundle the functions with esbuild, as `cdk synth` does. Template assertions do not read the code, and bundling
   * every function takes most of a test file's time, so it is off: CDK's own switch (`aws:cdk:bundling-stacks`
   * empty) gives each function a placeholder asset instead. `test/infra/synth.test.ts` bundles for real.
   * @default false
   */
  readonly bundle?: boolean;
  /** Context added over cdk.json's (e.g. `alarmEmail`). @default none */
  readonly context?: Readonly<Record<string, unknown>>;
}

/** An App with the feature flags of cdk.json, so tests see the template that `cdk synth` produces. */
export function newApp(options: NewAppOptions = {}): App {
  const cdkJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  const bundling = options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] };
  return new App({ context: { ...(cdkJson.context ?? {}), ...bundling, ...options.context } });
}

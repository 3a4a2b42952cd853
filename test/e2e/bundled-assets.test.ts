import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { BatchImportStack } from '../../lib/batch-import-stack';
import { newApp } from '../infra/support/app';
import { apiEvent } from '../support/api-events';
import { baseUrl, demoKey } from '../support/service-client';

/**
 * What deploys is what is tested: `cdk synth` bundles each function with esbuild, and AWS runs those bundles, not
 * the TypeScript the local stack runs through tsx. This synthesizes the stack with bundling on, cold-starts every
 * bundle in a fresh Node process with the environment the template gives its function (names resolved to the
 * local stack's, as CloudFormation resolves them to the deployed ones), and has the HTTP bundles answer requests
 * against the emulators, as the source running in the local stack answers them.
 */

// Bundling every function (esbuild, minified, with source maps) takes minutes on a busy 2-core machine.
const SYNTH_TIMEOUT_MS = 15 * 60_000;
const INVOKE_TIMEOUT_MS = 60_000;

/**
 * References to resources the local stack has no counterpart of (no SES configuration set, no schedule DLQ): the
 * source runs without them there, so the bundles do too. Any other reference left unresolved fails the test.
 */
const LOCAL_STACK_LACKS = ['SES_CONFIGURATION_SET', 'SCHEDULE_DEAD_LETTER_ARN'];

/**
 * References the local stack answers with another variable: the session secret's value instead of its ARN, and its
 * own URL (LOCAL_STACK_URL, which the emails' links fall back to) instead of the API's endpoint in PUBLIC_BASE_URL.
 */
const LOCAL_SUBSTITUTES: Record<string, string> = { SESSION_SECRET_ARN: 'SESSION_SECRET', PUBLIC_BASE_URL: 'LOCAL_STACK_URL' };

interface TemplateFunction {
  readonly logicalId: string;
  readonly assetDir: string;
  readonly variables: Record<string, unknown>;
}

interface ColdStart {
  readonly loaded: boolean;
  readonly error?: string;
  readonly result?: { statusCode?: number; body?: string };
}

/** Every Lambda function of the template with its bundle directory (asset metadata) and its variables. */
function functionsOf(template: { Resources: Record<string, { Type: string; Properties: any; Metadata?: Record<string, unknown> }> }, outdir: string): TemplateFunction[] {
  return Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function' && typeof resource.Metadata?.['aws:asset:path'] === 'string')
    .map(([logicalId, resource]) => ({
      logicalId,
      assetDir: path.join(outdir, resource.Metadata!['aws:asset:path'] as string),
      variables: (resource.Properties.Environment?.Variables ?? {}) as Record<string, unknown>,
    }));
}

/**
 * The function's environment in the local stack: a literal as the template has it; a reference (a table's name, a
 * queue's URL) as the local stack named that resource; plus what Lambda's runtime gives (region, credentials, here
 * the emulators' endpoints).
 */
function environmentOf(fn: TemplateFunction): { env: NodeJS.ProcessEnv; unresolved: string[] } {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
  for (const [name, value] of Object.entries(process.env)) if (name.startsWith('AWS_')) env[name] = value;
  const unresolved: string[] = [];
  for (const [name, value] of Object.entries(fn.variables)) {
    const local = process.env[name];
    if (typeof value === 'string' && (local === undefined || name === 'NODE_OPTIONS' || name.startsWith('POWERTOOLS_') || name === 'LOG_LEVEL')) env[name] = value;
    else if (local !== undefined) env[name] = local;
    else if (LOCAL_SUBSTITUTES[name] !== undefined && process.env[LOCAL_SUBSTITUTES[name]] !== undefined) {
      env[LOCAL_SUBSTITUTES[name]] = process.env[LOCAL_SUBSTITUTES[name]];
    } else if (!LOCAL_STACK_LACKS.includes(name)) unresolved.push(name);
  }
  return { env, unresolved };
}

/** Loads the bundle in a new process (a cold start) and, given an event, invokes its handler once. */
function coldStart(fn: TemplateFunction, env: NodeJS.ProcessEnv, event?: unknown): Promise<ColdStart> {
  const script = `
    const out = (value) => process.stdout.write('\\n@@' + JSON.stringify(value) + '\\n');
    Promise.resolve()
      .then(() => require('./index.js'))
      .then((module) => process.env.BUNDLE_EVENT
        ? module.handler(JSON.parse(process.env.BUNDLE_EVENT), { awsRequestId: 'bundle-test', functionName: 'bundle', getRemainingTimeInMillis: () => 30000 })
        : undefined)
      .then((result) => out({ loaded: true, result }), (error) => out({ loaded: false, error: String(error && error.stack || error) }))
      .then(() => process.exit(0));`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', script],
      { cwd: fn.assetDir, env: { ...env, ...(event ? { BUNDLE_EVENT: JSON.stringify(event) } : {}) }, timeout: INVOKE_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.startsWith('@@'));
        if (!line) return reject(new Error(`${fn.logicalId} printed no outcome (${error?.message ?? ''}): ${stderr.slice(-2000)}`));
        resolve(JSON.parse(line.slice(2)) as ColdStart);
      },
    );
  });
}

describe('E2E: the bundled Lambda assets (what cdk synth writes) against the emulators', () => {
  let stack: BatchImportStack;
  let outdir: string;
  let functions: TemplateFunction[];

  beforeAll(() => {
    // Asset metadata names each function's bundle directory in the cloud assembly.
    const app = newApp({ bundle: true, context: { 'aws:cdk:enable-asset-metadata': true } });
    stack = new BatchImportStack(app, 'BatchImportService', { stackName: 'BatchImportService' });
    const assembly = app.synth();
    outdir = assembly.directory;
    functions = functionsOf(assembly.getStackArtifact(stack.artifactId).template, outdir);
  }, SYNTH_TIMEOUT_MS);

  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  const bundleOf = (construct: { node: { defaultChild?: unknown } }): TemplateFunction => {
    const logicalId = stack.getLogicalId(construct.node.defaultChild as never);
    const fn = functions.find((f) => f.logicalId === logicalId);
    if (!fn) throw new Error(`no bundle for ${logicalId}`);
    return fn;
  };

  it('cold-starts every Node bundle with the environment its template gives it', async () => {
    // Arrange
    const nodeFunctions = functions.filter((fn) => existsSync(path.join(fn.assetDir, 'index.js')));
    // Act
    const outcomes: Record<string, ColdStart | string[]> = {};
    for (const fn of nodeFunctions) {
      const { env, unresolved } = environmentOf(fn);
      outcomes[fn.logicalId] = unresolved.length > 0 ? unresolved : await coldStart(fn, env);
    }
    // Assert: every service function (19) loads; CDK's own handlers are not Node bundles of ours.
    expect(nodeFunctions.length).toBeGreaterThanOrEqual(19);
    expect(Object.entries(outcomes).filter(([, outcome]) => Array.isArray(outcome) || !outcome.loaded)).toEqual([]);
  }, SYNTH_TIMEOUT_MS);

  it.each([
    ['health', 'GET', '/health', false],
    ['jobs', 'GET', '/batch-import/jobs', true],
    ['jobs', 'GET', '/batch-import/jobs/00000000-0000-4000-8000-000000000000', true],
    ['mappings', 'GET', '/batch-import/mappings', true],
    ['quota', 'GET', '/batch-import/quota', true],
    ['apiDocs', 'GET', '/batch-import/openapi.json', false],
    ['unmatched', 'GET', '/no-such-route', false],
  ] as const)('the %s bundle answers %s %s as the source in the local stack does', async (name, method, requestPath, keyed) => {
    // Arrange
    const headers: Record<string, string> = keyed ? { authorization: `Bearer ${demoKey()}` } : {};
    const fn = bundleOf(stack.api.functions[name]);
    // Act
    const bundled = await coldStart(fn, environmentOf(fn).env, apiEvent({ method, path: requestPath, headers }));
    const source = await fetch(`${baseUrl()}${requestPath}`, { method, headers });
    const sourceBody = await source.text();
    // Assert: the same status; the same body, up to what changes between two requests (lists of a shared org).
    expect(bundled.loaded ? bundled.result?.statusCode : bundled.error).toBe(source.status);
    const bundledBody = JSON.parse(bundled.result?.body ?? 'null') as Record<string, unknown>;
    const expected = JSON.parse(sourceBody) as Record<string, unknown>;
    if (name === 'jobs' && requestPath === '/batch-import/jobs') {
      expect(Object.keys(bundledBody).sort()).toEqual(Object.keys(expected).sort());
    } else {
      expect(bundledBody).toEqual(expected);
    }
  }, SYNTH_TIMEOUT_MS);
});

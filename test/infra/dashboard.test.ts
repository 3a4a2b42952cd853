import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ServiceFunction } from '../../lib/constructs/service-function';
import { API_FUNCTIONS, type ApiFunctionName } from '../../lib/resources';
import { DASHBOARD_ROUTES, SESSION_FUNCTIONS } from '../../lib/routes';
import { newApp } from './support/app';
import { allowedGrants, renderResource } from './support/iam-statements';
import { buildStack, BUILD_TIMEOUT_MS, type BuiltStack } from './support/stack';

describe('Construct: the dashboard function', () => {
  it('carries the dashboard build in its own bundle and serves it from there', async () => {
    // Arrange: this test reads the bundle itself, so it bundles for real (the web build runs in the bundling hook).
    const app = newApp({ bundle: true });
    const stack = new Stack(app, 'Dashboard');
    const { id, entry, timeoutSeconds, memoryMb, bundledDashboard } = API_FUNCTIONS.dashboard;

    // Act
    new ServiceFunction(stack, id, { entry, timeoutSeconds, memoryMb, bundledDashboard });
    const assembly = app.synth();

    // Assert
    const assets = readdirSync(assembly.directory).filter((name) => name.startsWith('asset.'));
    const bundle = assets.map((name) => path.join(assembly.directory, name)).find((dir) => existsSync(path.join(dir, 'index.js'))) as string;
    const manifest = JSON.parse(readFileSync(path.join(bundle, 'dashboard', 'manifest.json'), 'utf8')) as { assets: Record<string, { file: string }> };
    const script = Object.keys(manifest.assets).find((name) => name.endsWith('.js')) as string;
    for (const suffix of ['', '.br', '.gz']) expect(existsSync(path.join(bundle, 'dashboard', `${manifest.assets[script]?.file}${suffix}`))).toBe(true);
    // The bundled handler finds its copy, beside it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is CommonJS, loaded as Lambda loads it
    const { handler } = require(path.join(bundle, 'index.js')) as { handler: (event: Partial<APIGatewayProxyEventV2>) => Promise<APIGatewayProxyStructuredResultV2> };
    const shell = await handler({ routeKey: 'GET /', rawPath: '/', headers: {} });
    expect(shell.statusCode).toBe(200);
    expect(shell.body).toContain(script);
    const asset = await handler({ routeKey: 'GET /assets/{asset}', rawPath: script, pathParameters: { asset: script.slice('/assets/'.length) }, headers: { 'accept-encoding': 'br' } });
    expect(asset).toMatchObject({ statusCode: 200, isBase64Encoded: true, headers: { 'content-encoding': 'br' } });
  }, BUILD_TIMEOUT_MS);
});

describe('Stack: the dashboard and its sessions', () => {
  let built: BuiltStack;

  beforeAll(() => {
    built = buildStack();
  }, BUILD_TIMEOUT_MS);

  const functionId = (name: ApiFunctionName): string => built.logicalId(built.stack.api.functions[name]);

  it.each(DASHBOARD_ROUTES.map((route) => `${route.method} ${route.path}`))('routes %s to the dashboard function', (routeKey) => {
    // Arrange
    const [route] = Object.values(built.template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey } }));
    const integrationId = (route as { Properties: { Target: { 'Fn::Join': [string, [string, { Ref: string }]] } } }).Properties.Target['Fn::Join'][1][1].Ref;
    // Assert
    const integration = built.template.toJSON().Resources[integrationId] as { Properties: { IntegrationUri: unknown } };
    expect(integration.Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [functionId('dashboard'), 'Arn'] });
  });

  it('keeps a catch-all route out, so unknown paths still get the $default JSON 404', () => {
    const keys = Object.values(built.template.findResources('AWS::ApiGatewayV2::Route')).map((route) => route.Properties.RouteKey as string);
    expect(keys.filter((key) => key === 'GET /{proxy+}' || key === 'ANY /{proxy+}')).toEqual([]);
  });

  it('creates the session secret, generated at deploy time (its value is in no template)', () => {
    built.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ PasswordLength: 64, ExcludePunctuation: true }),
    });
  });

  it('lets exactly the keyed functions and sign-in read the secret: GetSecretValue on it, and its ARN', () => {
    // Arrange
    const secretRead = `secretsmanager:GetSecretValue ${renderResource(built.stack.resolve(built.stack.api.sessionSecret.secretArn))}`;
    const readers = (Object.keys(API_FUNCTIONS) as ApiFunctionName[]).filter((name) =>
      allowedGrants(built.template.toJSON(), built.logicalId(built.stack.api.functions[name].role!)).includes(secretRead),
    );
    // Assert
    expect(readers.sort()).toEqual([...SESSION_FUNCTIONS].sort());
    expect(readers).toEqual(expect.arrayContaining(['jobs', 'uploads', 'mappings', 'importJobs', 'session']));
    for (const name of readers) {
      const fn = built.template.toJSON().Resources[functionId(name)] as { Properties: { Environment: { Variables: Record<string, unknown> } } };
      expect([name, fn.Properties.Environment.Variables.SESSION_SECRET_ARN]).toEqual([name, { Ref: built.logicalId(built.stack.api.sessionSecret) }]);
    }
  });

  it('gives sign-in nothing but the key lookup and the secret, and the dashboard nothing at all', () => {
    const grants = (name: ApiFunctionName) => allowedGrants(built.template.toJSON(), built.logicalId(built.stack.api.functions[name].role!)).filter((grant) => !grant.startsWith('xray:'));
    expect(grants('session')).toEqual([
      `dynamodb:GetItem ${renderResource(built.stack.resolve(built.stack.tables.table('ControlTable').tableArn))}`,
      `secretsmanager:GetSecretValue ${renderResource(built.stack.resolve(built.stack.api.sessionSecret.secretArn))}`,
    ]);
    expect(grants('dashboard')).toEqual([]);
  });
});

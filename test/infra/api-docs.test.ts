import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ServiceFunction } from '../../lib/constructs/service-function';
import { API_FUNCTIONS } from '../../lib/resources';
import { ROUTES } from '../../lib/routes';
import { newApp } from './support/app';

describe('Construct: the API reference function', () => {
  it('carries Swagger UI in its own bundle (no CDN), beside the handler that serves it', () => {
    // Arrange: this test reads the bundle itself, so it bundles for real.
    const app = newApp({ bundle: true });
    const stack = new Stack(app, 'ApiDocs');
    const { id, entry, timeoutSeconds, memoryMb, bundledFiles } = API_FUNCTIONS.apiDocs;

    // Act
    new ServiceFunction(stack, id, { entry, timeoutSeconds, memoryMb, bundledFiles });
    const assembly = app.synth();

    // Assert
    Template.fromStack(stack).resourceCountIs('AWS::Lambda::Function', 1);
    const assets = readdirSync(assembly.directory).filter((name) => name.startsWith('asset.'));
    const bundle = assets.map((name) => path.join(assembly.directory, name)).find((dir) => existsSync(path.join(dir, 'index.js')));
    expect(bundle).toBeDefined();
    for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css']) {
      expect(existsSync(path.join(bundle as string, 'swagger-ui', file))).toBe(true);
    }
    expect(readFileSync(path.join(bundle as string, 'index.js'), 'utf8')).toContain('swagger-ui');
  });

  it('is routed the OpenAPI document, the reference and its assets, without a key', () => {
    expect(ROUTES.filter((route) => route.function === 'apiDocs').map((route) => `${route.method} ${route.path}`)).toEqual([
      'GET /batch-import/openapi.json',
      'GET /batch-import/docs',
      'GET /batch-import/docs/{asset}',
    ]);
  });
});

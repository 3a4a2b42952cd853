import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { buildOpenApiDocument } from '../../contract/openapi';
import { DomainError } from '../../core/errors';
import type { Logger } from '../../core/ports';
import { dispatchPublic } from './dispatch';
import { json } from './responses';

/** The files of swagger-ui-dist the API reference needs; in AWS they are copied into the function's bundle. */
export const SWAGGER_UI_FILES = ['swagger-ui-bundle.js', 'swagger-ui.css'] as const;
/** Where the bundle keeps them, beside the handler (lib/resources.ts API_FUNCTIONS.apiDocs copies them there). */
export const BUNDLED_ASSET_DIR = 'swagger-ui';

/**
 * The page: no inline script or style, so the Content-Security-Policy can forbid both. Paths are relative to
 * `/batch-import/docs`, so the page works behind any host (the local stack, API Gateway, a custom domain).
 */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Batch import service: API reference</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script src="docs/init.js"></script>
</body>
</html>
`;

/**
 * Starts Swagger UI on the service's own document. The key typed into "Authorize" stays in the page's memory
 * (persistAuthorization off); no validator badge (it would call a third-party host).
 */
const INIT_SCRIPT = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: 'openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    validatorUrl: null,
    persistAuthorization: false,
    tryItOutEnabled: false,
  });
});
`;

/**
 * Scripts and styles from this service only; Swagger UI's inline icons are data: images; "Try it out" calls this
 * service ('self'). Nothing may frame the page.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': DOCS_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

const CONTENT_TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

export interface ApiDocsHandlerDeps {
  readonly logger: Logger;
  /** Where swagger-ui-dist's files are. @default the bundle's copy, else node_modules/swagger-ui-dist */
  readonly assetDir?: string;
}

function defaultAssetDir(): string {
  const bundled = path.join(__dirname, BUNDLED_ASSET_DIR);
  if (existsSync(bundled)) return bundled;
  return path.dirname(require.resolve('swagger-ui-dist/package.json'));
}

/** `GET /batch-import/openapi.json`, `GET /batch-import/docs` and its assets: no key needed. */
export function createApiDocsHandler(deps: ApiDocsHandlerDeps) {
  let document: string | undefined;
  const assets = new Map<string, string>();
  const asset = (name: string): string | undefined => {
    if (name === 'init.js') return INIT_SCRIPT;
    if (!(SWAGGER_UI_FILES as readonly string[]).includes(name)) return undefined;
    let text = assets.get(name);
    if (text === undefined) {
      text = readFileSync(path.join(deps.assetDir ?? defaultAssetDir(), name), 'utf8');
      assets.set(name, text);
    }
    return text;
  };
  const text = (contentType: string, body: string, extra: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 => ({
    statusCode: 200,
    headers: { 'content-type': contentType, 'cache-control': 'public, max-age=300', ...SECURITY_HEADERS, ...extra },
    body,
  });
  return dispatchPublic(deps, {
    getOpenApiDocument: async () => {
      document ??= JSON.stringify(buildOpenApiDocument());
      return { ...json(200, null), body: document, headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=300' } };
    },
    getApiReference: async () => text('text/html; charset=utf-8', PAGE),
    getApiReferenceAsset: async ({ path: { asset: name } }) => {
      const body = asset(name);
      if (body === undefined) throw new DomainError('NOT_FOUND', 'No such asset');
      return text(CONTENT_TYPES[name.split('.').pop() as string] as string, body);
    },
  });
}

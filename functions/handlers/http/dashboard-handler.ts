import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { dashboardRouteByKey } from '../../contract/dashboard-routes';
import { DomainError } from '../../core/errors';
import type { Logger } from '../../core/ports';
import type { DashboardAsset, DashboardFiles } from './dashboard-files';
import { answer } from './responses';

/**
 * The shell's policy: the bundle's own script and style sheet only (web/build.ts inlines neither), calls to this
 * origin only, nothing may frame it, no plugins, no <base>, forms post here. Preact sets styles through the DOM
 * (element.style), which a style-src without 'unsafe-inline' allows.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const SHELL_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  // Always asked again (cheap): a deployment's new shell names new asset files at once.
  'cache-control': 'no-cache',
  'content-security-policy': DASHBOARD_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

/** Assets are named by their content's hash: one name, one content, forever. */
const ASSET_CACHE = 'public, max-age=31536000, immutable';

export interface DashboardHandlerDeps {
  readonly logger: Logger;
  readonly files: DashboardFiles;
}

type Encoding = 'br' | 'gzip' | 'identity';

/** The best encoding the client accepts (q > 0) that the asset has: brotli, then gzip, else as built. */
export function pickEncoding(acceptEncoding: string | undefined, asset: DashboardAsset): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)?.[1]).find((value) => value !== undefined);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const accepts = (name: string): boolean => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (asset.br && accepts('br')) return 'br';
  if (asset.gzip && accepts('gzip')) return 'gzip';
  return 'identity';
}

function headerOf(event: APIGatewayProxyEventV2, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === name) return value;
  return undefined;
}

/**
 * `GET /` and every dashboard address: the HTML shell. `GET /assets/{asset}`: a file of the build, pre-compressed
 * as the client accepts. Routed by the dashboard routes' keys (functions/contract/dashboard-routes.ts); no key is
 * needed (the pages ask the API, which checks the session).
 */
export function createDashboardHandler(deps: DashboardHandlerDeps) {
  return (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
    answer(deps.logger, async () => {
      const route = dashboardRouteByKey(typeof event.routeKey === 'string' ? event.routeKey : '');
      if (!route) throw new DomainError('ROUTE_NOT_FOUND', `No route for ${event.rawPath}`);
      if (route.serves === 'shell') return { statusCode: 200, headers: { ...SHELL_HEADERS }, body: deps.files.shell };
      const asset = deps.files.assets.get(`/assets/${event.pathParameters?.asset ?? ''}`);
      if (!asset) throw new DomainError('NOT_FOUND', 'No such asset');
      const encoding = pickEncoding(headerOf(event, 'accept-encoding'), asset);
      const body = encoding === 'br' ? asset.br : encoding === 'gzip' ? asset.gzip : asset.identity;
      return {
        statusCode: 200,
        headers: {
          'content-type': asset.contentType,
          'cache-control': ASSET_CACHE,
          vary: 'Accept-Encoding',
          'x-content-type-options': 'nosniff',
          ...(encoding === 'identity' ? {} : { 'content-encoding': encoding }),
        },
        body: (body as Buffer).toString('base64'),
        isBase64Encoded: true,
      };
    });
}

import type { ApiFunctionName, HttpMethod } from './route-definition';

/**
 * The dashboard's routes on the API's origin: the HTML shell at every address of the dashboard (web/src/paths.ts;
 * the router picks the page in the browser) and the content-hashed assets of its build. They are part of the one
 * route declaration of the service (lib/routes.ts hands them, beside the route table's, to API Gateway and to the
 * local stack; the dashboard function dispatches on them), but not of the API: they answer HTML, scripts and styles,
 * so they stay out of the OpenAPI document and the typed client.
 *
 * Listed one by one rather than as a catch-all `GET /{proxy+}`: an address that is neither the API's nor the
 * dashboard's still reaches the `$default` function and its JSON 404, as before the dashboard existed.
 */
export interface DashboardRoute {
  readonly method: HttpMethod;
  readonly path: string;
  readonly function: ApiFunctionName;
  /** `shell`: the HTML page; `asset`: one file of the build, named by `{asset}`. */
  readonly serves: 'shell' | 'asset';
}

const shell = (path: string): DashboardRoute => ({ method: 'GET', path, function: 'dashboard', serves: 'shell' });

export const DASHBOARD_ROUTES: readonly DashboardRoute[] = [
  shell('/'),
  shell('/sign-in'),
  shell('/jobs'),
  // A job's page and its download links (/jobs/{jobId}/download/{file}).
  shell('/jobs/{proxy+}'),
  shell('/upload'),
  shell('/import-jobs'),
  // /import-jobs/new and an import job's page.
  shell('/import-jobs/{proxy+}'),
  shell('/mappings'),
  shell('/quota'),
  { method: 'GET', path: '/assets/{asset}', function: 'dashboard', serves: 'asset' },
];

/** The dashboard route of an API Gateway route key (`GET /jobs/{proxy+}`). */
export function dashboardRouteByKey(routeKey: string): DashboardRoute | undefined {
  return DASHBOARD_ROUTES.find((route) => `${route.method} ${route.path}` === routeKey);
}

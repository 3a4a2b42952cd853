/**
 * Matches a request to a route the way API Gateway (HTTP API) does: `{name}` is one non-empty path segment,
 * `{name+}` the rest of the path; the most specific route wins (fewer parameters first). The local stack routes by
 * it, the `$default` function uses it to tell 404 from 405, and tests build API Gateway events with it.
 */

export interface MatchableRoute {
  readonly method: string;
  readonly path: string;
}

export interface RouteMatch<R extends MatchableRoute> {
  readonly route: R;
  /** `GET /batch-import/jobs/{jobId}`: what API Gateway puts in `event.routeKey`. */
  readonly routeKey: string;
  readonly pathParameters?: Record<string, string>;
}

export interface RouteMatcher<R extends MatchableRoute> {
  /** The route of this method and path, if any. */
  match(method: string, path: string): RouteMatch<R> | undefined;
  /** The methods routes have for this path (for `405` and its `Allow` header); empty when no route has it. */
  allowedMethods(path: string): string[];
}

interface Compiled<R> {
  readonly route: R;
  readonly routeKey: string;
  readonly segments: readonly Segment[];
  readonly parameterCount: number;
}

type Segment = { readonly literal: string } | { readonly parameter: string; readonly greedy: boolean };

const PARAMETER = /^\{([A-Za-z0-9_]+)(\+?)\}$/;

export function createRouteMatcher<R extends MatchableRoute>(routes: readonly R[]): RouteMatcher<R> {
  const compiled: Compiled<R>[] = routes
    .map((route) => {
      const segments: Segment[] = route.path
        .split('/')
        .slice(1)
        .map((part) => {
          const parameter = PARAMETER.exec(part);
          return parameter ? { parameter: parameter[1] as string, greedy: parameter[2] === '+' } : { literal: part };
        });
      return { route, routeKey: `${route.method} ${route.path}`, segments, parameterCount: segments.filter((s) => 'parameter' in s).length };
    })
    .sort((a, b) => a.parameterCount - b.parameterCount);

  const parametersOf = (entry: Compiled<R>, path: string): Record<string, string> | undefined => {
    if (!path.startsWith('/')) return undefined;
    const parts = path.split('/').slice(1);
    const parameters: Record<string, string> = {};
    for (let i = 0; i < entry.segments.length; i += 1) {
      const segment = entry.segments[i] as Segment;
      const part = parts[i];
      if (part === undefined) return undefined;
      if ('literal' in segment) {
        if (segment.literal !== part) return undefined;
      } else if (segment.greedy) {
        const rest = parts.slice(i).join('/');
        if (rest === '') return undefined;
        parameters[segment.parameter] = rest;
        return parameters;
      } else {
        if (part === '') return undefined;
        parameters[segment.parameter] = part;
      }
    }
    return parts.length === entry.segments.length ? parameters : undefined;
  };

  return {
    match(method, path) {
      for (const entry of compiled) {
        if (entry.route.method !== method) continue;
        const parameters = parametersOf(entry, path);
        if (!parameters) continue;
        return { route: entry.route, routeKey: entry.routeKey, ...(entry.parameterCount > 0 ? { pathParameters: parameters } : {}) };
      }
      return undefined;
    },
    allowedMethods(path) {
      return [...new Set(compiled.filter((entry) => parametersOf(entry, path) !== undefined).map((entry) => entry.route.method))];
    },
  };
}

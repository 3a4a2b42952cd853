import type { z } from 'zod';
import type { Scope } from '../core/kinds';

/**
 * The shape of one entry of the route table (routes.ts). Plain data and zod schemas: no SDK, no CDK, so the CDK
 * app, the handlers, the local stack, the OpenAPI generator and the tests can all import it.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The Lambda functions behind the HTTP API (lib/resources.ts API_FUNCTIONS holds their sizes and entries). */
export type ApiFunctionName =
  | 'uploads'
  | 'presign'
  | 'jobs'
  | 'control'
  | 'mappings'
  | 'reports'
  | 'retryFailed'
  | 'importJobs'
  | 'quota'
  | 'importJobRuns'
  | 'health'
  | 'apiDocs'
  | 'unmatched'
  /** Sign-in: exchanges an API key for a session cookie, and ends it. */
  | 'session'
  /** The dashboard's HTML shell and assets (dashboard-routes.ts). */
  | 'dashboard';

/**
 * Who may call a route. `none`: anyone. Otherwise a bearer API key with at least one of `anyOf`; `rule` says
 * what else the use case checks (the kind's own scope for a job of that kind).
 */
export type RouteAuth = { readonly type: 'none' } | { readonly type: 'bearer'; readonly anyOf: readonly Scope[]; readonly rule?: string };

/** One answer of a route, for one status. */
export type RouteAnswer =
  | { readonly description: string; readonly json: z.ZodType; readonly headers?: Readonly<Record<string, string>> }
  /** A 303 to a presigned download: `Location` holds it, and `csv` describes what the download is. */
  | { readonly description: string; readonly redirect: true; readonly csv?: z.ZodType }
  /** A text answer of another media type (the API reference's HTML, CSS and scripts). */
  | { readonly description: string; readonly text: z.ZodType; readonly mediaType: string };

export interface RouteRequest {
  /** Path parameters; a value that fails this cannot name anything, so the route answers `404 NOT_FOUND`. */
  readonly path?: z.ZodObject;
  readonly query?: z.ZodObject;
  /** Request headers the route reads (beside `Authorization`). */
  readonly headers?: z.ZodObject;
  /** Bodies by media type (`application/json`, `multipart/form-data`, …). */
  readonly body?: Readonly<Record<string, z.ZodType>>;
}

export interface RouteDefinition {
  /** Unique; the OpenAPI operationId and the key a handler's operations are registered under. */
  readonly operationId: string;
  readonly method: HttpMethod;
  /** API Gateway route path; `{name}` is a path parameter. */
  readonly path: string;
  /** The function behind the route. */
  readonly function: ApiFunctionName;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly auth: RouteAuth;
  readonly request?: RouteRequest;
  /** The message of the 404 a malformed path parameter gets ("Job not found"). */
  readonly notFound?: string;
  /** Every status the route can answer, with its body. Error statuses answer the §3 error body. */
  readonly answers: Readonly<Record<number, RouteAnswer>>;
}

/** `GET /batch-import/jobs/{jobId}`: API Gateway's route key, which the handlers dispatch on. */
export const routeKeyOf = (route: Pick<RouteDefinition, 'method' | 'path'>): string => `${route.method} ${route.path}`;

/** Captures a route's literal types (operationId, schemas) so requests and answers can be typed from it. */
export const defineRoute = <const R extends RouteDefinition>(route: R): R => route;

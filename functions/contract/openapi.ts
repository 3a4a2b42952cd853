import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { z } from 'zod';
import { CsvText } from './answers';
import type { RouteDefinition } from './route-definition';
import { ROUTE_TABLE } from './routes';

/** The security scheme every keyed route names: an API key sent as a bearer token (§3). */
export const SECURITY_SCHEME = 'apiKey';

/**
 * The OpenAPI 3.1 document of the route table. Bearer security has no scopes of its own in OpenAPI, so each keyed
 * operation lists the scopes it accepts in `x-required-scopes` (any one of them) and says so in its description.
 * `servers` is relative (`/`): the document works behind any host, the local stack's and API Gateway's alike.
 */
export function buildOpenApiDocument(routes: readonly RouteDefinition[] = ROUTE_TABLE): Record<string, unknown> {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const item = (paths[route.path] ??= {});
    item[route.method.toLowerCase() as 'get'] = operationOf(route);
  }
  const document = createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Batch import service',
      version: '1.0.0',
      description:
        'Upload entities, transactions and user events in bulk, poll exact counters, download what failed, fix it and upload it again; schedule import jobs from a drop location. Every error answers `{ success: false, error: { code, message, details? } }`.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/', description: 'This service (the host that served this document)' }],
    tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({ name })),
    components: {
      // Referenced by the 303 answers' x-download: what the redirect leads to.
      schemas: { CsvText },
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key: `Authorization: Bearer <key>`. Each operation lists the scopes it accepts in x-required-scopes.',
        },
      },
    },
    paths,
  });
  return document as unknown as Record<string, unknown>;
}

function operationOf(route: RouteDefinition): ZodOpenApiOperationObject {
  const { request } = route;
  const keyed = route.auth.type === 'bearer';
  const scopes = route.auth.type === 'bearer' ? route.auth.anyOf : [];
  const scopeNote =
    route.auth.type === 'bearer'
      ? `\n\nNeeds an API key with one of: ${scopes.map((scope) => `\`${scope}\``).join(', ')}${route.auth.rule ? ` (${route.auth.rule})` : ''}.`
      : '\n\nNo API key needed.';
  const operation: ZodOpenApiOperationObject = {
    operationId: route.operationId,
    summary: route.summary,
    description: `${route.description ?? route.summary}${scopeNote}`,
    tags: [route.tag],
    security: keyed ? [{ [SECURITY_SCHEME]: [] }] : [],
    ...(keyed ? { 'x-required-scopes': [...scopes] } : {}),
    ...(request?.path || request?.query || request?.headers
      ? {
          requestParams: {
            ...(request.path ? { path: request.path } : {}),
            ...(request.query ? { query: request.query } : {}),
            ...(request.headers ? { header: request.headers } : {}),
          },
        }
      : {}),
    ...(request?.body
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(Object.entries(request.body).map(([mediaType, schema]) => [mediaType, { schema }])),
          },
        }
      : {}),
    responses: responsesOf(route),
  };
  return operation;
}

function responsesOf(route: RouteDefinition): ZodOpenApiResponsesObject {
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, answer] of Object.entries(route.answers)) {
    if ('json' in answer) {
      responses[status as '200'] = { description: answer.description, content: { 'application/json': { schema: answer.json } } };
    } else if ('redirect' in answer) {
      responses[status as '303'] = {
        description: answer.description,
        headers: z.object({ location: z.string().meta({ description: 'The presigned download URL of the CSV (text/csv)', format: 'uri' }) }),
        ...(answer.csv ? { 'x-download': { mediaType: 'text/csv', schema: { $ref: '#/components/schemas/CsvText' } } } : {}),
      };
    } else {
      responses[status as '200'] = { description: answer.description, content: { [answer.mediaType]: { schema: answer.text } } };
    }
  }
  return responses;
}

/** The document as the checked-in openapi.json holds it: stable key order, two-space indent, a final newline. */
export function renderOpenApiDocument(): string {
  return `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`;
}

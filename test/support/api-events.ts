import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { createRouteMatcher } from '../../functions/contract/route-matcher';
import { ROUTE_TABLE } from '../../functions/contract/routes';

const matcher = createRouteMatcher(ROUTE_TABLE);

/**
 * An API Gateway (payload 2.0) event, as the HTTP API hands it to a Lambda: the route key and the path parameters
 * come from matching the path against the route table, as API Gateway does (given ones win, for odd values).
 */
export function apiEvent(input: {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
}): APIGatewayProxyEventV2 {
  const matched = matcher.match(input.method, input.path);
  const routeKey = matched?.routeKey ?? '$default';
  const pathParameters = input.pathParameters ?? matched?.pathParameters;
  const headers = Object.fromEntries(Object.entries(input.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    version: '2.0',
    routeKey,
    rawPath: input.path,
    rawQueryString: new URLSearchParams(input.query ?? {}).toString(),
    headers,
    queryStringParameters: input.query,
    pathParameters,
    isBase64Encoded: input.body !== undefined,
    body: input.body?.toString('base64'),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: input.method, path: input.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: 'req-1',
      routeKey,
      stage: '$default',
      time: '25/Nov/2026:10:00:00 +0000',
      timeEpoch: 0,
    },
  };
}

/** A real multipart/form-data body, encoded by the platform's own FormData. */
export async function multipart(
  files: Array<{ name?: string; fileName: string; content: string | Buffer; type?: string }>,
  fields: Record<string, string> = {},
): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) {
    form.append(file.name ?? 'file', new Blob([file.content], { type: file.type ?? 'text/csv' }), file.fileName);
  }
  const response = new Response(form);
  return {
    body: Buffer.from(await response.arrayBuffer()),
    contentType: response.headers.get('content-type') as string,
  };
}

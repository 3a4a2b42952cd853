import type { APIGatewayProxyEventV2 } from 'aws-lambda';

/** An API Gateway (payload 2.0) event, as the HTTP API hands it to a Lambda. */
export function apiEvent(input: {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
}): APIGatewayProxyEventV2 {
  const headers = Object.fromEntries(Object.entries(input.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    version: '2.0',
    routeKey: `${input.method} ${input.path}`,
    rawPath: input.path,
    rawQueryString: new URLSearchParams(input.query ?? {}).toString(),
    headers,
    queryStringParameters: input.query,
    pathParameters: input.pathParameters,
    isBase64Encoded: input.body !== undefined,
    body: input.body?.toString('base64'),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method: input.method, path: input.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: 'req-1',
      routeKey: `${input.method} ${input.path}`,
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

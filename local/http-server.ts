import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createRouteMatcher, type RouteMatcher } from '../functions/contract/route-matcher';
import { errorMessage, invokeLocally, LOCAL_ACCOUNT_ID } from './lambda-runtime';
import { readBody } from './read-body';

/** API Gateway HTTP API's payload limit. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** How much of a body over the limit is read and dropped before the 413 (see read-body.ts); a larger one is cut off. */
export const OVERSIZED_BODY_DRAIN_BYTES = 64 * 1024 * 1024;
/** API Gateway HTTP API's limit on the request line and headers together (10,240 bytes). */
export const MAX_HEADER_BYTES = 10 * 1024;
/** API Gateway HTTP API's integration timeout. */
const INTEGRATION_TIMEOUT_SECONDS = 30;

export interface HttpRoute {
  readonly method: string;
  /** `{name}` is a path parameter, `{name+}` a greedy one. */
  readonly path: string;
  /** Name of the function behind it, passed to `loadFunction`. */
  readonly function: string;
}

export type HttpLambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => unknown;

export interface HttpFunction {
  readonly handler: HttpLambdaHandler;
  readonly functionName: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
}

export interface HttpServerOptions {
  readonly routes: readonly HttpRoute[];
  /** Resolves a route's function; called per request, so a module that fails to load answers 500 like a Lambda init error. */
  readonly loadFunction: (name: string) => HttpFunction;
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  readonly region: string;
  /** The function of the `$default` route, which gets every request no route matches; without one, API Gateway's 404. */
  readonly defaultFunction?: string;
  /** Until it answers true every request gets 503, so `/health` answers only once the whole stack is up. */
  readonly isReady?: () => boolean;
  readonly log?: (line: string) => void;
}

export interface LocalHttpServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Stops accepting requests and waits for the ones in flight. Idempotent. */
  stop(): Promise<void>;
}

/**
 * A local API Gateway HTTP API on 127.0.0.1: turns each request into a payload 2.0 event, invokes the matched
 * route's function, and writes its result back the way API Gateway does, including its error answers.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<LocalHttpServer> {
  // The same matching as API Gateway's, shared with the `$default` function (which answers 404 or 405).
  const routes = createRouteMatcher(options.routes);
  const log = options.log ?? (() => undefined);
  const inFlight = new Set<Promise<void>>();
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    const handling = handle(req, res, routes, options, log).catch((error: unknown) => {
      log(`[http] ${req.method} ${req.url} failed: ${errorMessage(error)}`);
      if (!res.headersSent) sendJson(res, 500, { message: 'Internal Server Error' }, randomUUID());
      else res.destroy();
    });
    const tracked = handling.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  });
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await Promise.allSettled([...inFlight]);
    server.closeAllConnections();
    await closed;
  };
  return { url: `http://127.0.0.1:${port}`, port, server, stop: () => (stopping ??= stop()) };
}

async function handle(req: IncomingMessage, res: ServerResponse, routes: RouteMatcher<HttpRoute>, options: HttpServerOptions, log: (line: string) => void): Promise<void> {
  const requestId = randomUUID();
  const fail = (status: number, message: string): void => sendJson(res, status, { message }, requestId);
  if (options.isReady && !options.isReady()) return fail(503, 'Service Unavailable');

  const [target = '/', query = ''] = (req.url ?? '/').split(/\?(.*)/s);
  // HTTP APIs hand the function the decoded path, in rawPath as in the path parameters.
  const rawPath = safeDecode(target);
  const method = (req.method ?? 'GET').toUpperCase();
  const found = routes.match(method, rawPath);
  const match = found
    ? { routeKey: found.routeKey, function: found.route.function, pathParameters: found.pathParameters }
    : options.defaultFunction !== undefined
      ? { routeKey: '$default', function: options.defaultFunction, pathParameters: undefined }
      : undefined;
  if (!match) return fail(404, 'Not Found');

  // Declared past what is worth draining: answer at once, and the client may not get to read it.
  const declaredLength = Number(req.headers['content-length'] ?? 0);
  const body = declaredLength > MAX_BODY_BYTES + OVERSIZED_BODY_DRAIN_BYTES ? 'too-large' : await readBody(req, MAX_BODY_BYTES, OVERSIZED_BODY_DRAIN_BYTES);
  if (body === 'too-large') return sendTooLarge(res, requestId);

  let fn: HttpFunction;
  try {
    fn = options.loadFunction(match.function);
  } catch (error) {
    log(`[http] ${match.function} failed to load: ${errorMessage(error)}`);
    return fail(500, 'Internal Server Error');
  }
  const event = toEvent(req, { method, rawPath, rawQueryString: query, body, requestId, ...match });
  // Whichever ends first: the function's own timeout (an error, so 500) or the integration's (503).
  const timeoutSeconds = Math.min(fn.timeoutSeconds, INTEGRATION_TIMEOUT_SECONDS);
  let result: unknown;
  try {
    result = await invokeLocally({ ...fn, region: options.region, timeoutSeconds }, fn.handler, event);
  } catch (error) {
    log(`[http] ${match.routeKey} (${requestId}) failed: ${errorMessage(error)}`);
    const integrationTimedOut = INTEGRATION_TIMEOUT_SECONDS < fn.timeoutSeconds && String(error).includes('Task timed out');
    return integrationTimedOut ? fail(503, 'Service Unavailable') : fail(500, 'Internal Server Error');
  }
  const response = toHttpResponse(result);
  if (!response) {
    log(`[http] ${match.routeKey} returned a malformed response: ${JSON.stringify(result)?.slice(0, 200)}`);
    return fail(500, 'Internal Server Error');
  }
  res.writeHead(response.statusCode, { ...response.headers, 'apigw-requestid': requestId, 'content-length': response.body.length });
  res.end(response.body);
}

interface EventParts {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQueryString: string;
  readonly body: Buffer;
  readonly requestId: string;
  readonly routeKey: string;
  readonly pathParameters?: Record<string, string>;
}

/** The HTTP API payload format 2.0 event of one request. */
function toEvent(req: IncomingMessage, parts: EventParts): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    const value = req.rawHeaders[i + 1]!;
    // Payload 2.0 moves cookies out of the headers into their own list.
    if (name === 'cookie') cookies.push(...value.split(';').map((cookie) => cookie.trim()).filter(Boolean));
    else headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${sourceIp}` : sourceIp;
  headers['x-forwarded-proto'] = 'http';

  const now = new Date();
  const domainName = (headers.host ?? '127.0.0.1').replace(/:\d+$/, '');
  const hasBody = parts.body.length > 0;
  const binary = hasBody && !isTextPayload(headers['content-type'], headers['content-encoding']);
  // `12/Mar/2020:19:03:58 +0000`, API Gateway's request time format.
  const [, day, month, year, time] = now.toUTCString().split(' ');
  return {
    version: '2.0',
    routeKey: parts.routeKey,
    rawPath: parts.rawPath,
    rawQueryString: parts.rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(parts.rawQueryString ? { queryStringParameters: parseQuery(parts.rawQueryString) } : {}),
    requestContext: {
      accountId: LOCAL_ACCOUNT_ID,
      apiId: 'local',
      domainName,
      domainPrefix: domainName.split('.')[0]!,
      http: { method: parts.method, path: parts.rawPath, protocol: `HTTP/${req.httpVersion}`, sourceIp, userAgent: headers['user-agent'] ?? '' },
      requestId: parts.requestId,
      routeKey: parts.routeKey,
      stage: '$default',
      time: `${day}/${month}/${year}:${time} +0000`,
      timeEpoch: now.getTime(),
    },
    ...(parts.pathParameters ? { pathParameters: parts.pathParameters } : {}),
    ...(hasBody ? { body: parts.body.toString(binary ? 'base64' : 'utf8') } : {}),
    isBase64Encoded: binary,
  };
}

/** API Gateway passes text bodies as they are and base64-encodes everything else (multipart, forms, octets, compressed). */
function isTextPayload(contentType: string | undefined, contentEncoding: string | undefined): boolean {
  if (contentEncoding && contentEncoding.trim().toLowerCase() !== 'identity') return false;
  const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return mediaType.startsWith('text/') || /^application\/(json|xml|javascript|graphql|[\w.+-]+\+json|[\w.+-]+\+xml)$/.test(mediaType);
}

/** Repeated parameters are joined with commas, as in payload 2.0. */
function parseQuery(rawQueryString: string): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return parameters;
}

/**
 * A function's result as API Gateway answers it: an object with `statusCode` is a structured response; any other
 * value is a 200 JSON answer (a string as it is, anything else serialized). Undefined when malformed.
 */
function toHttpResponse(result: unknown): { statusCode: number; headers: Record<string, string | string[]>; body: Buffer } | undefined {
  if (result === null || typeof result !== 'object' || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : result === undefined ? '' : JSON.stringify(result);
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body, 'utf8') };
  }
  const { statusCode, headers, cookies, body = '', isBase64Encoded } = result as Record<string, unknown>;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return undefined;
  if (typeof body !== 'string' || (headers !== undefined && (typeof headers !== 'object' || headers === null))) return undefined;
  const written: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) written[name.toLowerCase()] = String(value);
  if (Array.isArray(cookies) && cookies.length > 0) written['set-cookie'] = cookies.map(String);
  return { statusCode, headers: written, body: Buffer.from(body, isBase64Encoded === true ? 'base64' : 'utf8') };
}

function sendJson(res: ServerResponse, statusCode: number, body: object, requestId: string): void {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(statusCode, { 'content-type': 'application/json', 'content-length': payload.length, 'apigw-requestid': requestId });
  res.end(payload);
}

const serviceError = (code: string, message: string): object => ({ success: false, error: { code, message } });

/**
 * Answers 413 in the service's error body (so a client branches on `FILE_TOO_LARGE` as for the handlers' own
 * limit) and closes the connection, which may still carry the rest of a body too large to drain.
 */
function sendTooLarge(res: ServerResponse, requestId: string): void {
  res.setHeader('connection', 'close');
  sendJson(res, 413, serviceError('FILE_TOO_LARGE', `A request body is at most ${MAX_BODY_BYTES} bytes (API Gateway's limit); send large files through a presigned upload (POST /batch-import/uploads)`), requestId);
}

/**
 * Requests Node cannot parse never reach a handler: headers over MAX_HEADER_BYTES (431), or bytes that are not
 * HTTP (400). They get the service's error body too, written on the socket, which is then closed.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
  const [status, reason, body] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', serviceError('REQUEST_HEADERS_TOO_LARGE', `The request line and headers are at most ${MAX_HEADER_BYTES} bytes`)]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', serviceError('REQUEST_TIMEOUT', 'The request did not arrive in time')]
        : [400, 'Bad Request', serviceError('VALIDATION_ERROR', 'Malformed HTTP request')];
  const payload = JSON.stringify(body);
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\nconnection: close\r\n\r\n${payload}`);
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

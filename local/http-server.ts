import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createRouteMatcher, type RouteMatcher } from '../functions/contract/route-matcher';
import { createLambdaContext, errorMessage, LOCAL_ACCOUNT_ID, withTimeout } from './event-source-mapping';

/** API Gateway HTTP API's payload limit. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;
/**
 * How much of a body over the limit is read and dropped before the 413 is sent. A client answered while it is still
 * sending sees its connection reset (Node's fetch reports EPIPE, never the answer); once the body has arrived it
 * reads the 413 like any answer. A body larger still is cut off: the 413 is sent and the connection closed.
 */
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
  /** @default '127.0.0.1' */
  readonly host?: string;
  readonly region: string;
  /**
   * The function of the `$default` route: it gets every request no route matches. Without one, such a request gets
   * API Gateway's own 404.
   */
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

/** A matched route: its route key and path parameters, as API Gateway hands them to the function. */
interface MatchedRoute {
  readonly routeKey: string;
  readonly function: string;
  readonly pathParameters?: Record<string, string>;
}

/**
 * A local API Gateway HTTP API: turns each request into a payload 2.0 event, invokes the matched route's
 * function, and writes its result back the way API Gateway does, including its error answers.
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
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    stop: () =>
      (stopping ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await Promise.allSettled([...inFlight]);
        server.closeAllConnections();
        await closed;
      })()),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  routes: RouteMatcher<HttpRoute>,
  options: HttpServerOptions,
  log: (line: string) => void,
): Promise<void> {
  const requestId = randomUUID();
  if (options.isReady && !options.isReady()) return sendJson(res, 503, { message: 'Service Unavailable' }, requestId);

  const target = req.url ?? '/';
  const queryStart = target.indexOf('?');
  // HTTP APIs hand the function the decoded path, in rawPath as in the path parameters.
  const rawPath = safeDecode(queryStart < 0 ? target : target.slice(0, queryStart));
  const rawQueryString = queryStart < 0 ? '' : target.slice(queryStart + 1);
  const method = (req.method ?? 'GET').toUpperCase();
  const match = matchRoute(routes, method, rawPath) ?? defaultRoute(options.defaultFunction);
  if (!match) return sendJson(res, 404, { message: 'Not Found' }, requestId);

  const declaredLength = Number(req.headers['content-length'] ?? 0);
  // Declared past what is worth draining: answer at once, and the client may not get to read it.
  if (declaredLength > MAX_BODY_BYTES + OVERSIZED_BODY_DRAIN_BYTES) return sendTooLarge(res, requestId);
  const body = await readBody(req, MAX_BODY_BYTES, OVERSIZED_BODY_DRAIN_BYTES);
  if (body === 'too-large') return sendTooLarge(res, requestId);

  const event = toEvent({ req, method, rawPath, rawQueryString, body, requestId, routeKey: match.routeKey, pathParameters: match.pathParameters });
  let result: unknown;
  let fn: HttpFunction;
  try {
    fn = options.loadFunction(match.function);
  } catch (error) {
    log(`[http] ${match.function} failed to load: ${errorMessage(error)}`);
    return sendJson(res, 500, { message: 'Internal Server Error' }, requestId);
  }
  // Whichever ends first: the function's own timeout (an error, so 500) or the integration's (503).
  const integrationWins = INTEGRATION_TIMEOUT_SECONDS < fn.timeoutSeconds;
  const context = createLambdaContext({ functionName: fn.functionName, region: options.region, timeoutSeconds: fn.timeoutSeconds, memoryMb: fn.memoryMb });
  try {
    result = await withTimeout(
      Promise.resolve().then(() => fn.handler(event, context)),
      Math.min(fn.timeoutSeconds, INTEGRATION_TIMEOUT_SECONDS),
      fn.functionName,
    );
  } catch (error) {
    log(`[http] ${match.routeKey} (${context.awsRequestId}) failed: ${errorMessage(error)}`);
    if (integrationWins && error instanceof Error && error.message.includes('Task timed out')) {
      return sendJson(res, 503, { message: 'Service Unavailable' }, requestId);
    }
    return sendJson(res, 500, { message: 'Internal Server Error' }, requestId);
  }
  const response = toHttpResponse(result);
  if (!response) {
    log(`[http] ${match.routeKey} returned a malformed response: ${JSON.stringify(result)?.slice(0, 200)}`);
    return sendJson(res, 500, { message: 'Internal Server Error' }, requestId);
  }
  res.writeHead(response.statusCode, { ...response.headers, 'apigw-requestid': requestId, 'content-length': response.body.length });
  res.end(response.body);
}

/** The `$default` route, as API Gateway hands it to its function: route key `$default`, no path parameters. */
function defaultRoute(functionName: string | undefined): MatchedRoute | undefined {
  if (functionName === undefined) return undefined;
  return { routeKey: '$default', function: functionName };
}

function matchRoute(routes: RouteMatcher<HttpRoute>, method: string, path: string): MatchedRoute | undefined {
  const found = routes.match(method, path);
  if (!found) return undefined;
  return { routeKey: found.routeKey, function: found.route.function, ...(found.pathParameters ? { pathParameters: found.pathParameters } : {}) };
}

/**
 * The body, or 'too-large' when more than `limit` bytes arrive: then the rest is read and dropped, up to `drain`
 * bytes more, so that the client has sent everything before it is answered (see OVERSIZED_BODY_DRAIN_BYTES).
 */
function readBody(req: IncomingMessage, limit: number, drain: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      chunks = [];
      if (size <= limit + drain) return;
      req.off('data', onData);
      req.pause();
      resolve('too-large');
    };
    req.on('data', onData);
    req.once('end', () => resolve(size > limit ? 'too-large' : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

interface EventParts {
  readonly req: IncomingMessage;
  readonly method: string;
  readonly rawPath: string;
  readonly rawQueryString: string;
  readonly body: Buffer;
  readonly requestId: string;
  readonly routeKey: string;
  readonly pathParameters?: Record<string, string>;
}

/** The HTTP API payload format 2.0 event of one request. */
function toEvent(parts: EventParts): APIGatewayProxyEventV2 {
  const { req } = parts;
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    const value = req.rawHeaders[i + 1];
    // Payload 2.0 moves cookies out of the headers into their own list.
    if (name === 'cookie') cookies.push(...value.split(';').map((cookie) => cookie.trim()).filter(Boolean));
    else headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  const sourceIp = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const localPort = req.socket.localPort ?? 80;
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']}, ${sourceIp}` : sourceIp;
  headers['x-forwarded-port'] = String(localPort);
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] ??= `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;

  const now = new Date();
  const domainName = (headers.host ?? `127.0.0.1:${localPort}`).replace(/:\d+$/, '');
  const hasBody = parts.body.length > 0;
  const binary = hasBody && !isTextPayload(headers['content-type'], headers['content-encoding']);
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
      domainPrefix: domainName.split('.')[0],
      http: {
        method: parts.method,
        path: parts.rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: parts.requestId,
      routeKey: parts.routeKey,
      stage: '$default',
      time: formatRequestTime(now),
      timeEpoch: now.getTime(),
    },
    ...(parts.pathParameters ? { pathParameters: parts.pathParameters } : {}),
    ...(hasBody ? { body: parts.body.toString(binary ? 'base64' : 'utf8') } : {}),
    isBase64Encoded: binary,
  };
}

/**
 * API Gateway passes text bodies as they are and base64-encodes everything else: multipart, form posts,
 * octet streams, anything compressed.
 */
function isTextPayload(contentType: string | undefined, contentEncoding: string | undefined): boolean {
  if (contentEncoding && contentEncoding.trim().toLowerCase() !== 'identity') return false;
  if (!contentType) return false;
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  return (
    mediaType.startsWith('text/') ||
    /^application\/(json|xml|javascript|graphql|[\w.+-]+\+json|[\w.+-]+\+xml)$/.test(mediaType)
  );
}

/** Repeated parameters are joined with commas, as in payload 2.0. */
function parseQuery(rawQueryString: string): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return parameters;
}

/** `12/Mar/2020:19:03:58 +0000`, API Gateway's request time format. */
function formatRequestTime(date: Date): string {
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}

interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[]>;
  readonly body: Buffer;
}

/**
 * A function's result as API Gateway answers it: an object with `statusCode` is a structured response; any other
 * value is a 200 JSON answer (a string as it is, anything else serialized). Undefined when malformed.
 */
function toHttpResponse(result: unknown): HttpResponse | undefined {
  if (result === null || typeof result !== 'object' || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : result === undefined ? '' : JSON.stringify(result);
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body, 'utf8') };
  }
  const structured = result as { statusCode: unknown; headers?: unknown; cookies?: unknown; body?: unknown; isBase64Encoded?: unknown };
  const { statusCode } = structured;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return undefined;
  if (structured.body !== undefined && typeof structured.body !== 'string') return undefined;
  const headers: Record<string, string | string[]> = {};
  if (structured.headers !== undefined) {
    if (typeof structured.headers !== 'object' || structured.headers === null) return undefined;
    for (const [name, value] of Object.entries(structured.headers)) headers[name.toLowerCase()] = String(value);
  }
  if (Array.isArray(structured.cookies) && structured.cookies.length > 0) headers['set-cookie'] = structured.cookies.map(String);
  const body = structured.body ?? '';
  return { statusCode, headers, body: Buffer.from(body, structured.isBase64Encoded === true ? 'base64' : 'utf8') };
}

function sendJson(res: ServerResponse, statusCode: number, body: object, requestId: string): void {
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(statusCode, { 'content-type': 'application/json', 'content-length': payload.length, 'apigw-requestid': requestId });
  res.end(payload);
}

/**
 * Answers 413 in the service's error body (so a client branches on `FILE_TOO_LARGE` as for the handlers' own
 * limit) and closes the connection, which may still carry the rest of a body too large to drain.
 */
function sendTooLarge(res: ServerResponse, requestId: string): void {
  res.setHeader('connection', 'close');
  sendJson(res, 413, serviceError('FILE_TOO_LARGE', `A request body is at most ${MAX_BODY_BYTES} bytes (API Gateway's limit); send large files through a presigned upload (POST /batch-import/uploads)`), requestId);
}

function serviceError(code: string, message: string): object {
  return { success: false, error: { code, message } };
}

/**
 * Requests Node cannot parse never reach a handler: headers over MAX_HEADER_BYTES (431), or bytes that are not
 * HTTP (400). They get the service's error body too, written on the socket, which is then closed.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, body] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', serviceError('REQUEST_HEADERS_TOO_LARGE', `The request line and headers are at most ${MAX_HEADER_BYTES} bytes`)]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', serviceError('REQUEST_TIMEOUT', 'The request did not arrive in time')]
        : [400, 'Bad Request', serviceError('VALIDATION_ERROR', 'Malformed HTTP request')];
  const payload = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\nconnection: close\r\n\r\n${payload}`,
  );
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

import { request } from 'node:http';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { connect } from 'node:net';
import { MAX_BODY_BYTES, MAX_HEADER_BYTES, startHttpServer, type HttpLambdaHandler, type LocalHttpServer } from '../../../local/http-server';

// The API Gateway stand-in over a test route table, reached with real HTTP requests.
const ROUTES = [
  { method: 'GET', path: '/items/{itemId}', function: 'echo' },
  { method: 'POST', path: '/items/{itemId}/files', function: 'echo' },
  { method: 'GET', path: '/items/special', function: 'special' },
  { method: 'GET', path: '/files/{key+}', function: 'echo' },
  { method: 'GET', path: '/answer', function: 'answer' },
  { method: 'GET', path: '/broken', function: 'broken' },
  { method: 'GET', path: '/slow', function: 'slow' },
  { method: 'GET', path: '/missing', function: 'missing' },
] as const;

let lastEvent: APIGatewayProxyEventV2 | undefined;
let lastContext: Context | undefined;
let answer: unknown;
let ready = true;

const FUNCTIONS: Record<string, HttpLambdaHandler> = {
  echo: (event, context) => {
    lastEvent = event;
    lastContext = context;
    return { statusCode: 200, body: 'ok' };
  },
  special: () => ({ statusCode: 204 }),
  answer: () => answer,
  broken: () => {
    throw new Error('handler bug');
  },
  slow: () => new Promise((resolve) => setTimeout(() => resolve({ statusCode: 200 }), 1500)),
};

let server: LocalHttpServer;

beforeAll(async () => {
  server = await startHttpServer({
    routes: ROUTES,
    loadFunction: (name) => {
      const handler = FUNCTIONS[name];
      if (!handler) throw new Error(`Cannot find module for ${name}`);
      return { handler, functionName: `Test-${name}`, timeoutSeconds: 1, memoryMb: 256 };
    },
    region: 'eu-west-1',
    isReady: () => ready,
  });
});
afterAll(() => server.stop());
beforeEach(() => {
  lastEvent = undefined;
  lastContext = undefined;
  ready = true;
});

interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** node:http rather than fetch: fetch merges and normalizes the headers this test is about. */
function send(method: string, path: string, headers: [string, string][] = [], body?: Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // A header list (not an object) keeps repeated names apart; Node then leaves Host to us.
    const raw = [['Host', `127.0.0.1:${server.port}`], ...headers].flat();
    const req = request(`${server.url}${path}`, { method, headers: raw as unknown as Record<string, string> }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A raw client that writes the whole request before it reads a byte of the answer, as simple clients do. */
function sendWholeBodyThenRead(bodyBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    socket.pause();
    socket.on('error', reject);
    socket.once('connect', async () => {
      socket.write(`POST /items/1/files HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\nContent-Length: ${bodyBytes}\r\n\r\n`);
      const chunk = Buffer.alloc(256 * 1024, 1);
      for (let sent = 0; sent < bodyBytes; sent += chunk.length) {
        const part = chunk.subarray(0, Math.min(chunk.length, bodyBytes - sent));
        const written = await new Promise<boolean>((done) => socket.write(part, (error) => done(!error)));
        if (!written) return;
      }
      let text = '';
      socket.on('data', (part: Buffer) => (text += part.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.resume();
    });
  });
}

describe('Function: startHttpServer', () => {
  it('maps a request to a payload 2.0 event', async () => {
    // Act
    const response = await send('GET', '/items/a%20b?tag=x&tag=y&q=hello%20world&empty=', [
      ['X-Custom-Header', 'one'],
      ['x-custom-header', 'two'],
      ['Cookie', 'session=abc; theme=dark'],
      ['User-Agent', 'local-test/1.0'],
    ]);

    // Assert
    expect(response.status).toBe(200);
    expect(lastEvent).toMatchObject({
      version: '2.0',
      routeKey: 'GET /items/{itemId}',
      rawPath: '/items/a b',
      rawQueryString: 'tag=x&tag=y&q=hello%20world&empty=',
      queryStringParameters: { tag: 'x,y', q: 'hello world', empty: '' },
      pathParameters: { itemId: 'a b' },
      cookies: ['session=abc', 'theme=dark'],
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: '127.0.0.1',
        http: { method: 'GET', path: '/items/a b', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'local-test/1.0' },
        routeKey: 'GET /items/{itemId}',
        stage: '$default',
      },
    });
    expect(lastEvent!.body).toBeUndefined();
    expect(lastEvent!.headers['x-custom-header']).toBe('one,two');
    expect(lastEvent!.headers['user-agent']).toBe('local-test/1.0');
    expect(lastEvent!.headers.cookie).toBeUndefined();
    expect(Object.keys(lastEvent!.headers).every((name) => name === name.toLowerCase())).toBe(true);
    expect(lastEvent!.requestContext.requestId).toBe(response.headers['apigw-requestid']);
    expect(lastEvent!.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(Math.abs(lastEvent!.requestContext.timeEpoch - Date.now())).toBeLessThan(5000);
    expect(lastContext!.functionName).toBe('Test-echo');
    expect(lastContext!.getRemainingTimeInMillis()).toBeLessThanOrEqual(1000);
  });

  it('leaves out the query string parameters and path parameters a request does not have', async () => {
    answer = { statusCode: 200 };
    await send('GET', '/files/a/b/c.csv');

    expect(lastEvent!.pathParameters).toEqual({ key: 'a/b/c.csv' });
    expect(lastEvent!.queryStringParameters).toBeUndefined();
    expect(lastEvent!.rawQueryString).toBe('');
  });

  it('prefers a literal route over a parameterized one', async () => {
    const response = await send('GET', '/items/special');

    expect(response.status).toBe(204);
    expect(lastEvent).toBeUndefined();
  });

  it('base64-encodes a multipart body and passes a JSON body as text', async () => {
    // Arrange
    const boundary = 'test-boundary';
    const multipart = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n`),
      Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x2c, 0x62, 0x0a, 0xff, 0x00]),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);

    // Act
    await send('POST', '/items/1/files', [['Content-Type', `multipart/form-data; boundary=${boundary}`]], multipart);
    const multipartEvent = lastEvent!;
    await send('POST', '/items/1/files', [['Content-Type', 'application/json; charset=utf-8']], Buffer.from('{"items":[1]}'));
    const jsonEvent = lastEvent!;
    await send('POST', '/items/1/files', [['Content-Type', 'text/csv'], ['Content-Encoding', 'gzip']], Buffer.from([0x1f, 0x8b, 0x08]));
    const gzipEvent = lastEvent!;

    // Assert
    expect(multipartEvent.isBase64Encoded).toBe(true);
    expect(Buffer.from(multipartEvent.body!, 'base64').equals(multipart)).toBe(true);
    expect(multipartEvent.headers['content-type']).toBe(`multipart/form-data; boundary=${boundary}`);
    expect(jsonEvent.isBase64Encoded).toBe(false);
    expect(jsonEvent.body).toBe('{"items":[1]}');
    expect(gzipEvent.isBase64Encoded).toBe(true);
    expect(Buffer.from(gzipEvent.body!, 'base64')).toEqual(Buffer.from([0x1f, 0x8b, 0x08]));
  });

  it('answers 404 like API Gateway for an unknown path or method', async () => {
    const unknownPath = await send('GET', '/nowhere');
    const unknownMethod = await send('DELETE', '/answer');

    for (const response of [unknownPath, unknownMethod]) {
      expect(response.status).toBe(404);
      expect(JSON.parse(response.body.toString())).toEqual({ message: 'Not Found' });
    }
  });

  it('hands a request no route matches to the $default route\'s function when there is one', async () => {
    // Arrange: a second server over the same routes, with a $default function
    let fallbackEvent: APIGatewayProxyEventV2 | undefined;
    const withDefault = await startHttpServer({
      routes: ROUTES,
      defaultFunction: 'fallback',
      loadFunction: (name) => ({
        handler: name === 'fallback' ? (event) => ((fallbackEvent = event), { statusCode: 405, body: 'no' }) : FUNCTIONS[name]!,
        functionName: `Test-${name}`,
        timeoutSeconds: 1,
        memoryMb: 256,
      }),
      region: 'eu-west-1',
    });
    try {
      // Act
      const response = await fetch(`${withDefault.url}/answer?x=1`, { method: 'DELETE' });
      // Assert
      expect(response.status).toBe(405);
      expect(await response.text()).toBe('no');
      expect(fallbackEvent).toMatchObject({ routeKey: '$default', rawPath: '/answer', rawQueryString: 'x=1', requestContext: { http: { method: 'DELETE' } } });
      expect(fallbackEvent?.pathParameters).toBeUndefined();
    } finally {
      await withDefault.stop();
    }
  });

  it('answers 413 FILE_TOO_LARGE, in the service error body, for a body over 10 MB without calling the function', async () => {
    const response = await send('POST', '/items/1/files', [['Content-Type', 'application/octet-stream']], Buffer.alloc(MAX_BODY_BYTES + 1));

    expect(response.status).toBe(413);
    expect(JSON.parse(response.body.toString())).toEqual({ success: false, error: { code: 'FILE_TOO_LARGE', message: expect.stringContaining(`${MAX_BODY_BYTES} bytes`) } });
    expect(lastEvent).toBeUndefined();
  });

  it("lets Node's fetch read the 413 of a body it is still sending, declared or chunked", async () => {
    // Before: the answer came while the client was sending, the connection was reset, and fetch threw EPIPE.
    const oversized = Buffer.alloc(MAX_BODY_BYTES + 4 * 1024 * 1024, 1);
    const declared = await fetch(`${server.url}/items/1/files`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: oversized });
    const chunked = await fetch(`${server.url}/items/1/files`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: new Blob([oversized]).stream(),
      duplex: 'half',
    } as RequestInit);

    for (const response of [declared, chunked]) {
      expect(response.status).toBe(413);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('FILE_TOO_LARGE');
    }
    expect(lastEvent).toBeUndefined();
    // The server still answers.
    expect((await fetch(`${server.url}/items/1`)).status).toBe(200);
  });

  it('lets a client that sends its whole body before reading read the 413 (no EPIPE)', async () => {
    // Before: the 413 went out after 10 MB and the socket was destroyed under the rest of the body.
    const answer = await sendWholeBodyThenRead(MAX_BODY_BYTES + 4 * 1024 * 1024);

    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ success: false, error: { code: 'FILE_TOO_LARGE' } });
  });

  it('answers 431 in the service error body to headers over 10 KB, readable by fetch', async () => {
    const response = await fetch(`${server.url}/items/1`, { headers: { 'x-padding': 'x'.repeat(MAX_HEADER_BYTES + 1) } });

    expect(response.status).toBe(431);
    expect(await response.json()).toEqual({
      success: false,
      error: { code: 'REQUEST_HEADERS_TOO_LARGE', message: `The request line and headers are at most ${MAX_HEADER_BYTES} bytes` },
    });
    expect(lastEvent).toBeUndefined();
  });

  it('answers 400 in the service error body to bytes that are not HTTP', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.end('NOT HTTP AT ALL\r\n\r\n'));
      let text = '';
      socket.on('data', (part: Buffer) => (text += part.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });

    expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({ success: false, error: { code: 'VALIDATION_ERROR', message: 'Malformed HTTP request' } });
  });

  it('accepts a body of exactly 10 MB', async () => {
    const response = await send('POST', '/items/1/files', [['Content-Type', 'application/octet-stream']], Buffer.alloc(MAX_BODY_BYTES, 7));

    expect(response.status).toBe(200);
    expect(Buffer.from(lastEvent!.body!, 'base64').length).toBe(MAX_BODY_BYTES);
  });

  it('writes a structured result back: status, headers, cookies, base64 body', async () => {
    answer = {
      statusCode: 201,
      headers: { 'Content-Type': 'image/png', 'X-Count': 3 },
      cookies: ['a=1; Path=/', 'b=2'],
      body: Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64'),
      isBase64Encoded: true,
    };

    const response = await send('GET', '/answer');

    expect(response.status).toBe(201);
    expect(response.headers['content-type']).toBe('image/png');
    expect(response.headers['x-count']).toBe('3');
    expect(response.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2']);
    expect(response.body).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  });

  it('answers a plain string or object result as 200 JSON', async () => {
    answer = 'Hello from Lambda!';
    const text = await send('GET', '/answer');
    answer = { message: 'hi' };
    const object = await send('GET', '/answer');

    expect(text.status).toBe(200);
    expect(text.headers['content-type']).toBe('application/json');
    expect(text.body.toString()).toBe('Hello from Lambda!');
    expect(object.status).toBe(200);
    expect(JSON.parse(object.body.toString())).toEqual({ message: 'hi' });
  });

  it('answers 500 when the function throws, times out, cannot load or returns a malformed response', async () => {
    answer = { statusCode: 'two hundred' };
    const responses = await Promise.all([send('GET', '/broken'), send('GET', '/slow'), send('GET', '/missing'), send('GET', '/answer')]);

    for (const response of responses) {
      expect(response.status).toBe(500);
      expect(JSON.parse(response.body.toString())).toEqual({ message: 'Internal Server Error' });
    }
  });

  it('answers 503 until the stack is ready', async () => {
    ready = false;

    const response = await send('GET', '/items/1');

    expect(response.status).toBe(503);
    expect(lastEvent).toBeUndefined();
  });
});

import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { api, baseUrl, demoKey } from '../support/service-client';
import { freshKey, mintSessionCookie } from '../support/session-keys';

interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
}

/** A GET as a browser sends it, answered byte for byte (fetch would undo the content encoding). */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl()}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

// connect-src names the local S3 endpoint too: the Upload page PUTs large files to presigned URLs there.
const CSP = () =>
  `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ${new URL(process.env.AWS_ENDPOINT_URL_S3 as string).origin}; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'`;

describe('E2E: the dashboard on the API origin', () => {
  let script: string;
  let style: string;

  beforeAll(async () => {
    const shell = (await rawGet('/')).body.toString('utf8');
    script = /src="(\/assets\/[^"]+\.js)"/.exec(shell)?.[1] as string;
    style = /href="(\/assets\/[^"]+\.css)"/.exec(shell)?.[1] as string;
  });

  it.each(['/', '/sign-in', '/jobs', '/jobs/6f1c2b9e/download/failed-rows', '/upload', '/import-jobs', '/import-jobs/new', '/import-jobs/b7d1c0de', '/mappings', '/quota'])(
    'answers %s with the shell: strict CSP, no-cache, nosniff, same-origin referrer',
    async (path) => {
      const answer = await rawGet(path);
      expect(answer.status).toBe(200);
      expect(answer.headers).toMatchObject({
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
        'content-security-policy': CSP(),
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'same-origin',
      });
      const html = answer.body.toString('utf8');
      // Nothing inline for the CSP to forbid, and nothing from another host.
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/);
      expect(html).not.toMatch(/<style|style="/);
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    },
  );

  it('serves a hashed asset brotli-compressed, cached for a year as immutable, varying by Accept-Encoding', async () => {
    expect(script).toMatch(/^\/assets\/main-[A-Z0-9]+\.js$/);
    const plain = await rawGet(script, { 'accept-encoding': 'identity' });
    const br = await rawGet(script, { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'content-encoding': 'br',
      'cache-control': 'public, max-age=31536000, immutable',
      vary: 'Accept-Encoding',
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length / 2);
  });

  it('falls back to gzip, and to the file as built, by what the client accepts', async () => {
    const gz = await rawGet(style, { 'accept-encoding': 'gzip' });
    const plain = await rawGet(style, { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect([gz.headers['content-encoding'], gz.headers['content-type']]).toEqual(['gzip', 'text/css; charset=utf-8']);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);
  });

  it('answers an unknown asset 404 in the error body', async () => {
    const answer = await rawGet('/assets/main-NOTAHASH.js');
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body.toString('utf8'))).toEqual({ success: false, error: { code: 'NOT_FOUND', message: 'No such asset' } });
  });

  it('keeps the API\'s own 404s: unknown API routes and unknown paths get the JSON error body', async () => {
    for (const path of ['/batch-import/nowhere', '/nowhere', '/assets']) {
      const answer = await rawGet(path);
      expect([path, answer.status, JSON.parse(answer.body.toString('utf8')).error.code]).toEqual([path, 404, 'ROUTE_NOT_FOUND']);
    }
    const unauthorized = await rawGet('/batch-import/jobs');
    expect([unauthorized.status, JSON.parse(unauthorized.body.toString('utf8')).error.code]).toEqual([401, 'UNAUTHORIZED']);
  });

  it('refuses a cross-origin POST made with the session cookie (403 ORIGIN_MISMATCH), and takes it from the own origin', async () => {
    const { apiKey } = await freshKey();
    const cookie = `bi_session=${await mintSessionCookie(apiKey, new Date(Date.now() + 3600_000))}`;
    const post = (origin?: string) =>
      fetch(`${baseUrl()}/batch-import/mappings`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', ...(origin ? { origin } : {}) },
        body: JSON.stringify({ name: 'From the dashboard', target: 'transaction', columnMapping: { Ref: 'externalId' } }),
      });
    const foreign = await post('https://evil.example');
    expect([foreign.status, ((await foreign.json()) as { error: { code: string } }).error.code]).toEqual([403, 'ORIGIN_MISMATCH']);
    expect((await post()).status).toBe(403);
    expect((await post(baseUrl())).status).toBe(201);
    // A key-authenticated request (CLI, integrations) needs no Origin.
    const keyed = await fetch(`${baseUrl()}/batch-import/mappings`, { headers: { authorization: `Bearer ${demoKey()}` } });
    expect(keyed.status).toBe(200);
  });

  it('refuses a session cookie that has ended, or that the service did not seal', async () => {
    const { apiKey } = await freshKey();
    const read = (value: string) => fetch(`${baseUrl()}/batch-import/session`, { headers: { cookie: `bi_session=${value}` } });
    expect((await read(await mintSessionCookie(apiKey, new Date(Date.now() + 3600_000)))).status).toBe(200);
    expect((await read(await mintSessionCookie(apiKey, new Date(Date.now() - 1000)))).status).toBe(401);
    const genuine = await mintSessionCookie(apiKey, new Date(Date.now() + 3600_000));
    const tampered = `${genuine.slice(0, 20)}${genuine[20] === 'A' ? 'B' : 'A'}${genuine.slice(21)}`;
    expect((await read(tampered)).status).toBe(401);
  });

  it('answers the session routes within their contract: sign in, read, sign out', async () => {
    // api() checks each answer against the route table's schema for its route and status.
    const signedIn = await api('/batch-import/session', { method: 'POST', headers: { 'content-type': 'application/json', origin: baseUrl() }, body: JSON.stringify({ apiKey: demoKey() }) });
    expect(signedIn.status).toBe(200);
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(cookie).toMatch(/^bi_session=/);
    const read = await api('/batch-import/session', { headers: { cookie } });
    expect(await read.json()).toMatchObject({ success: true, orgId: 'demo' });
    const out = await api('/batch-import/session', { method: 'DELETE', headers: { cookie, origin: baseUrl() } });
    expect([out.status, out.headers.get('set-cookie')]).toEqual([200, 'bi_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict']);
    expect((await api('/batch-import/session')).status).toBe(401);
    const refused = await api('/batch-import/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ apiKey: 'bik_unknown' }) });
    expect(refused.status).toBe(401);
  });
});

import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { SessionSealer } from '../../../functions/core/auth/session-token';
import { createApiKey } from '../../../functions/core/use-cases/create-api-key';
import { createMappingsHandler } from '../../../functions/handlers/http/mappings-handler';
import { createSessionHandler } from '../../../functions/handlers/http/session-handler';
import { apiEvent } from '../../support/api-events';
import { createWorld } from '../../support/world';

const ORIGIN = 'https://imports.example.com';
const HOST = { host: 'imports.example.com', 'x-forwarded-proto': 'https' };

/** Sign-in and the session cookie on the keyed routes, over fakes: the cookie's flags, the Origin rule, the re-check of the key. */
describe('Handler: dashboard sessions', () => {
  const setup = async () => {
    const world = createWorld();
    const created = await createApiKey(world.deps, { orgId: 'org-a', scopes: ['import-jobs:manage'] });
    const sessions = { sealer: new SessionSealer(async () => 'x'.repeat(40)), ttlSeconds: 8 * 3600 };
    const deps = { ...world.deps, sessions };
    const session = createSessionHandler(deps);
    const mappings = createMappingsHandler(deps);
    const call = async (handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>, event: APIGatewayProxyEventV2) => {
      const result = await handler(event);
      const body = JSON.parse(result.body ?? '{}') as { error?: { code: string }; orgId?: string; expiresAt?: string };
      return { status: result.statusCode, code: body.error?.code, body, cookies: result.cookies ?? [] };
    };
    const signIn = async (headers: Record<string, string> = { ...HOST, origin: ORIGIN }) =>
      call(
        session,
        apiEvent({ method: 'POST', path: '/batch-import/session', headers: { ...headers, 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ apiKey: created.apiKey })) }),
      );
    const cookieOf = (setCookie: string) => setCookie.split(';')[0] as string;
    return { world, created, session, mappings, call, signIn, cookieOf, sessions };
  };

  it('sets a Secure, HttpOnly, SameSite=Strict __Host- cookie of 8 hours that holds no key', async () => {
    const { signIn, created } = await setup();
    const answer = await signIn();
    expect(answer).toMatchObject({ status: 200, body: { orgId: 'org-a', expiresAt: '2026-11-25T18:00:00.000Z' } });
    expect(answer.cookies).toHaveLength(1);
    expect(answer.cookies[0]).toMatch(/^__Host-bi_session=[A-Za-z0-9_-]+; Max-Age=28800; Path=\/; HttpOnly; SameSite=Strict; Secure$/);
    expect(answer.cookies[0]).not.toContain(created.apiKey);
  });

  it('leaves Secure (and the __Host- prefix) out on plain-http localhost only', async () => {
    const { signIn } = await setup();
    const local = await signIn({ host: '127.0.0.1:3000', 'x-forwarded-proto': 'http', origin: 'http://127.0.0.1:3000' });
    expect(local.cookies[0]).toMatch(/^bi_session=.*; HttpOnly; SameSite=Strict$/);
    const lan = await signIn({ host: '192.168.1.20:3000', 'x-forwarded-proto': 'http', origin: 'http://192.168.1.20:3000' });
    expect(lan.cookies[0]).toMatch(/; Secure$/);
  });

  it('refuses an unknown key with 401, and a sign-in posted by another site with 403 ORIGIN_MISMATCH', async () => {
    const { call, session, signIn } = await setup();
    const unknown = await call(
      session,
      apiEvent({ method: 'POST', path: '/batch-import/session', headers: { ...HOST, 'content-type': 'application/json' }, body: Buffer.from('{"apiKey":"bik_nope"}') }),
    );
    expect(unknown).toMatchObject({ status: 401, code: 'UNAUTHORIZED', cookies: [] });
    expect(await signIn({ ...HOST, origin: 'https://evil.example' })).toMatchObject({ status: 403, code: 'ORIGIN_MISMATCH' });
  });

  it('lets the cookie stand for the key: reads freely, writes from the own origin only', async () => {
    const { call, mappings, signIn, cookieOf } = await setup();
    const cookie = cookieOf((await signIn()).cookies[0] as string);
    const create = (headers: Record<string, string>) =>
      call(
        mappings,
        apiEvent({
          method: 'POST',
          path: '/batch-import/mappings',
          headers: { ...HOST, cookie, 'content-type': 'application/json', ...headers },
          body: Buffer.from(JSON.stringify({ name: 'm', target: 'transaction', columnMapping: { Ref: 'externalId' } })),
        }),
      );
    expect(await call(mappings, apiEvent({ method: 'GET', path: '/batch-import/mappings', headers: { ...HOST, cookie } }))).toMatchObject({ status: 200 });
    expect(await create({})).toMatchObject({ status: 403, code: 'ORIGIN_MISMATCH' });
    expect(await create({ origin: 'https://evil.example' })).toMatchObject({ status: 403, code: 'ORIGIN_MISMATCH' });
    expect(await create({ origin: ORIGIN })).toMatchObject({ status: 201 });
  });

  it('also takes PUBLIC_BASE_URL\'s origin, beside the request\'s own, so routes with and without it agree', async () => {
    const { world, signIn, cookieOf, sessions, call } = await setup();
    const cookie = cookieOf((await signIn()).cookies[0] as string);
    const behindProxy = createMappingsHandler({ ...world.deps, sessions: { ...sessions, publicOrigin: 'https://imports.example.org' } });
    const create = (origin: string) =>
      call(
        behindProxy,
        apiEvent({
          method: 'POST',
          path: '/batch-import/mappings',
          headers: { ...HOST, cookie, origin, 'content-type': 'application/json' },
          body: Buffer.from(JSON.stringify({ name: `m-${origin.length}`, target: 'transaction', columnMapping: { Ref: 'externalId' } })),
        }),
      );
    expect(await create('https://imports.example.org')).toMatchObject({ status: 201 });
    expect(await create(ORIGIN)).toMatchObject({ status: 201 });
    expect(await create('https://evil.example')).toMatchObject({ status: 403, code: 'ORIGIN_MISMATCH' });
  });

  it('leaves key-authenticated requests alone: no Origin needed', async () => {
    const { call, mappings, created } = await setup();
    const answer = await call(
      mappings,
      apiEvent({
        method: 'POST',
        path: '/batch-import/mappings',
        headers: { ...HOST, authorization: `Bearer ${created.apiKey}`, 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify({ name: 'm', target: 'transaction', columnMapping: { Ref: 'externalId' } })),
      }),
    );
    expect(answer).toMatchObject({ status: 201 });
  });

  it('ends the session when its key is revoked, when it expires, and for a forged cookie', async () => {
    const { world, call, mappings, session, signIn, cookieOf, created } = await setup();
    const cookie = cookieOf((await signIn()).cookies[0] as string);
    const read = (value: string) => call(mappings, apiEvent({ method: 'GET', path: '/batch-import/mappings', headers: { ...HOST, cookie: value } }));
    // Forged: another value under the cookie's name.
    expect(await read('__Host-bi_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    // Expired: 8 hours later.
    world.deps.clock.advance(8 * 3600 * 1000);
    expect(await read(cookie)).toMatchObject({ status: 401 });
    world.deps.clock.advance(-8 * 3600 * 1000);
    expect(await read(cookie)).toMatchObject({ status: 200 });
    // Revoked.
    const stored = [...world.deps.apiKeys.keys.values()].find((key) => key.orgId === 'org-a' && created.keyId === key.keyId);
    world.deps.apiKeys.keys.set(stored!.keyHash, { ...stored!, revokedAt: '2026-11-25T10:00:00.000Z' });
    expect(await read(cookie)).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(await call(session, apiEvent({ method: 'GET', path: '/batch-import/session', headers: { ...HOST, cookie } }))).toMatchObject({ status: 401 });
  });

  it('signs out by clearing the cookie, with the same flags', async () => {
    const { call, session } = await setup();
    const answer = await call(session, apiEvent({ method: 'DELETE', path: '/batch-import/session', headers: HOST }));
    expect(answer).toMatchObject({ status: 200, cookies: ['__Host-bi_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict; Secure'] });
  });
});

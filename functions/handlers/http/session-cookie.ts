import type { SessionSealer } from '../../core/auth/session-token';
import { DomainError } from '../../core/errors';
import { header, type HttpEvent } from './request';

/** What a function that accepts the dashboard's session cookie needs (built by sessions.ts from SessionConfig). */
export interface DashboardSessions {
  readonly sealer: SessionSealer;
  readonly ttlSeconds: number;
  /** The dashboard's origin when it is not the request's own (PUBLIC_BASE_URL). */
  readonly publicOrigin?: string;
}

/** With `Secure` the `__Host-` prefix also pins the cookie to this host and to Path=/ (no subdomain may set it). */
const SECURE_COOKIE = '__Host-bi_session';
/** On plain-http localhost, where a browser would not keep a Secure cookie for long, nor send one to 127.0.0.1. */
const LOCAL_COOKIE = 'bi_session';
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const protocolOf = (event: HttpEvent): string => (header(event, 'x-forwarded-proto') ?? 'https').split(',')[0]?.trim().toLowerCase() || 'https';
const hostOf = (event: HttpEvent): string => (header(event, 'host') ?? '').trim().toLowerCase();

/** Plain http to this machine: the only place the cookie goes without `Secure`. */
export function isPlainLocalhost(event: HttpEvent): boolean {
  const hostname = hostOf(event).replace(/:\d+$/, '');
  return protocolOf(event) === 'http' && LOCAL_HOSTS.has(hostname);
}

const cookieName = (event: HttpEvent): string => (isPlainLocalhost(event) ? LOCAL_COOKIE : SECURE_COOKIE);

/** The session cookie of a request, if it carries one (payload 2.0 lists cookies apart; a raw header also counts). */
export function sessionCookieOf(event: HttpEvent): string | undefined {
  const name = cookieName(event);
  const pairs = [...(event.cookies ?? []), ...(header(event, 'cookie') ?? '').split(';')];
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}

function attributes(event: HttpEvent): string {
  return `Path=/; HttpOnly; SameSite=Strict${isPlainLocalhost(event) ? '' : '; Secure'}`;
}

export function setSessionCookie(event: HttpEvent, token: string, maxAgeSeconds: number): string {
  return `${cookieName(event)}=${token}; Max-Age=${maxAgeSeconds}; ${attributes(event)}`;
}

export function clearSessionCookie(event: HttpEvent): string {
  return `${cookieName(event)}=; Max-Age=0; ${attributes(event)}`;
}

/**
 * The origins the dashboard is served from: the one this request was sent to, and PUBLIC_BASE_URL's when it is set
 * (a proxy in front of the API may rewrite the host). Only some functions are given PUBLIC_BASE_URL (those that
 * send email), so the request's own origin is always one: every route then accepts the same browsers.
 */
export function ownOrigins(event: HttpEvent, publicOrigin: string | undefined): string[] {
  const requested = `${protocolOf(event)}://${hostOf(event)}`.toLowerCase();
  return publicOrigin && publicOrigin.toLowerCase() !== requested ? [requested, publicOrigin.toLowerCase()] : [requested];
}

/** Whether an `Origin` header names one of the dashboard's own origins (see ownOrigins). */
export function isOwnOrigin(event: HttpEvent, origin: string, publicOrigin: string | undefined): boolean {
  return ownOrigins(event, publicOrigin).includes(origin.toLowerCase());
}

/**
 * A state-changing request made with the session cookie must come from the dashboard itself: its `Origin` must be
 * the API's own. SameSite=Strict already keeps the cookie off other sites' requests; this also stops a sibling
 * origin of the same site, and a browser that ignores SameSite. Requests with an API key are not concerned.
 */
export function requireOwnOrigin(event: HttpEvent, method: string, publicOrigin: string | undefined): void {
  if (!STATE_CHANGING.has(method.toUpperCase())) return;
  const origin = header(event, 'origin');
  if (origin === undefined || !isOwnOrigin(event, origin, publicOrigin)) {
    const expected = ownOrigins(event, publicOrigin).join(' or ');
    throw new DomainError('ORIGIN_MISMATCH', `This request must come from the dashboard (${expected}); it came from ${origin ?? 'no origin'}`);
  }
}

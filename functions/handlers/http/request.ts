import { z } from 'zod';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Principal } from '../../core/auth/api-key';
import { requireScope } from '../../core/auth/scopes';
import { DomainError } from '../../core/errors';
import type { Scope } from '../../core/kinds';
import { assertJsonDepth } from '../../core/json-depth';

/** The parts of an API Gateway (payload 2.0) event the handlers read, checked rather than trusted. */
export const HttpEvent = z.object({
  rawPath: z.string(),
  headers: z.record(z.string(), z.string().optional()).default({}),
  /** Payload 2.0 moves the Cookie header into this list, one `name=value` each. */
  cookies: z.array(z.string()).optional(),
  queryStringParameters: z.record(z.string(), z.string().optional()).optional(),
  pathParameters: z.record(z.string(), z.string().optional()).optional(),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().default(false),
});
export type HttpEvent = z.infer<typeof HttpEvent>;

export function parseEvent(event: APIGatewayProxyEventV2): HttpEvent {
  const parsed = HttpEvent.safeParse(event);
  if (!parsed.success) throw new DomainError('VALIDATION_ERROR', 'Malformed request');
  return parsed.data;
}

/** Headers arrive lower-cased from API Gateway; be lenient with clients and local tools that do not. */
export function header(event: HttpEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

export function bodyBytes(event: HttpEvent): Buffer {
  if (!event.body) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

/** `multipart/form-data; boundary=…` → `multipart/form-data`. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * Reads a request's body only once its key holds one of `scopes` (§3: 403 without it). Checking first means a key
 * that may not call the route gets 403 whatever it sent, not a 400 about a body it had no right to send, and no
 * body of such a key is parsed. The use case checks its scope again; this is about the order.
 */
export function afterScope<T>(principal: Principal, scopes: readonly Scope[], read: () => T): T {
  requireScope(principal, scopes);
  return read();
}

/** `?dryRun=true` and friends: absent is false; anything but true or false is a client error. */
export function booleanQuery(event: HttpEvent, name: string): boolean {
  const value = event.queryStringParameters?.[name];
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new DomainError('VALIDATION_ERROR', `${name} must be true or false`);
}

/** The JSON body of a request; `what` names it in the errors ("Send the mapping as application/json"). */
export function jsonBody(event: HttpEvent, what = 'the body'): unknown {
  if (mediaType(header(event, 'content-type')) !== 'application/json') {
    throw new DomainError('UNSUPPORTED_FORMAT', `Send ${what} as application/json`);
  }
  return bodyJson(event);
}

/** The body as JSON whatever its content type, or a 400 with `invalidMessage`: `jsonBody` checks the type first. */
export function bodyJson(event: HttpEvent, invalidMessage?: string): unknown {
  return parseJsonText(bodyBytes(event).toString('utf8'), invalidMessage);
}

/**
 * JSON text as a value, or a 400: invalid JSON, or JSON nested too deep to walk safely (checked first, without
 * recursion). `parse` is JSON.parse unless the caller keeps numbers exact.
 */
export function parseJsonText(text: string, invalidMessage = 'The body is not valid JSON', parse: (text: string) => unknown = JSON.parse): unknown {
  assertJsonDepth(text, 'The body');
  try {
    return parse(text);
  } catch {
    throw new DomainError('VALIDATION_ERROR', invalidMessage);
  }
}

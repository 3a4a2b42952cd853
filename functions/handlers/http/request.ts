import { z } from 'zod';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../../core/errors';

/** The parts of an API Gateway (payload 2.0) event the handlers read, checked rather than trusted. */
export const HttpEvent = z.object({
  rawPath: z.string(),
  headers: z.record(z.string(), z.string().optional()).default({}),
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
  try {
    return JSON.parse(bodyBytes(event).toString('utf8'));
  } catch {
    throw new DomainError('VALIDATION_ERROR', 'The body is not valid JSON');
  }
}

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signature Version 4 checks for the local S3 gateway, as S3 makes them: a presigned URL (query parameters) or an
 * `Authorization` header, over the canonical request (method, path, query, the signed headers), with the
 * presigned URL's expiry and the header's clock skew. Only the one key pair the local stack configures is known.
 *
 * Not checked, unlike S3: that a body matches a hex `x-amz-content-sha256` (the hash itself is signed, the body is
 * streamed through unread), the chunk signatures of `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`, and the region (any
 * region the credential names is accepted).
 */

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** What the check needs of a request: the raw target and the raw headers, as they arrived. */
export interface SignedRequest {
  readonly method: string;
  /** The request target as sent: `/bucket/key?query`, still percent-encoded. */
  readonly url: string;
  /** Node's `rawHeaders`: name, value, name, value… */
  readonly rawHeaders: readonly string[];
}

export type SignatureVerdict = { readonly ok: true } | { readonly ok: false; readonly status: 400 | 403; readonly code: string; readonly message: string };

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** S3 accepts presigned URLs valid for up to 7 days. */
const MAX_EXPIRES_SECONDS = 7 * 24 * 3600;
/** S3 refuses a signed request whose time is more than 15 minutes off its own clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

const denied = (code: string, message: string, status: 400 | 403 = 403): SignatureVerdict => ({ ok: false, status, code, message });

export function verifySignature(request: SignedRequest, credentials: SigningCredentials, now: Date): SignatureVerdict {
  const queryStart = request.url.indexOf('?');
  const path = queryStart < 0 ? request.url : request.url.slice(0, queryStart);
  const query = parseQuery(queryStart < 0 ? '' : request.url.slice(queryStart + 1));
  const headers = canonicalHeaderValues(request.rawHeaders);
  const presigned = query.some(([name]) => name === 'X-Amz-Algorithm');
  const authorization = headers.get('authorization');

  let parts: { credential: string; signedHeaders: string; signature: string; amzDate: string; payloadHash: string };
  if (presigned) {
    const param = (name: string): string | undefined => query.find(([candidate]) => candidate === name)?.[1];
    const fields = {
      algorithm: param('X-Amz-Algorithm'),
      credential: param('X-Amz-Credential'),
      amzDate: param('X-Amz-Date'),
      expires: param('X-Amz-Expires'),
      signedHeaders: param('X-Amz-SignedHeaders'),
      signature: param('X-Amz-Signature'),
    };
    if (Object.values(fields).some((value) => value === undefined)) {
      return denied('AuthorizationQueryParametersError', 'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.', 400);
    }
    if (fields.algorithm !== ALGORITHM) return denied('AuthorizationQueryParametersError', `X-Amz-Algorithm only supports "${ALGORITHM}"`, 400);
    const expires = Number(fields.expires);
    if (!/^\d+$/.test(fields.expires!) || expires > MAX_EXPIRES_SECONDS) {
      return denied('AuthorizationQueryParametersError', 'X-Amz-Expires must be a whole number of seconds, at most 604800 (7 days)', 400);
    }
    const signedAt = parseAmzDate(fields.amzDate!);
    if (signedAt === undefined) return denied('AuthorizationQueryParametersError', 'X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"', 400);
    if (now.getTime() > signedAt + expires * 1000) return denied('AccessDenied', 'Request has expired');
    if (signedAt - now.getTime() > MAX_SKEW_MS) return denied('AccessDenied', 'Request is not valid yet');
    parts = {
      credential: fields.credential!,
      signedHeaders: fields.signedHeaders!,
      signature: fields.signature!,
      amzDate: fields.amzDate!,
      payloadHash: param('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
    };
  } else if (authorization !== undefined) {
    const match = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(authorization);
    if (!match) return denied('AuthorizationHeaderMalformed', 'The authorization header is malformed', 400);
    const amzDate = headers.get('x-amz-date');
    const signedAt = amzDate === undefined ? undefined : parseAmzDate(amzDate);
    if (signedAt === undefined) return denied('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
    if (Math.abs(now.getTime() - signedAt) > MAX_SKEW_MS) {
      return denied('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.');
    }
    const payloadHash = headers.get('x-amz-content-sha256');
    if (payloadHash === undefined) return denied('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256', 400);
    parts = { credential: match[1], signedHeaders: match[2], signature: match[3], amzDate: amzDate!, payloadHash };
  } else {
    return denied('AccessDenied', 'Access Denied: the request is not signed');
  }

  const [accessKeyId, scopeDate, region, service, terminator, ...rest] = parts.credential.split('/');
  if (accessKeyId !== credentials.accessKeyId) {
    return denied('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  }
  if (rest.length > 0 || !region || service !== 's3' || terminator !== 'aws4_request' || scopeDate !== parts.amzDate.slice(0, 8)) {
    return denied('AuthorizationHeaderMalformed', `The credential scope ${parts.credential.split('/').slice(1).join('/')} is not valid for this request`, 400);
  }
  const signedHeaderNames = parts.signedHeaders.split(';');
  if (!signedHeaderNames.includes('host')) return denied('AccessDenied', 'The host header must be signed');

  const canonicalRequest = [
    request.method,
    path === '' ? '/' : path,
    canonicalQuery(presigned ? query.filter(([name]) => name !== 'X-Amz-Signature') : query),
    signedHeaderNames.map((name) => `${name}:${headers.get(name) ?? ''}\n`).join(''),
    parts.signedHeaders,
    parts.payloadHash,
  ].join('\n');
  const scope = `${scopeDate}/${region}/${service}/${terminator}`;
  const stringToSign = [ALGORITHM, parts.amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  let key: Buffer = hmac(`AWS4${credentials.secretAccessKey}`, scopeDate);
  for (const part of [region, service, terminator]) key = hmac(key, part);
  const expected = Buffer.from(hmac(key, stringToSign).toString('hex'));
  const given = Buffer.from(parts.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return denied('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
  }
  return { ok: true };
}

/** `name=value` pairs, percent-decoded (a `+` stays a `+`, as S3 reads it in a signed query). */
function parseQuery(query: string): Array<[string, string]> {
  if (query === '') return [];
  return query.split('&').map((pair) => {
    const equals = pair.indexOf('=');
    return equals < 0 ? [decode(pair), ''] : [decode(pair.slice(0, equals)), decode(pair.slice(equals + 1))];
  });
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** RFC 3986 unreserved characters stay, everything else is %XX (upper case): SigV4's URI encoding. */
function encode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalQuery(pairs: ReadonlyArray<[string, string]>): string {
  return pairs
    .map(([name, value]) => [encode(name), encode(value)] as const)
    .sort(([nameA, valueA], [nameB, valueB]) => (nameA < nameB ? -1 : nameA > nameB ? 1 : valueA < valueB ? -1 : valueA > valueB ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** Lower-case names; values trimmed, inner runs of spaces made one, repeated headers joined with commas. */
function canonicalHeaderValues(rawHeaders: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    const name = rawHeaders[index].toLowerCase();
    const value = rawHeaders[index + 1].trim().replace(/\s+/g, ' ');
    const earlier = values.get(name);
    values.set(name, earlier === undefined ? value : `${earlier},${value}`);
  }
  return values;
}

function parseAmzDate(text: string): number | undefined {
  const match = AMZ_DATE.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  const time = Date.UTC(year, month - 1, day, hour, minute, second);
  return Number.isNaN(time) ? undefined : time;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function hmac(key: string | Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text, 'utf8').digest();
}

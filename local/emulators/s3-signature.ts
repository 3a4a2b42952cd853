import { timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * Signature Version 4 checks for the local S3 gateway, as S3 makes them: a presigned URL (query parameters) or an
 * `Authorization` header, with the presigned URL's expiry and the header's clock skew. Only the one key pair the
 * local stack configures is known. The signature itself is computed by the SDK's own signer
 * (`@smithy/signature-v4`): the request is signed again with the date, scope, signed headers and expiry it names,
 * and the two signatures are compared.
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

type SignableRequest = Parameters<SignatureV4['presign']>[0];

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** S3 accepts presigned URLs valid for up to 7 days. */
const MAX_EXPIRES_SECONDS = 7 * 24 * 3600;
/** S3 refuses a signed request whose time is more than 15 minutes off its own clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;
const AMZ_DATE = /^\d{8}T\d{6}Z$/;
const PAYLOAD_HASH = 'x-amz-content-sha256';

const denied = (code: string, message: string, status: 400 | 403 = 403): SignatureVerdict => ({ ok: false, status, code, message });

export async function verifySignature(request: SignedRequest, credentials: SigningCredentials, now: Date): Promise<SignatureVerdict> {
  const queryStart = request.url.indexOf('?');
  const path = queryStart < 0 ? request.url : request.url.slice(0, queryStart);
  const query = new URLSearchParams(queryStart < 0 ? '' : request.url.slice(queryStart + 1).replace(/\+/g, '%2B'));
  const headers = canonicalHeaderValues(request.rawHeaders);
  const presigned = query.has('X-Amz-Algorithm');
  const authorization = headers.get('authorization');

  let parts: { credential: string; signedHeaders: string; signature: string; signedAt: Date; expires?: number; payloadHash: string };
  if (presigned) {
    const fields = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Signature'].map((name) => query.get(name));
    const [algorithm, credential, amzDate, expires, signedHeaders, signature] = fields;
    if (fields.some((value) => value === null)) {
      return denied('AuthorizationQueryParametersError', 'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.', 400);
    }
    if (algorithm !== ALGORITHM) return denied('AuthorizationQueryParametersError', `X-Amz-Algorithm only supports "${ALGORITHM}"`, 400);
    if (!/^\d+$/.test(expires!) || Number(expires) > MAX_EXPIRES_SECONDS) {
      return denied('AuthorizationQueryParametersError', 'X-Amz-Expires must be a whole number of seconds, at most 604800 (7 days)', 400);
    }
    const signedAt = parseAmzDate(amzDate!);
    if (signedAt === undefined) return denied('AuthorizationQueryParametersError', 'X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"', 400);
    if (now.getTime() > signedAt.getTime() + Number(expires) * 1000) return denied('AccessDenied', 'Request has expired');
    if (signedAt.getTime() - now.getTime() > MAX_SKEW_MS) return denied('AccessDenied', 'Request is not valid yet');
    const payloadHash = query.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD';
    parts = { credential: credential!, signedHeaders: signedHeaders!, signature: signature!, signedAt, expires: Number(expires), payloadHash };
  } else if (authorization !== undefined) {
    const match = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(authorization);
    if (!match) return denied('AuthorizationHeaderMalformed', 'The authorization header is malformed', 400);
    const amzDate = headers.get('x-amz-date');
    const signedAt = amzDate === undefined ? undefined : parseAmzDate(amzDate);
    if (signedAt === undefined) return denied('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
    if (Math.abs(now.getTime() - signedAt.getTime()) > MAX_SKEW_MS) {
      return denied('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.');
    }
    const payloadHash = headers.get(PAYLOAD_HASH);
    if (payloadHash === undefined) return denied('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256', 400);
    parts = { credential: match[1], signedHeaders: match[2], signature: match[3], signedAt, payloadHash };
  } else {
    return denied('AccessDenied', 'Access Denied: the request is not signed');
  }

  const [accessKeyId, scopeDate, region, service, terminator, ...rest] = parts.credential.split('/');
  if (accessKeyId !== credentials.accessKeyId) {
    return denied('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  }
  if (rest.length > 0 || !region || service !== 's3' || terminator !== 'aws4_request' || scopeDate !== formatAmzDate(parts.signedAt).slice(0, 8)) {
    return denied('AuthorizationHeaderMalformed', `The credential scope ${parts.credential.split('/').slice(1).join('/')} is not valid for this request`, 400);
  }
  const signedHeaderNames = new Set(parts.signedHeaders.split(';'));
  if (!signedHeaderNames.has('host')) return denied('AccessDenied', 'The host header must be signed');

  // The request again, as its signer saw it: only the headers it signed, the payload hash it named, the query
  // without the signature. The signer hoists no header into the query and signs exactly the named headers.
  const toSign: SignableRequest = {
    method: request.method,
    protocol: 'http:',
    hostname: headers.get('host') ?? '',
    path: path === '' ? '/' : path,
    query: queryRecord(query),
    headers: { ...Object.fromEntries([...signedHeaderNames].map((name) => [name, headers.get(name) ?? ''])), [PAYLOAD_HASH]: parts.payloadHash },
  };
  // The SDK's own hash, as its S3 client hands it to this signer.
  const signer = new SignatureV4({ credentials, region, service: 's3', sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  const unsignableHeaders = new Set(['x-amz-date', PAYLOAD_HASH].filter((name) => !signedHeaderNames.has(name)));
  const options = { signingDate: parts.signedAt, signableHeaders: signedHeaderNames, unsignableHeaders };
  const expected =
    parts.expires === undefined
      ? /Signature=([0-9a-f]+)$/.exec(String((await signer.sign(toSign, options)).headers.authorization))?.[1]
      : String((await signer.presign(toSign, { ...options, expiresIn: parts.expires, unhoistableHeaders: new Set(Object.keys(toSign.headers)) })).query?.['X-Amz-Signature']);
  if (!sameText(parts.signature, expected ?? '')) {
    return denied('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
  }
  return { ok: true };
}

function sameText(given: string, expected: string): boolean {
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The query as the signer takes it (a repeated name holds all its values), without the signature. */
function queryRecord(query: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const name of new Set(query.keys())) {
    if (name === 'X-Amz-Signature') continue;
    const values = query.getAll(name);
    record[name] = values.length === 1 ? values[0] : values;
  }
  return record;
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

/** `yyyyMMddTHHmmssZ`, a real instant (the signer writes the date again from it). */
function parseAmzDate(text: string): Date | undefined {
  if (!AMZ_DATE.test(text)) return undefined;
  const date = new Date(`${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 11)}:${text.slice(11, 13)}:${text.slice(13)}`);
  return !Number.isNaN(date.getTime()) && formatAmzDate(date) === text ? date : undefined;
}

function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]|\.\d{3}/g, '');
}

import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The upload bucket's CORS rule, as lib/constructs/upload-ingest.ts gives it in AWS: a browser on the dashboard
 * (another origin than the storage) may PUT a file to a presigned URL, with any header the URL signed, and read
 * the ETag back. Nothing else is allowed across origins: downloads are navigations, which need no CORS.
 */
const ALLOWED_METHODS = ['PUT'];
const EXPOSED_HEADERS = ['ETag'];
const MAX_AGE_SECONDS = 3600;

/**
 * Adds the CORS headers S3 answers with to a request that carries an `Origin`, and answers a preflight itself
 * (S3 answers `OPTIONS` before any signature check: a preflight carries none). Returns true when it answered.
 */
export function applyBucketCors(req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  const preflight = req.method === 'OPTIONS';
  const method = preflight ? String(req.headers['access-control-request-method'] ?? '') : (req.method ?? '');
  if (!ALLOWED_METHODS.includes(method.toUpperCase())) {
    if (!preflight) return false;
    // S3's answer to a preflight no rule allows.
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessForbidden</Code><Message>CORSResponse: This CORS request is not allowed.</Message></Error>';
    res.writeHead(403, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) }).end(xml);
    return true;
  }
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('vary', 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method');
  if (!preflight) {
    res.setHeader('access-control-expose-headers', EXPOSED_HEADERS.join(', '));
    return false;
  }
  const requested = req.headers['access-control-request-headers'];
  res.writeHead(200, {
    'access-control-allow-methods': ALLOWED_METHODS.join(', '),
    ...(requested ? { 'access-control-allow-headers': requested } : {}),
    'access-control-max-age': String(MAX_AGE_SECONDS),
    'content-length': '0',
  });
  res.end();
  req.resume();
  return true;
}

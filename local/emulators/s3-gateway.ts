import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { verifySignature, type SigningCredentials } from './s3-signature';

/** fauxqs refuses request bodies over 11 MiB; real S3 takes a single PUT of up to 5 GB. */
const EMULATOR_BODY_LIMIT = 10 * 1024 * 1024;
const PART_SIZE = 8 * 1024 * 1024;

/** The query parameters of a signed GetObject/HeadObject that set a header of the answer, as S3 honours them. */
const RESPONSE_OVERRIDES = {
  'response-content-type': 'content-type',
  'response-content-language': 'content-language',
  'response-expires': 'expires',
  'response-cache-control': 'cache-control',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
} as const;

export interface S3Gateway {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** An object that a request through the gateway created (PutObject, CopyObject, CompleteMultipartUpload). */
export interface GatewayObjectCreated {
  readonly bucket: string;
  readonly key: string;
  readonly at: Date;
}

export interface S3GatewayOptions {
  /** fauxqs, which stores the objects. */
  readonly target: string;
  /** A client of `target` itself, for the multipart uploads the gateway makes of large single PUTs. */
  readonly s3: S3Client;
  /** The one key pair requests must be signed with (the local stack's). */
  readonly credentials: SigningCredentials;
  readonly faults?: S3GatewayFaults;
  /** Told of every object created through the gateway, once its answer is a success. */
  readonly onObjectCreated?: (event: GatewayObjectCreated) => void;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/**
 * The local stack's S3 endpoint, in front of fauxqs, strict where fauxqs is lenient and S3 is not:
 * - every request must carry a valid Signature Version 4 of the local key pair, as a presigned URL or an
 *   `Authorization` header (./s3-signature.ts): a presigned URL whose key, signature or signed headers (such as
 *   the content length) were changed, or which expired, gets S3's 403 and XML error;
 * - a signed GET or HEAD honours the `response-*` query parameters (a download arrives as an attachment);
 * - a browser's CORS preflight for a PUT is answered as the upload bucket's CORS rule does in AWS;
 * - a PUT (or CompleteMultipartUpload) with `If-None-Match: *` fails with 412 when the key exists, and with 409
 *   while another such write of the key is in flight, as S3's conditional writes do.
 * A single-request object PUT larger than fauxqs accepts (a presigned upload of a big file, as a client sends it
 * to real S3) is streamed into fauxqs as a multipart upload, so the object lands whole. The gateway reports each
 * object created (fauxqs sends no S3 notifications).
 */
export async function startS3Gateway(options: S3GatewayOptions): Promise<S3Gateway> {
  const target = new URL(options.target);
  const cutReads = readCutter(options.faults);
  const now = options.now ?? (() => new Date());
  const conditionalWrites = new Set<string>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method === 'OPTIONS' && req.headers.origin !== undefined) return answerPreflight(req, res);
    if (req.headers.origin !== undefined) allowOrigin(res);
    const verdict = await verifySignature({ method: req.method ?? 'GET', url: req.url ?? '/', rawHeaders: req.rawHeaders }, options.credentials, now());
    if (!verdict.ok) return refuse(req, res, verdict.status, verdict.code, verdict.message);

    const url = new URL(req.url ?? '/', 'http://gateway');
    const object = objectOf(url);
    const created = objectCreatedBy(req.method, url, object);
    const reportCreated = created
      ? (status: number): void => {
          if (status >= 200 && status < 300) options.onObjectCreated?.({ ...created, at: now() });
        }
      : undefined;
    if (created && req.headers['if-none-match'] !== undefined) {
      if (req.headers['if-none-match'] !== '*') {
        return refuse(req, res, 501, 'NotImplemented', 'A header you provided implies functionality that is not implemented: If-None-Match takes only *');
      }
      const lock = `${created.bucket}/${created.key}`;
      if (conditionalWrites.has(lock)) {
        return refuse(req, res, 409, 'ConditionalRequestConflict', 'A conflicting conditional operation is currently in progress against this resource. Please try again.');
      }
      conditionalWrites.add(lock);
      res.once('close', () => conditionalWrites.delete(lock));
      if (await objectExists(target, req)) {
        return refuse(req, res, 412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', '<Condition>If-None-Match</Condition>');
      }
    }

    if (object && isLargeObjectPut(req, url)) {
      void streamAsMultipart(options.s3, object, req, res, reportCreated);
    } else {
      forward(target, req, res, { cutHalfWay: req.method === 'GET' && cutReads(object?.key), overrides: responseOverrides(req.method, url), answered: reportCreated });
    }
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) refuse(req, res, 500, 'InternalError', 'We encountered an internal error. Please try again.');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The upload bucket's CORS rule in AWS (lib/constructs/upload-ingest.ts: PUT from any origin, any request header,
 * ETag exposed), so that a browser (the dashboard) can PUT a file to a presigned URL: S3 answers the preflight
 * without a signature, and refuses one for a method the rule does not list with its 403.
 */
function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  const method = String(req.headers['access-control-request-method'] ?? '').toUpperCase();
  if (method !== 'PUT') {
    return refuse(req, res, 403, 'AccessForbidden', 'CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource\'s CORS spec.');
  }
  allowOrigin(res);
  res.writeHead(200, {
    'access-control-allow-methods': 'PUT',
    ...(req.headers['access-control-request-headers'] ? { 'access-control-allow-headers': req.headers['access-control-request-headers'] } : {}),
    'access-control-max-age': '3600',
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    'content-length': '0',
  });
  res.end();
  req.resume();
}

function allowOrigin(res: ServerResponse): void {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader('access-control-expose-headers', 'ETag');
}

/**
 * S3's XML error. The request body is read to its end and dropped, so a client still sending (a refused upload)
 * reads the answer instead of a reset connection.
 */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, code: string, message: string, extra = ''): void {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${extra}<RequestId>local</RequestId></Error>`;
  const body = req.method === 'HEAD' ? '' : xml;
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
  req.resume();
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

type ObjectName = { bucket: string; key: string };

/** The path-style bucket and key of a request, if it names an object. */
function objectOf(url: URL): ObjectName | undefined {
  let parts: string[];
  try {
    parts = url.pathname.slice(1).split('/').map(decodeURIComponent);
  } catch {
    return undefined; // not a key S3 would accept either; fauxqs answers it
  }
  const [bucket, ...key] = parts;
  if (!bucket || key.length === 0 || key.join('/') === '') return undefined;
  return { bucket, key: key.join('/') };
}

/** PutObject and CopyObject (a PUT that is not a part), or CompleteMultipartUpload (a POST with an uploadId). */
function objectCreatedBy(method: string | undefined, url: URL, object: ObjectName | undefined): ObjectName | undefined {
  const put = method === 'PUT' && !url.searchParams.has('uploadId') && !url.searchParams.has('partNumber');
  const complete = method === 'POST' && url.searchParams.has('uploadId');
  return put || complete ? object : undefined;
}

function responseOverrides(method: string | undefined, url: URL): Record<string, string> {
  if (method !== 'GET' && method !== 'HEAD') return {};
  const overrides: Record<string, string> = {};
  for (const [parameter, header] of Object.entries(RESPONSE_OVERRIDES)) {
    const value = url.searchParams.get(parameter);
    if (value !== null) overrides[header] = value;
  }
  return overrides;
}

/** A HEAD of the request's object in fauxqs (unsigned: fauxqs does not check, and it listens on loopback only). */
function objectExists(target: URL, req: IncomingMessage): Promise<boolean> {
  const path = (req.url ?? '/').split('?')[0];
  return new Promise((resolve, reject) => {
    const head = request({ host: target.hostname, port: target.port, method: 'HEAD', path }, (answer) => {
      answer.resume();
      if (answer.statusCode === 200) resolve(true);
      else if (answer.statusCode === 404) resolve(false);
      else reject(new Error(`HEAD ${path} answered ${answer.statusCode}`));
    });
    head.once('error', reject);
    head.end();
  });
}

/** Faults the gateway injects, for tests of what the service does when S3 lets it down. */
export interface S3GatewayFaults {
  /**
   * The first N GETs of each object whose key has this prefix (e.g. `uploads/`) lose their connection half-way
   * through the body, as a network drop would: the reader sees an aborted response after half the bytes.
   */
  readonly cutReads?: { readonly keyPrefix: string; readonly times: number };
}

/** `LOCAL_FAULT_CUT_UPLOAD_READS=N`: the first N reads of each upload are cut half-way (see S3GatewayFaults). */
export function faultsFromEnv(env: NodeJS.ProcessEnv, uploadPrefix: string): S3GatewayFaults {
  const times = Number(env.LOCAL_FAULT_CUT_UPLOAD_READS ?? 0);
  return Number.isInteger(times) && times > 0 ? { cutReads: { keyPrefix: uploadPrefix, times } } : {};
}

/** Decides, per GET of an object key, whether its response body is cut half-way. */
function readCutter(faults: S3GatewayFaults | undefined): (objectKey: string | undefined) => boolean {
  const cut = faults?.cutReads;
  if (!cut) return () => false;
  const reads = new Map<string, number>();
  return (objectKey) => {
    if (objectKey === undefined || !objectKey.startsWith(cut.keyPrefix)) return false;
    const count = (reads.get(objectKey) ?? 0) + 1;
    reads.set(objectKey, count);
    return count <= cut.times;
  };
}

/** A PUT of a whole object (not a part, not a copy) whose body is too large for the emulator. */
function isLargeObjectPut(req: IncomingMessage, url: URL): boolean {
  if (req.method !== 'PUT' || url.searchParams.has('uploadId') || url.searchParams.has('partNumber') || req.headers['x-amz-copy-source']) return false;
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length']) > EMULATOR_BODY_LIMIT;
}

async function streamAsMultipart(
  s3: S3Client,
  target: ObjectName,
  req: IncomingMessage,
  res: ServerResponse,
  answered?: (status: number) => void,
): Promise<void> {
  try {
    const upload = new Upload({
      client: s3,
      params: { Bucket: target.bucket, Key: target.key, Body: req, ContentType: req.headers['content-type'] },
      partSize: PART_SIZE,
      queueSize: 2,
    });
    const result = await upload.done();
    answered?.(200);
    res.writeHead(200, { ETag: result.ETag ?? '' }).end();
  } catch (error) {
    res.writeHead(500, { 'content-type': 'application/xml' });
    res.end(`<Error><Code>InternalError</Code><Message>${error instanceof Error ? error.message : 'upload failed'}</Message></Error>`);
  }
}

interface ForwardOptions {
  /** Cut the body of a successful answer half-way (an injected fault). */
  readonly cutHalfWay: boolean;
  /** Headers that replace the object's own in a successful answer (the `response-*` parameters). */
  readonly overrides: Record<string, string>;
  /** Told the status of the answer, before it is relayed. */
  readonly answered?: (status: number) => void;
}

function forward(target: URL, req: IncomingMessage, res: ServerResponse, { cutHalfWay, overrides, answered }: ForwardOptions): void {
  const upstream = request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      const status = answer.statusCode ?? 502;
      answered?.(status);
      const successful = status === 200 || status === 206;
      res.writeHead(status, successful ? { ...answer.headers, ...overrides } : answer.headers);
      const length = Number(answer.headers['content-length']);
      if (!cutHalfWay || answer.statusCode !== 200 || !(length > 1)) {
        answer.pipe(res);
        return;
      }
      let left = Math.floor(length / 2);
      answer.on('data', (piece: Buffer) => {
        if (left <= 0) return;
        res.write(piece.subarray(0, left));
        left -= piece.length;
        // The connection drops with the body half sent.
        if (left <= 0) setImmediate(() => res.destroy());
      });
    },
  );
  upstream.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
}

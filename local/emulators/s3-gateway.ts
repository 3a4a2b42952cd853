import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

/** fauxqs refuses request bodies over 11 MiB; real S3 takes a single PUT of up to 5 GB. */
const EMULATOR_BODY_LIMIT = 10 * 1024 * 1024;
const PART_SIZE = 8 * 1024 * 1024;

export interface S3Gateway {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * The local stack's S3 endpoint, in front of fauxqs. Everything passes through unchanged except a single-request
 * object PUT larger than fauxqs accepts (a presigned upload of a big file, as a client sends it to real S3): that
 * one is streamed into fauxqs as a multipart upload, so the object lands whole and its object-created event
 * fires as usual. Like fauxqs, it does not verify signatures.
 */
export async function startS3Gateway(options: { target: string; s3: S3Client; faults?: S3GatewayFaults }): Promise<S3Gateway> {
  const target = new URL(options.target);
  const cutReads = readCutter(options.faults);
  const server = createServer((req, res) => {
    const objectPut = largeObjectPut(req);
    if (objectPut) {
      void streamAsMultipart(options.s3, objectPut, req, res);
    } else {
      forward(target, req, res, cutReads(req));
    }
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

/** Decides, per request, whether its response body is cut half-way. */
function readCutter(faults: S3GatewayFaults | undefined): (req: IncomingMessage) => boolean {
  const cut = faults?.cutReads;
  if (!cut) return () => false;
  const reads = new Map<string, number>();
  return (req) => {
    if (req.method !== 'GET') return false;
    const url = new URL(req.url ?? '/', 'http://gateway');
    const [, ...key] = url.pathname.slice(1).split('/').map(decodeURIComponent);
    const objectKey = key.join('/');
    if (!objectKey.startsWith(cut.keyPrefix)) return false;
    const count = (reads.get(objectKey) ?? 0) + 1;
    reads.set(objectKey, count);
    return count <= cut.times;
  };
}

/** A path-style PUT of a whole object (not a part, not a copy) whose body is too large for the emulator. */
function largeObjectPut(req: IncomingMessage): { bucket: string; key: string } | undefined {
  if (req.method !== 'PUT') return undefined;
  const url = new URL(req.url ?? '/', 'http://gateway');
  if (url.searchParams.has('uploadId') || url.searchParams.has('partNumber') || req.headers['x-amz-copy-source']) return undefined;
  const length = Number(req.headers['content-length']);
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if (!chunked && !(length > EMULATOR_BODY_LIMIT)) return undefined;
  const [bucket, ...key] = url.pathname.slice(1).split('/').map(decodeURIComponent);
  if (!bucket || key.length === 0) return undefined;
  return { bucket, key: key.join('/') };
}

async function streamAsMultipart(s3: S3Client, target: { bucket: string; key: string }, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const upload = new Upload({
      client: s3,
      params: { Bucket: target.bucket, Key: target.key, Body: req, ContentType: req.headers['content-type'] },
      partSize: PART_SIZE,
      queueSize: 2,
    });
    const result = await upload.done();
    res.writeHead(200, { ETag: result.ETag ?? '' }).end();
  } catch (error) {
    res.writeHead(500, { 'content-type': 'application/xml' });
    res.end(`<Error><Code>InternalError</Code><Message>${error instanceof Error ? error.message : 'upload failed'}</Message></Error>`);
  }
}

function forward(target: URL, req: IncomingMessage, res: ServerResponse, cutHalfWay = false): void {
  const upstream = request(
    { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
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

import type { IncomingMessage } from 'node:http';

/**
 * A request's whole body (the local HTTP API's and the Scheduler stand-in's one reader), or 'too-large' when more
 * than `limit` bytes arrive: the rest is then read and dropped, up to `drain` bytes more, so that a client still
 * sending has sent everything before it is answered (answered earlier, Node's fetch sees a reset, never the answer).
 */
export function readBody(req: IncomingMessage, limit = Infinity, drain = 0): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks = [];
      if (size <= limit + drain) return;
      req.off('data', onData);
      req.pause();
      resolve('too-large');
    };
    req.on('data', onData);
    req.once('end', () => resolve(size > limit ? 'too-large' : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

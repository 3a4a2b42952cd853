import type { FauxqsServer } from 'fauxqs' with { 'resolution-mode': 'import' };

export type { FauxqsServer };

export interface Fauxqs {
  /** SQS and S3 share it: `127.0.0.1` keeps S3 path-style (a `localhost` name makes the SDK try `<bucket>.localhost`). */
  readonly endpoint: string;
  readonly server: FauxqsServer;
  stop(): Promise<void>;
}

/**
 * Starts fauxqs (SQS + S3, in memory) in this process on a free port. Its `host` option stays unset: set to an
 * IP it breaks the queue URLs the SDK follows. Message spies are on because the S3 notification forwarder
 * hooks into them; the buffer is one entry since it keeps message bodies and nothing here reads it back.
 */
export async function startFauxqs(): Promise<Fauxqs> {
  // fauxqs is ESM-only; node16 module resolution keeps this a real import() in our CommonJS output.
  const { startFauxqs: start } = await import('fauxqs');
  const server = await start({ port: 0, logger: false, messageSpies: { bufferSize: 1 } });
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${server.port}`,
    server,
    stop: () => (stopping ??= server.stop()),
  };
}

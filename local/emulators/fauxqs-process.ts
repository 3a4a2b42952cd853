/**
 * The S3/SQS emulator process of the local stack, started by ./fauxqs.ts: fauxqs, the S3 gateway in front of it,
 * and the hook that reports each object created to the parent over IPC. It lives beside the service process so
 * that uploaded files, queued messages and generated reports fill this heap, not the service's.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { MessageSpyReader, SpyMessage } from 'fauxqs' with { 'resolution-mode': 'import' };
import { FAUXQS_READY_PREFIX, type FauxqsProcessMessage } from './fauxqs';
import { faultsFromEnv, startS3Gateway } from './s3-gateway';
import { UPLOAD_BUCKET } from '../../lib/resources';

/**
 * `waitForMessage(predicate)` calls the predicate synchronously for every event the spy records (the buffer size
 * does not matter), so a predicate that reports uploads and answers false is a hook that never resolves and never
 * misses an event. fauxqs `reset()` rejects pending waiters: the hook then registers again.
 */
function onObjectCreated(spy: MessageSpyReader, listener: (message: FauxqsProcessMessage) => void): void {
  let registering = false;
  const predicate = (message: SpyMessage): boolean => {
    // While registering, the spy replays its buffer: those events were reported already.
    if (registering || message.service !== 's3' || message.status !== 'uploaded') return false;
    try {
      listener({ type: 'object-created', bucket: message.bucket, key: message.key, at: new Date(message.timestamp).toISOString() });
    } catch {
      // The predicate runs inside the emulator's PutObject: an exception here would fail the upload.
    }
    return false;
  };
  const register = (): void => {
    registering = true;
    try {
      spy.waitForMessage(predicate).then(
        () => undefined,
        () => register(),
      );
    } finally {
      registering = false;
    }
  };
  register();
}

async function main(): Promise<void> {
  const send = process.send?.bind(process);
  if (!send) throw new Error('fauxqs-process must be started with an IPC channel (see local/emulators/fauxqs.ts)');
  // The channel closes when the parent dies, however it dies (kill -9 included): nothing is left to serve.
  process.on('disconnect', () => process.exit(0));

  // fauxqs is ESM-only; node16 module resolution keeps this a real import() in our CommonJS output. Its `host`
  // option stays unset: set to an IP it breaks the queue URLs the SDK follows. The spy buffer is one entry since
  // it keeps message bodies and nothing reads it back.
  const { startFauxqs } = await import('fauxqs');
  const server = await startFauxqs({ port: 0, logger: false, messageSpies: { bufferSize: 1 } });
  // `127.0.0.1` keeps S3 path-style (a `localhost` name makes the SDK try `<bucket>.localhost`).
  const endpoint = `http://127.0.0.1:${server.port}`;
  const s3 = new S3Client({
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const gateway = await startS3Gateway({ target: endpoint, s3, faults: faultsFromEnv(process.env, UPLOAD_BUCKET.uploadPrefix) });
  onObjectCreated(server.spy, (message) => void send(message));

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await gateway.stop().catch(() => undefined);
    s3.destroy();
    await server.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  // Ctrl-C reaches the whole process group: the parent decides when its emulator stops, after its own pollers.
  process.on('SIGINT', () => undefined);

  process.stdout.write(`${FAUXQS_READY_PREFIX}${JSON.stringify({ sqs: endpoint, s3: gateway.endpoint })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

/**
 * The S3/SQS emulator process of the local stack, started by ./fauxqs.ts: fauxqs and the S3 gateway in front of
 * it, both on 127.0.0.1 only; the gateway reports each object created to the parent over IPC. It lives beside the
 * service process so that uploaded files, queued messages and generated reports fill this heap, not the service's.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { FAUXQS_READY_PREFIX, LOCAL_CREDENTIALS, type FauxqsProcessMessage } from './fauxqs';
import { faultsFromEnv, startS3Gateway } from './s3-gateway';
import { UPLOAD_BUCKET } from '../../lib/resources';

async function main(): Promise<void> {
  const send = process.send?.bind(process);
  if (!send) throw new Error('fauxqs-process must be started with an IPC channel (see local/emulators/fauxqs.ts)');
  // The channel closes when the parent dies, however it dies (kill -9 included): nothing is left to serve.
  process.on('disconnect', () => process.exit(0));

  // fauxqs is ESM-only; node16 module resolution keeps this a real import() in our CommonJS output. Not its
  // `startFauxqs`, which listens on 0.0.0.0 whatever it is given (its `host` option is the host in queue URLs,
  // and stays unset: set to an IP it breaks the queue URLs the SDK follows), but the app it builds, listened on
  // loopback only.
  const { buildApp } = await import('fauxqs');
  const app = buildApp({ logger: false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  // `127.0.0.1` keeps S3 path-style (a `localhost` name makes the SDK try `<bucket>.localhost`).
  const endpoint = `http://127.0.0.1:${new URL(address).port}`;
  const s3 = new S3Client({ endpoint, forcePathStyle: true, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  // Objects are created through the gateway (fauxqs sends no S3 notifications): it reports each one.
  const gateway = await startS3Gateway({
    target: endpoint,
    s3,
    credentials: LOCAL_CREDENTIALS,
    faults: faultsFromEnv(process.env, UPLOAD_BUCKET.uploadPrefix),
    onObjectCreated: ({ bucket, key, at }) => {
      const message: FauxqsProcessMessage = { type: 'object-created', bucket, key, at: at.toISOString() };
      send(message);
    },
  });

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await gateway.stop().catch(() => undefined);
    s3.destroy();
    await app.close().catch(() => undefined);
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

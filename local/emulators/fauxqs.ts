import { spawn } from 'node:child_process';
import path from 'node:path';
import type { ObjectCreated, ObjectCreatedSource } from '../s3-notifications';
import { ownProcess, readyLine } from './child-process';

const PROJECT_ROOT = path.join(__dirname, '..', '..');
const ENTRY = path.join(__dirname, 'fauxqs-process.ts');
export const FAUXQS_READY_PREFIX = 'FAUXQS_READY ';
/** The key pair of the local stack: the S3 gateway accepts requests signed with it, and no other. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** What the emulator process sends over its IPC channel. */
export interface FauxqsProcessMessage {
  readonly type: 'object-created';
  readonly bucket: string;
  readonly key: string;
  /** ISO 8601. */
  readonly at: string;
}

export interface Fauxqs {
  /** fauxqs itself: SQS (and S3 without the gateway's checks). */
  readonly endpoint: string;
  /** The S3 gateway in front of fauxqs (see ./s3-gateway.ts): the S3 endpoint clients use. */
  readonly s3Endpoint: string;
  readonly pid: number;
  /** Every object created in the emulator (fauxqs sends no S3 notifications itself). */
  readonly objectCreated: ObjectCreatedSource;
  stop(): Promise<void>;
}

export interface FauxqsOptions {
  /** @default 30000 */
  readonly startTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

/**
 * Starts fauxqs (SQS + S3, in memory) and its S3 gateway in a child Node process (./fauxqs-process.ts), so the
 * objects and messages it stores do not weigh on this process. `node --import tsx`, not the tsx CLI, so the pid
 * is the emulator's own. The child exits when its IPC channel closes, which happens however this process dies;
 * stop() ends it with SIGTERM (SIGKILL after 5 s).
 */
export async function startFauxqs(options: FauxqsOptions = {}): Promise<Fauxqs> {
  const log = options.log ?? (() => undefined);
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const owned = ownProcess(child);
  let stopping = false;
  void owned.exited.then(() => stopping || log(`[fauxqs] the S3/SQS emulator process exited (${child.exitCode ?? child.signalCode}): ${owned.tail()}`));
  const stop = (): Promise<void> => ((stopping = true), owned.stop());

  const listeners = new Set<(event: ObjectCreated) => void>();
  child.on('message', (message: FauxqsProcessMessage) => {
    if (message.type !== 'object-created') return;
    const event: ObjectCreated = { bucket: message.bucket, key: message.key, at: new Date(message.at) };
    for (const listener of listeners) listener(event);
  });

  try {
    const timeoutMs = options.startTimeoutMs ?? 30000;
    const line = await readyLine(child, FAUXQS_READY_PREFIX, timeoutMs, (reason) =>
      new Error(reason === 'exit' ? `fauxqs exited during start: ${owned.tail()}` : `fauxqs did not start within ${timeoutMs} ms: ${owned.tail()}`),
    );
    const ready = JSON.parse(line) as { sqs: string; s3: string };
    return {
      endpoint: ready.sqs,
      s3Endpoint: ready.s3,
      pid: child.pid ?? -1,
      objectCreated: (listener) => {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

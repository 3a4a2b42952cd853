import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Starts the local stack (`local/main.ts`) once for the integration project, as a child process: the emulators
 * need real ESM and a JVM, which jest's sandbox cannot host. Tests reach it over HTTP and through the env set
 * here, which jest hands to its workers.
 */

const PROJECT_ROOT = path.join(__dirname, '..', '..');
const READY_PREFIX = 'LOCAL_STACK_READY ';
const START_TIMEOUT_MS = 60_000;

/** Shared with global-teardown.ts, which runs in this same process. */
export const CHILD_KEY = Symbol.for('batch-import.local-stack-child');
type GlobalWithChild = typeof globalThis & { [CHILD_KEY]?: ChildProcess };

interface ReadyLine {
  readonly url: string;
  readonly demoApiKey: string;
  readonly env: Record<string, string>;
  readonly names: { readonly uploadEventsDlqUrl: string; readonly chunkDlqUrl: string };
  readonly endpoints: { readonly ses: string };
}

export default async function globalSetup(): Promise<void> {
  // Not .local/stack.json: that one describes the developer's own `npm start`.
  const stackFile = path.join(tmpdir(), `batch-import-test-stack-${process.pid}.json`);
  // `node --import tsx`, not the tsx CLI: the CLI is a second process that relays signals and SIGKILLs a child
  // that does not acknowledge one within 30 ms, which a busy stack can miss; then nothing cleans up.
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      PORT: '0',
      LOCAL_SES_PORT: '0',
      LOCAL_STACK_READY_LINE: '1',
      // If this process dies without its teardown, stdin closes and the stack stops itself.
      LOCAL_STACK_EXIT_WITH_STDIN: '1',
      LOCAL_STACK_FILE: stackFile,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  (globalThis as GlobalWithChild)[CHILD_KEY] = child;
  process.once('exit', () => child.kill('SIGTERM'));

  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-8000);
  });

  const ready = await new Promise<ReadyLine>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(
      () => reject(new Error(`the local stack was not ready within ${START_TIMEOUT_MS / 1000} s; its stderr:\n${stderrTail}`)),
      START_TIMEOUT_MS,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const line = stdout.split('\n').find((candidate) => candidate.startsWith(READY_PREFIX));
      if (!line) return;
      clearTimeout(timer);
      stdout = '';
      resolve(JSON.parse(line.slice(READY_PREFIX.length)) as ReadyLine);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the local stack exited (${code ?? signal}) before it was ready; its stderr:\n${stderrTail}`));
    });
  }).catch((error: unknown) => {
    child.kill('SIGTERM');
    throw error;
  });
  // Keep draining its output after start, or a chatty handler would block on a full pipe.
  child.stdout?.resume();
  // Tests failing with ECONNREFUSED are explained here: the stack died under them.
  child.once('exit', (code, signal) => {
    if ((globalThis as GlobalWithChild)[CHILD_KEY] !== child) return;
    process.stderr.write(`\nthe local stack exited during the tests (${code ?? signal}); its stderr:\n${stderrTail}\n`);
  });

  Object.assign(process.env, ready.env, {
    E2E_BASE_URL: ready.url,
    E2E_DEMO_API_KEY: ready.demoApiKey,
    E2E_SES_URL: ready.endpoints.ses,
    E2E_UPLOAD_EVENTS_DLQ_URL: ready.names.uploadEventsDlqUrl,
    E2E_CHUNK_DLQ_URL: ready.names.chunkDlqUrl,
    E2E_LOCAL_STACK_FILE: stackFile,
  });
}

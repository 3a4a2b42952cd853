import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { readyLine } from '../../local/emulators/child-process';

const PROJECT_ROOT = path.join(__dirname, '..', '..');
const READY_PREFIX = 'LOCAL_STACK_READY ';
/**
 * The service process's V8 heap limit, as `npm start` sets it too (package.json). Without one V8 sizes the heap
 * from the machine's memory (gigabytes) and collects lazily, so the process kept 300 MiB after a big import;
 * 512 MiB is half of what each deployed Lambda gets, and keeps it near 200 MiB.
 */
export const SERVICE_HEAP_MB = 512;

/** What `local/main.ts` prints on its ready line (the fields of .local/stack.json). */
export interface ChildStackDescription {
  readonly url: string;
  readonly demoApiKey: string;
  readonly pid: number;
  readonly env: Record<string, string>;
  readonly endpoints: { readonly dynamodb: string; readonly s3: string; readonly sqs: string; readonly ses: string; readonly scheduler: string };
  readonly names: { readonly controlTable: string; readonly recordsTable: string; readonly uploadEventsDlqUrl: string; readonly chunkDlqUrl: string };
  /** The emulators' own processes (DynamoDB Local's JVM, fauxqs), for tools that measure them. */
  readonly emulatorPids?: { readonly dynamodb?: number; readonly fauxqs?: number };
}

export interface ChildStack {
  readonly child: ChildProcess;
  readonly ready: ChildStackDescription;
  /** The last lines the stack wrote to stderr, to explain a failure. */
  stderrTail(): string;
}

/**
 * Runs the local stack in a child process on free ports (for the test harness and the benchmark) and resolves
 * once it is ready. `node --import tsx`, not the tsx CLI: the CLI is a second process that relays signals and
 * SIGKILLs a child that does not acknowledge one within 30 ms, which a busy stack can miss; then nothing cleans
 * up. The stack also stops by itself when its stdin closes, so it cannot outlive a parent that dies.
 */
export async function spawnLocalStack(options: {
  stackFile: string;
  timeoutMs?: number;
  /** Extra environment for the stack (configuration, fault injection); wins over the inherited one. */
  env?: Record<string, string>;
  /** Modules loaded into the stack's process before it starts (node's `--import`), such as the bench's call counter. */
  preload?: readonly string[];
}): Promise<ChildStack> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const preload = (options.preload ?? []).flatMap((module) => ['--import', module]);
  const child = spawn(process.execPath, [`--max-old-space-size=${SERVICE_HEAP_MB}`, '--import', 'tsx', ...preload, 'local/main.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      PORT: '0',
      LOCAL_SES_PORT: '0',
      // On a free port, an inherited base URL (another stack's, which put its env in process.env) would be wrong:
      // the child links to its own URL unless the caller names one.
      PUBLIC_BASE_URL: '',
      LOCAL_STACK_READY_LINE: '1',
      ...options.env,
      LOCAL_STACK_EXIT_WITH_STDIN: '1',
      LOCAL_STACK_FILE: options.stackFile,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  process.once('exit', () => child.kill('SIGTERM'));

  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-8000);
  });

  const ready = await readyLine(child, READY_PREFIX, timeoutMs, (reason) =>
    reason === 'exit'
      ? new Error(`the local stack exited (${child.exitCode ?? child.signalCode}) before it was ready; its stderr:\n${tail}`)
      : new Error(`the local stack was not ready within ${timeoutMs / 1000} s; its stderr:\n${tail}`),
  ).then(
    (line) => JSON.parse(line) as ChildStackDescription,
    (error: unknown) => {
      child.kill('SIGTERM');
      throw error;
    },
  );
  return { child, ready, stderrTail: () => tail };
}

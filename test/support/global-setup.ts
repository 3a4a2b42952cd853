import type { ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnLocalStack } from './child-stack';

/**
 * Starts the local stack (`local/main.ts`) once for the integration project, as a child process: the emulators
 * need real ESM and a JVM, which jest's sandbox cannot host. Tests reach it over HTTP and through the env set
 * here, which jest hands to its workers.
 */

/** Shared with global-teardown.ts, which runs in this same process. */
export const CHILD_KEY = Symbol.for('batch-import.local-stack-child');
type GlobalWithChild = typeof globalThis & { [CHILD_KEY]?: ChildProcess };

export default async function globalSetup(): Promise<void> {
  // Not .local/stack.json: that one describes the developer's own `npm start`.
  const stackFile = path.join(tmpdir(), `batch-import-test-stack-${process.pid}.json`);
  // Tests create runs with fixed (past) times: a lease sweep must not act on them while they run. The sweeper is
  // tested over stacks of its own (test/e2e/lease-sweeper.test.ts).
  const { child, ready, stderrTail } = await spawnLocalStack({ stackFile, env: { LEASE_SWEEP_INTERVAL_SECONDS: '3600', REPORT_BUILD_DELAY_SECONDS: '1' } });
  (globalThis as GlobalWithChild)[CHILD_KEY] = child;
  // Tests failing with ECONNREFUSED are explained here: the stack died under them.
  child.once('exit', (code, signal) => {
    if ((globalThis as GlobalWithChild)[CHILD_KEY] !== child) return;
    process.stderr.write(`\nthe local stack exited during the tests (${code ?? signal}); its stderr:\n${stderrTail()}\n`);
  });

  Object.assign(process.env, ready.env, {
    E2E_BASE_URL: ready.url,
    E2E_DEMO_API_KEY: ready.demoApiKey,
    E2E_SES_URL: ready.endpoints.ses,
    E2E_SCHEDULER_URL: ready.endpoints.scheduler,
    E2E_UPLOAD_EVENTS_DLQ_URL: ready.names.uploadEventsDlqUrl,
    E2E_CHUNK_DLQ_URL: ready.names.chunkDlqUrl,
    E2E_LOCAL_STACK_FILE: stackFile,
  });
}

import type { ChildProcess } from 'node:child_process';
import { CHILD_KEY } from './global-setup';

const STOP_TIMEOUT_MS = 20_000;

/** Stops the stack global-setup.ts started and waits until it (and with it the DynamoDB JVM) has exited. */
export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as typeof globalThis & { [CHILD_KEY]?: ChildProcess };
  const child = holder[CHILD_KEY];
  holder[CHILD_KEY] = undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const forced = setTimeout(() => {
    // The stack also stops when its stdin closes (LOCAL_STACK_EXIT_WITH_STDIN), even if tsx's wrapper is gone.
    child.stdin?.end();
    child.kill('SIGKILL');
  }, STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(forced);
}

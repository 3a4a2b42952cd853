import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * `.local/stack.json`, which `npm start` writes while it runs (`LOCAL_STACK_FILE` moves it): how tools such as the
 * keys CLI and the service CLI find the running local stack without being told.
 */
export const DEFAULT_LOCAL_STACK_FILE = path.join(__dirname, '..', '.local', 'stack.json');

const RunningStack = z.object({
  pid: z.number(),
  url: z.string(),
  demoApiKey: z.string(),
  endpoints: z.object({ dynamodb: z.string() }),
  names: z.object({ controlTable: z.string() }),
});
export type RunningLocalStack = z.infer<typeof RunningStack>;

/** Whether a process with this pid exists (signal 0 checks without signalling). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The running local stack, or undefined when there is none: no file, a file of another shape, or one left behind
 * by a stack that was killed (its pid is gone).
 */
export function readRunningLocalStack(file = process.env.LOCAL_STACK_FILE || DEFAULT_LOCAL_STACK_FILE): RunningLocalStack | undefined {
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const parsed = RunningStack.safeParse(raw);
  if (!parsed.success || !isAlive(parsed.data.pid)) return undefined;
  return parsed.data;
}

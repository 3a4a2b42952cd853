import type { ChildProcess } from 'node:child_process';

/** An emulator's process, as the stack owns it: the tail of its output, and a stop that always ends it. */
export interface OwnedProcess {
  /** The last few KB it wrote, in one line: the only explanation when it dies during start. */
  tail(): string;
  /** Settles when it has exited, however it ended. */
  readonly exited: Promise<void>;
  running(): boolean;
  /** SIGTERM, then SIGKILL after 5 s. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Keeps the tail of a child's output and kills it (SIGKILL) if this process exits first, so no emulator is left
 * serving old data on a port. DynamoDB Local's JVM and the fauxqs process are both owned this way.
 */
export function ownProcess(child: ChildProcess): OwnedProcess {
  let output = '';
  const keep = (chunk: Buffer | string): void => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (error) => keep(`\n${error.message}`));
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => process.off('exit', killOnExit));
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  let stopping: Promise<void> | undefined;
  return {
    tail: () => oneLine(output),
    exited,
    running,
    stop: () =>
      (stopping ??= (async () => {
        if (!running()) return;
        child.kill('SIGTERM');
        const forced = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(forced);
      })()),
  };
}

/** Resolves with what follows `prefix` on the first stdout line that starts with it; fails on exit or timeout. */
export function readyLine(child: ChildProcess, prefix: string, timeoutMs: number, why: (reason: 'timeout' | 'exit') => Error): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(() => reject(why('timeout')), timeoutMs);
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      const line = buffered.split('\n').find((candidate) => candidate.startsWith(prefix));
      if (!line) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      // Drained from now on, so a stray write cannot block the child on a full pipe.
      child.stdout?.resume();
      resolve(line.slice(prefix.length));
    };
    child.stdout?.on('data', onData);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(why('exit'));
    });
  });
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(-500) || '(no output)';
}

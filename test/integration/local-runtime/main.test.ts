import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isAlive } from '../../../local/stack-file';

// `npm start` as a user runs it: a second stack next to the one of the global setup, and its failure modes.
const PROJECT_ROOT = path.join(__dirname, '..', '..', '..');
// The SDK's own warnings: the Node version notice, and (on a loaded machine) a request slower than its requestTimeout.
const SDK_WARNING =
  /NodeVersionSupportWarning|versions published after|require node >=22|To continue receiving|security updates|More information can be found|--trace-warnings|@smithy\/node-http-handler - \[WARN\]/;

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'local-main-test-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runMain(env: Record<string, string>, onStdout?: (text: string, kill: () => void) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    // Without the tsx CLI in between (see test/support/global-setup.ts): signals reach main.ts itself.
    const child = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, PORT: '0', LOCAL_SES_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      onStdout?.(stdout, () => child.kill('SIGTERM'));
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Stderr without the AWS SDK's Node version notice, which is not ours to print or to hide. */
function ownLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.trim() !== '' && !SDK_WARNING.test(line));
}

/** Linux: the processes whose parent is `pid`, as [pid, command name]. */
function childrenOf(pid: number): Array<[number, string]> {
  const children: Array<[number, string]> = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === pid) children.push([Number(entry), comm]);
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

interface EmulatorPids {
  readonly dynamodb: number;
  readonly fauxqs: number;
}

describe('local/main.ts', () => {
  it('runs a second stack next to the first, describes it in its stack file, and leaves nothing behind on SIGTERM', async () => {
    // Arrange
    const stackFile = path.join(scratch, 'stack.json');
    let observed:
      | { url: string; pid: number; javaPids: number[]; emulatorPids: EmulatorPids; children: number[]; health: number; fileMode: number; fileUrl: string }
      | undefined;
    let checking = false;

    // Act
    const run = await runMain({ LOCAL_STACK_READY_LINE: '1', LOCAL_STACK_FILE: stackFile }, (stdout, kill) => {
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('LOCAL_STACK_READY '));
      if (!line || checking) return;
      checking = true;
      const ready = JSON.parse(line.slice('LOCAL_STACK_READY '.length)) as { url: string; pid: number; emulatorPids: EmulatorPids };
      void fetch(`${ready.url}/health`).then((response) => {
        observed = {
          url: ready.url,
          pid: ready.pid,
          javaPids: childrenOf(ready.pid).filter(([, comm]) => comm === 'java').map(([pid]) => pid),
          emulatorPids: ready.emulatorPids,
          children: childrenOf(ready.pid).map(([pid]) => pid),
          health: response.status,
          fileMode: statSync(stackFile).mode & 0o777,
          fileUrl: (JSON.parse(readFileSync(stackFile, 'utf8')) as { url: string }).url,
        };
        kill();
      });
    });

    // Assert
    expect(run.code).toBe(0);
    expect(observed).toBeDefined();
    expect(observed!.url).not.toBe(process.env.E2E_BASE_URL);
    expect(observed!.health).toBe(200);
    expect(observed!.fileUrl).toBe(observed!.url);
    expect(observed!.fileMode).toBe(0o600);
    expect(observed!.javaPids).toHaveLength(1);
    expect(observed!.emulatorPids.dynamodb).toBe(observed!.javaPids[0]);
    expect(observed!.children).toContain(observed!.emulatorPids.fauxqs);
    expect(run.stdout).toContain(`Batch import service running at ${observed!.url}`);
    expect(run.stdout).toMatch(/\/store/);
    expect(run.stdout).toContain('/batch-import/import/transactions');
    expect(existsSync(stackFile)).toBe(false);
    expect(isAlive(observed!.pid)).toBe(false);
    expect(observed!.javaPids.filter(isAlive)).toEqual([]);
    expect(isAlive(observed!.emulatorPids.fauxqs)).toBe(false);
  }, 60_000);

  it('leaves no emulator behind when the stack process is killed with SIGKILL', async () => {
    // Arrange: no 'exit' handler runs on SIGKILL; only the emulators' own ties to their parent can end them.
    let observed: { pid: number; emulatorPids: EmulatorPids; aliveBefore: boolean } | undefined;

    // Act
    const run = await runMain({ LOCAL_STACK_READY_LINE: '1', LOCAL_STACK_FILE: path.join(scratch, 'killed.json') }, (stdout) => {
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('LOCAL_STACK_READY '));
      if (!line || observed) return;
      const ready = JSON.parse(line.slice('LOCAL_STACK_READY '.length)) as { pid: number; emulatorPids: EmulatorPids };
      observed = { ...ready, aliveBefore: isAlive(ready.emulatorPids.fauxqs) && isAlive(ready.emulatorPids.dynamodb) };
      process.kill(ready.pid, 'SIGKILL');
    });
    const emulators = observed ? [observed.emulatorPids.fauxqs, observed.emulatorPids.dynamodb] : [];
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && emulators.some(isAlive)) await new Promise((resolve) => setTimeout(resolve, 100));

    // Assert
    try {
      expect(run.code).toBeNull();
      expect(observed?.aliveBefore).toBe(true);
      expect(emulators.filter(isAlive)).toEqual([]);
    } finally {
      for (const pid of emulators) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
  }, 60_000);

  it('fails with one line and exit code 1 when there is no java', async () => {
    // An empty PATH directory: node is started by its full path, java cannot be found.
    const bin = path.join(scratch, 'empty-bin');
    mkdirSync(bin);

    const run = await runMain({ PATH: bin, LOCAL_STACK_FILE: path.join(bin, 'stack.json') });

    expect(run.code).toBe(1);
    expect(ownLines(run.stderr)).toEqual([
      'java not found: DynamoDB Local needs a Java runtime (17+). Install a JDK, e.g. apt-get install -y openjdk-17-jdk-headless (its javac keeps DynamoDB Local on 127.0.0.1)',
    ]);
    expect(run.stdout).toBe('');
    expect(existsSync(path.join(bin, 'stack.json'))).toBe(false);
  }, 30_000);

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['LOCAL_SES_PORT', '-1'],
    ['DEMO_API_KEY', 'too-short'],
  ])('rejects %s=%s with one line naming the variable', async (name, value) => {
    const run = await runMain({ [name]: value });

    expect(run.code).toBe(1);
    expect(ownLines(run.stderr)).toEqual([expect.stringMatching(new RegExp(`^invalid ${name}=`))]);
  }, 30_000);

  it.each(['PORT', 'LOCAL_SES_PORT'])('fails with one line when %s is taken', async (name) => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = String((taken.address() as { port: number }).port);
    try {
      const run = await runMain({ [name]: port, LOCAL_STACK_FILE: path.join(scratch, 'unused.json') });

      expect(run.code).toBe(1);
      expect(ownLines(run.stderr)).toEqual([expect.stringContaining(port)]);
    } finally {
      taken.close();
    }
  }, 30_000);

  it.each([
    ['SIGTERM sent to npm', (npm: ChildProcess) => npm.kill('SIGTERM')],
    ['Ctrl-C (SIGINT to the whole process group)', (npm: ChildProcess) => process.kill(-(npm.pid as number), 'SIGINT')],
  ])('npm start cleans up everything on %s', async (_, signal) => {
    // Arrange: `npm start` exactly, in a process group of its own like a terminal's foreground job.
    const stackFile = path.join(scratch, `npm-start-${Date.now()}.json`);
    const npm = spawn('npm', ['start'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, PORT: '0', LOCAL_SES_PORT: '0', LOCAL_STACK_READY_LINE: '1', LOCAL_STACK_FILE: stackFile },
      stdio: ['ignore', 'pipe', 'ignore'],
      detached: true,
    });
    const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
    const ready = await new Promise<{ pid: number }>((resolve) => {
      let stdout = '';
      npm.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        const line = stdout.split('\n').find((candidate) => candidate.startsWith('LOCAL_STACK_READY '));
        if (line) resolve(JSON.parse(line.slice('LOCAL_STACK_READY '.length)) as { pid: number });
      });
    });
    const javaPids = childrenOf(ready.pid).filter(([, comm]) => comm === 'java').map(([pid]) => pid);
    expect(javaPids).toHaveLength(1);

    try {
      // Act
      signal(npm);
      await exited;
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && (isAlive(ready.pid) || javaPids.some(isAlive) || existsSync(stackFile))) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }

      // Assert
      expect(isAlive(ready.pid)).toBe(false);
      expect(javaPids.filter(isAlive)).toEqual([]);
      expect(existsSync(stackFile)).toBe(false);
    } finally {
      // A failed run must not leave a stack behind (it would also keep jest waiting on its pipe).
      for (const pid of [ready.pid, ...javaPids]) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
      npm.stdout?.destroy();
    }
  }, 60_000);
});

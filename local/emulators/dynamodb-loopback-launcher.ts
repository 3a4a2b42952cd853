import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/** The launcher that binds DynamoDB Local to 127.0.0.1 (see java/LoopbackDynamoDbLocal.java). */
export const LOOPBACK_LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';
const SOURCE = path.join(__dirname, 'java', `${LOOPBACK_LAUNCHER_CLASS}.java`);
const CACHE_ROOT = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'dynamodb-local-launcher');

/**
 * The directory holding the compiled launcher, compiled on first use and kept, keyed by the source's and the
 * jar's hash, so later starts cost nothing (a source launch would compile it again, ≈ 3 s, on every start).
 * Undefined when there is no `javac` (a JRE without a JDK): the caller then falls back to DynamoDB Local's own
 * entry point, which listens on every interface, and says so.
 */
export async function compiledLoopbackLauncher(jar: string): Promise<string | undefined> {
  const source = readFileSync(SOURCE);
  const key = createHash('sha256').update(source).update(`${statSync(jar).size}:${statSync(jar).mtimeMs}`).digest('hex').slice(0, 16);
  const target = path.join(CACHE_ROOT, key);
  if (existsSync(path.join(target, `${LOOPBACK_LAUNCHER_CLASS}.class`))) return target;

  mkdirSync(CACHE_ROOT, { recursive: true });
  // Compiled aside and renamed into place: two stacks starting at once never see a half-written class.
  const scratch = mkdtempSync(path.join(CACHE_ROOT, 'build-'));
  try {
    const compiled = await run('javac', ['-nowarn', '-cp', jar, '-d', scratch, SOURCE]);
    if (!compiled.ok) {
      if (compiled.missing) return undefined;
      throw new Error(`compiling the DynamoDB Local launcher failed: ${compiled.output.trim().slice(-500)}`);
    }
    try {
      renameSync(scratch, target);
    } catch (error) {
      // Another process won the race: its copy is the same class.
      if (!existsSync(path.join(target, `${LOOPBACK_LAUNCHER_CLASS}.class`))) throw error;
    }
    return target;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function run(command: string, args: string[]): Promise<{ ok: boolean; missing: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, missing: error.code === 'ENOENT', output: error.message }));
    child.once('close', (code) => resolve({ ok: code === 0, missing: false, output }));
  });
}

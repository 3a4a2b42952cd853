/**
 * `npm start`: the whole service on this machine (see local/stack.ts). Configuration comes from the
 * environment: PORT (default 3000), DEMO_API_KEY, LOCAL_SES_PORT (default 8005), plus the service's own
 * variables, which the handlers read. For tools: `.local/stack.json` describes the running stack
 * (LOCAL_STACK_FILE moves it), LOCAL_STACK_READY_LINE=1 prints it as one `LOCAL_STACK_READY <json>` line, and
 * LOCAL_STACK_EXIT_WITH_STDIN=1 stops the stack when stdin closes (its parent died). Tests inject faults with the
 * LOCAL_FAULT_* variables of local/faults.ts.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readLocalEnv } from './local-env';
import { startLocalStack, type LocalStack } from './stack';

const PROJECT_ROOT = path.join(__dirname, '..');
const REPEATED_SIGNAL_MS = 1000;

const port = () => z.coerce.number().int().min(0).max(65535);

const Config = z.object({
  PORT: port().default(3000),
  LOCAL_SES_PORT: port().optional(),
  DEMO_API_KEY: z.string().min(20).max(200).optional(),
  LOCAL_STACK_READY_LINE: z.enum(['0', '1']).default('0'),
  LOCAL_STACK_EXIT_WITH_STDIN: z.enum(['0', '1']).default('0'),
  LOCAL_STACK_FILE: z.string().default(path.join(PROJECT_ROOT, '.local', 'stack.json')),
  /** DynamoDB Local keeps its data in files here instead of in memory (for benchmarks of millions of rows). */
  LOCAL_DYNAMODB_DB_PATH: z.string().optional(),
  /** DynamoDB Local's JVM heap limit in MiB (millions of records in memory need more than its default). */
  LOCAL_DYNAMODB_HEAP_MB: z.coerce.number().int().min(256).optional(),
});
type Config = z.infer<typeof Config>;

function readConfig(): Config {
  try {
    return readLocalEnv(Config);
  } catch (error) {
    fail((error as Error).message);
  }
}

function fail(message: string): never {
  process.stderr.write(`${message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(1);
}

/** What other tools (the keys CLI, the test harness) need to reach the running stack. */
function describeStack(stack: LocalStack): Record<string, unknown> {
  const { url, demoApiKey, demoOrgId, endpoints, emulatorPids, names, env } = stack;
  return { url, demoApiKey, demoOrgId, endpoints, names, env, pid: process.pid, emulatorPids };
}

function banner(stack: LocalStack): string {
  const auth = `-H "Authorization: Bearer ${stack.demoApiKey}"`;
  return [
    '',
    `Batch import service running at ${stack.url}`,
    `Demo API key (org "${stack.demoOrgId}", all scopes): ${stack.demoApiKey}`,
    `Dashboard: ${stack.url}/ (sign in with an API key, e.g. the demo key)`,
    `Emails sent: ${stack.endpoints.ses}/store (browse them at ${stack.endpoints.ses}/)`,
    `Schedules (EventBridge Scheduler stand-in): ${stack.endpoints.scheduler}/_local/invocations lists what fired;`,
    `  curl -s -X POST -d '{"seconds":900}' ${stack.endpoints.scheduler}/_local/advance makes 15 minutes pass`,
    '',
    'Try it:',
    `  printf 'externalId,amount,currency,occurredAt\\ntx-1,10.50,EUR,2024-01-01T10:00:00Z\\n' > transactions.csv`,
    `  curl -s ${auth} -F "file=@transactions.csv" ${stack.url}/batch-import/import/transactions`,
    `  curl -s ${auth} ${stack.url}/batch-import/jobs/<jobId>`,
    '',
    'Ctrl-C stops everything.',
    '',
  ].join('\n');
}

/** Only our own description: a stack started after this one has replaced it and is still running. */
function removeStackFile(file: string): void {
  try {
    const described = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown };
    if (described.pid === process.pid) rmSync(file, { force: true });
  } catch {
    // Missing or unreadable: nothing of ours to remove.
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const starting = startLocalStack({
    port: config.PORT,
    demoApiKey: config.DEMO_API_KEY,
    sesPort: config.LOCAL_SES_PORT,
    dynamodb: { dbPath: config.LOCAL_DYNAMODB_DB_PATH, heapMb: config.LOCAL_DYNAMODB_HEAP_MB },
    log: (line) => process.stderr.write(`${line}\n`),
  });

  let stopping = false;
  let firstSignalAt = 0;
  const shutdown = async (exitCode: number): Promise<void> => {
    if (stopping) {
      // One Ctrl-C under `npm start` arrives twice (from the terminal and relayed by npm): only a later one means
      // "leave now". The emulators' 'exit' hooks still kill the JVM and the fauxqs process.
      if (Date.now() - firstSignalAt > REPEATED_SIGNAL_MS) process.exit(exitCode || 1);
      return;
    }
    stopping = true;
    firstSignalAt = Date.now();
    const stack = await starting.catch(() => undefined);
    await stack?.stop();
    removeStackFile(config.LOCAL_STACK_FILE);
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  process.on('uncaughtException', (error) => {
    process.stderr.write(`uncaught exception, stopping: ${error.stack ?? error.message}\n`);
    void shutdown(1);
  });
  // In Lambda an unhandled rejection fails one invocation; here it must not take every other function down.
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`);
  });
  if (config.LOCAL_STACK_EXIT_WITH_STDIN === '1') {
    process.stdin.on('end', () => void shutdown(0));
    process.stdin.on('error', () => void shutdown(0));
    process.stdin.resume();
  }

  let stack: LocalStack;
  try {
    stack = await starting;
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (stopping) return;

  const description = describeStack(stack);
  mkdirSync(path.dirname(config.LOCAL_STACK_FILE), { recursive: true });
  // It holds the demo key: readable by this user only.
  writeFileSync(config.LOCAL_STACK_FILE, `${JSON.stringify(description, null, 2)}\n`, { mode: 0o600 });
  process.stdout.write(banner(stack));
  if (config.LOCAL_STACK_READY_LINE === '1') process.stdout.write(`LOCAL_STACK_READY ${JSON.stringify(description)}\n`);
}

void main();

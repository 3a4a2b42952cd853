/**
 * `npm run bench:idle [-- --settle 10 --seconds 30 --json]`
 *
 * What the local stack costs while nothing happens: it starts the stack, lets it settle, then reads the CPU time
 * of each of its processes over a window (the service with its pollers, the S3/SQS emulator, the DynamoDB Local
 * JVM) and prints it in cores. Idle pollers are the stack's standing cost on a laptop, and on a 2-core machine what
 * they take during an import the JVM does not get.
 */
import { parseArgs } from 'node:util';
import { cpuBetween, runBench, stackCpuSeconds, startBenchStack } from './support';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { settle: { type: 'string', default: '10' }, seconds: { type: 'string', default: '30' }, json: { type: 'boolean', default: false } },
  });
  const settle = Number(values.settle);
  const seconds = Number(values.seconds);
  if (!(settle >= 0) || !(seconds > 0)) throw new Error('--settle and --seconds take a number of seconds (--seconds above 0)');
  const stack = await startBenchStack('idle');
  try {
    await new Promise((resolve) => setTimeout(resolve, settle * 1000));
    const before = stackCpuSeconds(stack);
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const window = (Date.now() - started) / 1000;
    const perSecond = cpuBetween(before, stackCpuSeconds(stack), window);
    const cores = Object.fromEntries(Object.entries(perSecond).map(([name, value]) => [name, Number(value.toFixed(3))]));
    const total = Number(Object.values(cores).reduce((sum, value) => sum + value, 0).toFixed(3));
    const lines = ['', `idle for ${window.toFixed(1)} s after ${settle} s to settle; CPU in cores:`, ...Object.entries(cores).map(([name, value]) => `  ${name.padEnd(16)} ${value}`), `  ${'total'.padEnd(16)} ${total}`, ''];
    (values.json ? process.stderr : process.stdout).write(lines.join('\n'));
    process.stdout.write(`${JSON.stringify({ idleSeconds: Number(window.toFixed(1)), idleCores: cores, totalIdleCores: total })}\n`);
  } finally {
    await stack.stop();
  }
}

runBench(main);

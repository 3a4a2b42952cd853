import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Option, type Command } from 'commander';
import { apiFor, exitWith, printJson, printLine, userPath } from '../context';

interface FailuresFlags {
  csv?: boolean;
  rows?: boolean;
  output?: string;
}

export function registerFailures(program: Command): void {
  program
    .command('failures')
    .description('a job\'s row failures: JSON (the first 500), the complete failures CSV, or the failed rows to fix and upload again')
    .argument('<jobId>')
    .addOption(new Option('--csv', 'the kind\'s complete failures.csv').conflicts('rows'))
    .addOption(new Option('--rows', 'failed-rows.csv: the failed rows as uploaded, plus error_code and error_message'))
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action(
      exitWith(async (jobId: string, flags: FailuresFlags, command: Command) => {
        const api = apiFor(command);
        // The job's kind decides where its reports live.
        const { job } = await api.getJob(jobId);
        if (!flags.csv && !flags.rows) {
          const body = await api.getFailures(job);
          if (!flags.output) return printJson(body);
          await pipeline(Readable.from([`${JSON.stringify(body, null, 2)}\n`]), createWriteStream(userPath(flags.output)));
        } else {
          const csv = flags.rows ? await api.failedRowsCsv(job.jobId) : await api.failuresCsv(job);
          await pipeline(Readable.fromWeb(csv as import('node:stream/web').ReadableStream), flags.output ? createWriteStream(userPath(flags.output)) : process.stdout);
        }
        if (flags.output) printLine(`wrote ${flags.output}`);
      }),
    );
}

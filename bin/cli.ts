/**
 * `npm run -s cli -- <command>`: the service's CLI for people and scripts (README, "Command line").
 * Every error ends as one line on stderr and an exit code; see cli/errors.ts for the codes.
 */
import { CommanderError } from 'commander';
import { CliError, EXIT } from '../cli/errors';
import { buildProgram } from '../cli/program';

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed the message (or the help) already.
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`cli: ${message}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : EXIT.error;
  }
}

void main();

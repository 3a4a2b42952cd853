import { Command } from 'commander';
import { registerControl } from './commands/control';
import { registerFailures } from './commands/failures';
import { registerImportJobs } from './commands/import-jobs';
import { registerJobs } from './commands/jobs';
import { registerUpload } from './commands/upload';

/**
 * The command tree. Commander's own exits (help, usage errors) are turned into exceptions, so that main decides
 * the exit code: 0 for help, 64 for a usage error. Set before the commands are added, which inherit it.
 */
export function buildProgram(): Command {
  const program = new Command('npm run -s cli --')
    .description('The batch import service from the command line. Exit codes: 0 done (a job completed with no failed or skipped rows), 2 a job completed with failed or skipped rows, 1 a job failed, was cancelled or interrupted, or any error, 64 a usage error.')
    .option('--url <url>', 'the service (default: $BATCH_IMPORT_URL, else the running local stack)')
    .option('--key <key>', 'the API key (default: $BATCH_IMPORT_API_KEY, else the local stack\'s demo key)')
    .exitOverride()
    .showHelpAfterError('(add --help for usage)');
  registerUpload(program);
  registerJobs(program);
  registerFailures(program);
  registerControl(program);
  registerImportJobs(program);
  return program;
}

import { Argument, type Command } from 'commander';
import { apiFor, exitWith, printJson, printLine, waitAndReport } from '../context';
import { progressLine } from '../wait';

export function registerControl(program: Command): void {
  program
    .command('control')
    .description('pause, resume or cancel a batch job (cooperative: it takes effect between chunks)')
    .argument('<jobId>')
    .addArgument(new Argument('<action>').choices(['pause', 'resume', 'cancel']))
    .option('--json', 'print the job status body as the service answers it')
    .action(
      exitWith(async (jobId: string, action: 'pause' | 'resume' | 'cancel', flags: { json?: boolean }, command: Command) => {
        const body = await apiFor(command).control(jobId, action);
        if (flags.json) return printJson(body);
        const cancelling = body.job.metadata?.batchCancelRequested === true && body.job.status === 'running';
        printLine(`${action}: ${progressLine(body.job)}${cancelling ? ' (cancel requested)' : ''}`);
      }),
    );

  program
    .command('retry-failed')
    .description('a new job made of a finished job\'s failed rows (for failures whose cause is gone)')
    .argument('<jobId>')
    .option('--wait', 'follow the new job to its end; exit codes as for upload --wait')
    .option('--json', 'print the service\'s answer alone on stdout (with --wait: the final job status body)')
    .action(
      exitWith(async (jobId: string, flags: { wait?: boolean; json?: boolean }, command: Command) => {
        const api = apiFor(command);
        const accepted = await api.retryFailed(jobId);
        const note = `job ${accepted.jobId} ${accepted.status} (retry of ${accepted.retryOf})`;
        if (flags.wait) {
          (flags.json ? process.stderr : process.stdout).write(`${note}\n`);
          return waitAndReport(api, accepted.jobId, flags.json === true);
        }
        if (flags.json) printJson(accepted);
        else printLine(`${note}; follow it: npm run -s cli -- job ${accepted.jobId}`);
      }),
    );
}

import type { Command } from 'commander';
import { apiFor, exitWith, printJson, printLine, waitAndReport } from '../context';
import { formatTable } from '../table';

const percent = (value: number | null): string => (value === null ? '-' : `${value}%`);

export function registerImportJobs(program: Command): void {
  const importJobs = program.command('import-jobs').description('import jobs (§7): list them, show one, its run history, run one now');

  importJobs
    .command('list')
    .description('the org\'s import jobs, each with its last runs')
    .option('--cursor <cursor>', 'the nextCursor of the page before')
    .option('--json', 'print the page as the service answers it')
    .action(
      exitWith(async (flags: { cursor?: string; json?: boolean }, command: Command) => {
        const page = await apiFor(command).listImportJobs(flags.cursor);
        if (flags.json) return printJson(page);
        const rows = page.importJobs.map((job) => [job.id, job.name, job.kind, job.status, job.namespace, (job.lastRuns ?? []).map((run) => run.runStatus).join(',') || '-']);
        printLine(formatTable(['ID', 'NAME', 'KIND', 'STATUS', 'NAMESPACE', 'LAST RUNS'], rows));
        if (page.nextCursor) printLine(`more: npm run -s cli -- import-jobs list --cursor ${page.nextCursor}`);
      }),
    );

  importJobs
    .command('show')
    .description('one import job, as the service answers it (JSON)')
    .argument('<importJobId>')
    .action(
      exitWith(async (id: string, _flags: object, command: Command) => {
        printJson(await apiFor(command).getImportJob(id));
      }),
    );

  importJobs
    .command('runs')
    .description('an import job\'s run history, newest first')
    .argument('<importJobId>')
    .option('--cursor <cursor>', 'the nextCursor of the page before')
    .option('--json', 'print the page as the service answers it')
    .action(
      exitWith(async (id: string, flags: { cursor?: string; json?: boolean }, command: Command) => {
        const page = await apiFor(command).listImportJobRuns(id, flags.cursor);
        if (flags.json) return printJson(page);
        const rows = page.runs.map((run) => [run.jobId, run.status, run.runStatus, run.attempt, run.totalItems, run.succeeded, run.failed, run.skipped, percent(run.failedPercent), run.startedAt, run.failureReason]);
        printLine(formatTable(['JOB ID', 'STATUS', 'RUN STATUS', 'ATTEMPT', 'TOTAL', 'SUCCEEDED', 'FAILED', 'SKIPPED', 'FAILED %', 'STARTED', 'REASON'], rows));
        if (page.nextCursor) printLine(`more: npm run -s cli -- import-jobs runs ${id} --cursor ${page.nextCursor}`);
      }),
    );

  importJobs
    .command('run')
    .description('run an import job now (it picks up the files waiting in its drop location)')
    .argument('<importJobId>')
    .option('--wait', 'follow the run to its end; exit codes as for upload --wait')
    .option('--json', 'print the service\'s answer alone on stdout (with --wait: the final job status body)')
    .action(
      exitWith(async (id: string, flags: { wait?: boolean; json?: boolean }, command: Command) => {
        const api = apiFor(command);
        const body = await api.runImportJobNow(id);
        const note = `run ${body.job.jobId} ${body.job.status} (import job ${id})`;
        if (flags.wait) {
          (flags.json ? process.stderr : process.stdout).write(`${note}\n`);
          return waitAndReport(api, body.job.jobId, flags.json === true);
        }
        if (flags.json) printJson(body);
        else printLine(`${note}; follow it: npm run -s cli -- job ${body.job.jobId}`);
      }),
    );
}

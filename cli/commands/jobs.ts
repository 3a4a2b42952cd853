import type { Command } from 'commander';
import { JOB_KIND_BY_ROUTE, type Job, type UploadRoute } from '../api';
import { apiFor, exitWith, printJson, printLine } from '../context';
import { formatTable } from '../table';
import { progressLine, summaryOf } from '../wait';

interface JobsFlags {
  kind?: string;
  status?: string;
  runStatus?: string;
  importJob?: string;
  namespace?: string;
  createdFrom?: string;
  createdTo?: string;
  limit?: string;
  cursor?: string;
  json?: boolean;
}

/** The upload words (`transactions`) are accepted beside the job kinds (`transaction_batch`). */
const jobKind = (kind: string | undefined): string | undefined => (kind ? (JOB_KIND_BY_ROUTE[kind as UploadRoute] ?? kind) : undefined);

export const jobRow = (job: Job) => [job.jobId, job.kind, job.status, job.runStatus, job.totalItems, job.succeeded, job.failed, job.skipped, job.createdAt];
export const JOB_HEADINGS = ['JOB ID', 'KIND', 'STATUS', 'RUN STATUS', 'TOTAL', 'SUCCEEDED', 'FAILED', 'SKIPPED', 'CREATED'];

export function registerJobs(program: Command): void {
  program
    .command('jobs')
    .description('the org\'s batch jobs, newest first (one page; --cursor for the next)')
    .option('--kind <kind>', 'transactions, entities, user-events (or transaction_batch, entity_automatic, user_event_batch)')
    .option('--status <status>', 'queued, running, paused, completed, failed, cancelled, interrupted')
    .option('--run-status <runStatus>', 'validating, processing, importing, completed, partially_completed, failed, halted')
    .option('--import-job <id>', 'runs of one import job')
    .option('--namespace <ns>', 'jobs of one namespace')
    .option('--created-from <iso>', 'created at or after (ISO 8601)')
    .option('--created-to <iso>', 'created at or before (ISO 8601)')
    .option('--limit <n>', 'jobs on the page (at most 100, default 25)')
    .option('--cursor <cursor>', 'the nextCursor of the page before')
    .option('--json', 'print the history page as the service answers it')
    .action(
      exitWith(async (flags: JobsFlags, command: Command) => {
        const page = await apiFor(command).listJobs({
          kind: jobKind(flags.kind),
          status: flags.status,
          runStatus: flags.runStatus,
          importJobId: flags.importJob,
          namespace: flags.namespace,
          createdFrom: flags.createdFrom,
          createdTo: flags.createdTo,
          limit: flags.limit,
          cursor: flags.cursor,
        });
        if (flags.json) return printJson(page);
        printLine(formatTable(JOB_HEADINGS, page.jobs.map(jobRow)));
        if (page.nextCursor) printLine(`more: npm run -s cli -- jobs --cursor ${page.nextCursor}`);
      }),
    );

  program
    .command('job')
    .description('one batch job: status, counters, progress')
    .argument('<jobId>')
    .option('--json', 'print the status body as the service answers it')
    .action(
      exitWith(async (jobId: string, flags: { json?: boolean }, command: Command) => {
        const body = await apiFor(command).getJob(jobId);
        if (flags.json) return printJson(body);
        const { job } = body;
        printLine(progressLine(job));
        for (const line of summaryOf(job)) printLine(line);
        printLine(`created ${job.createdAt}${job.completedAt ? `, ended ${job.completedAt}` : ''}${job.namespace ? `, namespace ${job.namespace}` : ''}`);
      }),
    );
}

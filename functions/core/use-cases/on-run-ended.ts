import type { ImportJob } from '../import-jobs/import-job';
import type { ImportJobRepository } from '../import-jobs/ports';
import type { ImportRunLedger } from '../import-jobs/run-ledger';
import { decideAfterRun, isImportJobRun, scheduleAt, type RetryPolicy } from '../import-jobs/retry-policy';
import { decideRunAlert, type AlertDecision } from '../notifications/alert-policy';
import { importJobHaltedEmail, runEndedEmail, runEvent, type NextStep } from '../notifications/emails';
import type { DashboardLinks } from '../notifications/links';
import { distinct, importJobRecipients, jobRecipients, noDefaultRecipients, runRecipients, type DefaultRecipients } from '../notifications/recipients';
import { sendQuietly } from '../notifications/send';
import type { AlertStateStore, Mailer } from '../notifications/ports';
import type { Clock, EndedRunClaims, Logger, RunEndedListener } from '../ports';
import type { Run } from '../runs/run';
import { REPORT_FILES, type ReportRequests } from '../reports/report-files';
import type { Scheduler } from '../scheduling/ports';
import { scheduleNames } from '../scheduling/schedule-names';

export interface RunEndedPolicyDeps {
  readonly importJobs: ImportJobRepository;
  readonly ledger: ImportRunLedger;
  /** Claims each ended run once, so a redelivered event sends no second email and asks for no second report. */
  readonly endedRuns: EndedRunClaims;
  readonly scheduler: Scheduler;
  readonly mailer: Mailer;
  /** Each import job's alert state: which outcome its recipients last heard about (alert-policy.ts). */
  readonly alerts: AlertStateStore;
  /** Where the emails' dashboard links point (PUBLIC_BASE_URL). */
  readonly links: DashboardLinks;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly retry: RetryPolicy;
  /** Where the final CSV reports of a run with rows to report are asked for. @default none: built on request */
  readonly reports?: ReportRequests;
  /** The org's default recipients, for an import job without emails of its own. @default noDefaultRecipients */
  readonly defaultRecipients?: DefaultRecipients;
  /** Told of each ended run once, by the telling that wins its claim (the run duration metric). @default none */
  readonly outcomes?: RunOutcomes;
}

/** What is told of a run's end exactly once (a metric, which a redelivered event must not count twice). */
export interface RunOutcomes {
  runEnded(run: Run): void;
}

/**
 * What happens when a run ends (the RunEndedListener the run-ended consumer tells): for a run of an import job,
 * files it did not import are given back, the retry rules of §7 are applied (a rerun scheduled, the job halted or
 * completed); the final reports of a run with rows to report are asked for; then the run's recipients get the
 * email of §10: always for an upload's run, and for an import job's run when the alert policy says so (by default
 * when the job's outcome changed). Each part runs whatever the others did.
 *
 * Told twice (a stream record delivered again), the first parts repeat harmlessly: files are released on the
 * condition that this run still holds them, a rerun schedule is named by its attempt (put again, it is replaced),
 * halting and completing are conditional replaces. The report request, the email and the outcome (the duration
 * metric) are not: they wait for the run's claim, which only the first telling gets. A claim that cannot be written throws, so the event is retried;
 * nothing else here throws.
 */
export function createRunEndedPolicy(deps: RunEndedPolicyDeps): RunEndedListener {
  return {
    async runEnded(run: Run): Promise<void> {
      const context = { runId: run.runId, importJobId: run.importJobId ?? undefined };
      const job = run.importJobId ? await quietly(deps, 'Loading the import job', context, () => deps.importJobs.get(run.orgId, run.importJobId!)) : null;
      if (run.importJobId && isImportJobRun(run)) {
        await quietly(deps, 'Releasing files a run did not import', context, () => releaseUnimportedFiles(deps, run));
      }
      let next: NextStep = { kind: 'none' };
      if (job && isImportJobRun(run)) {
        next = (await quietly(deps, 'Applying the retry policy', context, () => applyRetryPolicy(deps, job, run))) ?? next;
      }
      // Taken after the steps that may repeat and before those that may not: a crash between claim and email loses
      // that email rather than sending it twice (as the alert state does, see decideAndRecord).
      if (!(await deps.endedRuns.claim(run.runId))) {
        deps.logger.info('Run end already handled; not reported or emailed again', context);
        return;
      }
      deps.outcomes?.runEnded(run);
      const reports = deps.reports;
      if (reports && Object.values(REPORT_FILES).some((report) => report.hasRows(run))) {
        await quietly(deps, 'Requesting the final reports', context, () => reports.requestFinalReports(run.runId));
      }
      await quietly(deps, 'Emailing the run outcome', context, () => emailRunOutcome(deps, run, job ?? null, next));
    },
  };
}

/**
 * A run that imported nothing (failed or halted before any row) gives back the files it claimed: its rerun, or
 * the next run, picks them again. A run that imported rows keeps them: they are imported once.
 */
export async function releaseUnimportedFiles(deps: Pick<RunEndedPolicyDeps, 'ledger'>, run: Run): Promise<void> {
  if (run.phase !== 'failed' && run.phase !== 'halted' && run.state !== 'cancelled') return;
  if (run.succeeded > 0 || run.skipped > 0 || !run.importJobId) return;
  const files = run.control.sourceFiles ?? [];
  if (files.length > 0) await deps.ledger.releaseFiles(run.importJobId, run.runId, files.map((file) => file.eTag));
}

/** Applies §7 to the job after one of its runs ended; answers what the run's email should say happens next. */
export async function applyRetryPolicy(deps: RunEndedPolicyDeps, job: ImportJob, run: Run): Promise<NextStep> {
  const now = deps.clock.now();
  const decision = decideAfterRun(job, run, deps.retry, now);
  const names = scheduleNames(job.id);
  const context = { runId: run.runId, importJobId: job.id, attempt: run.attempt };
  switch (decision.action) {
    case 'none':
      return { kind: 'none' };
    case 'rerun': {
      const at = scheduleAt(decision.at);
      // The name is the attempt's: telling this twice replaces the schedule rather than adding one, and the rerun
      // names the run it reruns, so even a second firing starts one run (see startScheduledRun).
      await deps.scheduler.put({
        name: names.retry(decision.attempt),
        timing: { type: 'once', at, timezone: 'UTC' },
        request: { orgId: job.orgId, importJobId: job.id, trigger: 'retry', attempt: decision.attempt, previousRunId: run.runId },
        enabled: true,
      });
      deps.logger.info('Rerun scheduled', { ...context, nextAttempt: decision.attempt, at });
      return { kind: 'rerun', attempt: decision.attempt, at: `${at}Z` };
    }
    case 'keep_schedule':
      deps.logger.info('Last rerun failed; the job keeps its regular schedule', context);
      return { kind: 'no_more_reruns' };
    case 'complete_job': {
      const completed = await deps.importJobs.replace({ ...job, status: 'completed', statusReason: null, updatedAt: now.toISOString() }, ['active']);
      if (completed) {
        deps.logger.info('One-time import job completed', context);
        await deps.scheduler.delete(names.regular);
      }
      return { kind: 'none' };
    }
    case 'halt_job':
      await haltImportJob(deps, job, run);
      return { kind: 'job_halted' };
  }
}

/**
 * The job goes `active → halted` with the run's failure as its reason. The conditional replace lets exactly one
 * caller win, and only the winner disables the regular schedule (as a pause does) and sends the one "import job
 * halted" email.
 */
async function haltImportJob(deps: RunEndedPolicyDeps, job: ImportJob, run: Run): Promise<void> {
  const now = deps.clock.now().toISOString();
  const reason = run.failure ? `${run.failure.code}: ${run.failure.message}` : 'The last run halted';
  // Read again just before the write: a change made meanwhile (a new name, new recipients) is kept.
  const current = (await deps.importJobs.get(job.orgId, job.id)) ?? job;
  const halted = await deps.importJobs.replace({ ...current, status: 'halted', statusReason: reason, updatedAt: now }, ['active']);
  const context = { runId: run.runId, importJobId: job.id };
  if (!halted) {
    deps.logger.info('Import job was no longer active; not halted again', context);
    return;
  }
  deps.logger.warn('Import job halted by the system', { ...context, code: run.failure?.code });
  await deps.scheduler.setEnabled(scheduleNames(job.id).regular, false).catch((error: unknown) => {
    deps.logger.error('Disabling the halted job\'s schedule failed', { ...context, error: error instanceof Error ? error.message : String(error) });
  });
  const to = await importJobRecipients(deps.defaultRecipients ?? noDefaultRecipients, current, 'import_job_halted');
  await sendQuietly(deps, importJobHaltedEmail({ job: current, run, maxAttempts: deps.retry.retryCount + 1, links: deps.links }, to), {
    ...context,
    event: 'import_job_halted',
  });
}

async function emailRunOutcome(deps: RunEndedPolicyDeps, run: Run, job: ImportJob | null, next: NextStep): Promise<void> {
  const event = runEvent(run);
  if (!event) return;
  const maxAttempts = deps.retry.retryCount + 1;
  const context = { runId: run.runId, importJobId: job?.id, event };
  if (!job || !isImportJobRun(run)) {
    // An upload (or a retry of a run's failed rows) is one run, not a streak: its recipients hear how it ended.
    const to = await runRecipients(deps.defaultRecipients ?? noDefaultRecipients, run, job, event);
    await sendQuietly(deps, runEndedEmail({ run, job, maxAttempts, next, links: deps.links }, to), context);
    return;
  }
  const decision = await decideAndRecord(deps, job, run, next.kind === 'job_halted');
  deps.logger.info('Run alert decided', { ...context, send: decision.email !== null, reason: decision.reason });
  if (!decision.email) return;
  const to = distinct([...(await jobRecipients(deps.defaultRecipients ?? noDefaultRecipients, job)), ...(run.reportRecipientEmails ?? [])]);
  await sendQuietly(deps, runEndedEmail({ run, job, maxAttempts, next, links: deps.links, alert: decision.reason }, to), context);
}

/** Attempts at the conditional write before giving up (each loss means another decider wrote meanwhile). */
const ALERT_WRITE_ATTEMPTS = 5;

/**
 * Reads the job's alert state, decides, and writes the new state on the condition that nobody wrote since the
 * read; only a decision whose write landed may send. The state is written before the email is sent: a crash in
 * between loses that one email rather than sending it twice when the run is told again.
 */
export async function decideAndRecord(
  deps: Pick<RunEndedPolicyDeps, 'alerts' | 'logger'>,
  job: ImportJob,
  run: Run,
  jobHaltedNow: boolean,
): Promise<AlertDecision> {
  for (let attempt = 1; attempt <= ALERT_WRITE_ATTEMPTS; attempt++) {
    const state = await deps.alerts.get(job.id);
    const decision = decideRunAlert({ job, run, state, jobHaltedNow });
    if (!decision.next) return decision;
    if (await deps.alerts.put(job.id, decision.next, state.version)) return decision;
  }
  deps.logger.warn('Alert state kept changing; this run sends no email', { jobId: run.runId, importJobId: job.id });
  return { email: null, reason: 'already_decided', next: null };
}

async function quietly<T>(
  deps: Pick<RunEndedPolicyDeps, 'logger'>,
  what: string,
  context: Record<string, unknown>,
  work: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    deps.logger.error(`${what} failed`, { ...context, error: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}

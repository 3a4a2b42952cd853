import type { ImportJob } from '../../functions/core/import-jobs/import-job';
import { processChunk } from '../../functions/core/use-cases/process-chunk';
import { splitUpload } from '../../functions/core/use-cases/split-upload';
import { createRunEndedPolicy } from '../../functions/core/use-cases/on-run-ended';
import { startScheduledRun, type StartImportJobRunDeps } from '../../functions/core/use-cases/start-import-job-run';
import type { ScheduledRunEvent } from '../../functions/core/scheduling/target-input';
import { scheduleNames } from '../../functions/core/scheduling/schedule-names';
import { InMemoryImportJobs } from './fakes';
import { InMemoryAlertStates, InMemoryImportRunLedger, InMemoryOrgRecipients, RecordingMailer, RecordingScheduler, TEST_LINKS } from './notification-fakes';
import { InMemoryEndedRunClaims } from './run-ended-fakes';
import { createWorld } from './world';

/**
 * The core wired as the deployed service wires it, over fakes: scheduled runs start from a drop prefix, the S3
 * event of each copied file is delivered by `deliverUploads`, and the run-ended policy is applied to each run-ended
 * event of the runs' stream (as the run-ended consumer does) once the work in hand is done.
 */
export function createImportRunWorld(options: { retryCount?: number; intervalSeconds?: number } = {}) {
  const base = createWorld();
  const importJobs = new InMemoryImportJobs();
  const ledger = new InMemoryImportRunLedger();
  const scheduler = new RecordingScheduler();
  const mailer = new RecordingMailer();
  const retry = { retryCount: options.retryCount ?? 5, intervalSeconds: options.intervalSeconds ?? 900 };
  const orgRecipients = new InMemoryOrgRecipients();
  const alerts = new InMemoryAlertStates();
  const endedRuns = new InMemoryEndedRunClaims();
  const policyDeps = {
    importJobs,
    ledger,
    endedRuns,
    scheduler,
    mailer,
    alerts,
    links: TEST_LINKS,
    clock: base.deps.clock,
    logger: base.deps.logger,
    retry,
    defaultRecipients: orgRecipients,
  };
  const runEnded = createRunEndedPolicy(policyDeps);
  const deps = {
    ...base.deps,
    importJobs,
    ledger,
    scheduler,
    mailer,
    runEnded,
    sourceLimits: { maxFileNameLength: 100, maxFileBytes: 3_500_000_000 },
  };
  const startDeps: StartImportJobRunDeps = deps;

  /** What S3 does after a copy: each of the run's upload keys starts a split; then every chunk is processed. */
  async function deliverUploads(jobId: string): Promise<void> {
    const run = await deps.runs.get(jobId);
    if (!run) throw new Error(`no run ${jobId}`);
    for (let fileIndex = 0; fileIndex < run.files.length; fileIndex++) await splitUpload(deps, { runId: jobId, fileIndex });
    while (deps.chunks.sent.length > 0) {
      const chunk = deps.chunks.sent.shift();
      if (chunk) await processChunk(deps, chunk);
    }
    await deliverRunEnds();
  }

  /** What the run-ended consumer does: the policy for each run-ended event of the stream not delivered yet. */
  async function deliverRunEnds(): Promise<void> {
    for (const run of base.stream.take()) await runEnded.runEnded((await deps.runs.get(run.runId)) ?? run);
  }

  /** A schedule fires, and the run it starts (if any) goes all the way. */
  async function fire(event: ScheduledRunEvent): Promise<string | undefined> {
    const outcome = await startScheduledRun(startDeps, event);
    if (outcome.started) await deliverUploads(outcome.runId);
    else await deliverRunEnds();
    return outcome.started ? outcome.runId : undefined;
  }

  /** Moves the clock to each due one-time schedule in turn and fires it, until none is left; answers the runs. */
  async function fireDueRetries(limit = 20): Promise<string[]> {
    const started: string[] = [];
    for (let i = 0; i < limit; i++) {
      const next = [...scheduler.schedules.values()]
        .filter((s) => s.enabled && s.timing.type === 'once' && s.request.trigger === 'retry')
        .sort((a, b) => ((a.timing as { at: string }).at < (b.timing as { at: string }).at ? -1 : 1))[0];
      if (!next || next.timing.type !== 'once') break;
      const due = Date.parse(`${next.timing.at}Z`);
      const now = deps.clock.now().getTime();
      if (due > now) deps.clock.advance(due - now);
      scheduler.schedules.delete(next.name); // a one-time schedule deletes itself once it fired
      const jobId = await fire({ ...next.request, scheduledTime: new Date(due).toISOString() });
      if (jobId) started.push(jobId);
    }
    return started;
  }

  /** An active import job with its regular schedule in place, as activation leaves it. */
  async function activeImportJob(overrides: Partial<ImportJob> = {}): Promise<ImportJob> {
    const id = overrides.id ?? `ij-${importJobs.jobs.size + 1}`;
    const orgId = overrides.orgId ?? 'org-a';
    const job: ImportJob = {
      id,
      orgId,
      status: 'active',
      name: 'Daily orders',
      kind: 'transaction_batch',
      namespace: 'default',
      mappingId: null,
      columnMapping: null,
      format: { encoding: 'utf-8', columnDelimiter: null, rowDelimiter: 'auto' },
      source: { bucket: 'bucket', prefix: `drops/${orgId}/${id}/`, filenamePattern: 'orders-*.csv', maxFileAgeHours: 24 },
      schedule: { type: 'recurring', expression: 'cron(0 6 * * ? *)', timezone: 'Europe/Paris' },
      notifications: { emails: ['ops@example.com'], events: [] },
      statusReason: null,
      createdAt: '2026-11-01T00:00:00.000Z',
      updatedAt: '2026-11-01T00:00:00.000Z',
      ...overrides,
    };
    await importJobs.create(job);
    await scheduler.put({
      name: scheduleNames(job.id).regular,
      timing: job.schedule,
      request: { orgId: job.orgId, importJobId: job.id, trigger: 'schedule', attempt: 1 },
      enabled: true,
    });
    return job;
  }

  /** Drops a file into the job's prefix, last modified `ageHours` ago. */
  async function drop(job: ImportJob, name: string, lines: string[], ageHours = 0): Promise<void> {
    const key = `${job.source.prefix}${name}`;
    await deps.objects.put(key, lines.join('\n') + '\n', 'text/csv');
    deps.objects.objects.get(key)!.lastModified = new Date(deps.clock.now().getTime() - ageHours * 3_600_000);
  }

  return { deps, policyDeps, stream: base.stream, endedRuns, deliverRunEnds, startDeps, importJobs, ledger, scheduler, mailer, orgRecipients, alerts, retry, fire, fireDueRetries, deliverUploads, activeImportJob, drop };
}

export function regularFire(job: Pick<ImportJob, 'orgId' | 'id'>, scheduledTime: string): ScheduledRunEvent {
  return { orgId: job.orgId, importJobId: job.id, trigger: 'schedule', attempt: 1, scheduledTime };
}

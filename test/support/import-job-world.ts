import type { ImportJob } from '../../functions/core/import-jobs/import-job';
import type { SamplingFailedListener } from '../../functions/core/import-jobs/ports';
import type { ImportJobsHandlerDeps } from '../../functions/handlers/http/import-jobs-handler';
import { InMemoryImportJobs } from './fakes';
import { FakeScheduler } from './fake-scheduler';
import { InMemoryImportJobRuns } from './import-job-fakes';
import { createWorld } from './world';

/** Keeps every job it was told failed sampling. */
export class RecordingSamplingFailed implements SamplingFailedListener {
  readonly failed: ImportJob[] = [];
  readonly fileNames: string[] = [];
  async samplingFailed(job: ImportJob, fileName: string): Promise<void> {
    this.failed.push(job);
    this.fileNames.push(fileName);
  }
}

/** The import job use cases and handler over in-memory fakes, beside the upload world they share runs with. */
export function createImportJobWorld() {
  const world = createWorld();
  const scheduler = new FakeScheduler();
  const importJobs = new InMemoryImportJobs();
  const samplingFailed = new RecordingSamplingFailed();
  const deps = {
    ...world.deps,
    importJobs,
    importJobRuns: new InMemoryImportJobRuns(world.deps.runs),
    scheduler,
    samplingFailed,
    uploadBucket: 'upload-bucket',
    runRetryCount: 5,
    limits: { maxFileNameLength: 100, maxPresignedFileBytes: 3_500_000_000, uploadUrlTtlSeconds: 3600 },
    maxUploadBytes: 6 * 1024 * 1024,
  } satisfies ImportJobsHandlerDeps;
  return { ...world, deps, clock: world.deps.clock, scheduler, importJobs, samplingFailed };
}

/** A valid creation body; a test overrides what it is about. */
export function newJobBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Nightly transactions',
    kind: 'transaction_batch',
    columnMapping: { 'External ID': 'externalId', Amount: 'amount', Currency: 'currency', Date: 'occurredAt' },
    source: { filenamePattern: 'tx-*.csv', maxFileAgeHours: 48 },
    schedule: { type: 'recurring', expression: 'cron(0 6 * * ? *)', timezone: 'Europe/Paris' },
    notifications: { emails: ['ops@example.com'] },
    ...overrides,
  };
}

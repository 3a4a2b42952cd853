import { createHash, randomUUID } from 'node:crypto';
import { createAwsClients } from '../../../functions/adapters/aws-clients';
import { DynamoImportRunLedger } from '../../../functions/adapters/dynamodb/import-run-ledger';
import { DynamoRunRepository } from '../../../functions/adapters/dynamodb/run-repository';
import { S3ObjectStore } from '../../../functions/adapters/s3/object-store';
import { uploadKey } from '../../../functions/core/files/object-keys';
import type { StoredObject } from '../../../functions/core/ports';
import { newRun } from '../../../functions/core/runs/new-run';
import { SourceMissingError } from '../../../functions/core/errors';
import { DynamoMappingRepository } from '../../../functions/adapters/dynamodb/mapping-repository';
import { startScheduledRun } from '../../../functions/core/use-cases/start-import-job-run';
import { createRunEndedPolicy } from '../../../functions/core/use-cases/on-run-ended';
import { InMemoryEndedRunClaims } from '../../support/run-ended-fakes';
import type { ImportJob } from '../../../functions/core/import-jobs/import-job';
import { InMemoryImportJobs, MemoryLogger } from '../../support/fakes';
import { InMemoryAlertStates, RecordingMailer, RecordingScheduler, TEST_LINKS } from '../../support/notification-fakes';

const clients = createAwsClients();
const objects = new S3ObjectStore(clients.s3, process.env.UPLOAD_BUCKET_NAME as string);
const ledger = new DynamoImportRunLedger(clients.dynamo, process.env.CONTROL_TABLE_NAME as string);
const runs = new DynamoRunRepository(clients.dynamo, process.env.CONTROL_TABLE_NAME as string);

async function listed(prefix: string): Promise<StoredObject[]> {
  const all: StoredObject[] = [];
  for await (const object of objects.listObjects(prefix)) all.push(object);
  return all;
}

describe('Class: S3ObjectStore, what scheduled runs need (fauxqs)', () => {
  it('lists a drop prefix with each object\'s ETag, last-modified time and size', async () => {
    // Arrange
    const prefix = `drops/org-int/${randomUUID()}/`;
    const before = Date.now() - 1000;
    await objects.put(`${prefix}orders 1.csv`, 'a,b\n1,2\n', 'text/csv');
    await objects.put(`${prefix}sub/orders-2.csv`, 'a,b\n', 'text/csv');
    await objects.put(`${prefix.slice(0, -1)}-other/x.csv`, 'x', 'text/csv');
    // Act
    const found = await listed(prefix);
    // Assert
    expect(found.map((o) => o.key)).toEqual([`${prefix}orders 1.csv`, `${prefix}sub/orders-2.csv`]);
    expect(found[0]).toMatchObject({ eTag: createHash('md5').update('a,b\n1,2\n').digest('hex'), sizeBytes: 8 });
    expect(found[0]!.lastModified.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('copies an object server-side, keys with spaces and accents included, and names a missing source', async () => {
    // Arrange
    const prefix = `drops/org-int/${randomUUID()}/`;
    const from = `${prefix}März orders (1).csv`;
    await objects.put(from, 'externalId\nx-1\n', 'text/csv');
    const to = `reports/${randomUUID()}/copy.csv`;
    // Act
    await objects.copy(from, to);
    // Assert
    let text = '';
    for await (const part of await objects.read(to)) text += (part as Buffer).toString('utf8');
    expect(text).toBe('externalId\nx-1\n');
    await expect(objects.copy(`${prefix}missing.csv`, to)).rejects.toBeInstanceOf(SourceMissingError);
  });

  it('starts the split of a file copied to a run\'s upload key, as a put would (the local S3 notification)', async () => {
    // Arrange: a queued run, as a scheduled run creates it, and its source file in a drop prefix.
    const jobId = randomUUID();
    const source = `drops/org-int/${randomUUID()}/orders.csv`;
    await objects.put(source, 'externalId,amount,currency,occurredAt\ntx-1,1.50,EUR,2026-11-01T10:00:00Z\n', 'text/csv');
    await runs.create(
      newRun({
        runId: jobId,
        orgId: 'org-int',
        kind: 'transaction_batch',
        options: {
          namespace: 'default',
          format: { encoding: 'utf-8', columnDelimiter: null, rowDelimiter: 'auto' },
          columnMapping: null,
          defaultFields: null,
          mappingId: null,
          kindOptions: { skipDuplicates: true, validateExistingEntity: false },
          reportRecipientEmails: [],
        },
        files: [{ fileName: 'orders.csv', format: 'csv', gzip: false, sizeBytes: 62 }],
        createdAt: new Date().toISOString(),
        dryRun: false,
        metadata: { source: 'import_job' },
      }),
    );
    // Act
    await objects.copy(source, uploadKey(jobId, 0));
    // Assert: the CopyObject's event reached the splitter, and the run went all the way.
    const deadline = Date.now() + 20_000;
    let run = await runs.get(jobId);
    while (run?.state !== 'completed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      run = await runs.get(jobId);
    }
    expect(run).toMatchObject({ state: 'completed', totalItems: 1, succeeded: 1 });
  });
});

describe('Class: DynamoImportRunLedger (DynamoDB Local)', () => {
  it('lets one of two deliveries of a firing claim it, and tells the other which run it made', async () => {
    // Arrange
    const importJobId = randomUUID();
    const claim = (runId: string) => ({ importJobId, key: 'schedule#2026-11-25T10:00:00.000Z', runId, expiresAt: 2_000_000_000 });
    // Act
    const results = await Promise.all([ledger.claimTrigger(claim('run-a')), ledger.claimTrigger(claim('run-b'))]);
    // Assert
    const winner = results.findIndex((r) => r.claimed);
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    expect(results[1 - winner]).toEqual({ claimed: false, runId: winner === 0 ? 'run-a' : 'run-b', settled: false });
    await ledger.settleTrigger(importJobId, claim('x').key);
    expect(await ledger.claimTrigger(claim('run-d'))).toEqual({ claimed: false, runId: winner === 0 ? 'run-a' : 'run-b', settled: true });
    expect(await ledger.claimTrigger({ ...claim('run-c'), key: 'schedule#2026-11-25T11:00:00.000Z' })).toEqual({ claimed: true });
  });

  it('gives a file to one run only, lets that run claim it again, and releases it only for its holder', async () => {
    // Arrange
    const importJobId = randomUUID();
    const file = (runId: string) => ({ importJobId, eTag: 'etag-1', runId, key: 'drops/x/a.csv', at: '2026-11-25T10:00:00.000Z' });
    // Act
    const racing = await Promise.all([ledger.claimFile(file('run-a')), ledger.claimFile(file('run-b'))]);
    const holder = racing[0] ? 'run-a' : 'run-b';
    const other = racing[0] ? 'run-b' : 'run-a';
    // Assert
    expect(racing.filter(Boolean)).toHaveLength(1);
    expect(await ledger.claimFile(file(holder))).toBe(true);
    await ledger.releaseFiles(importJobId, other, ['etag-1']);
    expect(await ledger.claimFile(file(other))).toBe(false);
    await ledger.releaseFiles(importJobId, holder, ['etag-1']);
    expect(await ledger.claimFile(file(other))).toBe(true);
  });
});

describe('Use case: startScheduledRun over the real adapters (DynamoDB Local, fauxqs, the local splitter)', () => {
  it('imports the new file of a drop prefix once, and fails the next firing with SOURCE_FILE_NOT_FOUND and a rerun', async () => {
    // Arrange
    const importJobs = new InMemoryImportJobs();
    const scheduler = new RecordingScheduler();
    const mailer = new RecordingMailer();
    const logger = new MemoryLogger();
    const clock = { now: () => new Date() };
    const ids = { newId: () => randomUUID() };
    const runEnded = createRunEndedPolicy({ importJobs, ledger, endedRuns: new InMemoryEndedRunClaims(), scheduler, mailer, alerts: new InMemoryAlertStates(), links: TEST_LINKS, clock, logger, retry: { retryCount: 5, intervalSeconds: 900 } });
    const deps = {
      importJobs, ledger, runs, objects, clock, ids, logger,
      mappings: new DynamoMappingRepository(clients.dynamo, process.env.CONTROL_TABLE_NAME as string),
      sourceLimits: { maxFileNameLength: 100, maxFileBytes: 3_500_000_000 },
    };
    const id = randomUUID();
    const job: ImportJob = {
      id, orgId: 'org-int', status: 'active', name: 'Integration orders', kind: 'transaction_batch', namespace: 'default',
      mappingId: null, columnMapping: null, format: { encoding: 'utf-8', columnDelimiter: null, rowDelimiter: 'auto' },
      source: { bucket: process.env.UPLOAD_BUCKET_NAME as string, prefix: `drops/org-int/${id}/`, filenamePattern: '*.csv', maxFileAgeHours: 1 },
      schedule: { type: 'recurring', expression: 'rate(1 hour)', timezone: 'UTC' },
      notifications: { emails: ['ops@example.com'], events: [] }, statusReason: null,
      createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
    };
    await importJobs.create(job);
    const rows = Array.from({ length: 50 }, (_, i) => `it-${id}-${i},${i}.10,EUR,2026-11-01T10:00:00Z`);
    await objects.put(`${job.source.prefix}orders.csv`, ['externalId,amount,currency,occurredAt', ...rows].join('\n') + '\n', 'text/csv');
    const fire = (at: string) => startScheduledRun(deps, { orgId: 'org-int', importJobId: id, trigger: 'schedule', attempt: 1, scheduledTime: at });
    // Act
    const first = await fire('2026-11-25T10:00:00.000Z');
    const duplicate = await fire('2026-11-25T10:00:00.000Z');
    const second = await fire('2026-11-25T11:00:00.000Z');
    // Assert
    expect(first.started && duplicate).toEqual({ started: false, reason: 'duplicate', runId: first.started ? first.runId : undefined });
    const deadline = Date.now() + 20_000;
    let run = first.started ? await runs.get(first.runId) : null;
    while (run?.state !== 'completed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      run = await runs.get(run!.runId);
    }
    expect(run).toMatchObject({ state: 'completed', importJobId: id, totalItems: 50, succeeded: 50 });
    // What the run-ended consumer does with each run's terminal write, here with this test's fakes.
    for (const ended of [run, second.started ? await runs.get(second.runId) : null]) if (ended) await runEnded.runEnded(ended);
    expect(second.started && (await runs.get(second.runId))).toMatchObject({ phase: 'failed', failure: { code: 'SOURCE_FILE_NOT_FOUND' } });
    expect([...scheduler.schedules.values()].map((s) => s.request)).toEqual([
      { orgId: 'org-int', importJobId: id, trigger: 'retry', attempt: 2, previousRunId: second.started ? second.runId : '' },
    ]);
    expect(mailer.about('run failed (attempt 1 of 6): SOURCE_FILE_NOT_FOUND')).toHaveLength(1);
  });
});

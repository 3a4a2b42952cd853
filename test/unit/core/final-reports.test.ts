import { finalReportKey, reportKey } from '../../../functions/core/files/object-keys';
import type { ReportRequests } from '../../../functions/core/reports/report-files';
import type { Run } from '../../../functions/core/runs/run';
import { buildFinalReports } from '../../../functions/core/use-cases/build-final-reports';
import { exportFailedRowsCsv, exportFailuresCsv } from '../../../functions/core/use-cases/get-failure-reports';
import { createRunEndedPolicy } from '../../../functions/core/use-cases/on-run-ended';
import { InMemoryEndedRunClaims } from '../../support/run-ended-fakes';
import { createBuildReportsHandler } from '../../../functions/handlers/queue/build-reports-handler';
import { MemoryLogger } from '../../support/fakes';
import { lambdaContext, sqsEvent } from '../../support/sqs-events';
import { createWorld, csvFile, principal } from '../../support/world';
import { InMemoryAlertStates, TEST_LINKS } from '../../support/notification-fakes';

const TX_HEADER = 'externalId,amount,currency,occurredAt,description';
const at = '2026-11-01T10:00:00Z';
const DELAY_SECONDS = 60;

/** A completed transactions run: 1 row imported, 2 failed. */
async function endedRun() {
  const world = createWorld();
  const p = principal();
  const jobId = await world.importFiles(p, 'transaction_batch', [
    csvFile('t.csv', [TX_HEADER, `ok-1,1.00,USD,${at},fine`, `bad-1,1.00,EURO,${at},x`, `bad-2,x,USD,${at},y`]),
  ]);
  const downloads = { ...world.deps, downloadUrlTtlSeconds: 60, finalReportDelaySeconds: DELAY_SECONDS };
  const objects = world.deps.objects;
  /** Sets when an object was last written, on the fake clock's time line. */
  const writtenAt = (key: string, date: Date) => {
    objects.objects.get(key)!.lastModified = date;
  };
  return { world, p, jobId, downloads, objects, writtenAt, logger: new MemoryLogger() };
}

describe('Use case: buildFinalReports (the report builder)', () => {
  it('writes the final copy of each report an ended run has rows for, the same bytes a request builds', async () => {
    // Arrange
    const { world, p, jobId, downloads, objects, writtenAt, logger } = await endedRun();
    // Act
    const result = await buildFinalReports({ ...world.deps, logger }, jobId);
    // Assert
    expect(result).toBe('built');
    const failures = objects.text(finalReportKey(jobId, `transaction-failures-${jobId}.csv`));
    const failedRows = objects.text(finalReportKey(jobId, `failed-rows-${jobId}.csv`));
    expect(failures?.split('\n').filter(Boolean)).toHaveLength(3); // header and two failures
    expect(failedRows).toContain('bad-2,x,USD');
    expect(objects.text(finalReportKey(jobId, `unprocessed-${jobId}.csv`))).toBeUndefined(); // nothing unprocessed
    // The same report built within a request: the run only just ended, so not from or into the final copy.
    writtenAt(finalReportKey(jobId, `transaction-failures-${jobId}.csv`), world.deps.clock.now());
    await exportFailuresCsv(downloads, p, jobId, 'transaction_batch');
    expect(objects.text(reportKey(jobId, `transaction-failures-${jobId}.csv`))).toBe(failures);
  });

  it('builds nothing for a run still running or one that does not exist', async () => {
    // Arrange
    const { world, jobId, objects, logger } = await endedRun();
    const running = { ...((await world.deps.runs.get(jobId)) as Run), runId: 'running-1', state: 'running' as const, completedAt: null };
    world.deps.runs.runs.set(running.runId, running);
    const before = objects.objects.size;
    // Act / Assert
    expect(await buildFinalReports({ ...world.deps, logger }, 'running-1')).toBe('not_ended');
    expect(await buildFinalReports({ ...world.deps, logger }, 'no-such-job')).toBe('no_run');
    expect(objects.objects.size).toBe(before);
  });
});

describe('Use case: CSV downloads of an ended run', () => {
  /** An ended run whose failed-rows.csv has a final copy holding `body`, written `afterEnd` ms after the run ended. */
  async function withFinalCopy(afterEnd: number, body: string) {
    const ended = await endedRun();
    const { world, jobId, objects, writtenAt, logger } = ended;
    await buildFinalReports({ ...world.deps, logger }, jobId);
    const key = finalReportKey(jobId, `failed-rows-${jobId}.csv`);
    writtenAt(key, new Date(world.deps.clock.now().getTime() + afterEnd));
    objects.objects.get(key)!.body = Buffer.from(body);
    world.deps.clock.advance(2 * DELAY_SECONDS * 1000);
    return { ...ended, key };
  }

  it('redirect to the final copy built after the run settled, without building again', async () => {
    // Arrange: the builder ran after the delay
    const { p, jobId, downloads, objects, key } = await withFinalCopy(DELAY_SECONDS * 1000, 'the final copy\n');
    // Act
    const download = await exportFailedRowsCsv(downloads, p, jobId);
    // Assert: the final copy, untouched
    expect(download.url).toContain(`/${key}?`);
    expect(objects.text(key)).toBe('the final copy\n');
  });

  it('build again, into the final key, when the copy there was written before the run settled', async () => {
    // Arrange: a copy from just after the end (a late failure document may be missing from it)
    const { p, jobId, downloads, objects, key } = await withFinalCopy(0, 'too early\n');
    // Act
    const download = await exportFailedRowsCsv(downloads, p, jobId);
    // Assert
    expect(download.url).toContain(`/${key}?`);
    expect(objects.text(key)).toContain('bad-2,x,USD');
  });

  it('build within the request, apart from the final copies, while the run has not settled', async () => {
    // Arrange
    const { p, jobId, downloads, objects } = await endedRun();
    // Act
    const download = await exportFailedRowsCsv(downloads, p, jobId);
    // Assert
    expect(download.url).toContain(`/${reportKey(jobId, `failed-rows-${jobId}.csv`)}?`);
    expect(objects.text(finalReportKey(jobId, `failed-rows-${jobId}.csv`))).toBeUndefined();
  });
});

describe('Policy: the final reports are asked for when a run ends', () => {
  const requests = (): ReportRequests & { jobIds: string[] } => {
    const jobIds: string[] = [];
    return { jobIds, requestFinalReports: async (jobId) => void jobIds.push(jobId) };
  };

  it('for a run with failed, skipped or unprocessed rows, and not for a clean one', async () => {
    // Arrange
    const { world, jobId } = await endedRun();
    const reports = requests();
    const policy = createRunEndedPolicy({
      importJobs: { get: async () => null } as never,
      ledger: {} as never,
      endedRuns: new InMemoryEndedRunClaims(),
      scheduler: {} as never,
      mailer: { send: async () => undefined },
      alerts: new InMemoryAlertStates(),
      links: TEST_LINKS,
      clock: world.deps.clock,
      logger: new MemoryLogger(),
      retry: { retryCount: 5, intervalSeconds: 900 },
      reports,
    });
    const run = (await world.deps.runs.get(jobId)) as Run;
    // Act
    await policy.runEnded(run);
    await policy.runEnded({ ...run, runId: 'clean-1', succeeded: 3, failed: 0, skipped: 0 });
    // Assert
    expect(reports.jobIds).toEqual([jobId]);
  });
});

describe('Handler: build-reports (the reports queue)', () => {
  it('builds the reports a request names, drops a request that names no job, and reports a build that failed', async () => {
    // Arrange
    const { world, jobId, objects, logger } = await endedRun();
    const handler = createBuildReportsHandler({ ...world.deps, logger });
    jest.spyOn(objects, 'putStream').mockRejectedValueOnce(new Error('S3 unavailable'));
    // Act
    const result = await handler(sqsEvent([JSON.stringify({ jobId }), 'not json', JSON.stringify({ job: 1 }), JSON.stringify({ jobId })]), lambdaContext);
    // Assert: the first build met the outage and comes back; the second wrote the reports
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'm-0' }] });
    expect(objects.text(finalReportKey(jobId, `failed-rows-${jobId}.csv`))).toContain('bad-2,x,USD');
    expect(logger.lines.filter((line) => line.level === 'error').map((line) => line.message)).toEqual([
      'Dropped a report request that names no job',
      'Dropped a report request that names no job',
    ]);
  });
});

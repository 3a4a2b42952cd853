import { escapeHtml, failedPercent, runEndedEmail, samplingFailedEmail } from '../../../functions/core/notifications/emails';
import { notifySamplingFailed, samplingFailedNotifier } from '../../../functions/core/notifications/send';
import type { Run } from '../../../functions/core/runs/run';
import { csvFile, principal, transactionLines } from '../../support/world';
import { MemoryLogger } from '../../support/fakes';
import { RecordingMailer, TEST_LINKS } from '../../support/notification-fakes';
import { createImportRunWorld, regularFire } from '../../support/import-run-world';
import { startUpload } from '../../../functions/core/use-cases/start-upload';
import { setDefaultRecipients } from '../../../functions/core/use-cases/set-default-recipients';
import { NO_CONTROL } from '../../../functions/core/runs/run-control-state';

describe('Emails of ended runs (§10)', () => {
  it('tells an upload\'s reportRecipientEmails how a partially completed run went and where its failures are', async () => {
    // Arrange
    const world = createImportRunWorld();
    const lines = [...transactionLines(7), 'bad-1,not-a-number,USD,2026-11-01T10:00:00Z', 'bad-2,1,USD,yesterday'];
    const { jobId } = await startUpload(world.deps, {
      principal: principal(),
      kind: 'transaction_batch',
      files: [csvFile('orders <1>.csv', lines)],
      options: { reportRecipientEmails: JSON.stringify(['a@example.com', 'A@example.com', 'b@example.com']) },
    });
    // Act
    await world.deliverUploads(jobId);
    // Assert
    expect(world.mailer.sent).toHaveLength(1);
    const email = world.mailer.sent[0]!;
    expect(email.to).toEqual(['a@example.com', 'b@example.com']);
    expect(email.subject).toBe(`[Batch import] Batch job ${jobId}: run partially completed, 2 of 9 rows failed (22.2%)`);
    expect(email.text).toContain('Rows: 9 total, 7 imported, 2 failed, 0 skipped, 0 not processed');
    expect(email.text).toContain('Failed: 22.2%');
    expect(email.text).toContain(`Open the run: http://localhost:3000/jobs/${jobId}`);
    expect(email.text).toContain(`Download the failed rows, to fix and upload again: http://localhost:3000/jobs/${jobId}/download/failed-rows`);
    expect(email.html).toContain(`<a href="http://localhost:3000/jobs/${jobId}/download/failed-rows">`);
    expect(email.text).toContain('Files: orders <1>.csv');
    expect(email.html).toContain('orders &lt;1&gt;.csv');
    expect(email.html).not.toMatch(/orders <1>/);
  });

  it('sends nothing for an upload without recipients, nor for events the job\'s recipients did not ask for', async () => {
    // Arrange
    const world = createImportRunWorld();
    const job = await world.activeImportJob({ notifications: { emails: ['ops@example.com'], events: ['run_failed', 'import_job_halted'] } });
    await world.drop(job, 'orders-1.csv', transactionLines(2));
    const { jobId } = await startUpload(world.deps, { principal: principal(), kind: 'transaction_batch', files: [csvFile('a.csv', transactionLines(2, 50))], options: {} });
    // Act
    await world.deliverUploads(jobId);
    await world.fire(regularFire(job, '2026-11-25T09:00:00.000Z')); // completes: not asked for
    await world.fire(regularFire(job, '2026-11-25T09:01:00.000Z')); // no file: failed, asked for
    // Assert
    expect(world.mailer.sent.map((m) => m.subject)).toEqual(['[Batch import] Import job "Daily orders": run failed (attempt 1 of 6): SOURCE_FILE_NOT_FOUND']);
    expect(world.mailer.sent[0]!.text).toContain('Reason: SOURCE_FILE_NOT_FOUND: No new file matching "orders-*.csv" in the drop location (matching but left out: 1 already imported)');
  });

  it('sends the alerts of an import job without emails of its own to the org\'s default recipients, of that org only', async () => {
    // Arrange: defaults for this org and for another one
    const world = createImportRunWorld();
    await setDefaultRecipients({ recipients: world.orgRecipients, clock: world.deps.clock }, 'org-a', ['data@example.com', ' ops@example.com ']);
    await world.orgRecipients.setForOrg('org-b', ['other@example.com']);
    const withoutEmails = await world.activeImportJob({ notifications: { emails: [], events: [] } });
    const withEmails = await world.activeImportJob({ notifications: { emails: ['own@example.com'], events: [] } });
    // Act: no file in either drop location, so both runs fail
    await world.fire(regularFire(withoutEmails, '2026-11-25T09:00:00.000Z'));
    await world.fire(regularFire(withEmails, '2026-11-25T09:00:00.000Z'));
    // Assert
    expect(world.mailer.sent.map((m) => m.to)).toEqual([['data@example.com', 'ops@example.com'], ['own@example.com']]);
  });

  it('refuses default recipients that are not email addresses, or more than 10', async () => {
    const world = createImportRunWorld();
    const set = (emails: string[]) => setDefaultRecipients({ recipients: world.orgRecipients, clock: world.deps.clock }, 'org-a', emails);
    await expect(set(['not-an-email'])).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(set(Array.from({ length: 11 }, (_, i) => `a${i}@example.com`))).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    expect(await world.orgRecipients.forOrg('org-a')).toEqual([]);
    // An empty list clears them.
    await set(['a@example.com']);
    await set([]);
    expect(await world.orgRecipients.forOrg('org-a')).toEqual([]);
  });

  it('keeps a subject on one line and escapes every user-made value in the HTML part', () => {
    // Arrange
    const run = endedRun({ failure: { code: 'MAPPING_MISMATCH', message: 'no column "<script>alert(1)</script>"' }, phase: 'halted', state: 'failed' });
    // Act
    const email = runEndedEmail(
      { run, job: { id: 'ij-1', name: 'Nightly\r\nBcc: evil@example.com & "friends"' }, maxAttempts: 6, next: { kind: 'job_halted' }, links: TEST_LINKS },
      ['ops@example.com'],
    );
    // Assert
    expect(email.subject).toBe('[Batch import] Import job "Nightly Bcc: evil@example.com & "friends"": run halted (attempt 3 of 6): MAPPING_MISMATCH');
    expect(email.html).toContain('Nightly\r\nBcc: evil@example.com &amp; &quot;friends&quot;');
    expect(email.html).toContain('no column &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;');
    expect(email.html).not.toContain('<script>');
    expect(email.text).toContain('no column "<script>alert(1)</script>"');
    expect(email.text).toContain('No reruns are left: the system halted the job until someone reactivates it.');
    expect(email.text).toContain(`Download the failures report: http://localhost:3000/jobs/${run.runId}/download/failures`);
    expect(email.text).toContain('Open the import job and its run history: http://localhost:3000/import-jobs/ij-1');
  });

  it('computes the failed percentage and escapes HTML', () => {
    expect(failedPercent({ failed: 1, totalItems: 3 })).toBe(33.3);
    expect(failedPercent({ failed: 0, totalItems: null })).toBe(0);
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('builds the sampling-failed email and sends it only to recipients who want it, never throwing', async () => {
    // Arrange
    const mailer = new RecordingMailer();
    const logger = new MemoryLogger();
    const job = { id: 'ij-1', orgId: 'org-a', name: 'Latin <1>', notifications: { emails: ['ops@example.com'], events: [] } };
    // Act
    const sent = await notifySamplingFailed({ mailer, logger, links: TEST_LINKS }, job, 'The file is binary, not text', 'sample.bin');
    mailer.failWith = new Error('SES down');
    const failed = await notifySamplingFailed({ mailer, logger, links: TEST_LINKS }, job, 'again');
    const unwanted = await notifySamplingFailed({ mailer, logger, links: TEST_LINKS }, { ...job, notifications: { emails: ['ops@example.com'], events: ['run_failed'] } }, 'x');
    // Assert
    expect([sent, failed, unwanted]).toEqual([true, false, false]);
    expect(mailer.sent[0]).toEqual(samplingFailedEmail({ job, reason: 'The file is binary, not text', fileName: 'sample.bin', links: TEST_LINKS }, ['ops@example.com']));
    expect(mailer.sent[0]!.subject).toBe('[Batch import] Import job "Latin <1>": the sample file could not be used');
    expect(mailer.sent[0]!.html).toContain('Latin &lt;1&gt;');
    expect(mailer.sent[0]!.text).toContain('Reason: The file is binary, not text');
    expect(logger.lines.filter((l) => l.level === 'error')).toHaveLength(1);
  });
});

describe('Listener: samplingFailedNotifier', () => {
  it('emails the job\'s recipients its statusReason and the sample\'s name', async () => {
    const world = createImportRunWorld();
    const job = await world.activeImportJob({ status: 'sampling_failed', statusReason: 'The file is not text (binary content)' });
    await samplingFailedNotifier({ mailer: world.mailer, logger: world.deps.logger, links: TEST_LINKS }).samplingFailed(job, 'sample.bin');
    expect(world.mailer.sent).toHaveLength(1);
    expect(world.mailer.sent[0]!.text).toContain('Sample file: sample.bin\nReason: The file is not text (binary content)');
  });
});

function endedRun(overrides: Partial<Run>): Run {
  return {
    runId: 'run-1', orgId: 'org-a', kind: 'entity_automatic', namespace: 'default', state: 'completed', phase: 'completed',
    importJobId: 'ij-1', attempt: 3, files: [{ fileName: 'e.csv', format: 'csv', gzip: false, sizeBytes: 1 }],
    format: { encoding: 'utf-8', columnDelimiter: null, rowDelimiter: 'auto' }, columnMapping: null, defaultFields: null, options: {},
    reportRecipientEmails: [], dryRun: false, totalItems: 0, succeeded: 0, failed: 0, skipped: 0, filesSplit: 1, totalChunks: 0,
    chunksDone: 0, createdAt: '2026-11-25T10:00:00.000Z', startedAt: null, completedAt: '2026-11-25T10:00:00.000Z', heartbeatAt: null,
    leaseExpiresAt: null, workerError: null, failure: null, metadata: { source: 'import_job' }, control: NO_CONTROL, ...overrides,
  };
}

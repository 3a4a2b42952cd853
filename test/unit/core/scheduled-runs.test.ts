import { startScheduledRun, triggerKey } from '../../../functions/core/use-cases/start-import-job-run';
import { uploadKey } from '../../../functions/core/files/object-keys';
import { scheduleNames } from '../../../functions/core/scheduling/schedule-names';
import { transactionLines } from '../../support/world';
import { createImportRunWorld, regularFire } from '../../support/import-run-world';

const NINE_AM = '2026-11-25T09:00:00.000Z';

describe('Use case: startScheduledRun (a schedule of an import job fires)', () => {
  it('picks only the files whose name matches the pattern and whose age is within the maximum', async () => {
    // Arrange
    const world = createImportRunWorld();
    const job = await world.activeImportJob();
    await world.drop(job, 'orders-1.csv', transactionLines(3, 1), 1);
    await world.drop(job, 'orders-2.csv', transactionLines(2, 10), 23.5);
    await world.drop(job, 'orders-old.csv', transactionLines(2, 20), 25);
    await world.drop(job, 'customers.csv', transactionLines(2, 30));
    await world.drop(job, 'archive/orders-9.csv', transactionLines(2, 40));
    // Act
    const jobId = await world.fire(regularFire(job, NINE_AM));
    // Assert: oldest first, each copied byte for byte to the run's upload keys.
    const run = await world.deps.runs.get(jobId!);
    expect(run).toMatchObject({ importJobId: job.id, attempt: 1, state: 'completed', phase: 'completed', totalItems: 5, succeeded: 5, dryRun: false });
    expect(run!.files.map((f) => f.fileName)).toEqual(['orders-2.csv', 'orders-1.csv']);
    expect(run!.metadata).toMatchObject({ source: 'import_job', trigger: 'schedule', scheduledTime: NINE_AM });
    expect(world.deps.objects.text(uploadKey(jobId!, 0))).toBe(world.deps.objects.text(`${job.source.prefix}orders-2.csv`));
  });

  it('imports a dropped .json file that holds a pretty-printed JSON array, element by element', async () => {
    // Arrange: before, a drop file named .json was read as NDJSON, so every line of a pretty-printed array failed.
    const world = createImportRunWorld();
    const job = await world.activeImportJob({ source: { bucket: 'bucket', prefix: 'drops/json/', filenamePattern: 'orders-*.json', maxFileAgeHours: 24 } });
    const items = [1, 2, 3].map((i) => ({ externalId: `tx-json-${i}`, amount: `${i}.25`, currency: 'USD', occurredAt: '2026-11-01T10:00:00Z' }));
    await world.drop(job, 'orders-1.json', JSON.stringify(items, null, 2).split('\n'), 1);
    // Act
    const jobId = await world.fire(regularFire(job, NINE_AM));
    // Assert
    const run = await world.deps.runs.get(jobId!);
    expect(run).toMatchObject({ phase: 'completed', totalItems: 3, succeeded: 3, failed: 0 });
    expect(run!.files).toEqual([expect.objectContaining({ fileName: 'orders-1.json', format: 'json' })]);
  });

  it('imports a file once, by its ETag: the next firing finds nothing new, even under another name', async () => {
    // Arrange
    const world = createImportRunWorld();
    const job = await world.activeImportJob();
    await world.drop(job, 'orders-1.csv', transactionLines(3));
    const first = await world.fire(regularFire(job, NINE_AM));
    await world.drop(job, 'orders-1-copy.csv', transactionLines(3)); // same bytes, same ETag
    // Act
    const second = await world.fire(regularFire(job, '2026-11-25T09:05:00.000Z'));
    // Assert
    expect((await world.deps.runs.get(first!))!.succeeded).toBe(3);
    const run = await world.deps.runs.get(second!);
    expect(run).toMatchObject({ state: 'failed', phase: 'failed', failure: { code: 'SOURCE_FILE_NOT_FOUND' } });
    expect(run!.failure!.details).toMatchObject({ alreadyImported: 2 });
  });

  it('gives a file to one of two firings that race for it', async () => {
    // Arrange
    const world = createImportRunWorld();
    const job = await world.activeImportJob();
    await world.drop(job, 'orders-1.csv', transactionLines(3));
    // Act
    const outcomes = await Promise.all([
      startScheduledRun(world.startDeps, regularFire(job, NINE_AM)),
      startScheduledRun(world.startDeps, { ...regularFire(job, NINE_AM), trigger: 'retry', attempt: 2, previousRunId: 'run-x' }),
    ]);
    // Assert
    const runs = await Promise.all(outcomes.map((o) => (o.started ? world.deps.runs.get(o.runId) : null)));
    expect(runs.map((r) => r!.files.length).sort()).toEqual([0, 1]);
  });

  it('starts one run for a firing delivered twice', async () => {
    // Arrange
    const world = createImportRunWorld();
    const job = await world.activeImportJob();
    await world.drop(job, 'orders-1.csv', transactionLines(3));
    // Act
    const first = await world.fire(regularFire(job, NINE_AM));
    const again = await startScheduledRun(world.startDeps, regularFire(job, NINE_AM));
    // Assert
    expect(again).toEqual({ started: false, reason: 'duplicate', runId: first });
    expect([...world.deps.runs.runs.values()]).toHaveLength(1);
  });

  it('finishes the run of a firing whose first delivery died before copying its files', async () => {
    // Arrange: the first delivery claimed the firing and created the run, then crashed before the copy.
    const world = createImportRunWorld();
    const job = await world.activeImportJob();
    await world.drop(job, 'orders-1.csv', transactionLines(3));
    const copy = world.deps.objects.copy.bind(world.deps.objects);
    // The Lambda is killed during the copy: it never returns, and nothing after it runs.
    world.deps.objects.copy = () => new Promise<void>(() => undefined);
    void startScheduledRun(world.startDeps, regularFire(job, NINE_AM));
    await new Promise((resolve) => setImmediate(resolve));
    const [jobId] = [...world.deps.runs.runs.keys()];
    expect(world.deps.runs.runs.get(jobId!)!.state).toBe('queued');
    world.deps.objects.copy = copy;
    // Act
    const outcome = await startScheduledRun(world.startDeps, regularFire(job, NINE_AM));
    await world.deliverUploads(jobId!);
    // Assert
    expect(outcome).toEqual({ started: true, runId: jobId });
    expect(await world.deps.runs.get(jobId!)).toMatchObject({ state: 'completed', succeeded: 3 });
  });

  it('does nothing for a job that is paused or gone, retries included', async () => {
    // Arrange
    const world = createImportRunWorld();
    const paused = await world.activeImportJob({ status: 'paused' });
    await world.drop(paused, 'orders-1.csv', transactionLines(3));
    // Act
    const outcomes = [
      await startScheduledRun(world.startDeps, regularFire(paused, NINE_AM)),
      await startScheduledRun(world.startDeps, { ...regularFire(paused, NINE_AM), trigger: 'retry', attempt: 3, previousRunId: 'r-1' }),
      await startScheduledRun(world.startDeps, regularFire({ orgId: 'org-a', id: 'ij-gone' }, NINE_AM)),
      await startScheduledRun(world.startDeps, regularFire({ orgId: 'org-b', id: paused.id }, NINE_AM)),
    ];
    // Assert
    expect(outcomes.map((o) => (o.started ? 'started' : o.reason))).toEqual([
      'import_job_not_active',
      'import_job_not_active',
      'import_job_not_found',
      'import_job_not_found',
    ]);
    expect(world.deps.runs.runs.size).toBe(0);
  });

  it('runs with the job\'s saved mapping and its defaults, and halts when the mapping is gone', async () => {
    // Arrange
    const world = createImportRunWorld();
    await world.deps.mappings.create({
      id: 'map-1', orgId: 'org-a', name: 'Orders', target: 'transaction',
      columnMapping: { Ref: 'externalId', Total: 'amount', When: 'occurredAt' }, defaultFields: { currency: 'EUR' },
      headersSnapshot: [], createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z',
    });
    const job = await world.activeImportJob({ mappingId: 'map-1' });
    await world.drop(job, 'orders-1.csv', ['Ref,Total,When', 'o-1,10.00,2026-11-01T10:00:00Z']);
    // Act
    const ok = await world.fire(regularFire(job, NINE_AM));
    await world.deps.mappings.delete('org-a', 'map-1');
    const halted = await world.fire(regularFire(job, '2026-11-25T09:01:00.000Z'));
    // Assert
    expect(await world.deps.runs.get(ok!)).toMatchObject({ state: 'completed', succeeded: 1, defaultFields: { currency: 'EUR' }, metadata: { mappingId: 'map-1' } });
    expect(await world.deps.runs.get(halted!)).toMatchObject({ phase: 'halted', failure: { code: 'MAPPING_MISMATCH' }, files: [] });
  });

  it('names a firing by its due time, a rerun by the run it reruns', () => {
    const now = new Date('2026-11-25T09:00:41.000Z');
    const event = regularFire({ orgId: 'o', id: 'j' }, NINE_AM);
    expect(triggerKey(event, now)).toBe(`schedule#${NINE_AM}`);
    expect(triggerKey({ ...event, scheduledTime: undefined }, now)).toBe('schedule#2026-11-25T09:00Z');
    expect(triggerKey({ ...event, trigger: 'retry', attempt: 2, previousRunId: 'run-1' }, now)).toBe('retry#run-1');
  });
});

describe('Policy: reruns after a failed run (§7)', () => {
  it('reruns a run without a source file 5 times at the interval; then the job keeps its regular schedule', async () => {
    // Arrange: recipients who asked for every attempt (the default is one email for the streak: alert-policy tests)
    const world = createImportRunWorld();
    const job = await world.activeImportJob({ notifications: { emails: ['ops@example.com'], events: ['every_attempt'] } });
    const regular = world.scheduler.schedules.get(scheduleNames(job.id).regular);
    // Act
    const first = await world.fire(regularFire(job, NINE_AM));
    const start = world.deps.clock.now().getTime();
    const reruns = await world.fireDueRetries();
    // Assert
    const runs = await Promise.all([first!, ...reruns].map((id) => world.deps.runs.get(id)));
    expect(runs.map((r) => [r!.attempt, r!.phase, r!.failure?.code])).toEqual(
      [1, 2, 3, 4, 5, 6].map((attempt) => [attempt, 'failed', 'SOURCE_FILE_NOT_FOUND']),
    );
    expect(runs.map((r) => (Date.parse(r!.createdAt) - start) / 1000)).toEqual([0, 900, 1800, 2700, 3600, 4500]);
    expect(runs.slice(1).map((r) => r!.metadata.previousRunId)).toEqual(runs.slice(0, 5).map((r) => r!.runId));
    expect([...world.scheduler.schedules.keys()]).toEqual([scheduleNames(job.id).regular]);
    expect(world.scheduler.schedules.get(scheduleNames(job.id).regular)).toEqual(regular);
    expect((await world.importJobs.get('org-a', job.id))!.status).toBe('active');
    // With every_attempt: one email per run, saying which attempt it was and what happens next.
    const failed = world.mailer.about('run failed');
    expect(failed.map((m) => m.subject.match(/attempt (\d) of 6/)?.[1])).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(failed[0]!.text).toContain('The system reruns the job at 2026-11-25T10:15:00Z (attempt 2 of 6)');
    expect(failed[5]!.text).toContain('No reruns are left: the job runs again on its regular schedule.');
    expect(failed[5]!.text).toContain('Attempt: 6 of 6 (rerun 5 of 5)');
    expect(failed[0]!.text).toContain('Attempt: 1 of 6\n');
  });

  it('reruns with the same file a run that failed before importing it', async () => {
    // Arrange: the file is unreadable as UTF-8 the first time, and fixed (same name, new bytes) before the rerun.
    const world = createImportRunWorld();
    const job = await world.activeImportJob();
    await world.deps.objects.put(`${job.source.prefix}orders-1.csv`, Buffer.from([0x66, 0xff, 0xfe, 0x0a]), 'text/csv');
    const first = await world.fire(regularFire(job, NINE_AM));
    // Act
    const [rerun] = await world.fireDueRetries(1);
    // Assert: the unreadable file was given back, so the rerun took it again.
    expect(await world.deps.runs.get(first!)).toMatchObject({ phase: 'failed', failure: { code: 'ENCODING_ERROR' } });
    expect((await world.deps.runs.get(rerun!))!.files.map((f) => f.fileName)).toEqual(['orders-1.csv']);
  });

  it('halts the job after a run halts 6 times in a row, and emails the recipients exactly once', async () => {
    // Arrange: the mapping names a column the files do not have.
    const world = createImportRunWorld();
    const job = await world.activeImportJob({
      name: 'Orders <EU>',
      columnMapping: { Ref: 'externalId', Total: 'amount', Cur: 'currency', When: 'occurredAt' },
      notifications: { emails: ['ops@example.com', 'data@example.com'], events: [] },
    });
    await world.drop(job, 'orders-1.csv', ['Ref,Cur,When', 'o-1,EUR,2026-11-01T10:00:00Z']);
    // Act
    const first = await world.fire(regularFire(job, NINE_AM));
    const reruns = await world.fireDueRetries();
    const last = await world.deps.runs.get(reruns[reruns.length - 1]!);
    await world.deps.runEnded.runEnded(last!); // told twice: still one halt, one email
    // Assert
    const runs = await Promise.all([first!, ...reruns].map((id) => world.deps.runs.get(id)));
    expect(runs.map((r) => [r!.attempt, r!.phase, r!.files.length])).toEqual([1, 2, 3, 4, 5, 6].map((a) => [a, 'halted', 1]));
    const halted = await world.importJobs.get('org-a', job.id);
    expect(halted).toMatchObject({ status: 'halted' });
    expect(halted!.statusReason).toMatch(/^MAPPING_MISMATCH: orders-1\.csv does not match the mapping: no column "Total"/);
    expect(world.scheduler.schedules.get(scheduleNames(job.id).regular)!.enabled).toBe(false);
    const jobHalted = world.mailer.about('was halted by the system');
    expect(jobHalted).toHaveLength(1);
    expect(jobHalted[0]!.to).toEqual(['ops@example.com', 'data@example.com']);
    expect(jobHalted[0]!.subject).toBe('[Batch import] Import job "Orders <EU>" was halted by the system: MAPPING_MISMATCH');
    expect(jobHalted[0]!.text).toContain('Reason: MAPPING_MISMATCH: orders-1.csv does not match the mapping: no column "Total"');
    expect(jobHalted[0]!.html).toContain('Orders &lt;EU&gt;');
    expect(jobHalted[0]!.html).not.toContain('Orders <EU>');
    // And no rerun is left behind.
    expect([...world.scheduler.schedules.keys()]).toEqual([scheduleNames(job.id).regular]);
  });

  it('does not rerun a run of a job paused meanwhile, nor halt it', async () => {
    // Arrange
    const world = createImportRunWorld();
    const job = await world.activeImportJob();
    const first = await world.fire(regularFire(job, NINE_AM));
    await world.importJobs.replace({ ...(await world.importJobs.get('org-a', job.id))!, status: 'paused' }, ['active']);
    // Act
    const reruns = await world.fireDueRetries();
    // Assert: the rerun scheduled before the pause fires and does nothing.
    expect(first).toBeDefined();
    expect(reruns).toEqual([]);
    expect(world.deps.runs.runs.size).toBe(1);
  });

  it('completes a one-time job whose run completed, and removes its schedule', async () => {
    // Arrange
    const world = createImportRunWorld();
    const job = await world.activeImportJob({ schedule: { type: 'once', at: '2026-11-25T09:00:00', timezone: 'UTC' } });
    await world.drop(job, 'orders-1.csv', transactionLines(2));
    // Act
    await world.fire(regularFire(job, NINE_AM));
    // Assert
    expect((await world.importJobs.get('org-a', job.id))!.status).toBe('completed');
    expect(world.scheduler.schedules.size).toBe(0);
    // A job that was never in trouble sends nothing by default (it would with run_completed and every_attempt).
    expect(world.mailer.sent).toHaveLength(0);
  });

  it('halts a one-time job whose every attempt failed, and says how to run it again, once', async () => {
    // Arrange: the drop location stays empty.
    const world = createImportRunWorld();
    const job = await world.activeImportJob({
      schedule: { type: 'once', at: '2026-11-25T09:00:00', timezone: 'UTC' },
      notifications: { emails: ['ops@example.com'], events: [] },
    });
    // Act
    const first = await world.fire(regularFire(job, NINE_AM));
    const reruns = await world.fireDueRetries();
    await world.deps.runEnded.runEnded((await world.deps.runs.get(reruns[reruns.length - 1]!))!); // told twice
    // Assert
    const runs = await Promise.all([first!, ...reruns].map((id) => world.deps.runs.get(id)));
    expect(runs.map((r) => [r!.attempt, r!.phase])).toEqual([1, 2, 3, 4, 5, 6].map((attempt) => [attempt, 'failed']));
    const halted = await world.importJobs.get('org-a', job.id);
    expect(halted).toMatchObject({ status: 'halted' });
    expect(halted!.statusReason).toMatch(/^SOURCE_FILE_NOT_FOUND: /);
    const jobHalted = world.mailer.about('was halted by the system');
    expect(jobHalted).toHaveLength(1);
    expect(jobHalted[0]!.subject).toBe('[Batch import] Import job "Daily orders" was halted by the system: SOURCE_FILE_NOT_FOUND');
    expect(jobHalted[0]!.text).toContain("The one-time import job's run failed 6 times in a row");
    expect(jobHalted[0]!.text).toContain(`Open the import job, to run it again: http://localhost:3000/import-jobs/${job.id}`);
    // The run emails: the first attempt only; its reruns failed the same way.
    expect(world.mailer.about('run failed').map((m) => m.subject.match(/attempt (\d) of 6/)?.[1])).toEqual(['1']);
  });

  it('changes nothing when every email fails to send: reruns, halting and runs go on, and the failure is logged', async () => {
    // Arrange
    const world = createImportRunWorld({ retryCount: 2, intervalSeconds: 60 });
    world.mailer.failWith = new Error('SES is throttling');
    const job = await world.activeImportJob({ columnMapping: { Total: 'amount', Ref: 'externalId', Cur: 'currency', When: 'occurredAt' } });
    await world.drop(job, 'orders-1.csv', ['Ref,Cur,When', 'o-1,EUR,2026-11-01T10:00:00Z']);
    // Act
    const first = await world.fire(regularFire(job, NINE_AM));
    const reruns = await world.fireDueRetries();
    // Assert
    expect([first, ...reruns]).toHaveLength(3);
    expect((await world.importJobs.get('org-a', job.id))!.status).toBe('halted');
    expect(world.mailer.sent).toHaveLength(0);
    const errors = world.deps.logger.lines.filter((l) => l.level === 'error');
    // The first halted attempt's email and the job-halted email: the reruns halted the same way.
    expect(errors.map((l) => l.message)).toEqual(Array(2).fill('Notification could not be sent'));
    expect(errors[0]!.extra).toMatchObject({ error: 'SES is throttling' });
  });

  it('keeps the run ended as it ended when the scheduler fails, and logs it', async () => {
    // Arrange
    const world = createImportRunWorld();
    const job = await world.activeImportJob();
    world.scheduler.failWith = new Error('Scheduler unavailable');
    // Act
    const jobId = await world.fire(regularFire(job, NINE_AM));
    // Assert
    expect(await world.deps.runs.get(jobId!)).toMatchObject({ phase: 'failed', failure: { code: 'SOURCE_FILE_NOT_FOUND' } });
    expect(world.deps.logger.lines.some((l) => l.message === 'Applying the retry policy failed')).toBe(true);
    expect(world.mailer.about('run failed')).toHaveLength(1);
  });
});

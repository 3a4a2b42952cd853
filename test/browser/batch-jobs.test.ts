import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Browser } from 'playwright-core';
import { pollUntilTerminal, uploadAndWait, uploadFiles, type Job } from '../support/service-client';
import { launchBrowser } from './support/browser';
import { checkLayout, isSameDocument, jobOf, markDocument, signedInTab, transactionsCsv, uniqueFileName, unexpectedErrors } from './support/runs';

/**
 * Issue 11 item 3 in a real Chromium: the unified history with its filters, a job's page (counters, statuses, live
 * progress, failures, downloads) and its controls, against the local stack.
 */
describe('Dashboard: batch jobs', () => {
  let browser: Browser;
  let failedRowsJob: Job;
  let fileName: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    fileName = uniqueFileName('payments-with-bad-rows');
    ({ job: failedRowsJob } = await uploadAndWait('transactions', [{ fileName, content: transactionsCsv(3, 2) }]));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('lists a job with failed rows; its page shows the counters, the run status, the failures, and downloads its failed rows with error_code and error_message', async () => {
    expect(failedRowsJob).toMatchObject({ status: 'completed', runStatus: 'partially_completed', succeeded: 3, failed: 2 });
    const { page, context, scriptErrors } = await signedInTab(browser);

    await page.goto('/jobs');
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: fileName }) });
    await row.getByText('Partially completed').waitFor();
    expect(await row.getByRole('cell').allInnerTexts()).toEqual([fileName, 'Transactions', 'Completed', 'Partially completed', '5', '3', '2', '0', '0', expect.any(String)]);
    await checkLayout(page, 'batch-jobs');

    await row.getByRole('link', { name: fileName }).click();
    await page.waitForURL(`**/jobs/${failedRowsJob.jobId}`);
    await page.getByRole('heading', { name: fileName }).waitFor();
    const counters = page.locator('dl[aria-label="Row counts"]');
    expect(await counters.innerText()).toMatch(/Total\s+5\s+Succeeded\s+3\s+Failed\s+2\s+Skipped\s+0\s+Unprocessed\s+0/);
    await page.getByText('Partially completed').waitFor();

    // The failures table: code, row, field, value and message of each failed row.
    const failures = page.getByRole('region', { name: 'Failures' });
    await failures.getByRole('row').nth(2).waitFor();
    expect(await failures.getByRole('row').nth(1).getByRole('cell').allInnerTexts()).toEqual([
      '5',
      'VALIDATION_ERROR',
      'amount',
      'twelve',
      expect.stringContaining('amount'),
    ]);
    await checkLayout(page, 'batch-job');

    // A plain link: the browser follows the 303 to the presigned file with the session cookie and saves it.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download failed rows' }).click()]);
    expect(download.suggestedFilename()).toBe(`failed-rows-${failedRowsJob.jobId}.csv`);
    const rows = parse(await readFile((await download.path())!, 'utf8')) as string[][];
    expect(rows[0]).toEqual([...'externalId,amount,currency,occurredAt,description'.split(','), 'error_code', 'error_message']);
    expect(rows.slice(1).map((cells) => [cells[1], cells[5]])).toEqual([
      ['twelve', 'VALIDATION_ERROR'],
      ['twelve', 'VALIDATION_ERROR'],
    ]);

    const [report] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download failures (CSV)' }).click()]);
    expect(report.suggestedFilename()).toBe(`transaction-failures-${failedRowsJob.jobId}.csv`);
    const reportRows = parse(await readFile((await report.path())!, 'utf8')) as string[][];
    expect(reportRows[0]?.slice(0, 3)).toEqual(['external_id', 'code', 'error']);
    expect(reportRows).toHaveLength(3);

    // No unprocessed rows: no link to download them.
    expect(await page.getByRole('link', { name: 'Download unprocessed rows' }).count()).toBe(0);
    expect(scriptErrors).toEqual([]);
    await context.close();
  });

  it("starts the download an email links to (/jobs/:jobId/download/failed-rows) on the job's page", async () => {
    const { page, context, scriptErrors } = await signedInTab(browser);
    const [download] = await Promise.all([page.waitForEvent('download'), page.goto(`/jobs/${failedRowsJob.jobId}/download/failed-rows`)]);
    expect(download.suggestedFilename()).toBe(`failed-rows-${failedRowsJob.jobId}.csv`);
    expect(await readFile((await download.path())!, 'utf8')).toContain('error_code,error_message');
    await page.getByRole('heading', { name: fileName }).waitFor();
    await page.getByText('Your download has started.').waitFor();
    expect(scriptErrors).toEqual([]);
    await context.close();
  });

  it('keeps the filters in the address: a filtered list survives a reload, and the form changes the address', async () => {
    const { page, context, scriptErrors } = await signedInTab(browser);
    await page.goto('/jobs?runStatus=partially_completed&kind=transaction_batch');
    await page.getByRole('link', { name: fileName }).waitFor();
    await page.reload();
    await page.getByRole('link', { name: fileName }).waitFor();
    expect(await page.getByLabel('Run status').inputValue()).toBe('partially_completed');
    expect(await page.getByLabel('Kind').inputValue()).toBe('transaction_batch');

    await page.getByLabel('Run status').selectOption('halted');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/runStatus=halted/);
    expect(new URL(page.url()).searchParams.get('kind')).toBe('transaction_batch');
    await page.getByRole('link', { name: fileName }).waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((url) => url.pathname === '/jobs' && url.search === '');
    await page.getByRole('link', { name: fileName }).waitFor();
    expect(scriptErrors).toEqual([]);
    await context.close();
  });

  it('pages through the history with the cursor, newest first', async () => {
    const { page, context, scriptErrors } = await signedInTab(browser);
    // Two more jobs of their own namespace, so a page of one has a next page whatever else the stack holds.
    const namespace = `paging-${Date.now()}`;
    const names = [uniqueFileName('older'), uniqueFileName('newer')];
    for (const name of names) {
      const answer = await uploadFiles('transactions', [{ fileName: name, content: transactionsCsv(1) }], { namespace });
      expect(answer.status).toBe(202);
    }
    await page.goto(`/jobs?namespace=${namespace}`);
    await page.getByRole('link', { name: names[1] }).waitFor();
    await page.getByRole('link', { name: names[0] }).waitFor();
    // The service's page size is 25; a cursor from its first page of this namespace would hold nothing more, so
    // walk the answer the API gives for a page of one instead, the way the page builds its links.
    const first = await page.evaluate(`fetch('/batch-import/jobs?namespace=${namespace}&limit=1').then((r) => r.json())`);
    const { nextCursor } = first as { nextCursor: string };
    await page.goto(`/jobs?namespace=${namespace}&cursor=${encodeURIComponent(nextCursor)}`);
    await page.getByRole('link', { name: names[0] }).waitFor();
    expect(await page.getByRole('link', { name: names[1] }).count()).toBe(0);
    await page.getByRole('link', { name: 'Newest jobs' }).click();
    await page.getByRole('link', { name: names[1] }).waitFor();
    expect(new URL(page.url()).searchParams.get('cursor')).toBeNull();
    expect(scriptErrors).toEqual([]);
    await context.close();
  });

  it('pauses, resumes and cancels a running job from its page, which follows it live; the unprocessed rows are then downloadable', async () => {
    const name = uniqueFileName('large-payments');
    const answer = await uploadFiles('transactions', [{ fileName: name, content: transactionsCsv(20_000) }]);
    const { jobId } = (await answer.json()) as { jobId: string };
    const { page, context, scriptErrors } = await signedInTab(browser);
    await page.goto(`/jobs/${jobId}`);
    await markDocument(page);

    const bar = page.getByRole('progressbar', { name: 'Rows processed' });
    await bar.waitFor();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor({ timeout: 30_000 });
    await page.getByText('Paused', { exact: true }).first().waitFor();
    await checkLayout(page, 'batch-job-paused');

    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();

    await page.getByRole('button', { name: 'Cancel' }).click();
    // A confirmation first: "Keep it running" leaves the job alone.
    await page.getByRole('button', { name: 'Keep it running' }).click();
    expect((await jobOf(jobId)).metadata?.batchCancelRequested).toBeUndefined();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Yes, cancel the job' }).click();

    const { job } = await pollUntilTerminal(jobId);
    expect(job.status).toBe('cancelled');
    await page.locator('.runs-statuses').getByText('Cancelled').waitFor();
    await bar.waitFor({ state: 'detached' });
    expect(await isSameDocument(page)).toBe(true);
    const unprocessed = Number((job.metadata as { unprocessed: number }).unprocessed);
    expect(unprocessed).toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download unprocessed rows' }).click()]);
    const rows = parse(await readFile((await download.path())!, 'utf8')) as string[][];
    expect(rows).toHaveLength(unprocessed + 1);
    expect(scriptErrors).toEqual([]);
    await context.close();
  }, 180_000);

  it('lists the failures of a job that is still running, and keeps the list when it ends', async () => {
    // Three bad rows first, then enough good ones that the job runs on after the first chunk is recorded.
    const [header, ...good] = transactionsCsv(30_000).trimEnd().split('\n');
    const bad = transactionsCsv(0, 3).trimEnd().split('\n').slice(1);
    const answer = await uploadFiles('transactions', [{ fileName: uniqueFileName('failing-while-running'), content: `${[header, ...bad, ...good].join('\n')}\n` }]);
    const { jobId } = (await answer.json()) as { jobId: string };
    const { page, context, scriptErrors } = await signedInTab(browser);
    await page.goto(`/jobs/${jobId}`);

    const failures = page.getByRole('region', { name: 'Failures' });
    // Only a running job's list says "so far": seen, it was read while the job ran.
    await page.getByText('3 failures so far (the list grows while the job runs).').waitFor({ timeout: 30_000 });
    expect(await failures.getByRole('row').count()).toBe(4);
    expect(await failures.getByRole('row').nth(1).getByRole('cell').allInnerTexts()).toEqual(['2', 'VALIDATION_ERROR', 'amount', 'twelve', expect.stringContaining('amount')]);
    await checkLayout(page, 'batch-job-failures-while-running');

    const { job } = await pollUntilTerminal(jobId);
    expect(job).toMatchObject({ status: 'completed', succeeded: 30_000, failed: 3 });
    await page.getByText('3 failures.', { exact: true }).waitFor();
    expect(await failures.getByRole('row').count()).toBe(4);
    expect(scriptErrors).toEqual([]);
    await context.close();
  }, 180_000);

  it('retries the failed rows as a new job, linked both ways', async () => {
    const { page, context, scriptErrors } = await signedInTab(browser);
    await page.goto(`/jobs/${failedRowsJob.jobId}`);
    await page.getByRole('button', { name: 'Retry failed rows' }).click();
    await page.getByRole('link', { name: 'open the new job' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/jobs/') && !url.pathname.endsWith(failedRowsJob.jobId));
    const retryId = page.url().split('/').pop()!;
    await page.getByRole('link', { name: failedRowsJob.jobId }).waitFor();
    // The rows still fail (the file was not fixed), now in a job of their own.
    await page.locator('.runs-statuses').getByText('Partially completed').or(page.locator('.runs-statuses').getByText('Failed')).first().waitFor({ timeout: 60_000 });
    expect(await jobOf(retryId)).toMatchObject({ totalItems: 2, failed: 2, metadata: expect.objectContaining({ retryOf: failedRowsJob.jobId }) });
    expect(unexpectedErrors(scriptErrors)).toEqual([]);
    await context.close();
  }, 90_000);

  it('works at 390 px: the list and a job page, no sideways scrolling', async () => {
    const { page, context, scriptErrors } = await signedInTab(browser, 390);
    await page.goto('/jobs');
    await page.getByRole('link', { name: fileName }).waitFor();
    await checkLayout(page, 'batch-jobs-390');
    await page.goto(`/jobs/${failedRowsJob.jobId}`);
    await page.getByRole('region', { name: 'Failures' }).waitFor();
    await checkLayout(page, 'batch-job-390');
    expect(scriptErrors).toEqual([]);
    await context.close();
  });
});

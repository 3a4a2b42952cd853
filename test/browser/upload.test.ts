import type { Browser } from 'playwright-core';
import { api, withKey } from '../support/service-client';
import { launchBrowser } from './support/browser';
import { checkLayout, isSameDocument, jobOf, markDocument, signedInTab, transactionsCsv, uniqueFileName, unexpectedErrors } from './support/runs';

/** Issue 11 item 4 in a real Chromium: a file uploaded in the browser becomes a job that the page follows live. */
describe('Dashboard: upload', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('uploads a file chosen with the file input; the new job is shown completing on the same page, with no reload', async () => {
    const { page, context, scriptErrors } = await signedInTab(browser);
    await page.goto('/upload');
    await markDocument(page);
    const name = uniqueFileName('chosen');
    await page.getByLabel('What the file holds').selectOption('transaction_batch');
    await page.getByLabel('File', { exact: true }).setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(transactionsCsv(40, 1)) });
    await page.getByText(`${name} (`).waitFor();
    await checkLayout(page, 'upload');
    await page.getByRole('button', { name: 'Upload' }).click();

    await page.waitForURL(/\/jobs\/[A-Za-z0-9-]+$/);
    await page.getByRole('heading', { name }).waitFor();
    await page.locator('.runs-statuses').getByText('Completed', { exact: true }).waitFor({ timeout: 60_000 });
    await page.locator('.runs-statuses').getByText('Partially completed').waitFor();
    expect(await page.locator('dl[aria-label="Row counts"]').innerText()).toMatch(/Total\s+41\s+Succeeded\s+40\s+Failed\s+1/);
    expect(await isSameDocument(page)).toBe(true);
    const job = await jobOf(page.url().split('/').pop()!);
    expect(job).toMatchObject({ status: 'completed', succeeded: 40, failed: 1, metadata: expect.objectContaining({ fileName: name }) });
    expect(scriptErrors).toEqual([]);
    await context.close();
  }, 90_000);

  it('uploads a file dropped onto the drop zone, into a namespace, as a dry run', async () => {
    const { page, context, scriptErrors } = await signedInTab(browser);
    await page.goto('/upload');
    await markDocument(page);
    const name = uniqueFileName('dropped');
    const namespace = `dropped-${Date.now()}`;
    const csv = transactionsCsv(5);
    // A drop as the browser makes one: a DataTransfer holding the file, dispatched on the zone.
    // (A string: the root project has no DOM types.)
    const dataTransfer = await page.evaluateHandle(
      `(() => { const transfer = new DataTransfer(); transfer.items.add(new File([${JSON.stringify(csv)}], ${JSON.stringify(name)}, { type: 'text/csv' })); return transfer; })()`,
    );
    const zone = page.getByTestId('drop-zone');
    await zone.dispatchEvent('dragover', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });
    await page.getByText(`${name} (`).waitFor();
    await page.getByLabel('Namespace').fill(namespace);
    await page.getByLabel(/Dry run/).check();
    await page.getByRole('button', { name: 'Upload' }).click();

    await page.waitForURL(/\/jobs\/[A-Za-z0-9-]+$/);
    await page.getByText('Dry run: nothing is written').waitFor();
    await page.locator('.runs-statuses').getByText('Completed', { exact: true }).first().waitFor({ timeout: 60_000 });
    expect(await isSameDocument(page)).toBe(true);
    const job = await jobOf(page.url().split('/').pop()!);
    expect(job).toMatchObject({ status: 'completed', succeeded: 5, namespace, metadata: expect.objectContaining({ fileName: name, dryRun: true }) });
    expect(scriptErrors).toEqual([]);
    await context.close();
  }, 90_000);

  it('sends a file over 5 MB through the presigned route, straight to storage, with a progress bar', async () => {
    // bypassCSP: see signedInTab; the policy's connect-src does not name the upload bucket yet.
    const { page, context, scriptErrors } = await signedInTab(browser, 1280);
    await page.goto('/upload');
    await markDocument(page);
    const name = uniqueFileName('large');
    // About 5.7 MB in 10,000 rows (a long description each): too large for the request, light enough to import.
    const long = 'x'.repeat(500);
    const lines = ['externalId,amount,currency,occurredAt,description'];
    for (let i = 0; i < 10_000; i++) lines.push(`${name}-${i},1.00,EUR,2026-11-01T10:00:00Z,${long}`);
    const buffer = Buffer.from(`${lines.join('\n')}\n`);
    expect(buffer.length).toBeGreaterThan(5 * 1024 * 1024);
    await page.getByLabel('File', { exact: true }).setInputFiles({ name, mimeType: 'text/csv', buffer });
    await page.getByText('A large file: it goes straight to storage').waitFor();

    // The bar is there while the PUT goes out; record that it was seen, however fast the loopback is.
    await page.evaluate(`new MutationObserver((_, observer) => {
      if (document.querySelector('progress#upload-progress')) { window.__sawUploadBar = true; observer.disconnect(); }
    }).observe(document.body, { subtree: true, childList: true })`);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForURL(/\/jobs\/[A-Za-z0-9-]+$/, { timeout: 60_000 });
    expect(await page.evaluate('window.__sawUploadBar === true')).toBe(true);
    await page.locator('.runs-statuses').getByText('Completed', { exact: true }).first().waitFor({ timeout: 90_000 });
    expect(await isSameDocument(page)).toBe(true);
    const job = await jobOf(page.url().split('/').pop()!);
    expect(job).toMatchObject({ status: 'completed', succeeded: 10_000, metadata: expect.objectContaining({ source: 'presigned_upload', fileName: name }) });
    expect(scriptErrors).toEqual([]);
    await context.close();
  }, 150_000);

  it("shows the service's message for a file it refuses, and the job's reason when the monthly limit stops it", async () => {
    const { page, context, scriptErrors } = await signedInTab(browser);
    await page.goto('/upload');
    await page.getByLabel('File', { exact: true }).setInputFiles({ name: 'numbers.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\u0003\u0004 not a csv') });
    await page.getByRole('button', { name: 'Upload' }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('UNSUPPORTED_FORMAT');
    expect(page.url()).toMatch(/\/upload$/);
    await checkLayout(page, 'upload-refused');

    // A namespace whose limit is 0 this month: the run imports nothing and halts with the quota's reason.
    const namespace = `full-${Date.now()}`;
    const set = await api('/batch-import/quota', withKey({ method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ namespace, limit: 0 }) }));
    expect(set.status).toBe(200);
    await page.getByLabel('File', { exact: true }).setInputFiles({ name: uniqueFileName('over-quota'), mimeType: 'text/csv', buffer: Buffer.from(transactionsCsv(3)) });
    await page.getByLabel('Namespace').fill(namespace);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForURL(/\/jobs\/[A-Za-z0-9-]+$/);
    await page.locator('.runs-statuses').getByText('Halted').waitFor({ timeout: 60_000 });
    expect(await page.getByText('Why it stopped:').locator('..').innerText()).toContain('LIMIT_REACHED');
    await checkLayout(page, 'batch-job-halted');
    expect(unexpectedErrors(scriptErrors, [415])).toEqual([]);
    await context.close();
  }, 90_000);

  it('works at 390 px with no sideways scrolling', async () => {
    const { page, context, scriptErrors } = await signedInTab(browser, 390);
    await page.goto('/upload');
    await page.getByRole('button', { name: 'Upload' }).waitFor();
    await checkLayout(page, 'upload-390');
    expect(scriptErrors).toEqual([]);
    await context.close();
  });
});

import type { Browser } from 'playwright-core';
import { api, uploadAndWait, withKey } from '../support/service-client';
import { launchBrowser } from './support/browser';
import { checkLayout, signedInTab, transactionsCsv, uniqueFileName, unexpectedErrors } from './support/runs';

/** Issue 11 item 7 in a real Chromium: saved mappings (create, edit, delete) and the monthly quota per namespace. */
describe('Dashboard: mappings and quota', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("creates, edits and deletes a mapping, showing the service's validation error at the field", async () => {
    const { page, context, scriptErrors } = await signedInTab(browser);
    const name = uniqueFileName('Bank export', 'v1');
    await page.goto('/mappings');
    await page.getByRole('button', { name: 'New mapping' }).click();
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('For files of').selectOption('transaction');
    await page.getByLabel('Column in the file').nth(0).fill('Ref');
    await page.getByLabel('Field', { exact: true }).nth(0).fill('externalId');
    await page.getByRole('button', { name: 'Add a column' }).click();
    await page.getByLabel('Column in the file').nth(1).fill('Amount');
    // A field the service does not know: its INVALID_MAPPING answer is shown under the columns.
    await page.getByLabel('Field', { exact: true }).nth(1).fill('amout');
    await page.getByRole('button', { name: 'Create mapping' }).click();
    const fieldError = page.locator('#mapping-columnMapping-error');
    await fieldError.waitFor();
    expect(await fieldError.innerText()).toContain('Amount → amout');
    await checkLayout(page, 'mappings-error');

    await page.getByLabel('Field', { exact: true }).nth(1).fill('amount');
    await page.getByRole('button', { name: 'Create mapping' }).click();
    const item = page.getByRole('listitem', { name });
    await item.waitFor();
    expect(await item.getByRole('list').innerText()).toMatch(/Ref → externalId[\s\S]*Amount → amount/);
    await checkLayout(page, 'mappings');

    const renamed = `${name} (edited)`;
    await page.getByRole('button', { name: `Edit ${name}` }).click();
    await page.getByLabel('Name').fill(renamed);
    await page.getByRole('button', { name: 'Add a default' }).click();
    await page.getByLabel('Field', { exact: true }).nth(2).fill('currency');
    await page.getByLabel('Default value', { exact: true }).fill('EUR');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const edited = page.getByRole('listitem', { name: renamed });
    await edited.waitFor();
    expect(await edited.innerText()).toContain('currency = “EUR” by default');

    const listed = (await (await api('/batch-import/mappings', withKey())).json()) as { mappings: Array<{ id: string; name: string; defaultFields: object }> };
    expect(listed.mappings.find((mapping) => mapping.name === renamed)?.defaultFields).toEqual({ currency: 'EUR' });

    // The upload page offers it for transactions.
    await page.goto('/upload');
    await page.getByLabel('Column mapping').getByRole('option', { name: renamed }).waitFor({ state: 'attached' });

    await page.goto('/mappings');
    await page.getByRole('button', { name: `Delete ${renamed}` }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await page.getByText(`Deleted “${renamed}”.`).waitFor();
    await page.getByRole('listitem', { name: renamed }).waitFor({ state: 'detached' });
    const after = (await (await api('/batch-import/mappings', withKey())).json()) as { mappings: Array<{ name: string }> };
    expect(after.mappings.map((mapping) => mapping.name)).not.toContain(renamed);
    expect(unexpectedErrors(scriptErrors, [400])).toEqual([]);
    await context.close();
  }, 60_000);

  it("shows each namespace's used rows and limit this month, with a bar", async () => {
    const namespace = `quota-page-${Date.now()}`;
    const set = await api('/batch-import/quota', withKey({ method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ namespace, limit: 1000 }) }));
    expect(set.status).toBe(200);
    const { job } = await uploadAndWait('transactions', [{ fileName: uniqueFileName('quota'), content: transactionsCsv(250) }], { namespace });
    expect(job.succeeded).toBe(250);

    const { page, context, scriptErrors } = await signedInTab(browser);
    await page.goto('/quota');
    // The namespace is found in the recent history without being asked for.
    const card = page.getByRole('region', { name: namespace });
    await card.waitFor();
    expect(await card.getByRole('definition').allInnerTexts()).toEqual(['250 rows (25%)', '1,000 rows', '750 rows']);
    const meter = card.getByRole('meter', { name: `Rows used in ${namespace}` });
    expect(await meter.getAttribute('aria-valuenow')).toBe('250');
    expect(await meter.getAttribute('aria-valuemax')).toBe('1000');
    await page.getByRole('region', { name: 'default' }).waitFor();
    await checkLayout(page, 'quota');

    // Another namespace, asked for by name: it joins the address, so the view can be shared.
    await page.getByRole('textbox', { name: 'Show another namespace' }).fill('never-used-here');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/namespace=never-used-here/);
    const fresh = page.getByRole('region', { name: 'never-used-here' });
    await fresh.waitFor();
    expect(await fresh.getByRole('definition').first().innerText()).toBe('0 rows (0%)');

    // A data manager changes the limit from the card: the card and the service both take the new one.
    await card.getByRole('textbox', { name: `Monthly limit for ${namespace}` }).fill('2,000');
    await card.getByRole('button', { name: 'Set limit' }).click();
    await card.getByRole('status').getByText(`The limit of ${namespace} is now 2,000 rows a month.`).waitFor();
    expect(await card.getByRole('definition').allInnerTexts()).toEqual(['250 rows (13%)', '2,000 rows', '1,750 rows']);
    const stored = (await (await api(`/batch-import/quota?namespace=${namespace}`, withKey())).json()) as { limit: number };
    expect(stored.limit).toBe(2000);
    // A value the service would refuse is caught on the page, and the limit stays.
    await card.getByRole('textbox', { name: `Monthly limit for ${namespace}` }).fill('lots');
    await card.getByRole('button', { name: 'Set limit' }).click();
    await card.getByRole('alert').getByText('The limit is a whole number of rows, 0 or more.').waitFor();
    expect(await card.getByRole('definition').nth(1).innerText()).toBe('2,000 rows');
    expect(scriptErrors).toEqual([]);
    await context.close();
  }, 90_000);

  it('works at 390 px with no sideways scrolling', async () => {
    const { page, context, scriptErrors } = await signedInTab(browser, 390);
    await page.goto('/mappings');
    await page.getByRole('button', { name: 'New mapping' }).click();
    await page.getByLabel('Name').waitFor();
    await checkLayout(page, 'mappings-390');
    await page.goto('/quota');
    await page.getByRole('region', { name: 'default' }).waitFor();
    await checkLayout(page, 'quota-390');
    expect(scriptErrors).toEqual([]);
    await context.close();
  });
});

import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { api, withKey, type Job } from '../../support/service-client';
import { openDashboard, screenshot, scrollsSideways, type DashboardTab } from './browser';
import { signIn } from './sign-in';

/** Helpers of the batch-job, upload, mapping and quota browser tests. */

export const TX_HEADER = 'externalId,amount,currency,occurredAt,description';
const AT = '2026-11-01T10:00:00Z';

/** A transactions CSV: `good` rows that import, then `bad` rows that fail (a bad amount), ids unique to the test. */
export function transactionsCsv(good: number, bad = 0, tag = randomUUID().slice(0, 8)): string {
  const lines = [TX_HEADER];
  for (let i = 0; i < good; i++) lines.push(`${tag}-ok-${i},${(i % 900) + 1}.25,EUR,${AT},row ${i} of a test file`);
  for (let i = 0; i < bad; i++) lines.push(`${tag}-bad-${i},twelve,EUR,${AT},a row with a bad amount`);
  return `${lines.join('\n')}\n`;
}

export const uniqueFileName = (stem: string, extension = 'csv'): string => `${stem}-${randomUUID().slice(0, 8)}.${extension}`;

/** A signed-in tab at the given width, under the dashboard's own Content-Security-Policy. */
export async function signedInTab(browser: Browser, width = 1280): Promise<DashboardTab> {
  const tab = await openDashboard(browser, { width, height: 900 });
  await signIn(tab.page);
  return tab;
}

/** What every page must pass: no sideways scrolling at its width; and a screenshot of it for people to look at. */
export async function checkLayout(page: Page, name: string): Promise<void> {
  await screenshot(page, name);
  expect(await scrollsSideways(page)).toBe(false);
}

/** The console errors a browser logs for a request the test expected to be refused (the page shows the message). */
export function unexpectedErrors(scriptErrors: readonly string[], expectedStatuses: readonly number[] = []): string[] {
  return scriptErrors.filter(
    (error) => !expectedStatuses.some((status) => error.includes(`Failed to load resource: the server responded with a status of ${status}`)),
  );
}

export async function jobOf(jobId: string): Promise<Job> {
  const response = await api(`/batch-import/jobs/${jobId}`, withKey());
  return ((await response.json()) as { job: Job }).job;
}

/** Marks the document, so a test can tell that the page it watches was never reloaded. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate('window.__sameDocument = true');
}

export async function isSameDocument(page: Page): Promise<boolean> {
  return (await page.evaluate('window.__sameDocument === true')) as boolean;
}

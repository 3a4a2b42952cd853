import type { Page } from 'playwright-core';
import { demoKey } from '../../support/service-client';

/**
 * Signs the tab in as a user would: the sign-in page, "API key", "Sign in", then waits for the main nav (the
 * session is set and the dashboard shows). The demo org's key unless given. Go to the page under test afterwards.
 */
export async function signIn(page: Page, apiKey: string = demoKey()): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('API key').fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

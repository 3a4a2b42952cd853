import type { Browser } from 'playwright-core';
import { baseUrl, demoKey } from '../support/service-client';
import { freshKey, mintSessionCookie, revokeKey } from '../support/session-keys';
import { launchBrowser, openDashboard, screenshot, scrollsSideways, type DashboardTab } from './support/browser';
import { signIn } from './support/sign-in';

/** Everything the page's scripts can read of its storage, as one string to search for the key. */
const WEB_STORAGE = 'JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } })';

describe('Browser: sign-in and the session', () => {
  let browser: Browser;
  const tabs: DashboardTab[] = [];
  const open = async (viewport?: { width: number; height: number }) => {
    const tab = await openDashboard(browser, viewport);
    tabs.push(tab);
    return tab;
  };

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterEach(async () => {
    for (const tab of tabs.splice(0)) {
      await tab.context.close();
      // Each tab's script errors, checked once the test's own steps have passed.
      expect(tab.scriptErrors).toEqual([]);
    }
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('signs in with a key, keeps it out of web storage, and sets an HttpOnly, SameSite=Strict cookie without it', async () => {
    // Arrange: the link of an email (to a job this org does not have), opened signed out.
    const { page, context, scriptErrors } = await open();
    await page.goto('/jobs/6f1c2b9e-6a7d-4d1e-9a51-2f0b7c0f4a11/download/failed-rows');
    await page.waitForURL(/\/sign-in\?next=/);
    await screenshot(page, 'sign-in');

    // Act
    await page.getByLabel('API key').fill(demoKey());
    await page.getByRole('button', { name: 'Sign in' }).click();

    // Assert: on to where the link led, signed in as the demo org.
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/jobs/6f1c2b9e-6a7d-4d1e-9a51-2f0b7c0f4a11/download/failed-rows');
    await expect(page.getByRole('link', { name: 'Batch jobs', exact: true }).getAttribute('aria-current')).resolves.toBe('page');
    await expect(page.getByRole('link', { name: 'Upload' }).getAttribute('aria-current')).resolves.toBeNull();
    await expect(page.getByRole('banner').textContent()).resolves.toContain('demo');
    expect(await page.evaluate(WEB_STORAGE)).not.toContain(demoKey());
    expect(await page.getByLabel('API key').count()).toBe(0);
    const cookies = await context.cookies(baseUrl());
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ name: 'bi_session', httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookies[0]?.value).not.toContain(demoKey());
    expect(await page.evaluate('document.cookie')).toBe('');
    // The job page asked for the job and was told it does not exist: the one console error this test expects.
    await page.getByText('There is no batch job with this id in your organization.').waitFor();
    const expected404 = scriptErrors.findIndex((error) => error.includes('status of 404'));
    expect(expected404).toBeGreaterThanOrEqual(0);
    scriptErrors.splice(expected404, 1);
  });

  it("shows the service's message for a key it does not know, and stays on sign-in", async () => {
    const { page } = await open();
    await page.goto('/sign-in');
    await page.getByLabel('API key').fill('bik_not-a-key-of-this-service-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('This API key is not valid');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    // The field was emptied: the key is not left in the page.
    await expect(page.getByLabel('API key').inputValue()).resolves.toBe('');
  });

  it('signs out: the cookie is gone and going back to a page asks for sign-in', async () => {
    const { page, context } = await open();
    await signIn(page);
    await page.goto('/upload');
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await expect(page.getByRole('link', { name: 'Upload' }).getAttribute('aria-current')).resolves.toBe('page');

    await page.getByRole('button', { name: 'Sign out' }).click();

    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(await context.cookies(baseUrl())).toEqual([]);
    await page.goBack();
    await page.waitForURL(/\/sign-in\?next=%2Fupload$/);
    await page.goto('/quota');
    await page.waitForURL(/\/sign-in\?next=%2Fquota$/);
    await page.getByLabel('API key').waitFor();
  });

  it('ends an open session when its key is revoked, and refuses the revoked key', async () => {
    // Arrange: a fresh key, signed in.
    const { apiKey } = await freshKey();
    const { page } = await open();
    await signIn(page, apiKey);

    // Act
    await revokeKey(apiKey);
    await page.goto('/mappings');

    // Assert
    await page.waitForURL(/\/sign-in\?next=%2Fmappings$/);
    await page.getByLabel('API key').fill(apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('revoked');
  });

  it('refuses a session that has expired, and a cookie the service did not seal', async () => {
    const { apiKey } = await freshKey();
    for (const value of [await mintSessionCookie(apiKey, new Date(Date.now() - 1000)), `${'A'.repeat(60)}`]) {
      const { page, context } = await open();
      await context.addCookies([{ name: 'bi_session', value, url: baseUrl(), httpOnly: true, sameSite: 'Strict' }]);
      await page.goto('/import-jobs');
      await page.waitForURL(/\/sign-in\?next=%2Fimport-jobs$/);
    }
    // The same key, in a session that has not ended: in.
    const { page, context } = await open();
    await context.addCookies([{ name: 'bi_session', value: await mintSessionCookie(apiKey, new Date(Date.now() + 600_000)), url: baseUrl(), httpOnly: true, sameSite: 'Strict' }]);
    await page.goto('/import-jobs');
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/import-jobs');
  });

  it('fits a 390 px screen without sideways scrolling, and works from the keyboard', async () => {
    const { page } = await open({ width: 390, height: 844 });
    await page.goto('/sign-in');
    await page.getByLabel('API key').waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, 'sign-in-390');
    // Keyboard only: type the key into the focused field and press Enter.
    await page.getByLabel('API key').focus();
    await page.keyboard.type(demoKey());
    await page.keyboard.press('Enter');
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, 'signed-in-390');
  });
});

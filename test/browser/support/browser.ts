import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { baseUrl } from '../../support/service-client';

/**
 * Debian's Chromium, driven by playwright-core (Playwright's own browser download cannot be reached from here).
 * The background-networking flags keep it from dialling the closed network.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Where each test writes the screenshot of the pages it visits (not committed; see .gitignore). */
export const SCREENSHOT_DIR = path.join(__dirname, '..', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

export interface DashboardTab {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught script errors and console errors seen so far; a test ends by expecting this to be empty. */
  readonly scriptErrors: string[];
}

/**
 * Chromium logs every 4xx fetch to the console. A 401 is how the dashboard learns that nobody is signed in (or that
 * the session ended): it then shows the sign-in page, which the tests check. It is not a script error.
 */
const SIGNED_OUT_CHECK = /^Failed to load resource: the server responded with a status of 401\b/;

/** A fresh browser profile (no cookies) on the local stack's origin, at a desktop width unless told. */
export async function openDashboard(browser: Browser, viewport = { width: 1280, height: 900 }): Promise<DashboardTab> {
  const context = await browser.newContext({ baseURL: baseUrl(), viewport, acceptDownloads: true });
  const page = await context.newPage();
  const scriptErrors: string[] = [];
  page.on('pageerror', (error) => scriptErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !SIGNED_OUT_CHECK.test(message.text())) scriptErrors.push(`console: ${message.text()}`);
  });
  return { context, page, scriptErrors };
}

/** Saves what a user sees, full page, as test/browser/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** True when the page is wider than its viewport, i.e. the user would have to scroll sideways. */
export function scrollsSideways(page: Page): Promise<boolean> {
  // A string, so the root project (no DOM lib) need not type the browser's globals.
  return page.evaluate('document.documentElement.scrollWidth > document.documentElement.clientWidth') as Promise<boolean>;
}

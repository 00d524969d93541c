import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadServerConfig } from '@aftersale/server/messaging';
import { consoleDirectory } from '../../../apps/api/src/console/console.module';

/** Debian's chromium (docs/console.md "Browser tests"): playwright's own browser downloads are not available here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '..', '..', '..', 'tmp', 'console-screenshots');

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing (${CHROMIUM}): apt-get install -y chromium`);
  const directory = consoleDirectory(loadServerConfig());
  if (!existsSync(join(directory, 'index.html')))
    throw new Error(`The console is not built in ${directory}: run npm run build (npm test builds it)`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A page that records what would make a journey fail: uncaught page errors and errors React or the app log
 * to the console. A response with an expected 4xx status logs "Failed to load resource", which is not one.
 */
export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  errors: string[];
}

/** A phone's screen (README.md "Using the console": under 600 px): narrow, touch, the mobile layout's breakpoints. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

export async function openPage(
  browser: Browser,
  baseURL: string,
  locale = 'en-US',
  device: Partial<typeof PHONE> = {},
): Promise<WatchedPage> {
  const context = await browser.newContext({ baseURL, locale, viewport: { width: 1366, height: 900 }, ...device });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (text.startsWith('Failed to load resource')) return;
    errors.push(`console error: ${text}`);
  });
  return { page, context, errors };
}

/**
 * How long the console's first screen may take to appear: a suite's first page loads and runs the whole bundle in a
 * cold browser, and on a 2-core CI machine two browser suites run side by side (a clean-clone run once needed more
 * than 30 s there, the locators' default; alone it takes a few seconds).
 */
const FIRST_SCREEN_MS = 90_000;

export async function logIn(page: Page, email: string, password = 'test-password'): Promise<void> {
  await page.goto('/', { timeout: FIRST_SCREEN_MS });
  await page.locator('input[name=username]').fill(email, { timeout: FIRST_SCREEN_MS });
  await page.locator('input[name=password]').fill(password);
  await page.locator('button[type=submit]').click();
}

/** The language chosen in the app bar's menu, as a person does it. */
export async function chooseLanguage(page: Page, language: 'English' | 'Русский' | '中文'): Promise<void> {
  await page
    .locator('.RaAppBar-toolbar')
    .getByRole('button')
    .filter({ hasText: /English|Русский|中文/ })
    .click();
  await page.getByRole('menuitem', { name: language }).click();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

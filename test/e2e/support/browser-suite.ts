import type { Browser, Page } from 'playwright-core';
import { createTenant, TenantFixture } from './fixtures';
import { launchBrowser, openPage, PHONE, WatchedPage } from './browser';
import { startStack, Stack } from './stack';

/** What a browser suite works with once its `beforeAll` has run. */
export interface BrowserSuite {
  readonly stack: Stack;
  readonly browser: Browser;
  readonly baseURL: string;
  /** a tenant of the suite's own */
  readonly tenant: TenantFixture;
  /**
   * A new page that fails the test on an uncaught page error or a React error. A page the test opened before it (a
   * journey that changes user) is closed first, and must not have failed either.
   */
  page(locale?: string, device?: Partial<typeof PHONE>): Promise<Page>;
}

/**
 * The set-up every browser suite shares: the stack and Chromium started together, a tenant, each test's pages
 * watched and closed after it, the browser and the stack closed after the suite. `beforeStart` runs before the stack
 * starts (an Ozon simulator the stack points at), `beforeClose` before it closes, `afterClose` after.
 */
export function browserSuite(
  options: {
    stack?: Parameters<typeof startStack>[0];
    beforeStart?: () => Promise<void>;
    beforeClose?: () => Promise<void>;
    afterClose?: () => Promise<void>;
  } = {},
): BrowserSuite {
  let stack: Stack;
  let browser: Browser;
  let baseURL: string;
  let tenant: TenantFixture;
  let watched: WatchedPage | undefined;

  const closeWatched = async () => {
    const errors = watched?.errors ?? [];
    await watched?.context.close();
    watched = undefined;
    expect(errors).toEqual([]);
  };

  beforeAll(async () => {
    await options.beforeStart?.();
    [stack, browser] = await Promise.all([startStack(options.stack), launchBrowser()]);
    baseURL = `http://127.0.0.1:${stack.api.getHttpServer().address().port}`;
    tenant = await createTenant(stack);
  });
  afterAll(async () => {
    await options.beforeClose?.();
    await browser?.close();
    await stack?.close();
    await options.afterClose?.();
  });
  afterEach(closeWatched);

  return {
    get stack() {
      return stack;
    },
    get browser() {
      return browser;
    },
    get baseURL() {
      return baseURL;
    },
    get tenant() {
      return tenant;
    },
    async page(locale, device) {
      if (watched) await closeWatched();
      watched = await openPage(browser, baseURL, locale, device);
      return watched.page;
    },
  };
}

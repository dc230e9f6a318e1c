import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startShopServer, type ShopServer } from './server.ts';

/** Screenshots of every admin page land here (git-ignored; CI keeps them as artifacts). */
export const ADMIN_ARTIFACTS = new URL('../../test-artifacts/admin/', import.meta.url);

export interface AdminFixture {
  server: ShopServer;
  browser: Browser;
  /** A new page at `/admin#/<route>`, logged in with the demo workspace's admin key, 1280×900 unless told. */
  openAdmin(route?: string, options?: { viewport?: { width: number; height: number }; language?: 'en' | 'de' }): Promise<Page>;
  /** Saves a full-page screenshot as test-artifacts/admin/<name>.png. */
  screenshot(page: Page, name: string): Promise<void>;
  /** The admin API with the demo workspace's admin key: status and parsed body (null when empty). */
  adminApi<T>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }>;
  /** Page errors and console errors seen so far on pages this fixture opened. */
  problems: string[];
  close(): Promise<void>;
}

/** The real Node app with the demo workspace (Online Retail sample), the built widget, and real Chromium. */
export async function startAdminFixture(fixtures?: Parameters<typeof startShopServer>[0]): Promise<AdminFixture> {
  mkdirSync(ADMIN_ARTIFACTS, { recursive: true });
  const server = await startShopServer(fixtures);
  const browser = await launchChromium();
  const problems: string[] = [];
  return {
    server,
    browser,
    problems,
    async openAdmin(route = 'dashboard', options = {}) {
      const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 }, locale: options.language === 'de' ? 'de-DE' : 'en-GB' });
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) problems.push(`console: ${message.text()}`);
      });
      await page.goto(`${server.origin}/admin#/${route}`);
      await page.locator('input[name=adminKey]').fill(server.credentials.adminKey);
      await page.locator('button[type=submit]').click();
      await page.locator('.app').waitFor();
      return page;
    },
    async adminApi<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${server.origin}${path}`, {
        method,
        headers: { authorization: `Bearer ${server.credentials.adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, data: (text ? JSON.parse(text) : null) as T };
    },
    async screenshot(page, name) {
      await page.screenshot({ path: new URL(`${name}.png`, ADMIN_ARTIFACTS).pathname, fullPage: true });
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startShopServer, type ShopServer } from './server.ts';

const ARTIFACTS = new URL('../../test-artifacts/browser/', import.meta.url);
const CLOSED_PORT = 9; // discard: nothing listens on it here, so the API is "down"

let server: ShopServer;
let browser: Browser;

const fixturePage = (title: string, sdkAttributes: string, extraScript = '') => `<!doctype html>
<html><head><meta charset="utf-8"><title>${title}</title><link rel="stylesheet" href="/demo/shop.css">
${extraScript}<script async src="/sdk.js" ${sdkAttributes}></script></head>
<body><section class="hero" data-rfm-slot="hero"><h2>Default hero</h2></section><p id="after">page body</p></body></html>`;

const STRICT_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'";

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await startShopServer((app, origin) => {
    const withCsp = (csp: string) => (body: string) => new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp } });
    const html = withCsp(STRICT_CSP);
    app.get('/fixtures/consent', () => html(fixturePage('Consent', `data-key="${server.credentials.publishableKey}" data-consent="required"`)));
    app.get('/fixtures/api-down', () =>
      withCsp(`${STRICT_CSP}; connect-src 'self' http://127.0.0.1:${CLOSED_PORT}`)(fixturePage('API down', `data-key="${server.credentials.publishableKey}" data-api="http://127.0.0.1:${CLOSED_PORT}" data-timeout="300"`)),
    );
    app.get('/fixtures/spa/*', () =>
      html(fixturePage('SPA', `data-key="${server.credentials.publishableKey}"`, '<script src="/fixtures/spa.js"></script>').replace('</body>', '<button id="next" type="button">Next</button></body>')),
    );
    app.get(
      '/fixtures/spa.js',
      () =>
        new Response(
          `document.addEventListener('click', function (event) { if (event.target && event.target.id === 'next') history.pushState({}, '', '/fixtures/spa/second?from=' + encodeURIComponent(location.pathname)); });`,
          { headers: { 'content-type': 'text/javascript' } },
        ),
    );
    void origin;
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface PageProblems {
  errors: string[];
}

/** Page errors, console errors and CSP violations: none of them may come from the SDK. */
async function watchProblems(page: Page): Promise<PageProblems> {
  const problems: PageProblems = { errors: [] };
  page.on('pageerror', (error) => problems.errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // Chromium's own network log line for a refused connection is not an error of the page's code.
    if (/Failed to load resource|ERR_CONNECTION_REFUSED/.test(message.text())) return;
    problems.errors.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
  });
  return problems;
}

/** Records, every animation frame, whether the hero slot was ever visible showing its default content. */
async function watchForDefaultFlash(page: Page, defaultText: string) {
  await page.addInitScript((text) => {
    const record = () => {
      const hero = document.querySelector('[data-rfm-slot="hero"]');
      if (hero && getComputedStyle(hero).visibility !== 'hidden' && (hero.textContent ?? '').includes(text)) (window as unknown as { sawDefault: boolean }).sawDefault = true;
      requestAnimationFrame(record);
    };
    requestAnimationFrame(record);
  }, defaultText);
}

async function visitorIdOf(page: Page): Promise<string> {
  const visitorId = await page.evaluate(() => localStorage.getItem('rfm_vid'));
  expect(visitorId).toBeTruthy();
  return visitorId!;
}

async function eventsOf(visitorId: string, type?: string): Promise<{ type: string; props: string | null }[]> {
  const { rows } = await server.driver.execute({ sql: 'SELECT type, props FROM events WHERE visitor_id = ? ORDER BY id', args: [visitorId] });
  return rows.map((row) => ({ type: String(row.type), props: row.props == null ? null : String(row.props) })).filter((row) => !type || row.type === type);
}

async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function becomeChampion(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.origin}/demo`);
  const row = page.locator('tr', { hasText: 'Champions' });
  await row.getByRole('button', { name: 'Become this customer' }).click();
  await expect.poll(() => page.locator('#demo-status').textContent()).toContain('You are now customer');
  await page.screenshot({ path: new URL('demo-customers.png', ARTIFACTS).pathname, fullPage: true });
  return page;
}

describe('personalisation in real Chromium', () => {
  it('shows the default content on a first visit and records the page view', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = await watchProblems(page);
    await page.goto(`${server.origin}/`);
    const hero = page.locator('[data-rfm-slot="hero"]');
    await expect.poll(() => hero.getAttribute('data-rfm-state')).toBe('default');
    expect(await hero.textContent()).toContain('The spring collection is here');
    expect(await hero.isVisible()).toBe(true);
    const visitorId = await visitorIdOf(page);
    await page.goto('about:blank'); // page hide: the SDK flushes its queue with sendBeacon
    const pageViews = await eventually(() => eventsOf(visitorId, 'page_view'), (events) => events.length >= 1);
    expect(pageViews.length).toBe(1);
    expect(problems.errors).toEqual([]);
    await context.close();
  });

  it('shows a champion their variant once identified, and again before the next decide answers', async () => {
    const context = await browser.newContext();
    const demoPage = await becomeChampion(context);
    const problems = await watchProblems(demoPage);
    await demoPage.goto(`${server.origin}/`);
    const hero = demoPage.locator('[data-rfm-slot="hero"]');
    await expect.poll(() => hero.getAttribute('data-rfm-state')).toBe('variant');
    expect(await hero.textContent()).toContain('one of our champions');
    await expect.poll(() => demoPage.locator('#rfm-segments').textContent()).toContain('champions');
    await demoPage.screenshot({ path: new URL('home-as-champion.png', ARTIFACTS).pathname, fullPage: true });
    expect(problems.errors).toEqual([]);

    // Repeat view: hold every decide answer back, and the variant must still be there — from the cached decision —
    // without the default hero ever being visible in any painted frame.
    const repeat = await context.newPage();
    await watchForDefaultFlash(repeat, 'The spring collection is here');
    let decideAnswered = false;
    await repeat.route('**/v1/decide**', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      decideAnswered = true;
      await route.continue();
    });
    await repeat.goto(`${server.origin}/`, { waitUntil: 'domcontentloaded' });
    const repeatHero = repeat.locator('[data-rfm-slot="hero"]');
    await expect.poll(() => repeatHero.getAttribute('data-rfm-state'), { timeout: 1200 }).toBe('variant');
    expect(decideAnswered).toBe(false);
    expect(await repeatHero.textContent()).toContain('one of our champions');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await repeat.evaluate(() => (window as unknown as { sawDefault?: boolean }).sawDefault ?? false)).toBe(false);
    await context.close();
  });

  it('sends and stores nothing before consent when consent is required', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = await watchProblems(page);
    const apiRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/v1/')) apiRequests.push(request.url());
    });
    await page.goto(`${server.origin}/fixtures/consent`);
    await expect.poll(() => page.locator('[data-rfm-slot="hero"]').getAttribute('data-rfm-state')).toBe('default');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(apiRequests).toEqual([]);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('rfm')))).toEqual([]);
    expect(await page.evaluate(() => document.cookie)).toBe('');

    await page.evaluate(() => (window as unknown as { rfm: (...args: unknown[]) => void }).rfm('consent', true));
    await expect.poll(() => apiRequests.some((url) => url.includes('/v1/decide'))).toBe(true);
    await visitorIdOf(page);

    await page.evaluate(() => (window as unknown as { rfm: (...args: unknown[]) => void }).rfm('consent', false));
    expect(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('rfm')))).toEqual([]);
    expect(problems.errors).toEqual([]);
    await context.close();
  });

  it('shows the default content within the timeout when the API is down, without an error', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = await watchProblems(page);
    const started = Date.now();
    await page.goto(`${server.origin}/fixtures/api-down`, { waitUntil: 'domcontentloaded' });
    const hero = page.locator('[data-rfm-slot="hero"]');
    await expect.poll(() => hero.getAttribute('data-rfm-state'), { timeout: 3000 }).toBe('default');
    expect(await hero.isVisible()).toBe(true);
    expect(await hero.textContent()).toContain('Default hero');
    expect(Date.now() - started).toBeLessThan(2000);
    await page.evaluate(() => (window as unknown as { rfm: (...args: unknown[]) => void }).rfm('track', 'custom', { ok: true }));
    await page.goto('about:blank');
    expect(problems.errors).toEqual([]);
    await context.close();
  });

  it('records SPA navigations as page views', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = await watchProblems(page);
    await page.goto(`${server.origin}/fixtures/spa/first`);
    await expect.poll(() => page.locator('[data-rfm-slot="hero"]').getAttribute('data-rfm-state')).toBe('default');
    await page.click('#next');
    await expect.poll(() => page.evaluate(() => location.pathname)).toBe('/fixtures/spa/second');
    const visitorId = await visitorIdOf(page);
    await page.goto('about:blank');
    const pageViews = await eventually(() => eventsOf(visitorId, 'page_view'), (events) => events.length >= 2);
    expect(pageViews).toHaveLength(2);
    expect(problems.errors).toEqual([]);
    await context.close();
  });

  it('runs on the strict-CSP demo pages without errors and tracks product views and carts', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = await watchProblems(page);
    await page.goto(`${server.origin}/products/regency-cakestand`);
    await page.getByRole('button', { name: 'Add to basket' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Added to your basket' }).count()).toBe(1);
    const visitorId = await visitorIdOf(page);
    await page.goto('about:blank');
    const events = await eventually(() => eventsOf(visitorId), (rows) => rows.length >= 3);
    expect(events.map((event) => event.type).sort()).toEqual(['add_to_cart', 'page_view', 'product_view']);
    expect(problems.errors).toEqual([]);
    await context.close();
  });
});

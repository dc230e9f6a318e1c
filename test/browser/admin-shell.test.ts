import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminFixture, type AdminFixture } from './admin-harness.ts';

/** A back office whose global CSS does its worst: none of it may reach inside the widget. */
const HOSTILE_CSS = `
* { font: 30px/3 "Comic Sans MS" !important; color: red !important; letter-spacing: 4px !important; text-transform: uppercase !important; box-sizing: content-box !important }
div, section, button, input, select, nav, header, main, form, label, a, h1, h2, table, td, th { padding: 40px !important; margin: 20px !important; border: 5px dashed lime !important; background: yellow !important }
rfm-admin { display: none !important; font-size: 40px !important; color: red !important; width: 10px !important; padding: 30px !important }
:root { --ink: red !important; --accent: lime !important; --line: red !important }
`;

const backOffice = (title: string, css: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>${css ? `<style>${css}</style>` : ''}</head>
<body><script src="/admin.js"></script><rfm-admin></rfm-admin></body></html>`;

let fixture: AdminFixture;

beforeAll(async () => {
  fixture = await startAdminFixture((app) => {
    const html = (body: string) => () => new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8' } });
    app.get('/fixtures/embed-clean', html(backOffice('Clean back office', '')));
    app.get('/fixtures/embed-hostile', html(backOffice('Hostile back office', HOSTILE_CSS)));
  });
});

afterAll(async () => {
  await fixture?.close();
});

async function freshPage(path: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await fixture.browser.newContext({ viewport, locale: 'en-GB' });
  const page = await context.newPage();
  page.on('pageerror', (error) => fixture.problems.push(`pageerror: ${error.message}`));
  await page.goto(`${fixture.server.origin}${path}`);
  await page.locator('input[name=adminKey]').waitFor();
  return page;
}

async function tryKey(page: Page, key: string): Promise<string> {
  await page.locator('input[name=adminKey]').fill(key);
  await page.locator('button[type=submit]').click();
  const alert = page.locator('[data-testid=login] [role=alert]');
  await alert.waitFor();
  return (await alert.textContent()) ?? '';
}

/** The element inside the widget's shadow root that has the keyboard focus. */
const focusedInWidget = (page: Page) =>
  page.evaluate(() => {
    const active = document.querySelector('rfm-admin')?.shadowRoot?.activeElement as HTMLElement | null | undefined;
    return active ? { tag: active.tagName.toLowerCase(), page: active.dataset.page ?? null, text: active.textContent?.trim() ?? '', outline: getComputedStyle(active).outlineStyle } : null;
  });

describe('signing in', () => {
  it('refuses a garbage key with a clear message, not a blank page', async () => {
    const page = await freshPage('/admin');
    await fixture.screenshot(page, 'admin-login');
    const message = await tryKey(page, 'let-me-in');
    expect(message).toMatch(/not accepted/i);
    expect(message).toMatch(/not one of ours/i);
    // the form is still there to try again, and nothing was kept
    await expect(page.locator('input[name=adminKey]').isVisible()).resolves.toBe(true);
    await expect(page.locator('.app').count()).resolves.toBe(0);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.context().close();
  });

  it('refuses the publishable and secret keys, naming the kind of key', async () => {
    const page = await freshPage('/admin');
    const publishable = await tryKey(page, fixture.server.credentials.publishableKey);
    expect(publishable).toMatch(/cannot open the admin/i);
    expect(publishable).toMatch(/publishable \(pk_\)/);
    expect(publishable).toMatch(/admin \(ak_\)/);
    await fixture.screenshot(page, 'admin-login-error');
    const secret = await tryKey(page, fixture.server.credentials.secretKey);
    expect(secret).toMatch(/secret \(sk_\)/);
    await expect(page.locator('.app').count()).resolves.toBe(0);
    await page.context().close();
  });

  it('keeps the session across a reload of the tab, but a new browser context asks again', async () => {
    const page = await fixture.openAdmin('contacts');
    await page.reload();
    await page.locator('.app').waitFor();
    await expect(page.locator('input[name=adminKey]').count()).resolves.toBe(0);
    await expect(page.locator('header.top h1').textContent()).resolves.toBe('Contacts');
    // the key lives in sessionStorage only, never in localStorage or a cookie
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(await page.context().cookies()).toEqual([]);

    const other = await freshPage('/admin#/contacts');
    await expect(other.locator('input[name=adminKey]').isVisible()).resolves.toBe(true);
    await expect(other.locator('.app').count()).resolves.toBe(0);
    await other.context().close();

    // logging out forgets the key: a reload asks again
    await page.locator('header.top button', { hasText: 'Log out' }).click();
    await page.locator('input[name=adminKey]').waitFor();
    await page.reload();
    await page.locator('input[name=adminKey]').waitFor();
    await page.context().close();
  });
});

describe('the shell', () => {
  it('switches the navigation to German', async () => {
    const page = await fixture.openAdmin('dashboard');
    await expect(page.locator('a.nav[data-page=contacts]').textContent()).resolves.toContain('Contacts');
    await page.locator('header.top select[aria-label=Language]').selectOption('de');
    await expect(page.locator('a.nav[data-page=dashboard]').textContent()).resolves.toContain('Übersicht');
    await expect(page.locator('a.nav[data-page=contacts]').textContent()).resolves.toContain('Kontakte');
    await expect(page.locator('a.nav[data-page=segments]').textContent()).resolves.toContain('Segmente');
    await expect(page.locator('header.top h1').textContent()).resolves.toBe('Übersicht');
    await expect(page.locator('header.top button.ghost').textContent()).resolves.toBe('Abmelden');
    await page.context().close();
  });

  it('is keyboard-navigable: Tab reaches the navigation, the focus is visible, Enter opens a page', async () => {
    const page = await fixture.openAdmin('dashboard');
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    let focused = null;
    for (let presses = 0; presses < 12; presses++) {
      await page.keyboard.press('Tab');
      focused = await focusedInWidget(page);
      if (focused?.page === 'contacts') break;
    }
    expect(focused).toMatchObject({ tag: 'a', page: 'contacts', outline: 'solid' });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash === '#/contacts');
    await expect(page.locator('header.top h1').textContent()).resolves.toBe('Contacts');
    await expect(page.locator('a.nav[aria-current=page]').getAttribute('data-page')).resolves.toBe('contacts');
    await page.context().close();
  });
});

/** Computed styles that outer CSS would change if it leaked in, and each element's box relative to the widget. */
async function widgetLook(page: Page, selectors: string[]) {
  return page.evaluate((wanted) => {
    const host = document.querySelector('rfm-admin')!;
    const root = host.shadowRoot!;
    const origin = host.getBoundingClientRect();
    const look: Record<string, unknown> = {
      host: { width: origin.width, height: origin.height, visible: host.checkVisibility(), display: getComputedStyle(host).display },
    };
    for (const selector of wanted) {
      const element = root.querySelector(selector);
      if (!element) {
        look[selector] = 'missing';
        continue;
      }
      const style = getComputedStyle(element);
      const box = element.getBoundingClientRect();
      look[selector] = {
        fontFamily: style.fontFamily,
        fontSize: style.fontSize,
        lineHeight: style.lineHeight,
        letterSpacing: style.letterSpacing,
        textTransform: style.textTransform,
        color: style.color,
        padding: style.padding,
        margin: style.margin,
        border: style.border,
        background: style.background,
        boxSizing: style.boxSizing,
        box: [box.x - origin.x, box.y - origin.y, box.width, box.height].map((value) => Math.round(value * 10) / 10),
      };
    }
    return look;
  }, selectors);
}

/** Waits until the widget has settled: no spinner, no request in flight. */
async function settled(page: Page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('rfm-admin')?.shadowRoot?.querySelector('.spinner'));
}

describe('embedded in a back office with hostile global CSS', () => {
  it('looks exactly as it does on a clean page', async () => {
    const clean = await freshPage('/fixtures/embed-clean');
    const hostile = await freshPage('/fixtures/embed-hostile');
    // the host page's CSS really is hostile: its own text is red Comic Sans
    expect(await hostile.evaluate(() => getComputedStyle(document.body).color)).toBe('rgb(255, 0, 0)');

    const loginSelectors = ['.rfm-admin-root', '.login', 'form.card', 'form.card h1', 'form.card p.muted', 'label.field', 'input[name=adminKey]', 'select', 'button[type=submit]'];
    const cleanLogin = await widgetLook(clean, loginSelectors);
    expect(cleanLogin.host).toMatchObject({ visible: true, display: 'block' });
    expect(await widgetLook(hostile, loginSelectors)).toEqual(cleanLogin);
    // pixel for pixel, too
    expect((await hostile.locator('rfm-admin').screenshot()).equals(await clean.locator('rfm-admin').screenshot())).toBe(true);

    for (const page of [clean, hostile]) {
      await page.locator('input[name=adminKey]').fill(fixture.server.credentials.adminKey);
      await page.locator('button[type=submit]').click();
      await page.locator('.app').waitFor();
      // embedded, the route stays inside the widget: open the same page on both
      await page.locator('a.nav[data-page=contacts]').click();
      await settled(page);
    }
    const appSelectors = ['.app', 'nav.side', '.brand', 'a.nav', 'a.nav[aria-current=page]', 'header.top', 'header.top h1', 'header.top select', 'header.top button', 'main.content', 'main.content .card', 'main.content input', 'main.content button'];
    const cleanApp = await widgetLook(clean, appSelectors);
    expect(cleanApp.host).toMatchObject({ visible: true, display: 'block' });
    expect((cleanApp.host as { height: number }).height).toBeGreaterThan(500);
    expect(await widgetLook(hostile, appSelectors)).toEqual(cleanApp);
    expect(await hostile.evaluate(() => window.innerWidth)).toBe(await clean.evaluate(() => window.innerWidth));

    await fixture.screenshot(clean, 'embedded-clean');
    await fixture.screenshot(hostile, 'embedded-hostile');
    expect(fixture.problems).toEqual([]);
    await clean.context().close();
    await hostile.context().close();
  });
});

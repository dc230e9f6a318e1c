import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signCustomerId } from '../../edge/browser/identity.ts';
import { startAdminFixture, type AdminFixture } from './admin-harness.ts';

/** GET /v1/contacts/:customerId — the public API's answer, read with the workspace's secret key. */
interface PublicContact {
  customerId: string;
  email: string | null;
  rfm: { recencyDays: number | null; frequency: number; monetary: number; currency: string; scores: { r: number; f: number; m: number }; bands: { r: string; f: string; m: string }; named: string | null };
  segments: { key: string; name: string }[];
}

let fixture: AdminFixture;
/** A demo customer with several orders (so every card has something to show), and one to erase. */
let shown: string;
let erased: string;

async function api<T>(path: string, key: string, method = 'GET'): Promise<{ status: number; body: T }> {
  const response = await fetch(`${fixture.server.origin}${path}`, { method, headers: { authorization: `Bearer ${key}` } });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}
const secret = <T>(path: string, method?: string) => api<T>(path, fixture.server.credentials.secretKey, method);

/** The digits of a formatted number ("£1,234.56" → 1234.56, "12 d" → 12); en-GB formatting. */
const numberIn = (text: string | null) => Number((text ?? '').replace(/[^0-9.-]/g, ''));

beforeAll(async () => {
  fixture = await startAdminFixture();
  const { rows } = await fixture.server.driver.execute({
    sql: `SELECT c.customer_id FROM contacts c JOIN contact_rfm s ON s.contact_id = c.id WHERE s.frequency BETWEEN 5 AND 40 ORDER BY s.frequency DESC, c.customer_id LIMIT 2`,
    args: [],
  });
  shown = String(rows[0]!.customer_id);
  erased = String(rows[1]!.customer_id);
  // some behaviour on the site: a visitor the shop identified as the shown customer views a page and a product
  const { publishableKey, identitySecret } = fixture.server.credentials;
  const browserApi = (path: string, body: unknown) =>
    fetch(`${fixture.server.origin}${path}`, { method: 'POST', headers: { authorization: `Bearer ${publishableKey}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const visitorId = 'contacts-test-visitor';
  expect((await browserApi('/v1/identify', { visitorId, customerId: shown, signature: await signCustomerId(identitySecret, shown) })).status).toBe(200);
  const collected = await browserApi('/v1/collect', {
    visitorId,
    events: [
      { type: 'page_view', props: { path: '/collections/tea' } },
      { type: 'product_view', props: { sku: 'TEA-1', name: 'Sencha', category: 'tea' } },
    ],
  });
  expect(collected.status).toBe(202);
});

afterAll(async () => {
  await fixture?.close();
});

/** Types into the search box and waits until (after the debounce) the results all match what was typed. */
async function search(page: Page, typed: string) {
  await page.locator('input[name=contactQuery]').fill(typed);
  await page.waitForFunction((prefix) => {
    const root = document.querySelector('rfm-admin')?.shadowRoot;
    const cells = [...(root?.querySelectorAll('[data-testid=contact-results] tbody td.ct-who') ?? [])];
    return cells.length > 0 && !root?.querySelector('[data-testid=contact-results] caption') && cells.every((cell) => cell.textContent!.toLowerCase().includes(prefix.toLowerCase()));
  }, typed);
}

async function open360(page: Page, customerId: string) {
  await search(page, customerId);
  await page.locator('[data-testid=contact-results] a', { hasText: customerId }).click();
  await page.waitForFunction((id) => location.hash === `#/contacts/${encodeURIComponent(id)}`, customerId);
  await page.locator('[data-testid=contact-id]').waitFor();
  await page.waitForLoadState('networkidle');
}

describe('contacts', () => {
  it('finds a demo customer by the beginning of the customer id, as the API does', async () => {
    const page = await fixture.openAdmin('contacts');
    // before any search: the most valuable customers, as the API lists them
    await page.locator('[data-testid=contact-results] caption').waitFor();
    const top = await api<{ contacts: { customerId: string }[] }>('/v1/admin/contacts?limit=25', fixture.server.credentials.adminKey);
    await expect(page.locator('[data-testid=contact-results] tbody tr td:first-child a').allTextContents()).resolves.toEqual(top.body.contacts.map((contact) => contact.customerId));
    await fixture.screenshot(page, 'contacts-top');
    const prefix = shown.slice(0, 4);
    await search(page, prefix);
    await page.waitForLoadState('networkidle');
    const { status, body } = await api<{ contacts: { customerId: string }[] }>(`/v1/admin/contacts?query=${prefix}&limit=25`, fixture.server.credentials.adminKey);
    expect(status).toBe(200);
    const listed = await page.locator('[data-testid=contact-results] tbody tr td:first-child a').allTextContents();
    expect(listed).toEqual(body.contacts.map((contact) => contact.customerId));
    expect(listed).toContain(shown);
    await fixture.screenshot(page, 'contacts-search');
    await page.setViewportSize({ width: 820, height: 900 });
    await fixture.screenshot(page, 'contacts-search-tablet');
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.locator('input[name=contactQuery]').fill('no-such-customer-zz');
    await expect(page.locator('main.content').getByText('No contact matches').textContent()).resolves.toContain('no-such-customer-zz');
    await page.context().close();
  });

  it('shows the 360° view with the same numbers as GET /v1/contacts/:id', async () => {
    const page = await fixture.openAdmin('contacts');
    await open360(page, shown);
    const { status, body } = await secret<PublicContact>(`/v1/contacts/${encodeURIComponent(shown)}`);
    expect(status).toBe(200);
    const { rfm } = body;

    await expect(page.locator('[data-testid=contact-id]').textContent()).resolves.toBe(shown);
    expect(numberIn(await page.locator('[data-testid=stat-frequency] .value').textContent())).toBe(rfm.frequency);
    expect(numberIn(await page.locator('[data-testid=stat-monetary] .value').textContent())).toBeCloseTo(rfm.monetary / 100, 2);
    const recency = await page.locator('[data-testid=stat-recency] .value').textContent();
    if (rfm.recencyDays === null) expect(recency).toBe('—');
    else expect(numberIn(recency)).toBe(rfm.recencyDays);
    for (const dimension of ['r', 'f', 'm'] as const) {
      await expect(page.locator(`[data-testid=contact-rfm] tr[data-dimension=${dimension}] .ct-pips b`).textContent()).resolves.toBe(String(rfm.scores[dimension]));
    }
    expect(numberIn(await page.locator('[data-testid=contact-rfm] tr[data-dimension=f] td.num').textContent())).toBe(rfm.frequency);

    // the segments it is in, each with its explanation
    const keys = await page.locator('[data-testid=contact-segments] > li').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset.key));
    expect([...keys].sort()).toEqual(body.segments.map((segment) => segment.key).sort());
    if (keys.length) expect(await page.locator('[data-testid=contact-segments] > li').first().locator('.ct-why li').count()).toBeGreaterThan(0);

    // purchases: the export's completed orders, newest shown
    const exported = await secret<{ purchases: { orderId: string; status: string }[] }>(`/v1/contacts/${encodeURIComponent(shown)}/export`);
    const rows = await page.locator('[data-testid=contact-purchases] tbody tr').count();
    expect(rows).toBe(Math.min(20, exported.body.purchases.length));
    const orderIds = await page.locator('[data-testid=contact-purchases] tbody tr td:first-child').allTextContents();
    expect(orderIds.every((id) => exported.body.purchases.some((purchase) => purchase.orderId === id))).toBe(true);
    await expect(page.locator('[data-testid=band-history] li').count()).resolves.toBeGreaterThan(0);

    // recent behaviour: what the site collected for the visitor linked to this customer
    const admin = await api<{ events: { type: string }[] }>(`/v1/admin/contacts/${encodeURIComponent(shown)}`, fixture.server.credentials.adminKey);
    expect(admin.body.events.map((event) => event.type).sort()).toEqual(['page_view', 'product_view']);
    await expect(page.locator('[data-testid=contact-events] tbody tr').allTextContents()).resolves.toEqual([
      expect.stringContaining('Sencha · TEA-1 · tea'),
      expect.stringContaining('/collections/tea'),
    ]);
    await fixture.screenshot(page, 'contacts-360');

    await page.setViewportSize({ width: 820, height: 1100 });
    await fixture.screenshot(page, 'contacts-360-tablet');
    await page.context().close();
  });

  it('speaks German, with German numbers', async () => {
    const page = await fixture.openAdmin(`contacts/${encodeURIComponent(shown)}`, { language: 'de' });
    await page.locator('header.top select[aria-label=Language]').selectOption('de');
    await page.locator('[data-testid=contact-id]').waitFor();
    await page.waitForLoadState('networkidle');
    const { body } = await secret<PublicContact>(`/v1/contacts/${encodeURIComponent(shown)}`);
    await expect(page.locator('main.content').textContent()).resolves.toContain('Bandverlauf');
    await expect(page.locator('button', { hasText: 'Daten exportieren' }).count()).resolves.toBe(1);
    // 1.234,56 £ in German: the digits without separators are the minor units
    expect(Number((await page.locator('[data-testid=stat-monetary] .value').textContent())!.replace(/\D/g, ''))).toBe(body.rfm.monetary);
    await fixture.screenshot(page, 'contacts-360-de');
    await page.context().close();
  });

  it('exports the contact as a JSON file', async () => {
    const page = await fixture.openAdmin('contacts');
    await open360(page, shown);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button', { hasText: 'Export data' }).click()]);
    expect(download.suggestedFilename()).toBe(`contact-${shown}.json`);
    const saved = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { contact: { customerId: string }; purchases: unknown[] };
    expect(saved.contact.customerId).toBe(shown);
    expect(saved.purchases.length).toBeGreaterThanOrEqual(5);
    await expect(page.locator('main.content .notice.ok').textContent()).resolves.toContain(`contact-${shown}.json`);
    await page.context().close();
  });

  it('erases a contact only after the customer id is typed, then the API says 404', async () => {
    const page = await fixture.openAdmin('contacts');
    await open360(page, erased);
    const dialog = page.locator('[role=dialog]');

    // Escape closes the dialog and nothing happens
    await page.locator('button', { hasText: 'Erase contact' }).click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await expect(dialog.count()).resolves.toBe(0);

    await page.locator('button', { hasText: 'Erase contact' }).click();
    await expect(dialog.locator('h2').textContent()).resolves.toContain(erased);
    // the focus is in the confirmation field
    await page.keyboard.type(erased.slice(0, -1));
    await dialog.locator('button', { hasText: 'Erase for good' }).click();
    await expect(dialog.locator('[role=alert]').textContent()).resolves.toContain('not the customer ID');
    expect((await secret(`/v1/contacts/${encodeURIComponent(erased)}`)).status).toBe(200);
    await dialog.locator('input[name=eraseConfirmation]').fill(erased);
    await fixture.screenshot(page, 'contacts-erase');
    await dialog.locator('button', { hasText: 'Erase for good' }).click();

    await page.waitForFunction(() => location.hash === '#/contacts');
    await expect(page.locator('main.content .notice.ok').textContent()).resolves.toContain(`Contact ${erased} was erased`);
    expect((await secret(`/v1/contacts/${encodeURIComponent(erased)}`)).status).toBe(404);

    // opening it again says so instead of failing
    await page.evaluate((id) => (location.hash = `#/contacts/${id}`), erased);
    await expect(page.locator('main.content .notice').first().textContent()).resolves.toContain(`There is no contact ${erased}`);
    expect(fixture.problems).toEqual([]);
    await page.context().close();
  });
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ARTIFACTS, startAdminFixture, type AdminFixture } from './admin-harness.ts';

/** What the page shows is checked against what the API answers, formatted the way an en-GB marketer sees it. */
interface BandRow {
  key: string;
  contacts: number;
  revenue: number;
  transactionsPerContact?: number;
  frameRevenue?: number;
}
interface Dashboard {
  asOf: string;
  currency: string;
  totals: { contacts: number; revenue: number; transactions: number };
  bands: Record<'r' | 'f' | 'm', BandRow[]>;
  heatmaps: Record<'rf' | 'fm' | 'rm', { contacts: number; revenue: number }[][]>;
  movement?: { r?: { up: number; down: number }; named?: Record<string, { entered: number; left: number }>; newContacts?: number };
  period?: { frameIsWindow: boolean };
  recency?: {
    recent: { revenue: number; products: { sku: string; name?: string; revenue: number }[] };
    earlier: { revenue: number; products: { sku: string; name?: string; revenue: number }[] };
    revenueDifference?: number;
    peaks?: { month?: { key: string; revenue: number }[]; weekday?: { key: number; revenue: number }[]; hour?: { key: number; revenue: number }[] };
  };
}

/**
 * The demo's band history starts the day the test server seeds it, so nobody has moved band yet; the page's rendering
 * of movement is driven with this stand-in, put into the edge's real answer in the browser.
 */
const MOVEMENT_STAND_IN = { r: { up: 41, down: 187 }, f: { up: 63, down: 12 }, m: { up: 55, down: 9 }, named: { champions: { entered: 17, left: 9 } }, newContacts: 12 };

let fixture: AdminFixture;

beforeAll(async () => {
  fixture = await startAdminFixture();
});

afterAll(async () => {
  await fixture?.close();
});

async function adminApi<T>(path: string): Promise<T> {
  const { status, data } = await fixture.adminApi<T>('GET', path);
  expect(status, `${path} answered ${status}`).toBe(200);
  return data;
}

const count = (value: number) => new Intl.NumberFormat('en-GB').format(value);
const money = (minor: number, currency: string) => new Intl.NumberFormat('en-GB', { style: 'currency', currency, maximumFractionDigits: 2 }).format(minor / 100);
const text = async (page: Page, selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();

async function openDashboard(options?: Parameters<AdminFixture['openAdmin']>[1]): Promise<Page> {
  const page = await fixture.openAdmin('dashboard', options);
  await page.locator('[data-testid=kpi-contacts] .value').waitFor();
  return page;
}

describe('the dashboard', () => {
  it('shows the same numbers as the API: totals, every band, every heatmap cell', async () => {
    const api = await adminApi<Dashboard>('/v1/admin/dashboard');
    expect(api.totals.contacts).toBeGreaterThan(4000);
    const page = await openDashboard();
    expect(await text(page, '[data-testid=kpi-contacts] .value')).toBe(count(api.totals.contacts));
    expect(await text(page, '[data-testid=kpi-revenue] .value')).toBe(money(api.totals.revenue, api.currency));
    expect(await text(page, '[data-testid=kpi-transactions] .value')).toBe(count(api.totals.transactions));
    for (const dimension of ['r', 'f', 'm'] as const) {
      expect(api.bands[dimension]).toHaveLength(3);
      for (const band of api.bands[dimension]) {
        const row = `[data-band="${dimension}:${band.key}"]`;
        expect(await text(page, `${row} [data-field=contacts]`), `${row} contacts`).toBe(count(band.contacts));
        expect(await text(page, `${row} [data-field=revenue]`), `${row} revenue`).toBe(money(band.revenue, api.currency));
        if (dimension === 'f' && band.transactionsPerContact !== undefined) expect(await text(page, `${row} [data-field=extra]`)).toBe(band.transactionsPerContact.toFixed(2));
      }
    }
    for (const pair of ['rf', 'fm', 'rm'] as const) {
      for (const [row, cells] of api.heatmaps[pair].entries()) {
        for (const [column, cell] of cells.entries()) {
          expect(await text(page, `[data-cell="${pair}:${row}:${column}"] strong`), `${pair} ${row}×${column}`).toBe(count(cell.contacts));
        }
      }
    }
    // every cell of a heatmap together is every contact
    const heatTotal = api.heatmaps.rf.flat().reduce((sum, cell) => sum + cell.contacts, 0);
    expect(heatTotal).toBe(api.totals.contacts);
    await fixture.screenshot(page, 'dashboard');
    // colour by revenue: the darkest cell of each grid is the one with the most revenue
    await page.getByRole('tab', { name: 'Revenue' }).click();
    for (const pair of ['rf', 'fm', 'rm'] as const) {
      const cells = api.heatmaps[pair].flatMap((cells, row) => cells.map((cell, column) => ({ ...cell, at: `${pair}:${row}:${column}` })));
      const richest = cells.reduce((best, cell) => (cell.revenue > best.revenue ? cell : best));
      const alphas: Record<string, number> = await page.locator(`[data-pair=${pair}] [data-cell]`).evaluateAll((buttons) => Object.fromEntries(buttons.map((button) => [button.getAttribute('data-cell'), Number(/,\s*([\d.]+)\)$/.exec((button as HTMLElement).style.background)?.[1])])));
      expect(Math.max(...Object.values(alphas))).toBe(alphas[richest.at]);
    }
    expect(fixture.problems).toEqual([]);
    await page.context().close();
  });

  it('lists a heatmap cell’s contacts and saves the cell as a segment of exactly those contacts', async () => {
    const api = await adminApi<Dashboard>('/v1/admin/dashboard');
    // the short-recency × often cell: the shop's best customers, a few hundred of them in the demo
    const expected = api.heatmaps.rf[0]![2]!.contacts;
    expect(expected).toBeGreaterThan(0);
    const page = await openDashboard();
    const cell = page.locator('[data-cell="rf:0:2"]');
    expect(await cell.getAttribute('aria-label')).toContain(`${count(expected)} contacts`);
    // keyboard: arrow keys move between cells (stopping at the edge), and a cell is a real button that Enter opens
    await page.locator('[data-cell="rf:0:1"]').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    const dialog = page.locator('[data-testid=cell-dialog]');
    await dialog.locator('[data-testid=cell-count]').waitFor();
    expect(await text(page, '[data-testid=cell-count]')).toContain(count(expected));
    const rows = dialog.locator('tbody tr');
    expect(await rows.count()).toBe(Math.min(expected, 100));
    // every listed contact really is in that cell, by the API's own contact view
    const firstId = await rows.first().getAttribute('data-customer');
    const contact = await adminApi<{ rfm: { bands: { r: string; f: string } } }>(`/v1/contacts/${encodeURIComponent(firstId!)}`);
    expect(contact.rfm.bands).toMatchObject({ r: api.bands.r[0]!.key, f: api.bands.f[2]!.key });
    // the dialog is modal over the viewport: a viewport screenshot shows it as the marketer sees it
    await page.screenshot({ path: new URL('dashboard-cell.png', ADMIN_ARTIFACTS).pathname });

    if (expected > 100) {
      await dialog.getByRole('button', { name: 'Show more contacts' }).click();
      await expect.poll(() => rows.count()).toBe(Math.min(expected, 200));
      const ids = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-customer')));
      expect(new Set(ids).size).toBe(ids.length);
    }
    await dialog.locator('input[name=segmentName]').fill('Best of the best');
    expect(await dialog.locator('input[name=segmentKey]').inputValue()).toBe('best_of_the_best');
    await dialog.locator('button[type=submit]').click();
    await dialog.locator('[data-testid=segment-saved]').waitFor();
    const { segments } = await adminApi<{ segments: { key: string; name: string; direction: string; memberCount?: number }[] }>('/v1/admin/segments');
    const saved = segments.find((segment) => segment.key === 'best_of_the_best');
    expect(saved).toMatchObject({ name: 'Best of the best', direction: 'outbound', memberCount: expected });

    // Escape closes the dialog and gives the focus back to the cell it came from
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => (document.querySelector('rfm-admin')?.shadowRoot?.activeElement as HTMLElement | null)?.dataset.cell)).toBe('rf:0:2');
    // saving the same key again is refused in place, not with a broken dialog
    await cell.click();
    await dialog.locator('input[name=segmentName]').fill('Best of the best');
    await dialog.locator('button[type=submit]').click();
    await dialog.getByText('A segment with this key exists already.').waitFor();
    expect(fixture.problems).toEqual([]);
    await page.context().close();
  });

  it('shows recency analytics and revenue peaks as the edge sends them, and band movement', async () => {
    const api = await adminApi<Dashboard>('/v1/admin/dashboard');
    const recency = api.recency!;
    expect(recency, 'the edge sends recency analytics').toBeDefined();
    const page = await openDashboard();
    await page.locator('.dash-recency').waitFor();
    const difference = recency.revenueDifference ?? recency.recent.revenue - recency.earlier.revenue;
    expect(await text(page, '[data-testid=revenue-difference]')).toContain(money(difference, api.currency));
    const topRecent = recency.recent.products[0];
    if (topRecent) expect(await text(page, '.dash-products li')).toContain(topRecent.name ?? topRecent.sku);
    else await page.getByText('No product lines in this period').first().waitFor();
    for (const kind of ['month', 'weekday', 'hour'] as const) {
      const buckets = recency.peaks![kind]!;
      expect(await page.locator(`[data-chart=${kind}] .dash-bars > span`).count()).toBe(buckets.length);
      const peak = buckets.reduce((best, bucket) => (bucket.revenue > best.revenue ? bucket : best));
      expect(await text(page, `[data-testid=peak-${kind}]`)).toContain(money(peak.revenue, api.currency));
    }
    const hours = recency.peaks!.hour!;
    const peakHour = hours.reduce((best, bucket) => (bucket.revenue > best.revenue ? bucket : best));
    expect(await text(page, '[data-testid=peak-hour]')).toContain(`${String(peakHour.key).padStart(2, '0')}:00`);
    if (api.movement?.newContacts === api.totals.contacts) {
      // everyone is new since the comparison day: the page says so instead of showing empty movement
      expect(await text(page, '[data-testid=no-movement]')).toContain(`All ${count(api.totals.contacts)} contacts are new`);
      await expect(page.locator('[data-testid=moved-r]').count()).resolves.toBe(0);
    }
    await page.context().close();

    // with movement to show: badges per dimension, entered/left per named segment, new contacts on the KPI
    const moving = await fixture.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' }).then((context) => context.newPage());
    await moving.route(/\/v1\/admin\/dashboard(\?.*)?$/, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...(await response.json()), movement: MOVEMENT_STAND_IN } });
    });
    await moving.goto(`${fixture.server.origin}/admin#/dashboard`);
    await moving.locator('input[name=adminKey]').fill(fixture.server.credentials.adminKey);
    await moving.locator('button[type=submit]').click();
    await moving.locator('[data-testid=moved-r]').waitFor();
    expect(await text(moving, '[data-testid=moved-r]')).toBe('▲ 41 up▼ 187 down');
    expect(await text(moving, '[data-named=champions] [data-field=movement]')).toBe('+17 / −9');
    expect(await text(moving, '[data-testid=kpi-contacts] .delta')).toBe('12 new in the last 30 days');
    await fixture.screenshot(moving, 'dashboard-analytics');
    await moving.context().close();
  });

  it('asks for the chosen as-of day and time frame, and refuses a day in the future before asking', async () => {
    const page = await openDashboard();
    const asOf = page.locator('input[name=asOf]');
    await asOf.fill('2099-01-01');
    await page.getByText('This day has not happened yet.').waitFor();
    await expect(page.locator('.dash-toolbar button[type=submit]').isDisabled()).resolves.toBe(true);
    await asOf.fill('2026-06-30');
    await page.locator('input[name=from]').fill('2026-01-01');
    await page.locator('select[name=compareDays]').selectOption('90');
    const asked = page.waitForRequest((request) => request.url().includes('/v1/admin/dashboard?'));
    await page.locator('.dash-toolbar button[type=submit]').click();
    const query = new URL((await asked).url()).searchParams;
    expect(Object.fromEntries(query)).toEqual({ asOf: '2026-06-30', from: '2026-01-01', compareDays: '90' });
    // the page shows what the edge answered for that query, number for number
    const api = await adminApi<Dashboard>(`/v1/admin/dashboard?${query}`);
    await page.waitForFunction(() => !document.querySelector('rfm-admin')?.shadowRoot?.querySelector('.dash [role=status] .spinner'));
    // a past day reads the band history, which starts when the edge first computed the contacts' state
    if (api.totals.contacts) expect(await text(page, '[data-testid=kpi-contacts] .value')).toBe(count(api.totals.contacts));
    else expect(await text(page, '[data-testid=dashboard-empty]')).toContain('history does not reach back');
    expect(await text(page, '[data-testid=dashboard-summary]')).toContain(new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' }).format(new Date(api.asOf)));

    // a time frame of its own on today's state: the monetary card adds each band's spend inside it
    await page.locator('button', { hasText: 'Reset' }).click();
    await page.locator('input[name=from]').fill('2026-09-01');
    const framed = page.waitForResponse((response) => response.url().includes('from=2026-09-01'));
    await page.locator('.dash-toolbar button[type=submit]').click();
    const frameApi = await adminApi<Dashboard>(`/v1/admin/dashboard?${new URL((await framed).url()).searchParams}`);
    expect(frameApi.period?.frameIsWindow).toBe(false);
    for (const band of frameApi.bands.m) {
      await page.locator(`[data-band="m:${band.key}"] [data-field=extra]`).waitFor();
      expect(await text(page, `[data-band="m:${band.key}"] [data-field=extra]`)).toBe(money(band.frameRevenue!, frameApi.currency));
    }
    await page.context().close();
  });

  it('speaks German when switched, with German numbers', async () => {
    const api = await adminApi<Dashboard>('/v1/admin/dashboard');
    const page = await openDashboard();
    await page.locator('select[aria-label=Language]').selectOption('de');
    await page.getByRole('heading', { name: 'Aktualität', exact: true }).waitFor();
    expect(await text(page, '[data-testid=kpi-contacts] .label')).toBe('Kontakte');
    expect(await text(page, '[data-testid=kpi-contacts] .value')).toBe(new Intl.NumberFormat('de-DE').format(api.totals.contacts));
    await expect(page.getByRole('heading', { name: 'Häufigkeit', exact: true }).count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { name: 'Recency', exact: true }).count()).resolves.toBe(0);
    await fixture.screenshot(page, 'dashboard-de');
    await page.context().close();
  });

  it('fits a tablet without sideways scrolling', async () => {
    const page = await openDashboard({ viewport: { width: 820, height: 1180 } });
    await page.locator('[data-cell="rm:2:2"]').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await fixture.screenshot(page, 'dashboard-tablet');
    await page.context().close();
  });
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bandCountsFromPoints, type WeightedPoint } from '../../edge/engine/rfm/band-counts.ts';
import type { Dimension, DimensionBands, RfmConfig } from '../../edge/engine/rfm/index.ts';
import { startAdminFixture, type AdminFixture } from './admin-harness.ts';

interface Distribution {
  config: RfmConfig;
  thresholds: { bands: Record<Dimension, [number, number]> };
  dimensions: Record<Dimension, { points: WeightedPoint[]; outsideQuantiles: number }>;
}
interface Dashboard {
  bands: Record<Dimension, { key: string; contacts: number }[]>;
}

let fixture: AdminFixture;

beforeAll(async () => {
  fixture = await startAdminFixture();
}, 120_000);

afterAll(async () => {
  await fixture?.close();
});

async function adminApi<T>(method: string, path: string, body?: unknown): Promise<T> {
  const { status, data } = await fixture.adminApi<T>(method, path, body);
  expect(status, `${method} ${path} answered ${status}`).toBe(200);
  return data;
}

/** Steps fail after 20 s with the step named, rather than the whole test timing out. */
async function open(route: string, options?: Parameters<AdminFixture['openAdmin']>[1]): Promise<Page> {
  const page = await fixture.openAdmin(route, options);
  page.setDefaultTimeout(20_000);
  // the /admin page says lang="en"; a marketer switches in the header
  if (options?.language === 'de') await page.locator('select[aria-label=Language]').selectOption('de');
  return page;
}

const count = (value: number) => new Intl.NumberFormat('en-GB').format(value);
const parseCount = (text: string | null) => Number((text ?? '').replace(/[^0-9]/g, ''));

/** The three band counts the editor shows for a dimension. */
async function shownCounts(page: Page, dimension: Dimension): Promise<number[]> {
  return Promise.all([0, 1, 2].map(async (band) => parseCount(await page.locator(`[data-testid=count-${dimension}-${band}]`).textContent())));
}

/** What the engine says for these bands over the API's distribution. */
function engineCounts(distribution: Distribution, dimension: Dimension, bands: Pick<DimensionBands, 'mode' | 'thresholds'>): number[] {
  const { points, outsideQuantiles } = distribution.dimensions[dimension];
  return bandCountsFromPoints(bands, points, distribution.thresholds.bands[dimension], { outsideQuantiles }).counts;
}

describe('the bands editor', { timeout: 240_000 }, () => {
  it('recounts the recency bands as a threshold is typed or its cut line dragged, and saves what it showed', async () => {
    const distribution = await adminApi<Distribution>('GET', '/v1/admin/dashboard/distribution');
    const original = distribution.config;
    const page = await open('bands');
    await page.locator('[data-testid=count-r-0]').waitFor();

    // as loaded: every dimension's counts are the engine's for the saved configuration
    for (const dimension of ['r', 'f', 'm'] as const) {
      expect(await shownCounts(page, dimension), dimension).toEqual(engineCounts(distribution, dimension, original.bands[dimension]));
    }
    await fixture.screenshot(page, 'bands');

    // fixed recency thresholds in days, so typing one means days
    const recency: DimensionBands = { ...original.bands.r, mode: 'fixed', thresholds: [...distribution.thresholds.bands.r] };
    if (original.bands.r.mode !== 'fixed') await page.locator('select[name=r-mode]').selectOption('fixed');
    const before = await shownCounts(page, 'r');
    const typed = Math.max(1, Math.round(recency.thresholds[0] / 2));
    await page.locator('input[name=r-threshold-0]').fill(String(typed));
    const afterTyping = engineCounts(distribution, 'r', { mode: 'fixed', thresholds: [typed, recency.thresholds[1]] });
    await expect.poll(() => shownCounts(page, 'r')).toEqual(afterTyping);
    expect(afterTyping).not.toEqual(before);
    expect(await page.getByText('Unsaved changes').count()).toBe(1);

    // arrow keys on the focused cut line move it one day
    await page.locator('[data-testid=cut-r-0]').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('input[name=r-threshold-0]').inputValue()).toBe(String(typed + 1));
    expect(await shownCounts(page, 'r')).toEqual(engineCounts(distribution, 'r', { mode: 'fixed', thresholds: [typed + 1, recency.thresholds[1]] }));

    // drag the second cut line to the left with the mouse
    const cut = page.locator('[data-testid=cut-r-1]');
    const box = (await cut.boundingBox())!;
    const lower = (await page.locator('[data-testid=cut-r-0]').boundingBox())!;
    const startX = box.x + box.width / 2;
    // halfway to the first cut line
    const targetX = (startX + lower.x + lower.width / 2) / 2;
    await page.mouse.move(startX, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move((startX + targetX) / 2, box.y + box.height / 2, { steps: 5 });
    await page.mouse.move(targetX, box.y + box.height / 2, { steps: 5 });
    await fixture.screenshot(page, 'bands-dragging');
    await page.mouse.up();
    const dragged = Number(await page.locator('input[name=r-threshold-1]').inputValue());
    expect(dragged).toBeLessThan(recency.thresholds[1]);
    expect(dragged).toBeGreaterThan(typed + 1);
    expect(Number(await cut.getAttribute('aria-valuenow'))).toBe(dragged);
    const shown = await shownCounts(page, 'r');
    expect(shown).toEqual(engineCounts(distribution, 'r', { mode: 'fixed', thresholds: [typed + 1, dragged] }));

    // save (confirmed), then the dashboard's stored bands are what the editor showed
    await page.getByRole('button', { name: 'Save and recompute' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Save and recompute' }).click();
    await page.getByText(/Saved\. Every contact was recomputed/).waitFor({ timeout: 60_000 });
    const saved = await adminApi<{ config: RfmConfig }>('GET', '/v1/admin/rfm-config');
    expect(saved.config.bands.r).toMatchObject({ mode: 'fixed', thresholds: [typed + 1, dragged] });
    const dashboard = await adminApi<Dashboard>('GET', '/v1/admin/dashboard');
    expect(dashboard.bands.r.map((band) => band.contacts)).toEqual(shown);
    await expect.poll(() => shownCounts(page, 'r')).toEqual(shown);
    expect(await page.getByText('Unsaved changes').count()).toBe(0);
    expect(fixture.problems).toEqual([]);
    await page.context().close();
    await adminApi('PUT', '/v1/admin/rfm-config', original);
  });

  it('shows problems inline, blocks saving, and Discard restores the saved configuration', async () => {
    const page = await open('bands');
    await page.locator('[data-testid=count-f-0]').waitFor();
    const savedKey = await page.locator('input[name=f-key-1]').inputValue();
    const savedLow = await page.locator('input[name=f-threshold-0]').inputValue();
    await page.locator('input[name=f-key-1]').fill(await page.locator('input[name=f-key-0]').inputValue());
    await page.getByText('Each band needs its own key.').waitFor();
    await page.locator('input[name=f-label-2]').fill('');
    await page.getByText('Name the band (up to 60 characters).').waitFor();
    const high = await page.locator('input[name=f-threshold-1]').inputValue();
    await page.locator('input[name=f-threshold-0]').fill(String(Number(high) + 1));
    await page.getByText('The first cut must be below the second.').waitFor();
    expect(await page.getByRole('button', { name: 'Save and recompute' }).isDisabled()).toBe(true);
    await fixture.screenshot(page, 'bands-invalid');
    await page.getByRole('button', { name: 'Discard changes' }).click();
    expect(await page.locator('input[name=f-key-1]').inputValue()).toBe(savedKey);
    expect(await page.locator('input[name=f-threshold-0]').inputValue()).toBe(savedLow);
    expect(await page.locator('.error-text').count()).toBe(0);
    expect(fixture.problems).toEqual([]);
    await page.context().close();
  });

  it('works in German on a tablet', async () => {
    const page = await open('bands', { viewport: { width: 820, height: 1180 }, language: 'de' });
    await page.locator('[data-testid=count-r-0]').waitFor();
    await page.getByRole('button', { name: 'Speichern und neu berechnen' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
    const before = await shownCounts(page, 'f');
    await page.locator('[data-testid=cut-f-1]').focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => shownCounts(page, 'f')).not.toEqual(before);
    await fixture.screenshot(page, 'bands-tablet-de');
    expect(fixture.problems).toEqual([]);
    await page.context().close();
  });
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminFixture, type AdminFixture } from './admin-harness.ts';

interface Rule {
  id: string;
  slot: string;
  segmentKey: string;
  name: string;
  html: string;
  priority: number;
}

let fixture: AdminFixture;

beforeAll(async () => {
  fixture = await startAdminFixture();
}, 120_000);

afterAll(async () => {
  await fixture?.close();
});

async function open(route: string): Promise<Page> {
  const page = await fixture.openAdmin(route);
  page.setDefaultTimeout(20_000);
  return page;
}

const rules = async () => (await fixture.adminApi<{ contentRules: Rule[] }>('GET', '/v1/admin/content-rules')).data.contentRules;

describe('the content rules page', { timeout: 180_000 }, () => {
  it('lists every rule of the API under its slot', async () => {
    const existing = await rules();
    const page = await open('content');
    await page.locator('[data-testid=content-page]').waitFor();
    for (const rule of existing) {
      const row = page.locator(`[data-testid="slot-${rule.slot}"] tr[data-id="${rule.id}"]`);
      expect(await row.count()).toBe(1);
      expect(await row.locator('td.num').textContent()).toBe(String(rule.priority));
    }
    await fixture.screenshot(page, 'content');
    await page.context().close();

    // on a tablet, in German
    const tablet = await fixture.openAdmin(`content/${existing[0]!.id}`, { viewport: { width: 820, height: 1100 }, language: 'de' });
    await tablet.locator('[data-testid=content-editor]').waitFor();
    await tablet.locator('header.top select[aria-label=Language]').selectOption('de');
    expect(await tablet.getByRole('button', { name: 'Änderungen speichern' }).count()).toBe(1);
    expect(await tablet.locator('textarea[name=html]').inputValue()).toBe(existing[0]!.html);
    await tablet.waitForTimeout(700);
    await fixture.screenshot(tablet, 'content-editor-tablet-de');
    await tablet.context().close();
  });

  it('creates a rule in the editor with a live preview, and the demo shop shows it to that segment', async () => {
    const page = await open('content');
    await page.getByRole('button', { name: '+ New rule' }).click();
    const editor = page.locator('[data-testid=content-editor]');
    await editor.waitFor();
    // saving an empty rule names the missing fields instead of calling the API
    await editor.getByRole('button', { name: 'Create rule' }).click();
    await expect.poll(() => editor.locator('.error-text').count()).toBeGreaterThan(0);

    await editor.locator('input[name=name]').fill('Champions winter banner');
    await editor.locator('input[name=slot]').fill('banner');
    await editor.locator('select[name=segmentKey]').selectOption('champions');
    await editor.locator('input[name=priority]').fill('900');
    await editor.locator('textarea[name=html]').fill('<p class="note">Winter treat for champions: 20% off</p><script>alert(1)</script>');
    // the preview renders the variant into the banner slot of a mock demo page, in a sandbox
    const frame = page.frameLocator('iframe.cr-frame');
    await expect.poll(() => frame.locator('[data-rfm-slot=banner]').textContent()).toContain('Winter treat for champions');
    expect(await page.locator('iframe.cr-frame').getAttribute('sandbox')).toBe('');
    await page.waitForTimeout(700); // the demo page reveals undecided slots after 600 ms
    await fixture.screenshot(page, 'content-editor');

    await editor.getByRole('button', { name: 'Create rule' }).click();
    await page.locator('[data-testid=content-page]').waitFor();
    await expect.poll(() => page.locator('.notice.ok').textContent()).toContain('Champions winter banner');
    expect(await page.locator('.notice.ok').textContent()).toContain('The sanitiser took out'); // the <script> was reported
    const created = (await rules()).find((rule) => rule.name === 'Champions winter banner');
    expect(created).toMatchObject({ slot: 'banner', segmentKey: 'champions', priority: 900 });
    expect(created!.html).not.toContain('<script');
    expect(await page.locator(`[data-testid=slot-banner] tr[data-id="${created!.id}"]`).count()).toBe(1);

    // a champion on the demo shop now sees the new banner
    const shop = await page.context().newPage();
    await shop.goto(`${fixture.server.origin}/demo`);
    await shop.locator('tr', { hasText: 'Champions' }).getByRole('button', { name: 'Become this customer' }).click();
    await expect.poll(() => shop.locator('#demo-status').textContent()).toContain('You are now customer');
    await shop.goto(`${fixture.server.origin}/`);
    const banner = shop.locator('[data-rfm-slot="banner"]');
    await expect.poll(() => banner.textContent(), { timeout: 10_000 }).toContain('Winter treat for champions: 20% off');
    await shop.screenshot({ path: new URL('content-demo-shop.png', new URL('../../test-artifacts/admin/', import.meta.url)).pathname, fullPage: true });

    // delete asks first; Escape cancels; confirming removes it from the API
    await page.locator(`tr[data-id="${created!.id}"]`).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.locator('[role=dialog] button:focus').count()).toBe(1); // focus moved into the dialog
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('[role=dialog]').count()).toBe(0);
    await page.locator(`tr[data-id="${created!.id}"]`).getByRole('button', { name: 'Delete' }).click();
    await page.locator('[role=dialog]').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => (await rules()).some((rule) => rule.id === created!.id)).toBe(false);
    expect(fixture.problems).toEqual([]);
    await page.context().close();
  });
});

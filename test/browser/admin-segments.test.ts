import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdminFixture, type AdminFixture } from './admin-harness.ts';

interface Segment {
  key: string;
  name: string;
  direction: string;
  rule: unknown;
}
interface Preview {
  matching: number;
  contacts: number;
}
interface RfmConfigView {
  config: { bands: Record<'r' | 'f' | 'm', { names: { key: string; label: string }[] }> };
}

let fixture: AdminFixture;

beforeAll(async () => {
  fixture = await startAdminFixture();
}, 120_000);

afterAll(async () => {
  await fixture?.close();
});

/** Steps fail after 30 s with the step named, rather than the whole test timing out. */
async function open(route: string, options?: Parameters<AdminFixture['openAdmin']>[1]): Promise<Page> {
  const page = await fixture.openAdmin(route, options);
  page.setDefaultTimeout(30_000);
  // the /admin page says lang="en"; a marketer switches in the header
  if (options?.language === 'de') await page.locator('select[aria-label=Language]').selectOption('de');
  return page;
}

const count = (value: number) => new Intl.NumberFormat('en-GB').format(value);
const conditions = (page: Page) => page.locator('[data-testid=condition]');
const fieldOf = (row: Locator) => row.locator('select[aria-label=Field]');

describe('the segments page', { timeout: 180_000 }, () => {
  it('lists every segment the API has, presets marked, with sizes', async () => {
    const { data } = await fixture.adminApi<{ segments: (Segment & { kind: string; memberCount?: number })[] }>('GET', '/v1/admin/segments');
    expect(data.segments.length).toBeGreaterThan(0);
    const page = await open('segments');
    const rows = page.locator('[data-testid=segment-table] tbody tr');
    await expect.poll(() => rows.count()).toBe(data.segments.length);
    for (const segment of data.segments) {
      const row = page.locator(`tr[data-key="${segment.key}"]`);
      expect((await row.locator('td').first().textContent())?.includes(segment.name)).toBe(true);
      expect(await row.getByText('Preset').count()).toBe(segment.kind === 'rfm' ? 1 : 0);
    }
    // an inbound segment's size is counted by the preview: the first row's number equals the API's preview
    const first = data.segments[0]!;
    const { data: preview } = await fixture.adminApi<Preview>('POST', '/v1/admin/segments/preview', { direction: first.direction, rule: first.rule, sampleSize: 0 });
    const size = first.memberCount ?? preview.matching;
    await expect.poll(async () => (await page.locator(`tr[data-key="${first.key}"] [data-testid=segment-size]`).textContent())?.trim(), { timeout: 15_000 }).toBe(count(size));
    await fixture.screenshot(page, 'segments');
    expect(fixture.problems).toEqual([]);
    await page.context().close();
  });

  it('builds a rule in the builder, previews the same count as the API, saves it, and deletes it', async () => {
    const { data: rfm } = await fixture.adminApi<RfmConfigView>('GET', '/v1/admin/rfm-config');
    const often = rfm.config.bands.f.names[2]!;
    const premium = rfm.config.bands.m.names[2]!;
    const page = await open('segments');
    // the click changes the route (history.pushState); on a loaded machine waiting for that same-document navigation can stall
    await page.getByRole('button', { name: '+ New segment' }).click({ noWaitAfter: true });
    await page.locator('input[name=name]').fill('Loyal big spenders');
    expect(await page.locator('input[name=key]').inputValue()).toBe('loyal_big_spenders');

    // the new segment starts with "frequency band = often"; add "monetary band = premium"
    await expect.poll(() => conditions(page).count()).toBe(1);
    expect(await fieldOf(conditions(page).first()).inputValue()).toBe('rfm.f_band');
    expect(await conditions(page).first().locator('select.rb-value').inputValue()).toBe(often.key);
    await page.getByRole('button', { name: '+ Condition' }).click();
    const second = conditions(page).nth(1);
    await fieldOf(second).selectOption('rfm.m_band');
    await second.locator('select.rb-value').selectOption(premium.key);

    const rule = { all: [{ field: 'rfm.f_band', op: 'eq', value: often.key }, { field: 'rfm.m_band', op: 'eq', value: premium.key }] };
    const { data: expected } = await fixture.adminApi<Preview>('POST', '/v1/admin/segments/preview', { direction: 'inbound', rule, sampleSize: 0 });
    expect(expected.matching).toBeGreaterThan(0);
    await expect.poll(async () => (await page.locator('[data-testid=preview-count]').textContent())?.trim(), { timeout: 15_000 }).toBe(count(expected.matching));
    // sample contacts come with the reasons they match: both conditions pass
    const firstSample = page.locator('[data-testid=preview-sample] > li').first();
    await firstSample.waitFor();
    expect(await firstSample.locator('li.up').count()).toBe(2);
    // the JSON tab shows the same rule
    await page.getByRole('tab', { name: 'JSON' }).click();
    expect(JSON.parse(await page.locator('textarea[name=ruleJson]').inputValue())).toEqual(rule);
    await page.getByRole('tab', { name: 'Builder' }).click();
    await fixture.screenshot(page, 'segment-editor');

    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.getByText('“Loyal big spenders” saved.').waitFor();
    const saved = await fixture.adminApi<Segment>('GET', '/v1/admin/segments/loyal_big_spenders');
    expect(saved.status).toBe(200);
    expect(saved.data).toMatchObject({ name: 'Loyal big spenders', direction: 'inbound', rule });
    await page.locator('tr[data-key=loyal_big_spenders]').waitFor();

    // delete from the list, with a confirmation that Escape can cancel
    await page.getByRole('button', { name: 'Delete Loyal big spenders' }).click();
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    expect((await fixture.adminApi('GET', '/v1/admin/segments/loyal_big_spenders')).status).toBe(200);
    await page.getByRole('button', { name: 'Delete Loyal big spenders' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('“Loyal big spenders” deleted.').waitFor();
    expect((await fixture.adminApi('GET', '/v1/admin/segments/loyal_big_spenders')).status).toBe(404);
    expect(await page.locator('tr[data-key=loyal_big_spenders]').count()).toBe(0);
    expect(fixture.problems).toEqual([]);
    await page.context().close();
  });

  it('names the problem of an invalid rule inline and does not save it', async () => {
    const page = await open('segments/_new');
    await page.locator('input[name=name]').fill('Broken rule');
    // builder: a frequency condition without a number
    const row = conditions(page).first();
    await fieldOf(row).selectOption('rfm.frequency');
    await row.locator('input.rb-value').fill('');
    await expect.poll(async () => (await row.locator('.error-text').textContent()) ?? '').toContain('needs a number');
    expect(await row.getAttribute('class')).toContain('bad');
    await page.getByRole('button', { name: 'Save segment' }).click();
    expect((await fixture.adminApi('GET', '/v1/admin/segments/broken_rule')).status).toBe(404);

    // JSON: an unknown band key is named with its path
    await page.getByRole('tab', { name: 'JSON' }).click();
    await page.locator('textarea[name=ruleJson]').fill(JSON.stringify({ any: [{ field: 'rfm.f_band', op: 'eq', value: 'sometimes_maybe' }] }));
    const notice = page.locator('.notice.error').first();
    await expect.poll(async () => (await notice.textContent()) ?? '').toContain('any[0]');
    expect(await notice.textContent()).toContain('"sometimes_maybe" is not a band of rfm.f_band');
    // an unknown field is the engine's own check
    await page.locator('textarea[name=ruleJson]').fill(JSON.stringify({ all: [{ field: 'rfm.loyalty', op: 'eq', value: 1 }] }));
    await expect.poll(async () => (await notice.textContent()) ?? '').toContain('rfm.loyalty');
    await page.getByRole('button', { name: 'Save segment' }).click();
    expect((await fixture.adminApi('GET', '/v1/admin/segments/broken_rule')).status).toBe(404);
    await page.locator('textarea[name=ruleJson]').fill('{"all": [');
    await expect.poll(async () => (await page.locator('label.field .error-text').last().textContent()) ?? '').toContain('Not valid JSON');
    await page.getByRole('button', { name: 'Save segment' }).click();
    expect((await fixture.adminApi('GET', '/v1/admin/segments/broken_rule')).status).toBe(404);
    await fixture.screenshot(page, 'segment-editor-invalid');
    expect(fixture.problems).toEqual([]);
    await page.context().close();
  });

  it('edits a preset in German on a tablet', async () => {
    const page = await open('segments/champions', { viewport: { width: 820, height: 1180 }, language: 'de' });
    await page.getByRole('button', { name: 'Segment speichern' }).waitFor();
    await page.locator('[data-testid=preview-count]').waitFor({ timeout: 30_000 });
    expect(await page.locator('input[name=key]').isDisabled()).toBe(true);
    expect(await conditions(page).count()).toBeGreaterThan(0);
    // nothing overflows the tablet's width
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
    await fixture.screenshot(page, 'segment-editor-tablet-de');
    expect(fixture.problems).toEqual([]);
    await page.context().close();
  });
});

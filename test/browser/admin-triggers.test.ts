import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignatureHeader } from '../../edge/triggers/signing.ts';
import { startReceiver } from '../integration/receiver.ts';
import { startAdminFixture, type AdminFixture } from './admin-harness.ts';

interface Trigger {
  id: string;
  name: string;
  segmentKey: string;
  on: string;
  url: string;
  template: unknown;
}
interface Delivery {
  id: string;
  triggerId: string;
  kind: string;
  status: string;
  attempts: number;
  log: { statusCode: number | null }[];
}

let fixture: AdminFixture;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  fixture = await startAdminFixture();
  receiver = await startReceiver();
}, 120_000);

afterAll(async () => {
  await receiver?.close();
  await fixture?.close();
});

async function adminApi<T>(method: string, path: string): Promise<T> {
  return (await fixture.adminApi<T>(method, path)).data;
}

async function open(route: string): Promise<Page> {
  const page = await fixture.openAdmin(route);
  page.setDefaultTimeout(20_000);
  return page;
}

describe('the triggers page', { timeout: 180_000 }, () => {
  it('creates a trigger, shows its secret once, test-sends a signed request to a real receiver, and logs it', async () => {
    const page = await open('triggers');
    await page.locator('[data-testid=triggers-page]').waitFor();
    await page.getByRole('button', { name: '+ New trigger' }).click();
    const editor = page.locator('[data-testid=trigger-editor]');
    await editor.waitFor();
    await editor.locator('input[name=name]').fill('Welcome champions');
    await editor.locator('select[name=segmentKey]').selectOption('champions');
    await editor.locator('input[name=url]').fill('not a url');
    await editor.locator('textarea[name=template]').fill('{"to": "{{contact.email}}", "spent": "{{contact.rfm.monetary}}", "note": "Hi {{contact.customerId}} ({{segment.name}})"}');
    // the sample is rendered in the browser with the edge's own template code
    await expect.poll(async () => JSON.parse((await editor.locator('[data-testid=sample-body]').textContent()) ?? '{}')).toEqual({ to: 'test@example.com', spent: 48000, note: 'Hi test-customer (Champions)' });
    await editor.getByRole('button', { name: 'Create trigger' }).click();
    expect(await editor.locator('.error-text').textContent()).toContain('http(s) URL');
    await editor.locator('input[name=url]').fill(receiver.url);
    await fixture.screenshot(page, 'trigger-editor');
    await editor.getByRole('button', { name: 'Create trigger' }).click();

    // the signing secret is shown once, on the new trigger's page
    const secretField = page.locator('input[name=signingSecret]');
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^whsec_/);
    const { triggers } = await adminApi<{ triggers: Trigger[] }>('GET', '/v1/admin/triggers');
    const trigger = triggers.find((candidate) => candidate.name === 'Welcome champions')!;
    expect(trigger).toMatchObject({ segmentKey: 'champions', on: 'enter', url: receiver.url, template: { to: '{{contact.email}}' } });

    // Send test from the list: the receiver gets a request signed with that secret, and the UI says so
    await page.getByRole('link', { name: '← All triggers' }).click();
    const row = page.locator(`[data-testid=trigger-table] tr[data-id="${trigger.id}"]`);
    await row.getByRole('button', { name: 'Send test' }).click();
    await expect.poll(() => page.locator('.notice.ok').textContent()).toContain('Test delivered: the receiver answered 200');
    expect(receiver.accepted()).toHaveLength(1);
    const request = receiver.accepted()[0]!;
    expect(await verifySignatureHeader(secret, request.body, String(request.headers['x-rfm-signature']), Math.floor(Date.now() / 1000))).toBe(true);
    expect(await verifySignatureHeader('whsec_wrong', request.body, String(request.headers['x-rfm-signature']), Math.floor(Date.now() / 1000))).toBe(false);
    expect(JSON.parse(request.body)).toEqual({ to: 'test@example.com', spent: 48000, note: 'Hi test-customer (Champions)' });
    await expect.poll(() => row.locator('[data-testid=last-delivery]').textContent()).toContain('Delivered');
    await fixture.screenshot(page, 'triggers');
    await page.setViewportSize({ width: 820, height: 1000 });
    await fixture.screenshot(page, 'triggers-tablet');
    await page.setViewportSize({ width: 1280, height: 900 });

    // a failing receiver: the test-send reports the status code
    receiver.failNext(1);
    await row.getByRole('button', { name: 'Send test' }).click();
    await expect.poll(() => page.locator('.notice.error').textContent()).toContain('500');

    // the delivery log lists both, with the receiver's response codes, and filters by status
    await page.getByRole('tab', { name: 'Delivery log' }).click();
    const log = page.locator('[data-testid=delivery-table] tbody tr');
    const { deliveries } = await adminApi<{ deliveries: Delivery[] }>('GET', `/v1/admin/deliveries?triggerId=${trigger.id}`);
    expect(deliveries).toHaveLength(2);
    await expect.poll(() => log.count()).toBeGreaterThanOrEqual(2);
    for (const delivery of deliveries) {
      expect(await page.locator(`tr[data-id="${delivery.id}"] [data-testid=response-code]`).textContent()).toBe(String(delivery.log.at(-1)!.statusCode));
    }
    await page.locator('select[name=status]').selectOption('dead');
    await expect.poll(() => page.locator(`tr[data-id="${deliveries.find((d) => d.status === 'delivered')!.id}"]`).count()).toBe(0);
    await expect.poll(() => page.locator(`tr[data-id="${deliveries.find((d) => d.status === 'dead')!.id}"]`).count()).toBe(1);
    await page.locator('select[name=status]').selectOption('');
    await fixture.screenshot(page, 'deliveries');

    // delete asks first
    await page.getByRole('tab', { name: 'Triggers' }).click();
    await row.getByRole('button', { name: 'Delete' }).click();
    await page.locator('[role=dialog]').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => (await adminApi<{ triggers: Trigger[] }>('GET', '/v1/admin/triggers')).triggers.some((t) => t.id === trigger.id)).toBe(false);
    expect(fixture.problems).toEqual([]);
    await page.context().close();
  });
});

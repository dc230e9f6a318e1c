import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScheduledWork } from '../../edge/rfm/schedule.ts';
import { deliverDue, MAX_ATTEMPTS, retryDelayMs } from '../../edge/triggers/deliver.ts';
import { verifySignatureHeader } from '../../edge/triggers/signing.ts';
import type { WorkspaceKeys } from '../scenarios/client.ts';
import { startNodeHarness, type NodeHarness } from './harness.ts';
import { deadUrl, startReceiver } from './receiver.ts';

const DAY = 86_400_000;

describe('triggers deliver signed webhooks on segment transitions', () => {
  let harness: NodeHarness;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    harness = await startNodeHarness(Date.parse('2026-03-02T12:00:00Z'));
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await harness.close();
  });

  async function buy(keys: WorkspaceKeys, customerId: string, count: number, amount: string, daysAgo = 1) {
    const purchases = Array.from({ length: count }, (_, index) => ({
      orderId: `${customerId}-${daysAgo}-${index}`,
      customerId,
      email: `${customerId}@example.com`,
      amount,
      currency: 'EUR',
      purchasedAt: new Date(harness.clock.now - (daysAgo + index) * DAY).toISOString(),
    }));
    const response = await harness.api.call('POST', '/v1/purchases', { key: keys.secretKey, body: { purchases } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
  }

  async function createTrigger(keys: WorkspaceKeys, body: Record<string, unknown>) {
    const response = await harness.api.call('POST', '/v1/admin/triggers', { key: keys.adminKey, body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body as { id: string; signingSecret: string };
  }

  async function deliveriesOf(keys: WorkspaceKeys, triggerId: string) {
    const response = await harness.api.call('GET', `/v1/admin/deliveries?triggerId=${triggerId}`, { key: keys.adminKey });
    return response.body.deliveries as { id: string; status: string; attempts: number; log: { statusCode: number | null; error: string | null }[]; payload: unknown }[];
  }

  it('fires once per transition, in real time on ingest and when time alone moves a contact, with valid signatures', async () => {
    const keys = await harness.workspace();
    await buy(keys, 'early-vip', 6, '250.00');
    const entered = await createTrigger(keys, { name: 'VIP arrived', segmentKey: 'short_often_premium', on: 'enter', url: receiver.url });
    const left = await createTrigger(keys, {
      name: 'VIP drifting away',
      segmentKey: 'short_often_premium',
      on: 'leave',
      url: receiver.url,
      template: { text: '{{contact.email}} left {{segment.name}}', spent: '{{contact.rfm.monetary}}', customer: '{{contact.customerId}}' },
    });
    // Watching started with early-vip already inside: recorded, but nothing fires for the past.
    await deliverDue(harness.driver, harness.clock.now);
    expect(receiver.accepted()).toHaveLength(0);

    await buy(keys, 'new-vip', 6, '250.00');
    await expect.poll(() => receiver.accepted().length).toBe(1);
    const arrival = receiver.accepted()[0]!;
    const body = JSON.parse(arrival.body);
    expect(body).toMatchObject({ event: 'segment.entered', segment: { key: 'short_often_premium' }, trigger: { id: entered.id }, contact: { customerId: 'new-vip' } });
    expect(body.contact.rfm).toMatchObject({ frequency: 6, monetary: 150000, bands: { r: 'short', f: 'often', m: 'premium' } });
    expect(await verifySignatureHeader(entered.signingSecret, arrival.body, String(arrival.headers['x-rfm-signature']), Math.floor(harness.clock.now / 1000))).toBe(true);
    expect(await verifySignatureHeader(left.signingSecret, arrival.body, String(arrival.headers['x-rfm-signature']), Math.floor(harness.clock.now / 1000))).toBe(false);
    expect(await verifySignatureHeader(entered.signingSecret, arrival.body + ' ', String(arrival.headers['x-rfm-signature']), Math.floor(harness.clock.now / 1000))).toBe(false);
    // A replay an hour later is refused by a receiver checking the timestamp.
    expect(await verifySignatureHeader(entered.signingSecret, arrival.body, String(arrival.headers['x-rfm-signature']), Math.floor(harness.clock.now / 1000) + 3600)).toBe(false);

    // Another purchase keeps them inside: no new transition, nothing fires.
    await buy(keys, 'new-vip', 1, '10.00', 0);
    await deliverDue(harness.driver, harness.clock.now);
    expect(receiver.accepted()).toHaveLength(1);

    // Forty days later nobody bought: recency slipped from short to medium, both leave — and the receiver fails twice.
    receiver.failNext(2);
    harness.clock.now += 40 * DAY;
    await runScheduledWork(harness.driver, harness.clock.now);
    const first = await deliverDue(harness.driver, harness.clock.now);
    expect(first.map((outcome) => outcome.status)).toEqual(['pending', 'pending']);
    expect(await deliverDue(harness.driver, harness.clock.now)).toEqual([]); // not due yet: backing off
    harness.clock.now += retryDelayMs(1);
    await deliverDue(harness.driver, harness.clock.now);
    const leaves = receiver.accepted().filter((webhook) => webhook.headers['x-rfm-signature'] && JSON.parse(webhook.body).customer);
    expect(leaves.map((webhook) => JSON.parse(webhook.body)).sort((a, b) => a.customer.localeCompare(b.customer))).toEqual([
      { text: 'early-vip@example.com left Short & Often & Premium', spent: 150000, customer: 'early-vip' },
      { text: 'new-vip@example.com left Short & Often & Premium', spent: 151000, customer: 'new-vip' },
    ]);
    const log = await deliveriesOf(keys, left.id);
    expect(log.map((delivery) => delivery.status)).toEqual(['delivered', 'delivered']);
    expect(log.flatMap((delivery) => delivery.log.map((attempt) => attempt.statusCode)).sort()).toEqual([200, 200, 500, 500]);

    // The next days' schedules find nothing new: no trigger fires twice for the same transition.
    harness.clock.now += DAY;
    await runScheduledWork(harness.driver, harness.clock.now);
    harness.clock.now += DAY;
    await runScheduledWork(harness.driver, harness.clock.now);
    await deliverDue(harness.driver, harness.clock.now + retryDelayMs(MAX_ATTEMPTS));
    expect(receiver.accepted()).toHaveLength(3);
    expect((await deliveriesOf(keys, entered.id)).length).toBe(1);
  });

  it('dead-letters a delivery whose receiver is down for good, with every attempt logged', async () => {
    const keys = await harness.workspace();
    const trigger = await createTrigger(keys, { segmentKey: 'champions', on: 'enter', url: await deadUrl() });
    await buy(keys, 'champ', 6, '250.00');
    // The purchase request already made the first attempt, in the background.
    await expect.poll(async () => (await deliveriesOf(keys, trigger.id))[0]?.attempts ?? 0).toBe(1);
    let now = harness.clock.now;
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      now += retryDelayMs(attempt - 1);
      const outcomes = await deliverDue(harness.driver, now);
      expect(outcomes, `attempt ${attempt}`).toHaveLength(1);
    }
    expect(await deliverDue(harness.driver, now + 365 * DAY)).toEqual([]);
    const [delivery] = await deliveriesOf(keys, trigger.id);
    expect(delivery).toMatchObject({ status: 'dead', attempts: MAX_ATTEMPTS });
    expect(delivery!.log).toHaveLength(MAX_ATTEMPTS);
    expect(delivery!.log.every((attempt) => attempt.statusCode === null && attempt.error)).toBe(true);
  });

  it('sends the current members of a segment to a webhook in pages', async () => {
    const keys = await harness.workspace();
    for (const customerId of ['m1', 'm2', 'm3']) await buy(keys, customerId, 6, '250.00');
    const trigger = await createTrigger(keys, { segmentKey: 'short_often_premium', on: 'enter', url: receiver.url });
    await deliverDue(harness.driver, harness.clock.now);
    const before = receiver.accepted().length;
    const sent = await harness.api.call('POST', '/v1/admin/segments/short_often_premium/send', { key: keys.adminKey, body: { triggerId: trigger.id, pageSize: 2 } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);
    expect(sent.body.pages).toBe(2);
    await expect.poll(() => receiver.accepted().length).toBe(before + 2);
    const pages = receiver.accepted().slice(before).map((webhook) => JSON.parse(webhook.body));
    expect(pages.every((page) => page.event === 'segment.members')).toBe(true);
    expect(pages.flatMap((page) => page.members.map((member: { customerId: string }) => member.customerId)).sort()).toEqual(['m1', 'm2', 'm3']);
    const notWatched = await harness.api.call('POST', '/v1/admin/segments/lost/send', { key: keys.adminKey, body: { triggerId: trigger.id } });
    expect(notWatched.status).toBe(400);
  });

  it('test-sends a sample delivery, and validates triggers', async () => {
    const keys = await harness.workspace();
    const trigger = await createTrigger(keys, { segmentKey: 'at_risk', on: 'enter', url: receiver.url });
    const before = receiver.accepted().length;
    const sent = await harness.api.call('POST', `/v1/admin/triggers/${trigger.id}/test`, { key: keys.adminKey });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ ok: true, statusCode: 200 });
    expect(receiver.accepted()).toHaveLength(before + 1);
    expect(JSON.parse(receiver.accepted().at(-1)!.body)).toMatchObject({ event: 'trigger.test', contact: { customerId: 'test-customer' } });

    const badUrl = await harness.api.call('POST', '/v1/admin/triggers', { key: keys.adminKey, body: { segmentKey: 'at_risk', on: 'enter', url: 'ftp://x' } });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.field).toBe('url');
    const badSegment = await harness.api.call('POST', '/v1/admin/triggers', { key: keys.adminKey, body: { segmentKey: 'nope', on: 'enter', url: receiver.url } });
    expect(badSegment.body.error.field).toBe('segmentKey');
    const badTemplate = await harness.api.call('POST', '/v1/admin/triggers', { key: keys.adminKey, body: { segmentKey: 'at_risk', on: 'enter', url: receiver.url, template: { x: '{{password}}' } } });
    expect(badTemplate.body.error.field).toBe('template');
    const secretKeyRefused = await harness.api.call('GET', '/v1/admin/triggers', { key: keys.secretKey });
    expect(secretKeyRefused.status).toBe(403);
  });
});

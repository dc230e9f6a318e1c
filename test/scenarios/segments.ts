import { expect } from 'vitest';
import { signCustomerId } from '../../edge/browser/identity.ts';
import { SHOP_ORIGIN, type ApiClient, type WorkspaceKeys } from './client.ts';

const DAY = 86_400_000;
const browser = (body: unknown) => ({ rawBody: JSON.stringify(body), headers: { 'content-type': 'text/plain;charset=UTF-8', origin: SHOP_ORIGIN } });

async function contact(api: ApiClient, keys: WorkspaceKeys, customerId: string, attributes: Record<string, unknown>, orders: number, amount = '250.00') {
  expect((await api.call('PUT', `/v1/contacts/${customerId}`, { key: keys.secretKey, body: { email: `${customerId}@example.com`, attributes } })).status).toBe(200);
  if (orders > 0) {
    const purchases = Array.from({ length: orders }, (_, index) => ({
      orderId: `${customerId}-${index}`,
      customerId,
      amount,
      currency: 'EUR',
      purchasedAt: new Date(Date.now() - (2 + index * 3) * DAY).toISOString(),
    }));
    const response = await api.call('POST', '/v1/purchases', { key: keys.secretKey, body: { purchases } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
  }
}

async function viewProducts(api: ApiClient, keys: WorkspaceKeys, customerId: string, category: string, views: number) {
  const visitorId = `visitor-${customerId}`.padEnd(12, '0');
  const events = Array.from({ length: views }, () => ({ type: 'product_view', props: { sku: 'x', category } }));
  expect((await api.call('POST', `/v1/collect?key=${keys.publishableKey}`, browser({ visitorId, events }))).status).toBe(202);
  const signature = await signCustomerId(keys.identitySecret, customerId);
  expect((await api.call('POST', `/v1/identify?key=${keys.publishableKey}`, browser({ visitorId, customerId, signature }))).status).toBe(200);
  return visitorId;
}

async function createSegment(api: ApiClient, keys: WorkspaceKeys, body: Record<string, unknown>) {
  const response = await api.call('POST', '/v1/admin/segments', { key: keys.adminKey, body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

const SHOE_LOVING_GERMAN_REGULARS = {
  all: [
    { field: 'rfm.frequency', op: 'gte', value: 3 },
    { field: 'attributes.country', op: 'eq', value: 'Germany' },
    { field: 'behaviour.count', event: 'product_view', category: 'shoes', days: 30, op: 'gte', value: 2 },
  ],
};

/** A rule over RFM, attributes and behaviour matches exactly the expected contacts, and says why. */
export async function ruleMatchesExactlyTheExpectedContacts(api: ApiClient, keys: WorkspaceKeys) {
  await contact(api, keys, 'anna', { country: 'Germany' }, 4);
  await viewProducts(api, keys, 'anna', 'Shoes', 3);
  await contact(api, keys, 'ben', { country: 'Germany' }, 4);
  await viewProducts(api, keys, 'ben', 'Hats', 3); // wrong category
  await contact(api, keys, 'chloe', { country: 'France' }, 4);
  await viewProducts(api, keys, 'chloe', 'Shoes', 3); // wrong country
  await contact(api, keys, 'dieter', { country: 'Germany' }, 1);
  await viewProducts(api, keys, 'dieter', 'shoes', 5); // too few orders
  await contact(api, keys, 'eva', { country: 'germany' }, 3);
  await viewProducts(api, keys, 'eva', 'SHOES', 2); // case differs: still a match

  const preview = await api.call('POST', '/v1/admin/segments/preview', { key: keys.adminKey, body: { rule: SHOE_LOVING_GERMAN_REGULARS, direction: 'outbound', sampleSize: 10 } });
  expect(preview.status, JSON.stringify(preview.body)).toBe(200);
  expect(preview.body.matching).toBe(2);
  expect(preview.body.sample.map((member: { customerId: string }) => member.customerId).sort()).toEqual(['anna', 'eva']);
  const annasWhy = preview.body.sample.find((member: { customerId: string }) => member.customerId === 'anna').why;
  expect(annasWhy).toEqual([
    expect.objectContaining({ field: 'rfm.frequency', actual: 4, passed: true }),
    expect.objectContaining({ field: 'attributes.country', actual: 'Germany', passed: true }),
    expect.objectContaining({ field: 'behaviour.count', actual: 3, passed: true }),
  ]);

  const saved = await createSegment(api, keys, { key: 'shoe_loving_german_regulars', name: 'Shoe-loving German regulars', direction: 'outbound', rule: SHOE_LOVING_GERMAN_REGULARS });
  expect(saved.memberCount).toBe(2);
  const exported = await api.call('GET', '/v1/admin/segments/shoe_loving_german_regulars/export.csv', { key: keys.adminKey });
  expect(exported.status).toBe(200);
  expect(String(exported.body).trim().split('\n').slice(1).map((line) => line.split(',')[0]).sort()).toEqual(['anna', 'eva']);

  const ben = await api.call('GET', '/v1/contacts/ben', { key: keys.secretKey });
  expect(ben.body.segments.map((segment: { key: string }) => segment.key)).not.toContain('shoe_loving_german_regulars');
  const anna = await api.call('GET', '/v1/contacts/anna', { key: keys.secretKey });
  const annaSegment = anna.body.segments.find((segment: { key: string }) => segment.key === 'shoe_loving_german_regulars');
  expect(annaSegment.why.map((condition: { actual: unknown }) => condition.actual)).toEqual([4, 'Germany', 3]);

  // Bad rules are refused, naming the place.
  const bad = await api.call('POST', '/v1/admin/segments', { key: keys.adminKey, body: { key: 'broken', name: 'Broken', rule: { all: [{ field: 'rfm.frequency', op: 'near', value: 1 }] } } });
  expect(bad.status).toBe(400);
  expect(bad.body.error.field).toBe('rule.all[0].op');
  const contextOutbound = await api.call('POST', '/v1/admin/segments', {
    key: keys.adminKey,
    body: { key: 'from_ads', name: 'From ads', direction: 'outbound', rule: { field: 'context.utm_source', op: 'eq', value: 'ads' } },
  });
  expect(contextOutbound.status).toBe(400);
}

/** Changing a segment's rule changes decide's answer on the very next request. */
export async function ruleChangeIsLiveForDecide(api: ApiClient, keys: WorkspaceKeys) {
  await contact(api, keys, 'greta', { country: 'Germany' }, 1);
  const visitorId = await viewProducts(api, keys, 'greta', 'shoes', 1);
  await createSegment(api, keys, { key: 'germans', name: 'Germans', rule: { field: 'attributes.country', op: 'eq', value: 'Germany' } });
  const rule = await api.call('POST', '/v1/admin/content-rules', { key: keys.adminKey, body: { slot: 'hero', segmentKey: 'germans', html: '<p>Hallo!</p>' } });
  expect(rule.status).toBe(201);
  const decide = () => api.call('POST', `/v1/decide?key=${keys.publishableKey}`, browser({ visitorId, slots: ['hero'] }));
  expect((await decide()).body.slots.hero?.html).toBe('<p>Hallo!</p>');
  const changed = await api.call('PATCH', '/v1/admin/segments/germans', { key: keys.adminKey, body: { rule: { field: 'attributes.country', op: 'eq', value: 'France' } } });
  expect(changed.status, JSON.stringify(changed.body)).toBe(200);
  expect((await decide()).body.slots).toEqual({});
  // Inbound segments may use the request context.
  await api.call('PATCH', '/v1/admin/segments/germans', { key: keys.adminKey, body: { rule: { field: 'context.utm_source', op: 'eq', value: 'newsletter' } } });
  const fromNewsletter = await api.call('POST', `/v1/decide?key=${keys.publishableKey}`, browser({ visitorId, slots: ['hero'], context: { url: 'https://shop.example/?utm_source=newsletter' } }));
  expect(fromNewsletter.body.segments).toContain('germans');
  const inUse = await api.call('DELETE', '/v1/admin/segments/germans', { key: keys.adminKey });
  expect(inUse.status).toBe(409);
}

/** VIPs are excluded from the discount segment; in a lifecycle group only the first matching phase counts. */
export async function exclusionsAndLifecycleGroups(api: ApiClient, keys: WorkspaceKeys) {
  await contact(api, keys, 'vip', { tags: ['vip'] }, 6);
  await contact(api, keys, 'regular', {}, 6);
  await contact(api, keys, 'once', {}, 1);
  await createSegment(api, keys, { key: 'vips', name: 'VIPs', rule: { field: 'attributes.tags', op: 'contains', value: 'vip' } });
  await createSegment(api, keys, { key: 'discount', name: 'Discount', rule: { field: 'rfm.frequency', op: 'gte', value: 1 }, exclusions: ['vips'] });
  await createSegment(api, keys, { key: 'phase_new', name: 'New', rule: { field: 'rfm.frequency', op: 'gte', value: 1 }, lifecycleGroup: 'lifecycle', priority: 40 });
  await createSegment(api, keys, { key: 'phase_active', name: 'Active', rule: { field: 'rfm.frequency', op: 'gte', value: 3 }, lifecycleGroup: 'lifecycle', priority: 50 });

  const segmentsOf = async (customerId: string) =>
    ((await api.call('GET', `/v1/contacts/${customerId}`, { key: keys.secretKey })).body.segments as { key: string }[]).map((segment) => segment.key);
  const vip = await segmentsOf('vip');
  expect(vip).toContain('vips');
  expect(vip).not.toContain('discount');
  expect(vip).toContain('phase_active');
  expect(vip).not.toContain('phase_new');
  const regular = await segmentsOf('regular');
  expect(regular).toEqual(expect.arrayContaining(['discount', 'phase_active']));
  expect(regular).not.toContain('phase_new');
  const once = await segmentsOf('once');
  expect(once).toEqual(expect.arrayContaining(['discount', 'phase_new']));
  expect(once).not.toContain('phase_active');

  const cycle = await api.call('PATCH', '/v1/admin/segments/vips', { key: keys.adminKey, body: { rule: { field: 'segment', op: 'in', value: 'discount' } } });
  expect(cycle.status).toBe(400);
}

/** An anonymous visitor who never bought is segmented on decide by recent behaviour. */
export async function anonymousBehaviourSegmentsOnDecide(api: ApiClient, keys: WorkspaceKeys) {
  await createSegment(api, keys, { key: 'shoe_browsers', name: 'Shoe browsers', rule: { field: 'behaviour.count', event: 'product_view', category: 'shoes', days: 7, op: 'gte', value: 2 } });
  const visitorId = 'anonymous-shoe-fan';
  const events = [1, 2].map(() => ({ type: 'product_view', props: { category: 'Shoes' } }));
  expect((await api.call('POST', `/v1/collect?key=${keys.publishableKey}`, browser({ visitorId, events }))).status).toBe(202);
  const decided = await api.call('POST', `/v1/decide?key=${keys.publishableKey}`, browser({ visitorId, slots: [] }));
  expect(decided.body.segments).toContain('shoe_browsers');
}

import { expect } from 'vitest';
import { signCustomerId } from '../../edge/browser/identity.ts';
import { SHOP_ORIGIN, type ApiClient, type WorkspaceKeys } from './client.ts';

const asBrowser = (keys: WorkspaceKeys, body: unknown, origin = SHOP_ORIGIN) => ({
  rawBody: JSON.stringify(body),
  headers: { 'content-type': 'text/plain;charset=UTF-8', origin },
});
const browserPath = (path: string, keys: WorkspaceKeys) => `${path}?key=${keys.publishableKey}`;

async function buy(api: ApiClient, keys: WorkspaceKeys, customerId: string, count: number, amount: string, daysAgo = 2) {
  const purchasedAt = (offset: number) => new Date(Date.now() - (daysAgo + offset) * 86_400_000).toISOString();
  const purchases = Array.from({ length: count }, (_, index) => ({ orderId: `${customerId}-${index}`, customerId, amount, currency: 'EUR', purchasedAt: purchasedAt(index) }));
  const response = await api.call('POST', '/v1/purchases', { key: keys.secretKey, body: { purchases } });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
}

async function createContentRule(api: ApiClient, keys: WorkspaceKeys, rule: Record<string, unknown>) {
  const response = await api.call('POST', '/v1/admin/content-rules', { key: keys.adminKey, body: rule });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: string; html: string; sanitized: { changed: boolean; removed: string[] } };
}

export async function decide(api: ApiClient, keys: WorkspaceKeys, visitorId: string, slots: string[] = ['hero']) {
  return api.call('POST', browserPath('/v1/decide', keys), asBrowser(keys, { visitorId, slots, context: { url: 'https://shop.example/' } }));
}

/** Anonymous → identified as a frequent big spender → the slot shows that segment's variant. */
export async function identifiedVisitorGetsSegmentVariant(api: ApiClient, keys: WorkspaceKeys) {
  await buy(api, keys, 'vip-1', 6, '250.00', 1);
  const rule = await createContentRule(api, keys, { slot: 'hero', segmentKey: 'often_premium', html: '<h2>Hello, VIP</h2>', priority: 10 });
  await createContentRule(api, keys, { slot: 'hero', segmentKey: 'lost', html: '<h2>Come back</h2>', priority: 5 });
  const visitorId = 'visitor-vip-0001';

  const anonymous = await decide(api, keys, visitorId);
  expect(anonymous.status).toBe(200);
  expect(anonymous.body).toMatchObject({ visitorId, segments: [], slots: {} });
  expect(anonymous.headers.get('access-control-allow-origin')).toBe(SHOP_ORIGIN);
  expect(anonymous.headers.get('cache-control')).toBe('no-store');

  const signature = await signCustomerId(keys.identitySecret, 'vip-1');
  const identified = await api.call('POST', browserPath('/v1/identify', keys), asBrowser(keys, { visitorId, customerId: 'vip-1', signature }));
  expect(identified.status, JSON.stringify(identified.body)).toBe(200);

  const known = await decide(api, keys, visitorId, ['hero', 'footer']);
  expect(known.body.segments).toEqual(expect.arrayContaining(['often_premium', 'champions']));
  expect(known.body.slots).toEqual({ hero: { variantId: rule.id, html: '<h2>Hello, VIP</h2>' } });
  expect(known.body.identified).toBe(true);
}

/** A wrong or missing signature is refused and links nothing: the visitor stays anonymous. */
export async function forgedIdentifyIsRefused(api: ApiClient, keys: WorkspaceKeys) {
  await buy(api, keys, 'rich-1', 6, '250.00', 1);
  await createContentRule(api, keys, { slot: 'hero', segmentKey: 'often_premium', html: '<p>VIP</p>' });
  const visitorId = 'visitor-forger-01';
  const wrong = await signCustomerId('not-the-secret', 'rich-1');
  const forged = await api.call('POST', browserPath('/v1/identify', keys), asBrowser(keys, { visitorId, customerId: 'rich-1', signature: wrong }));
  expect(forged.status).toBe(403);
  expect(forged.body.error).toMatchObject({ code: 'invalid_signature', field: 'signature' });
  const missing = await api.call('POST', browserPath('/v1/identify', keys), asBrowser(keys, { visitorId, customerId: 'rich-1' }));
  expect(missing.status).toBe(400);
  expect(missing.body.error.field).toBe('signature');
  const notHex = await api.call('POST', browserPath('/v1/identify', keys), asBrowser(keys, { visitorId, customerId: 'rich-1', signature: 'zz' }));
  expect(notHex.status).toBe(403);
  // Another customer's valid signature does not work for this one.
  const otherSignature = await signCustomerId(keys.identitySecret, 'someone-else');
  expect((await api.call('POST', browserPath('/v1/identify', keys), asBrowser(keys, { visitorId, customerId: 'rich-1', signature: otherSignature }))).status).toBe(403);

  const after = await decide(api, keys, visitorId);
  expect(after.body).toMatchObject({ segments: [], slots: {}, identified: false });
}

/** CORS only for allowed origins; other origins are refused and get no CORS headers; preflights are cached. */
export async function corsOnlyForAllowedOrigins(api: ApiClient, keys: WorkspaceKeys) {
  const foreign = await api.call('POST', browserPath('/v1/decide', keys), asBrowser(keys, { visitorId: 'visitor-cors-001' }, 'https://evil.example'));
  expect(foreign.status).toBe(403);
  expect(foreign.body.error.code).toBe('origin_not_allowed');
  expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  const foreignCollect = await api.call('POST', browserPath('/v1/collect', keys), asBrowser(keys, { visitorId: 'visitor-cors-001', events: [{ type: 'page_view' }] }, 'https://evil.example'));
  expect(foreignCollect.status).toBe(403);
  expect(foreignCollect.headers.get('access-control-allow-origin')).toBeNull();

  const preflight = await api.call('OPTIONS', browserPath('/v1/decide', keys), {
    headers: { origin: SHOP_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe(SHOP_ORIGIN);
  expect(Number(preflight.headers.get('access-control-max-age'))).toBeGreaterThanOrEqual(600);
  const foreignPreflight = await api.call('OPTIONS', browserPath('/v1/decide', keys), {
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
  });
  expect(foreignPreflight.headers.get('access-control-allow-origin')).toBeNull();
}

/** Publishable keys only do browser things; browser endpoints refuse secret keys in the query and bad bodies. */
export async function browserEndpointsValidate(api: ApiClient, keys: WorkspaceKeys) {
  const noKey = await api.call('POST', '/v1/decide', asBrowser(keys, { visitorId: 'visitor-valid-01' }));
  expect(noKey.status).toBe(401);
  const secretInQuery = await api.call('POST', `/v1/decide?key=${keys.secretKey}`, asBrowser(keys, { visitorId: 'visitor-valid-01' }));
  expect(secretInQuery.status).toBe(401);
  const badVisitor = await api.call('POST', browserPath('/v1/decide', keys), asBrowser(keys, { visitorId: 'x' }));
  expect(badVisitor.status).toBe(400);
  expect(badVisitor.body.error.field).toBe('visitorId');
  const badEvent = await api.call('POST', browserPath('/v1/collect', keys), asBrowser(keys, { visitorId: 'visitor-valid-01', events: [{ type: 'page_view' }, { type: 'Tele port!' }] }));
  expect(badEvent.status).toBe(400);
  expect(badEvent.body.error.field).toBe('events[1].type');
  const notJson = await api.call('POST', browserPath('/v1/collect', keys), { rawBody: 'hello', headers: { origin: SHOP_ORIGIN } });
  expect(notJson.status).toBe(400);
  const purchasesWithPk = await api.call('POST', '/v1/purchases', { key: keys.publishableKey, body: { orderId: 'x' } });
  expect(purchasesWithPk.status).toBe(403);
  const contentRulesWithPk = await api.call('GET', '/v1/admin/content-rules', { key: keys.publishableKey });
  expect(contentRulesWithPk.status).toBe(403);
}

/** Collected behaviour is stored and counted: the export shows it; sendBeacon's text/plain bodies are accepted. */
export async function collectStoresBehaviour(api: ApiClient, keys: WorkspaceKeys) {
  const visitorId = 'visitor-collect-01';
  const events = [
    { type: 'page_view', props: { url: 'https://shop.example/' } },
    { type: 'product_view', props: { sku: 'cakestand', category: 'Kitchen' } },
    { type: 'add_to_cart', props: { sku: 'cakestand', category: 'Kitchen', price: 12.75, quantity: 2 } },
  ];
  const collected = await api.call('POST', browserPath('/v1/collect', keys), asBrowser(keys, { visitorId, events }));
  expect(collected.status).toBe(202);
  expect(collected.body).toEqual({ accepted: 3 });
  expect(collected.headers.get('access-control-allow-origin')).toBe(SHOP_ORIGIN);
  const signature = await signCustomerId(keys.identitySecret, 'collector');
  expect((await api.call('POST', browserPath('/v1/identify', keys), asBrowser(keys, { visitorId, customerId: 'collector', signature }))).status).toBe(200);
  const exported = await api.call('GET', '/v1/contacts/collector/export', { key: keys.secretKey });
  expect(exported.status).toBe(200);
  expect(exported.body.visitors.map((visitor: { visitorId: string }) => visitor.visitorId)).toEqual([visitorId]);
  expect(exported.body.events.map((event: { type: string }) => event.type)).toEqual(['page_view', 'product_view', 'add_to_cart']);
  expect(exported.body.behaviour).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ eventKey: 'add_to_cart', count: 1, value: 2550 }),
      expect.objectContaining({ eventKey: 'product_view:category=kitchen', count: 1 }),
    ]),
  );
}

/** Marketer HTML is sanitised on save, and the stored form is what decide serves. */
export async function contentIsSanitisedOnSave(api: ApiClient, keys: WorkspaceKeys) {
  await buy(api, keys, 'sanitise-1', 6, '250.00', 1);
  const saved = await createContentRule(api, keys, {
    slot: 'hero',
    segmentKey: 'often_premium',
    html: '<h2 onclick="steal()">Hi</h2><script>alert(1)</script><img src="x.png" onerror="alert(2)"><a href="javascript:alert(3)">link</a>',
  });
  expect(saved.html).not.toMatch(/script|onerror|onclick|javascript:/i);
  expect(saved.html).toContain('<h2>Hi</h2>');
  expect(saved.sanitized.changed).toBe(true);
  expect(saved.sanitized.removed.length).toBeGreaterThanOrEqual(3);
  const listed = await api.call('GET', '/v1/admin/content-rules?slot=hero', { key: keys.adminKey });
  expect(listed.body.contentRules.map((rule: { html: string }) => rule.html)).toEqual([saved.html]);

  const visitorId = 'visitor-sanitise-1';
  const signature = await signCustomerId(keys.identitySecret, 'sanitise-1');
  await api.call('POST', browserPath('/v1/identify', keys), asBrowser(keys, { visitorId, customerId: 'sanitise-1', signature }));
  expect((await decide(api, keys, visitorId)).body.slots.hero.html).toBe(saved.html);

  const unknownSegment = await api.call('POST', '/v1/admin/content-rules', { key: keys.adminKey, body: { slot: 'hero', segmentKey: 'nope', html: 'x' } });
  expect(unknownSegment.status).toBe(400);
  expect(unknownSegment.body.error.field).toBe('segmentKey');
  const badSchedule = await api.call('POST', '/v1/admin/content-rules', {
    key: keys.adminKey,
    body: { slot: 'hero', segmentKey: 'lost', html: 'x', startsAt: '2026-02-01T00:00:00Z', endsAt: '2026-01-01T00:00:00Z' },
  });
  expect(badSchedule.status).toBe(400);
  expect(badSchedule.body.error.field).toBe('endsAt');
}

/** A rule change is live on the next decide: update, disable, delete. */
export async function ruleChangesAreLiveNextRequest(api: ApiClient, keys: WorkspaceKeys) {
  await buy(api, keys, 'live-1', 6, '250.00', 1);
  const visitorId = 'visitor-live-0001';
  const signature = await signCustomerId(keys.identitySecret, 'live-1');
  await api.call('POST', browserPath('/v1/identify', keys), asBrowser(keys, { visitorId, customerId: 'live-1', signature }));
  const rule = await createContentRule(api, keys, { slot: 'hero', segmentKey: 'often_premium', html: '<p>one</p>' });
  expect((await decide(api, keys, visitorId)).body.slots.hero.html).toBe('<p>one</p>');

  const updated = await api.call('PATCH', `/v1/admin/content-rules/${rule.id}`, { key: keys.adminKey, body: { html: '<p>two</p>' } });
  expect(updated.status).toBe(200);
  expect((await decide(api, keys, visitorId)).body.slots.hero.html).toBe('<p>two</p>');

  const higher = await createContentRule(api, keys, { slot: 'hero', segmentKey: 'champions', html: '<p>champion</p>', priority: 50 });
  expect((await decide(api, keys, visitorId)).body.slots.hero.variantId).toBe(higher.id);

  await api.call('PATCH', `/v1/admin/content-rules/${higher.id}`, { key: keys.adminKey, body: { enabled: false } });
  expect((await decide(api, keys, visitorId)).body.slots.hero.variantId).toBe(rule.id);

  expect((await api.call('DELETE', `/v1/admin/content-rules/${rule.id}`, { key: keys.adminKey })).status).toBe(204);
  expect((await decide(api, keys, visitorId)).body.slots).toEqual({});
  expect((await api.call('GET', `/v1/admin/content-rules/${rule.id}`, { key: keys.adminKey })).status).toBe(404);
}

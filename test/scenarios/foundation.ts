import { expect } from 'vitest';
import type { ApiClient, WorkspaceKeys } from './client.ts';

/**
 * The foundation's contract, written once against the public API and run both on Node (embedded libSQL)
 * and in the Workers runtime (libSQL over HTTP). Each scenario takes fresh workspaces.
 */

export function purchaseBatch(count: number, options: { prefix?: string; customers?: number; day?: string; currency?: string } = {}) {
  const { prefix = 'order', customers = 97, day = '2024-03-01', currency = 'EUR' } = options;
  return Array.from({ length: count }, (_, index) => ({
    orderId: `${prefix}-${index}`,
    customerId: `customer-${index % customers}`,
    amount: `${(index % 13) + 1}.${String(index % 100).padStart(2, '0')}`,
    currency,
    purchasedAt: `${day}T${String(8 + (index % 10)).padStart(2, '0')}:15:00Z`,
  }));
}

async function rfmOf(api: ApiClient, key: string, customerId: string, asOf?: string) {
  const response = await api.call('GET', `/v1/contacts/${encodeURIComponent(customerId)}${asOf ? `?asOf=${asOf}` : ''}`, { key });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.rfm as { asOf: string; frequency: number; monetary: number; recencyDays: number | null; bands: Record<string, string>; scores: Record<string, number> };
}

export async function retriedBatchCountsOnce(api: ApiClient, keys: WorkspaceKeys) {
  const batch = purchaseBatch(1000);
  const first = await api.call('POST', '/v1/purchases', { key: keys.secretKey, body: { purchases: batch } });
  expect(first.status, JSON.stringify(first.body)).toBe(201);
  expect(first.body).toEqual({ accepted: 1000, duplicates: 0 });

  const expected = new Map<string, { frequency: number; monetary: number }>();
  for (const purchase of batch) {
    const entry = expected.get(purchase.customerId) ?? { frequency: 0, monetary: 0 };
    entry.frequency += 1;
    entry.monetary += Math.round(Number(purchase.amount) * 100);
    expected.set(purchase.customerId, entry);
  }
  const sample = ['customer-0', 'customer-1', 'customer-42', 'customer-96'];
  const afterFirst = await Promise.all(sample.map((id) => rfmOf(api, keys.secretKey, id, '2024-03-02')));
  sample.forEach((id, index) => {
    expect(afterFirst[index]!.frequency).toBe(expected.get(id)!.frequency);
    expect(afterFirst[index]!.monetary).toBe(expected.get(id)!.monetary);
  });

  for (let retry = 0; retry < 2; retry++) {
    const again = await api.call('POST', '/v1/purchases', { key: keys.secretKey, body: { purchases: batch } });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ accepted: 0, duplicates: 1000 });
  }
  const afterRetries = await Promise.all(sample.map((id) => rfmOf(api, keys.secretKey, id, '2024-03-02')));
  expect(afterRetries).toEqual(afterFirst);
  // The stored state (read without asOf) is for the server's today, whatever the clock: it must equal a
  // recomputation from purchases as of that same day.
  const stored = await Promise.all(sample.map((id) => rfmOf(api, keys.secretKey, id)));
  const recomputed = await Promise.all(sample.map((id, index) => rfmOf(api, keys.secretKey, id, stored[index]!.asOf)));
  expect(stored).toEqual(recomputed);
}

export async function invalidBatchWritesNothing(api: ApiClient, keys: WorkspaceKeys) {
  const batch: Record<string, unknown>[] = purchaseBatch(50, { prefix: 'bad-batch' });
  batch[17] = { ...batch[17], amount: 'twelve' };
  batch[33] = { ...batch[33], purchasedAt: 'yesterday' };
  delete batch[40]!.customerId;
  const response = await api.call('POST', '/v1/purchases', { key: keys.secretKey, body: { purchases: batch } });
  expect(response.status).toBe(400);
  expect(response.body.error.code).toBe('invalid_request');
  expect(response.body.error.field).toBe('purchases[17].amount');
  const named = response.body.error.problems.map((problem: { index: number; field: string }) => `${problem.index}:${problem.field}`);
  expect(named).toEqual(expect.arrayContaining(['17:purchases[17].amount', '33:purchases[33].purchasedAt', '40:purchases[40].customerId']));
  expect(response.body.error.message).toMatch(/3 of 50 purchases are invalid; nothing was stored/);

  for (const customerId of ['customer-0', 'customer-17', 'customer-49']) {
    const contact = await api.call('GET', `/v1/contacts/${customerId}`, { key: keys.secretKey });
    expect(contact.status).toBe(404);
  }
  const good = await api.call('POST', '/v1/purchases', { key: keys.secretKey, body: { purchases: purchaseBatch(50, { prefix: 'bad-batch' }) } });
  expect(good.body).toEqual({ accepted: 50, duplicates: 0 });
}

export async function keyScopesAreEnforced(api: ApiClient, keys: WorkspaceKeys) {
  const purchase = purchaseBatch(1, { prefix: 'scoped' })[0];
  const asPublishable = await api.call('POST', '/v1/purchases', { key: keys.publishableKey, body: purchase });
  expect(asPublishable.status).toBe(403);
  expect(asPublishable.body.error.code).toBe('forbidden');
  expect((await api.call('POST', `/v1/purchases?key=${keys.publishableKey}`, { body: purchase })).status).toBe(403);
  expect((await api.call('GET', '/v1/contacts/customer-0', { key: keys.publishableKey })).status).toBe(403);
  expect((await api.call('PUT', '/v1/contacts/customer-0', { key: keys.publishableKey, body: { email: 'a@b.test' } })).status).toBe(403);
  expect((await api.call('GET', '/v1/admin/rfm-config', { key: keys.publishableKey })).status).toBe(403);
  expect((await api.call('GET', '/v1/admin/rfm-config', { key: keys.secretKey })).status).toBe(403);
  expect((await api.call('GET', `/v1/contacts/customer-0?key=${keys.secretKey}`)).status).toBe(401);

  const none = await api.call('POST', '/v1/purchases', { body: purchase });
  expect(none.status).toBe(401);
  expect(none.body.error.message).toMatch(/Bearer/);
  const forged = await api.call('POST', '/v1/purchases', { key: `sk_${'x'.repeat(32)}`, body: purchase });
  expect(forged.status).toBe(401);

  const asSecret = await api.call('POST', '/v1/purchases', { key: keys.secretKey, body: purchase });
  expect(asSecret.status).toBe(201);
}

export async function workspacesAreIsolated(api: ApiClient, a: WorkspaceKeys, b: WorkspaceKeys) {
  const shared = { orderId: 'same-order', customerId: 'same-customer', amount: 10, currency: 'EUR', purchasedAt: '2024-02-01T10:00:00Z' };
  expect((await api.call('POST', '/v1/purchases', { key: a.secretKey, body: shared })).body).toEqual({ accepted: 1, duplicates: 0 });
  expect((await api.call('POST', '/v1/purchases', { key: b.secretKey, body: { ...shared, amount: 99 } })).body).toEqual({ accepted: 1, duplicates: 0 });
  await api.call('POST', '/v1/purchases', { key: a.secretKey, body: { ...shared, orderId: 'only-in-a', customerId: 'only-a' } });

  expect((await rfmOf(api, a.secretKey, 'same-customer', '2024-02-02')).monetary).toBe(1000);
  expect((await rfmOf(api, b.secretKey, 'same-customer', '2024-02-02')).monetary).toBe(9900);
  const fromB = await api.call('GET', '/v1/contacts/only-a', { key: b.secretKey });
  expect(fromB.status).toBe(404);
  expect((await api.call('GET', '/v1/contacts/only-a/export', { key: b.secretKey })).status).toBe(404);
  expect((await api.call('DELETE', '/v1/contacts/only-a', { key: b.secretKey })).status).toBe(404);
  expect((await api.call('PATCH', '/v1/purchases/only-in-a', { key: b.secretKey, body: { status: 'refunded' } })).status).toBe(404);
  expect((await api.call('GET', '/v1/contacts/only-a', { key: a.secretKey })).status).toBe(200);
}

export async function refundsLeaveRfm(api: ApiClient, keys: WorkspaceKeys) {
  const customerId = 'refunding-customer';
  const purchases = [
    { orderId: 'r-1', customerId, amount: '40.00', currency: 'EUR', purchasedAt: '2024-01-10T10:00:00Z' },
    { orderId: 'r-2', customerId, amount: '60.00', currency: 'EUR', purchasedAt: '2024-01-20T10:00:00Z' },
  ];
  await api.call('POST', '/v1/purchases', { key: keys.secretKey, body: { purchases } });
  expect(await rfmOf(api, keys.secretKey, customerId, '2024-01-30')).toMatchObject({ frequency: 2, monetary: 10000, recencyDays: 10 });

  const refunded = await api.call('PATCH', '/v1/purchases/r-2', { key: keys.secretKey, body: { status: 'refunded' } });
  expect(refunded.status).toBe(200);
  expect(await rfmOf(api, keys.secretKey, customerId, '2024-01-30')).toMatchObject({ frequency: 1, monetary: 4000, recencyDays: 20 });
  const stored = await rfmOf(api, keys.secretKey, customerId);
  expect(stored).toEqual(await rfmOf(api, keys.secretKey, customerId, stored.asOf));
  const exported = await api.call('GET', `/v1/contacts/${customerId}/export`, { key: keys.secretKey });
  expect(exported.body.rfmState).toMatchObject({ frequency: stored.frequency, monetary: stored.monetary });
  expect(exported.body.purchases.map((purchase: { status: string }) => purchase.status)).toEqual(['completed', 'refunded']);

  const badStatus = await api.call('PATCH', '/v1/purchases/r-1', { key: keys.secretKey, body: { status: 'lost' } });
  expect(badStatus.status).toBe(400);
  expect(badStatus.body.error.field).toBe('status');
  expect((await api.call('PATCH', '/v1/purchases/nope', { key: keys.secretKey, body: { status: 'refunded' } })).status).toBe(404);
}

export async function foreignCurrencyNeedsConversion(api: ApiClient, keys: WorkspaceKeys) {
  const base = { orderId: 'usd-1', customerId: 'traveller', amount: '11.00', currency: 'USD', purchasedAt: '2024-01-10T10:00:00Z' };
  const refused = await api.call('POST', '/v1/purchases', { key: keys.secretKey, body: base });
  expect(refused.status).toBe(400);
  expect(refused.body.error.field).toBe('currency');
  expect(refused.body.error.message).toMatch(/USD.*EUR.*amountInWorkspaceCurrency/);
  const accepted = await api.call('POST', '/v1/purchases', { key: keys.secretKey, body: { ...base, amountInWorkspaceCurrency: 10.15 } });
  expect(accepted.status).toBe(201);
  expect((await rfmOf(api, keys.secretKey, 'traveller', '2024-01-11')).monetary).toBe(1015);
  const tooPrecise = await api.call('POST', '/v1/purchases', { key: keys.secretKey, body: { ...base, orderId: 'usd-2', currency: 'EUR', amount: '1.005' } });
  expect(tooPrecise.body.error).toMatchObject({ field: 'amount', message: expect.stringMatching(/decimals/) });
}

export async function badInputGetsClearErrors(api: ApiClient, keys: WorkspaceKeys) {
  const notJson = await api.call('POST', '/v1/purchases', { key: keys.secretKey, rawBody: '{"orderId": ', headers: { 'content-type': 'application/json' } });
  expect(notJson.status).toBe(400);
  expect(notJson.body.error.message).toMatch(/not valid JSON/);
  const tooMany = await api.call('POST', '/v1/purchases', { key: keys.secretKey, body: { purchases: purchaseBatch(1001, { prefix: 'many' }) } });
  expect(tooMany.status).toBe(400);
  expect(tooMany.body.error.field).toBe('purchases');
  const empty = await api.call('POST', '/v1/purchases', { key: keys.secretKey, body: { purchases: [] } });
  expect(empty.status).toBe(400);
  const badEmail = await api.call('PUT', '/v1/contacts/someone', { key: keys.secretKey, body: { email: 'not-an-email' } });
  expect(badEmail.body.error.field).toBe('email');
  const badAsOf = await api.call('GET', '/v1/contacts/someone?asOf=2024-02-30', { key: keys.secretKey });
  expect(badAsOf.status).toBe(400);
  expect(badAsOf.body.error.field).toBe('asOf');
  const unknownRoute = await api.call('GET', '/v1/nothing-here', { key: keys.secretKey });
  expect(unknownRoute.status).toBe(404);
  expect(unknownRoute.body.error.code).toBe('not_found');
}

export async function contactLifecycle(api: ApiClient, keys: WorkspaceKeys) {
  const put = await api.call('PUT', '/v1/contacts/lifecycle', { key: keys.secretKey, body: { email: 'life@cycle.test', attributes: { country: 'DE', tags: ['vip'] } } });
  expect(put.status).toBe(200);
  await api.call('POST', '/v1/purchases', {
    key: keys.secretKey,
    body: { purchases: purchaseBatch(3, { prefix: 'life', customers: 1, day: '2024-04-01' }).map((purchase) => ({ ...purchase, customerId: 'lifecycle' })) },
  });
  const contact = await api.call('GET', '/v1/contacts/lifecycle?asOf=2024-04-11', { key: keys.secretKey });
  expect(contact.body).toMatchObject({ customerId: 'lifecycle', email: 'life@cycle.test', attributes: { country: 'DE', tags: ['vip'] } });
  expect(contact.body.rfm).toMatchObject({ recencyDays: 10, frequency: 3, firstPurchaseAt: '2024-04-01T08:15:00.000Z', lastPurchaseAt: '2024-04-01T10:15:00.000Z' });
  expect(contact.body.rfm.bands).toEqual({ r: expect.any(String), f: expect.any(String), m: expect.any(String) });
  for (const segment of contact.body.segments) {
    expect(segment).toEqual({ key: expect.any(String), name: expect.any(String), why: expect.any(Array) });
    expect(segment.why.length).toBeGreaterThan(0);
  }

  const exported = await api.call('GET', '/v1/contacts/lifecycle/export', { key: keys.secretKey });
  expect(exported.body.contact.email).toBe('life@cycle.test');
  expect(exported.body.purchases).toHaveLength(3);

  const erased = await api.call('DELETE', '/v1/contacts/lifecycle', { key: keys.secretKey });
  expect(erased.status).toBe(204);
  expect((await api.call('GET', '/v1/contacts/lifecycle', { key: keys.secretKey })).status).toBe(404);
  expect((await api.call('GET', '/v1/contacts/lifecycle/export', { key: keys.secretKey })).status).toBe(404);
}

export async function rfmConfigRoundTrip(api: ApiClient, keys: WorkspaceKeys) {
  const current = await api.call('GET', '/v1/admin/rfm-config', { key: keys.adminKey });
  expect(current.status).toBe(200);
  const config = current.body.config;
  const broken = await api.call('PUT', '/v1/admin/rfm-config', { key: keys.adminKey, body: { ...config, bands: { ...config.bands, r: { ...config.bands.r, thresholds: [90, 30] } } } });
  expect(broken.status).toBe(400);
  expect(broken.body.error.field).toBe('bands.r.thresholds');

  const renamed = structuredClone(config);
  renamed.bands.r = { mode: 'fixed', names: [{ key: 'fresh', label: 'Fresh' }, { key: 'cooling', label: 'Cooling' }, { key: 'cold', label: 'Cold' }], thresholds: [7, 14] };
  renamed.windowDays = null;
  const saved = await api.call('PUT', '/v1/admin/rfm-config', { key: keys.adminKey, body: renamed });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  expect(saved.body.thresholds.bands.r).toEqual([7, 14]);

  await api.call('POST', '/v1/purchases', { key: keys.secretKey, body: { orderId: 'cfg-1', customerId: 'cfg', amount: 5, currency: 'EUR', purchasedAt: '2024-05-01T12:00:00Z' } });
  expect((await rfmOf(api, keys.secretKey, 'cfg', '2024-05-05')).bands.r).toBe('fresh');
  expect((await rfmOf(api, keys.secretKey, 'cfg', '2024-05-12')).bands.r).toBe('cooling');
  expect((await rfmOf(api, keys.secretKey, 'cfg', '2024-06-12')).bands.r).toBe('cold');
}

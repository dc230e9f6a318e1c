import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as scenarios from '../scenarios/browser.ts';
import { startNodeHarness, type NodeHarness } from './harness.ts';

const DAY = 86_400_000;

describe('the admin contacts API', () => {
  let harness: NodeHarness;
  beforeAll(async () => {
    harness = await startNodeHarness(Date.parse('2026-06-10T12:00:00Z'));
  });
  afterAll(() => harness.close());

  it('searches, shows the 360° view, exports and erases a contact completely', async () => {
    const keys = await harness.workspace();
    // 'collector' gets a visitor, events and behaviour through the real collect and identify endpoints
    await scenarios.collectStoresBehaviour(harness.api, keys);
    await harness.api.call('PUT', '/v1/contacts/collector', { key: keys.secretKey, body: { email: 'Collector@Example.com', attributes: { country: 'Germany' } } });
    const buy = (orderId: string, customerId: string, daysAgo: number, amount: string, email?: string) =>
      harness.api.call('POST', '/v1/purchases', {
        key: keys.secretKey,
        body: { orderId, customerId, email, amount, currency: 'EUR', purchasedAt: new Date(harness.clock.now - daysAgo * DAY).toISOString(), items: [{ sku: 'cake', quantity: 1, price: Number(amount) }] },
      });
    for (const [orderId, customerId, daysAgo, amount, email] of [
      ['o1', 'collector', 60, '80.00'],
      ['o2', 'collector', 2, '120.00'],
      ['o3', 'Big-Spender', 5, '900.00', 'big@example.com'],
      ['o4', 'small-1', 10, '5.00', 'small@example.org'],
    ] as const)
      expect((await buy(orderId, customerId, daysAgo, amount, email)).status).toBe(201);
    const segment = await harness.api.call('POST', '/v1/admin/segments', {
      key: keys.adminKey,
      body: { key: 'germans', name: 'Germans', direction: 'outbound', rule: { field: 'attributes.country', op: 'eq', value: 'Germany' } },
    });
    expect(segment.status).toBe(201);

    const search = (query: string) => harness.api.call('GET', `/v1/admin/contacts?${query}`, { key: keys.adminKey });
    expect((await search('')).body.contacts.map((hit: { customerId: string }) => hit.customerId)).toEqual(['Big-Spender', 'collector', 'small-1']);
    expect((await search('limit=1')).body.contacts.map((hit: { customerId: string }) => hit.customerId)).toEqual(['Big-Spender']);
    expect((await search('query=big')).body.contacts.map((hit: { customerId: string }) => hit.customerId)).toEqual(['Big-Spender']);
    expect((await search('query=COLLECTOR%40ex')).body.contacts.map((hit: { customerId: string }) => hit.customerId)).toEqual(['collector']);
    expect((await search('query=small')).body.contacts).toEqual([
      { customerId: 'small-1', email: 'small@example.org', rfm: { recencyDays: 10, frequency: 1, monetary: 500, bands: { r: 'short', f: 'occasional', m: expect.any(String) }, named: expect.any(String) } },
    ]);
    expect((await search('query=nobody')).body.contacts).toEqual([]);
    expect((await search('limit=0')).status).toBe(400);
    expect((await search('limit=0')).body.error.field).toBe('limit');

    const view = await harness.api.call('GET', '/v1/admin/contacts/collector', { key: keys.adminKey });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ customerId: 'collector', email: 'Collector@Example.com', attributes: { country: 'Germany' } });
    expect(view.body.rfm).toMatchObject({ recencyDays: 2, frequency: 2, monetary: 20000, bands: { r: 'short', f: 'regular' } });
    expect(view.body.bandHistory[0]).toMatchObject({ bands: { r: 'short', f: 'regular' }, frequency: 2, monetary: 20000 });
    expect(view.body.segments).toContainEqual({ key: 'germans', name: 'Germans', why: [expect.objectContaining({ field: 'attributes.country', actual: 'Germany', passed: true })] });
    expect(view.body.segments).toContainEqual(expect.objectContaining({ key: view.body.rfm.named }));
    expect(view.body.purchases.map((purchase: { orderId: string }) => purchase.orderId)).toEqual(['o2', 'o1']);
    expect(view.body.events.map((event: { type: string }) => event.type)).toEqual(['add_to_cart', 'product_view', 'page_view']);
    expect(Array.isArray(view.body.deliveries)).toBe(true);

    const exported = await harness.api.call('GET', '/v1/admin/contacts/collector/export', { key: keys.adminKey });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="contact-collector.json"');
    expect(exported.body.contact.email).toBe('Collector@Example.com');
    expect(exported.body.purchases.map((purchase: { orderId: string }) => purchase.orderId)).toEqual(['o1', 'o2']);
    expect(exported.body.events).toHaveLength(3);
    expect(exported.body.visitors).toHaveLength(1);
    expect(exported.body.segmentMemberships.map((membership: { segmentKey: string }) => membership.segmentKey)).toContain('germans');
    expect(exported.body.segmentTransitions.length).toBeGreaterThan(0);
    expect(exported.body.bandHistory.length).toBeGreaterThan(0);

    const { rows } = await harness.driver.execute({ sql: `SELECT id FROM contacts WHERE workspace_id = ? AND customer_id = 'collector'`, args: [keys.workspaceId] });
    const contactId = Number(rows[0]!.id);
    const revenueBefore = await harness.api.call('GET', '/v1/admin/dashboard', { key: keys.adminKey });
    expect((await harness.api.call('DELETE', '/v1/admin/contacts/collector', { key: keys.adminKey })).status).toBe(204);
    const left = async (sql: string, args: unknown[]) => Number((await harness.driver.execute({ sql, args })).rows[0]!.n);
    for (const [table, where, args] of [
      ['contacts', 'id = ?', [contactId]],
      ['contact_rfm', 'contact_id = ?', [contactId]],
      ['contact_rfm_history', 'contact_id = ?', [contactId]],
      ['purchases', 'contact_id = ?', [contactId]],
      ['visitors', 'contact_id = ?', [contactId]],
      ['events', `visitor_id = 'visitor-collect-01'`, []],
      ['behaviour_counts', `visitor_id = 'visitor-collect-01'`, []],
      ['segment_memberships', 'contact_id = ?', [contactId]],
      ['segment_transitions', 'contact_id = ?', [contactId]],
    ] as const)
      expect(await left(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, [...args]), table).toBe(0);
    // the purchase and product sums lose its orders too (product sums are folded in when the dashboard reads them)
    await harness.api.call('GET', '/v1/admin/dashboard', { key: keys.adminKey });
    expect(await left(`SELECT coalesce(sum(revenue), 0) AS n FROM purchase_stats WHERE workspace_id = ?`, [keys.workspaceId])).toBe(90500);
    expect(await left(`SELECT coalesce(sum(revenue), 0) AS n FROM product_stats WHERE workspace_id = ?`, [keys.workspaceId])).toBe(90500);
    const revenueAfter = await harness.api.call('GET', '/v1/admin/dashboard', { key: keys.adminKey });
    expect(revenueAfter.body.totals.contacts).toBe(revenueBefore.body.totals.contacts - 1);

    for (const [method, path] of [
      ['GET', '/v1/admin/contacts/collector'],
      ['GET', '/v1/admin/contacts/collector/export'],
      ['DELETE', '/v1/admin/contacts/collector'],
    ] as const) {
      const gone = await harness.api.call(method, path, { key: keys.adminKey });
      expect(gone.status, `${method} ${path}`).toBe(404);
      expect(gone.body.error.code).toBe('contact_not_found');
    }
    expect((await harness.api.call('GET', '/v1/admin/contacts', { key: keys.secretKey })).status).toBe(403);
  });

  it('never shows another workspace’s contacts', async () => {
    const mine = await harness.workspace();
    const theirs = await harness.workspace();
    await harness.api.call('POST', '/v1/purchases', {
      key: theirs.secretKey,
      body: { orderId: 'x1', customerId: 'secret-customer', amount: '10.00', currency: 'EUR', purchasedAt: new Date(harness.clock.now - DAY).toISOString() },
    });
    expect((await harness.api.call('GET', '/v1/admin/contacts?query=secret', { key: mine.adminKey })).body.contacts).toEqual([]);
    expect((await harness.api.call('GET', '/v1/admin/contacts/secret-customer', { key: mine.adminKey })).status).toBe(404);
    expect((await harness.api.call('DELETE', '/v1/admin/contacts/secret-customer', { key: mine.adminKey })).status).toBe(404);
  });
  it('erases the same way through the public DELETE /v1/contacts/:id: nothing holding the contact is left', async () => {
    const keys = await harness.workspace();
    const segment = await harness.api.call('POST', '/v1/admin/segments', {
      key: keys.adminKey,
      body: { key: 'germans', name: 'Germans', direction: 'outbound', rule: { field: 'attributes.country', op: 'eq', value: 'Germany' } },
    });
    expect(segment.status).toBe(201);
    await harness.api.call('PUT', '/v1/contacts/gone', { key: keys.secretKey, body: { email: 'gone@example.com', attributes: { country: 'Germany' } } });
    const bought = await harness.api.call('POST', '/v1/purchases', {
      key: keys.secretKey,
      body: { orderId: 'g1', customerId: 'gone', email: 'gone@example.com', amount: '50.00', currency: 'EUR', purchasedAt: new Date(harness.clock.now - DAY).toISOString() },
    });
    expect(bought.status).toBe(201);
    const { rows } = await harness.driver.execute({ sql: `SELECT id FROM contacts WHERE workspace_id = ? AND customer_id = 'gone'`, args: [keys.workspaceId] });
    const contactId = Number(rows[0]!.id);
    const count = async (table: string, column = 'contact_id') =>
      Number((await harness.driver.execute({ sql: `SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`, args: [contactId] })).rows[0]!.n);
    // entering the segment made a membership and a transition (which carries a snapshot of the contact)
    expect(await count('segment_transitions')).toBeGreaterThan(0);
    expect((await harness.api.call('DELETE', '/v1/contacts/gone', { key: keys.secretKey })).status).toBe(204);
    expect(await count('contacts', 'id')).toBe(0);
    for (const table of ['contact_rfm', 'contact_rfm_history', 'purchases', 'segment_memberships', 'segment_transitions']) expect(await count(table), table).toBe(0);
  });
});

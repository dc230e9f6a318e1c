import { SELF } from 'cloudflare:test';
import { describe, expect, inject, it } from 'vitest';
import { apiClient } from '../scenarios/client.ts';

const api = apiClient((request) => SELF.fetch(request));
// segments.test.ts takes workspaces 24–27; these are the last two of global-setup's thirty.
const [keys] = inject('workspaces').slice(28);

describe('the admin dashboard and contacts in the Workers runtime over libSQL HTTP', () => {
  it('answers the dashboard, a cell, the distribution, and the contacts search, 360°, export and erase', async () => {
    if (!keys) throw new Error('global-setup created too few workspaces for the worker tests');
    const day = 86_400_000;
    const purchases = [
      { orderId: 'w1', customerId: 'wa', email: 'wa@example.com', amount: '25.00', daysAgo: 3, items: [{ sku: 'mug', quantity: 2, price: 10 }, { sku: 'tea', quantity: 1, price: 5 }] },
      { orderId: 'w2', customerId: 'wb', email: 'wb@example.com', amount: '40.00', daysAgo: 50, items: [{ sku: 'tea', quantity: 8, price: 5 }] },
    ].map(({ daysAgo, ...purchase }) => ({ ...purchase, currency: 'EUR', purchasedAt: new Date(Date.now() - daysAgo * day).toISOString() }));
    expect((await api.call('POST', '/v1/purchases', { key: keys.secretKey, body: { purchases } })).status).toBe(201);

    const dashboard = await api.call('GET', '/v1/admin/dashboard?compareDays=60', { key: keys.adminKey });
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.totals).toEqual({ contacts: 2, revenue: 6500, transactions: 2 });
    expect(dashboard.body.movement.newContacts).toBe(2);
    expect(dashboard.body.recency.recent.products.map((product: { sku: string }) => product.sku)).toEqual(['tea', 'mug']);

    const cell = await api.call('GET', '/v1/admin/dashboard/cell?pair=rf&row=0&column=0', { key: keys.adminKey });
    expect(cell.status).toBe(200);
    expect(cell.body.contacts.map((contact: { customerId: string }) => contact.customerId)).toEqual(['wa']);
    expect((await api.call('GET', '/v1/admin/dashboard/distribution', { key: keys.adminKey })).body.dimensions.f.points).toEqual([{ value: 1, contacts: 2 }]);

    expect((await api.call('GET', '/v1/admin/contacts?query=WB', { key: keys.adminKey })).body.contacts.map((hit: { customerId: string }) => hit.customerId)).toEqual(['wb']);
    expect((await api.call('GET', '/v1/admin/contacts/wa', { key: keys.adminKey })).body.purchases.map((purchase: { orderId: string }) => purchase.orderId)).toEqual(['w1']);
    expect((await api.call('GET', '/v1/admin/contacts/wa/export', { key: keys.adminKey })).headers.get('content-disposition')).toContain('contact-wa.json');
    expect((await api.call('DELETE', '/v1/admin/contacts/wa', { key: keys.adminKey })).status).toBe(204);
    expect((await api.call('GET', '/v1/admin/contacts/wa', { key: keys.adminKey })).body.error.code).toBe('contact_not_found');
    const after = await api.call('GET', '/v1/admin/dashboard?compareDays=60', { key: keys.adminKey });
    expect(after.body.totals).toEqual({ contacts: 1, revenue: 4000, transactions: 1 });
    expect(after.body.recency.recent.products).toEqual([{ sku: 'tea', name: null, revenue: 4000, quantity: 8, orders: 1 }]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNodeHarness, type NodeHarness } from './harness.ts';

const DAY = 86_400_000;

describe('the RFM dashboard numbers', () => {
  let harness: NodeHarness;
  beforeAll(async () => {
    harness = await startNodeHarness(Date.now());
  });
  afterAll(() => harness.close());

  it('equal what the contacts themselves say, band by band, cell by cell and segment by segment', async () => {
    const keys = await harness.workspace();
    const customers = Array.from({ length: 40 }, (_, index) => ({ id: `d${index}`, orders: 1 + (index % 7), daysAgo: (index * 17) % 300, amount: 10 + ((index * 37) % 400) }));
    const purchases = customers.flatMap((customer) =>
      Array.from({ length: customer.orders }, (_, order) => ({
        orderId: `${customer.id}-${order}`,
        customerId: customer.id,
        amount: `${customer.amount}.00`,
        currency: 'EUR',
        purchasedAt: new Date(harness.clock.now - (customer.daysAgo + order * 3) * DAY).toISOString(),
      })),
    );
    expect((await harness.api.call('POST', '/v1/purchases', { key: keys.secretKey, body: { purchases } })).status).toBe(201);
    await harness.api.call('PUT', '/v1/contacts/never-bought', { key: keys.secretKey, body: { email: 'n@example.com' } });

    const dashboard = await harness.api.call('GET', '/v1/admin/dashboard', { key: keys.adminKey });
    expect(dashboard.status).toBe(200);
    const contacts = await Promise.all(customers.map(async (customer) => (await harness.api.call('GET', `/v1/contacts/${customer.id}`, { key: keys.secretKey })).body.rfm));

    expect(dashboard.body.totals).toEqual({
      contacts: customers.length,
      revenue: contacts.reduce((sum, rfm) => sum + rfm.monetary, 0),
      transactions: contacts.reduce((sum, rfm) => sum + rfm.frequency, 0),
    });
    for (const dimension of ['r', 'f', 'm'] as const) {
      const bands = dashboard.body.bands[dimension] as { key: string; contacts: number; revenue: number; transactions: number; share: number }[];
      expect(bands.reduce((sum, band) => sum + band.share, 0)).toBeCloseTo(1, 10);
      for (const band of bands) {
        const inBand = contacts.filter((rfm) => rfm.bands[dimension] === band.key);
        expect({ key: band.key, contacts: band.contacts, revenue: band.revenue, transactions: band.transactions }).toEqual({
          key: band.key,
          contacts: inBand.length,
          revenue: inBand.reduce((sum, rfm) => sum + rfm.monetary, 0),
          transactions: inBand.reduce((sum, rfm) => sum + rfm.frequency, 0),
        });
      }
    }
    const keysOf = (dimension: 'r' | 'f' | 'm') => (dashboard.body.bands[dimension] as { key: string }[]).map((band) => band.key);
    const rf = dashboard.body.heatmaps.rf as { contacts: number; revenue: number }[][];
    rf.forEach((row, rowIndex) =>
      row.forEach((cell, columnIndex) => {
        const inCell = contacts.filter((rfm) => rfm.bands.r === keysOf('r')[rowIndex] && rfm.bands.f === keysOf('f')[columnIndex]);
        expect(cell).toEqual({ contacts: inCell.length, revenue: inCell.reduce((sum, rfm) => sum + rfm.monetary, 0) });
      }),
    );
    for (const segment of dashboard.body.named as { key: string; contacts: number }[]) {
      expect(segment.contacts, segment.key).toBe(contacts.filter((rfm) => rfm.named === segment.key).length);
    }
    expect((await harness.api.call('GET', '/v1/admin/dashboard', { key: keys.secretKey })).status).toBe(403);
  });
});

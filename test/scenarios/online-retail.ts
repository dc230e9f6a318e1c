import { expect } from 'vitest';
import type { ApiClient, WorkspaceKeys } from './client.ts';

export interface RetailPurchase {
  orderId: string;
  customerId: string;
  purchasedAt: string;
  amountMinor: number;
}

export interface ReferenceCustomer {
  recencyDays: number;
  frequency: number;
  monetary: number;
  frequency365: number;
  monetary365: number;
  firstPurchaseAt: string;
  lastPurchaseAt: string;
}

export interface RetailReference {
  asOf: string;
  customers: Record<string, ReferenceCustomer>;
}

export function parseRetailCsv(csv: string): RetailPurchase[] {
  const [header, ...lines] = csv.trim().split('\n');
  const columns = header!.split(',');
  const at = (name: string) => columns.indexOf(name);
  return lines.map((line) => {
    const cells = line.split(',');
    return { orderId: cells[at('orderId')]!, customerId: cells[at('customerId')]!, purchasedAt: cells[at('purchasedAt')]!, amountMinor: Number(cells[at('amountMinor')]) };
  });
}

async function setWindow(api: ApiClient, keys: WorkspaceKeys, windowDays: number | null) {
  const current = await api.call('GET', '/v1/admin/rfm-config', { key: keys.adminKey });
  const saved = await api.call('PUT', '/v1/admin/rfm-config', { key: keys.adminKey, body: { ...current.body.config, windowDays } });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
}

/**
 * The UCI Online Retail purchases, posted through the public API, must give every sampled customer the recency,
 * frequency and monetary value that an independent computation (test/fixtures/online-retail/reference.py) found.
 */
export async function onlineRetailMatchesReference(
  api: ApiClient,
  keys: WorkspaceKeys,
  purchases: readonly RetailPurchase[],
  reference: RetailReference,
  options: { storedStateIsAsOfReference: boolean },
) {
  await setWindow(api, keys, null);
  for (let start = 0; start < purchases.length; start += 1000) {
    const batch = purchases.slice(start, start + 1000).map((purchase) => ({
      orderId: purchase.orderId,
      customerId: purchase.customerId,
      amount: (purchase.amountMinor / 100).toFixed(2),
      currency: 'GBP',
      purchasedAt: purchase.purchasedAt,
    }));
    const response = await api.call('POST', '/v1/purchases', { key: keys.secretKey, body: { purchases: batch } });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.duplicates).toBe(0);
  }

  const sample = Object.entries(reference.customers);
  const read = (customerId: string, asOf?: string) =>
    api.call('GET', `/v1/contacts/${customerId}${asOf ? `?asOf=${asOf}` : ''}`, { key: keys.secretKey }).then((response) => {
      expect(response.status).toBe(200);
      return response.body.rfm;
    });

  for (const [customerId, expected] of sample) {
    const rfm = await read(customerId, reference.asOf);
    expect({ customerId, ...pick(rfm) }).toEqual({
      customerId,
      recencyDays: expected.recencyDays,
      frequency: expected.frequency,
      monetary: expected.monetary,
      firstPurchaseAt: expected.firstPurchaseAt,
      lastPurchaseAt: expected.lastPurchaseAt,
    });
    if (options.storedStateIsAsOfReference) expect({ customerId, ...pick(await read(customerId)) }).toEqual({ customerId, ...pick(rfm) });
  }

  await setWindow(api, keys, 365);
  for (const [customerId, expected] of sample) {
    const rfm = await read(customerId, reference.asOf);
    expect({ customerId, frequency: rfm.frequency, monetary: rfm.monetary, recencyDays: rfm.recencyDays }).toEqual({
      customerId,
      frequency: expected.frequency365,
      monetary: expected.monetary365,
      recencyDays: expected.recencyDays,
    });
    if (options.storedStateIsAsOfReference) {
      const stored = await read(customerId);
      expect({ customerId, frequency: stored.frequency, monetary: stored.monetary }).toEqual({ customerId, frequency: expected.frequency365, monetary: expected.monetary365 });
    }
  }
}

function pick(rfm: Record<string, unknown>) {
  return { recencyDays: rfm.recencyDays, frequency: rfm.frequency, monetary: rfm.monetary, firstPurchaseAt: rfm.firstPurchaseAt, lastPurchaseAt: rfm.lastPurchaseAt };
}

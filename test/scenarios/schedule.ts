import { expect } from 'vitest';
import type { ApiClient, WorkspaceKeys } from './client.ts';

const DAY_MS = 86_400_000;

/**
 * Time alone changes RFM: a purchase leaving the 365-day window must leave the stored state when the scheduled
 * work runs with a later clock. `runSchedule(at)` runs the runtime's own scheduled entry (timer or Cron Trigger).
 */
export async function scheduledWorkExpiresTheWindow(api: ApiClient, keys: WorkspaceKeys, now: number, runSchedule: (at: number) => Promise<void>) {
  const purchasedAt = new Date(now - 364 * DAY_MS).toISOString();
  const posted = await api.call('POST', '/v1/purchases', {
    key: keys.secretKey,
    body: { purchases: [{ orderId: 'old-1', customerId: 'drifting', amount: '120.00', currency: 'EUR', purchasedAt }] },
  });
  expect(posted.status).toBe(201);
  const stateOf = async () => (await api.call('GET', '/v1/contacts/drifting/export', { key: keys.secretKey })).body.rfmState;
  expect(await stateOf()).toMatchObject({ frequency: 1, monetary: 12000 });

  await runSchedule(now + 2 * DAY_MS);
  const after = await stateOf();
  expect(after).toMatchObject({ frequency: 0, monetary: 0, window_oldest_day: null });
  expect(after.last_purchase_at).toBe(Date.parse(purchasedAt));
  expect(after.r_band).toBe(2);
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMovement, type Movement } from '../../edge/dashboard/states.ts';
import type { DashboardPeriod } from '../../edge/dashboard/params.ts';
import { NAMED_SEGMENTS } from '../../edge/engine/rfm/index.ts';
import { runDailyTick } from '../../edge/rfm/schedule.ts';
import { startNodeHarness, type NodeHarness } from './harness.ts';

const WORKSPACE = 'ws_movement_property';
const OTHER_WORKSPACE = 'ws_movement_noise';
const NO_NAMED = 99;

interface HistoryRow {
  contactId: number;
  day: number;
  r: number;
  f: number;
  m: number;
  named: number;
}

/** a deterministic pseudo-random sequence, so a failure can be replayed */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

function randomHistory(random: () => number, contacts: number, firstDay: number, lastDay: number): HistoryRow[] {
  const rows: HistoryRow[] = [];
  const pick = (count: number) => Math.floor(random() * count);
  for (let contactId = 1; contactId <= contacts; contactId++) {
    const days = new Set<number>();
    const changes = pick(6);
    for (let change = 0; change < changes; change++) days.add(firstDay + pick(lastDay - firstDay + 1));
    for (const day of days) {
      const bought = random() < 0.9;
      rows.push({ contactId, day, r: pick(3), f: pick(3), m: pick(3), named: bought ? pick(NAMED_SEGMENTS.length) : NO_NAMED });
    }
  }
  return rows;
}

/** the definition, written the slow way: each contact's latest row on or before each day, compared */
function bruteForceMovement(rows: HistoryRow[], compareDay: number, asOf: number): Movement {
  const latestOnOrBefore = (contactRows: HistoryRow[], day: number) =>
    contactRows.filter((row) => row.day <= day).sort((a, b) => b.day - a.day)[0];
  const movement: Movement = {
    r: { up: 0, down: 0 },
    f: { up: 0, down: 0 },
    m: { up: 0, down: 0 },
    named: Object.fromEntries(NAMED_SEGMENTS.map((segment) => [segment.key, { entered: 0, left: 0 }])),
    newContacts: 0,
  };
  const byContact = new Map<number, HistoryRow[]>();
  for (const row of rows) byContact.set(row.contactId, [...(byContact.get(row.contactId) ?? []), row]);
  for (const contactRows of byContact.values()) {
    const before = latestOnOrBefore(contactRows, compareDay);
    const after = latestOnOrBefore(contactRows, asOf);
    if (!after) continue;
    const sameState = before && before.r === after.r && before.f === after.f && before.m === after.m && before.named === after.named;
    if (sameState) continue;
    if (!before) movement.newContacts++;
    if (before && before.named !== NO_NAMED && after.named !== NO_NAMED) {
      if (after.r < before.r) movement.r.up++;
      if (after.r > before.r) movement.r.down++;
      for (const dimension of ['f', 'm'] as const) {
        if (after[dimension] > before[dimension]) movement[dimension].up++;
        if (after[dimension] < before[dimension]) movement[dimension].down++;
      }
    }
    if (before?.named !== after.named) {
      if (after.named !== NO_NAMED) movement.named[NAMED_SEGMENTS[after.named]!.key]!.entered++;
      if (before && before.named !== NO_NAMED) movement.named[NAMED_SEGMENTS[before.named]!.key]!.left++;
    }
  }
  return movement;
}

describe('dashboard movement read through the (workspace, day) history index', () => {
  let harness: NodeHarness;
  let rows: HistoryRow[];
  const firstDay = 20_000;
  const lastDay = 20_120;
  beforeAll(async () => {
    harness = await startNodeHarness(Date.parse('2026-11-23T10:00:00Z'));
    rows = randomHistory(seededRandom(20_261_123), 400, firstDay, lastDay);
    const noise = randomHistory(seededRandom(7), 50, firstDay, lastDay);
    const insert = (workspaceId: string, row: HistoryRow) => ({
      sql: `INSERT INTO contact_rfm_history (workspace_id, contact_id, day, r_band, f_band, m_band, named, frequency, monetary, code)
            VALUES (?, ?, ?, ?, ?, ?, ?, 1, 100, ?)`,
      args: [workspaceId, row.contactId, row.day, row.r, row.f, row.m, row.named === NO_NAMED ? null : NAMED_SEGMENTS[row.named]!.key,
        row.r * 10_000 + row.f * 1_000 + row.m * 100 + row.named],
    });
    await harness.driver.batch([...rows.map((row) => insert(WORKSPACE, row)), ...noise.map((row) => insert(OTHER_WORKSPACE, row))]);
  }, 60_000);
  afterAll(async () => {
    await harness.close();
  });

  it('equals a brute-force computation for many comparison and dashboard days', async () => {
    const random = seededRandom(42);
    const pairs: [number, number][] = [[firstDay - 1, lastDay + 1], [firstDay, lastDay], [lastDay, lastDay + 30], [firstDay - 30, firstDay - 1]];
    for (let sample = 0; sample < 20; sample++) {
      const asOf = firstDay + Math.floor(random() * (lastDay - firstDay + 20));
      pairs.push([asOf - 1 - Math.floor(random() * 60), asOf]);
    }
    for (const [compareDay, asOf] of pairs) {
      const period: DashboardPeriod = { today: lastDay + 40, asOf, from: asOf - 364, to: asOf, compareDay, compareDays: asOf - compareDay, frameIsWindow: true };
      const expected = bruteForceMovement(rows, compareDay, asOf);
      // the default (lookups of the changed contacts here), and forced each way: lookups, one pass over the history
      expect(await loadMovement(harness.driver, WORKSPACE, period), `compare ${compareDay} → ${asOf}`).toEqual(expected);
      expect(await loadMovement(harness.driver, WORKSPACE, period, Number.MAX_SAFE_INTEGER), `lookups ${compareDay} → ${asOf}`).toEqual(expected);
      expect(await loadMovement(harness.driver, WORKSPACE, period, -1), `one pass ${compareDay} → ${asOf}`).toEqual(expected);
    }
  });

  it('uses the (workspace, day) index to find the changed contacts', async () => {
    const { rows: plan } = await harness.driver.execute({
      sql: 'EXPLAIN QUERY PLAN SELECT DISTINCT contact_id FROM contact_rfm_history WHERE workspace_id = ? AND day > ? AND day <= ?',
      args: [WORKSPACE, firstDay, lastDay],
    });
    expect(plan.map((step) => String(step.detail)).join('\n')).toContain('contact_rfm_history_day');
  });

  it('the daily tick folds the queued purchases with items into the product sums', async () => {
    const keys = await harness.workspace({ timeZone: 'Europe/Berlin' });
    const purchase = { orderId: 'fold-1', customerId: 'folded', amount: '25.00', currency: 'EUR', purchasedAt: new Date(harness.clock.now - 3_600_000).toISOString(),
      items: [{ sku: 'mug', name: 'Mug', quantity: 2, price: 10 }, { sku: 'tea', quantity: 1, price: 5 }] };
    expect((await harness.api.call('POST', '/v1/purchases', { key: keys.secretKey, body: purchase })).status).toBe(201);
    const pending = async () => Number((await harness.driver.execute({ sql: 'SELECT count(*) AS n FROM product_stats_pending WHERE workspace_id = ?', args: [keys.workspaceId] })).rows[0]!.n);
    expect(await pending()).toBe(1);
    await runDailyTick(harness.driver, keys.workspaceId, harness.clock.now);
    expect(await pending()).toBe(0);
    const { rows } = await harness.driver.execute({ sql: 'SELECT sku, revenue FROM product_stats WHERE workspace_id = ? ORDER BY sku', args: [keys.workspaceId] });
    expect(rows.map((row) => [row.sku, Number(row.revenue)])).toEqual([['mug', 2000], ['tea', 500]]);
  });
});

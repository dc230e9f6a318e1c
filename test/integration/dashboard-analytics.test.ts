import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoWorkspace } from '../../edge/demo/seed.ts';
import { NAMED_SEGMENTS, bandCountsFromPoints } from '../../edge/engine/rfm/index.ts';
import { isoDateFromDayNumber, localDayNumber } from '../../edge/engine/time/index.ts';
import { runDailyTick } from '../../edge/rfm/schedule.ts';
import type { WorkspaceCredentials } from '../../edge/workspaces/workspace.ts';
import { startNodeHarness, type NodeHarness } from './harness.ts';

const DAY = 86_400_000;
type Dimension = 'r' | 'f' | 'm';
const DIMENSIONS: Dimension[] = ['r', 'f', 'm'];
const BAND_COLUMN = { r: 'r_band', f: 'f_band', m: 'm_band' } as const;

describe('the dashboard on the demo data (Online Retail)', () => {
  let harness: NodeHarness;
  let demo: WorkspaceCredentials;
  let folder: string;
  beforeAll(async () => {
    harness = await startNodeHarness(Date.parse('2026-11-23T10:00:00Z'));
    folder = mkdtempSync(join(tmpdir(), 'rfm-edge-demo-'));
    ({ credentials: demo } = await ensureDemoWorkspace(harness.driver, join(folder, 'demo.json'), harness.clock.now, []));
  }, 120_000);
  afterAll(async () => {
    await harness.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const sqlCount = async (sql: string, args: unknown[] = []) => Number((await harness.driver.execute({ sql, args })).rows[0]!.n);

  it('agrees with direct SQL over the contacts, band by band and cell by cell', async () => {
    const { status, body } = await harness.api.call('GET', '/v1/admin/dashboard', { key: demo.adminKey });
    expect(status).toBe(200);
    expect(body.totals.contacts).toBe(4338);
    expect(body.totals.contacts).toBe(await sqlCount('SELECT count(*) AS n FROM contact_rfm WHERE workspace_id = ? AND last_purchase_day IS NOT NULL', [demo.workspaceId]));
    expect(body.period).toMatchObject({ asOf: '2026-11-23', to: '2026-11-23', compareDays: 30, historical: false, frameIsWindow: true });
    for (const dimension of DIMENSIONS) {
      for (const [index, band] of (body.bands[dimension] as { contacts: number; revenue: number; transactions: number; transactionsPerContact: number; frameRevenue: number }[]).entries()) {
        const { rows } = await harness.driver.execute({
          sql: `SELECT count(*) AS n, coalesce(sum(monetary), 0) AS revenue, coalesce(sum(frequency), 0) AS transactions FROM contact_rfm
                WHERE workspace_id = ? AND last_purchase_day IS NOT NULL AND ${BAND_COLUMN[dimension]} = ?`,
          args: [demo.workspaceId, index],
        });
        expect([band.contacts, band.revenue, band.transactions]).toEqual([Number(rows[0]!.n), Number(rows[0]!.revenue), Number(rows[0]!.transactions)]);
        expect(band.transactionsPerContact).toBeCloseTo(band.contacts ? band.transactions / band.contacts : 0, 10);
        expect(band.frameRevenue).toBe(band.revenue);
      }
    }
    for (const [pair, [rows, columns]] of Object.entries({ rf: ['r', 'f'], fm: ['f', 'm'], rm: ['r', 'm'] }) as [string, [Dimension, Dimension]][]) {
      for (const row of [0, 1, 2])
        for (const column of [0, 1, 2]) {
          const expected = await sqlCount(
            `SELECT count(*) AS n FROM contact_rfm WHERE workspace_id = ? AND last_purchase_day IS NOT NULL AND ${BAND_COLUMN[rows]} = ? AND ${BAND_COLUMN[columns]} = ?`,
            [demo.workspaceId, row, column],
          );
          expect(body.heatmaps[pair][row][column].contacts, `${pair} ${row}×${column}`).toBe(expected);
        }
    }
    // the history's packed code (written by the triggers) decodes to the row's own bands and named segment
    const { rows: codes } = await harness.driver.execute({ sql: 'SELECT contact_id, day, r_band, f_band, m_band, named, code FROM contact_rfm_history WHERE workspace_id = ?', args: [demo.workspaceId] });
    expect(new Set(codes.map((row) => row.contact_id)).size).toBe(4338);
    // the demo records its state on several past days, as a year of running would have
    expect(new Set(codes.map((row) => row.day)).size).toBeGreaterThanOrEqual(7);
    for (const row of codes) {
      const namedIndex = NAMED_SEGMENTS.findIndex((segment) => segment.key === row.named);
      expect(Number(row.code)).toBe(Number(row.r_band) * 10000 + Number(row.f_band) * 1000 + Number(row.m_band) * 100 + (namedIndex < 0 ? 99 : namedIndex));
    }
    const named = body.named as { key: string; contacts: number }[];
    expect(named.reduce((sum, segment) => sum + segment.contacts, 0)).toBe(4338);
    // revenue peaks: the frame's revenue from the purchase sums equals the purchases themselves
    const frameRevenue = Number(
      (await harness.driver.execute({
        sql: `SELECT sum(amount) AS n FROM purchases WHERE workspace_id = ? AND status = 'completed' AND day BETWEEN ? AND ?`,
        args: [demo.workspaceId, localDayNumber(harness.clock.now, 'Europe/London') - 364, localDayNumber(harness.clock.now, 'Europe/London')],
      })).rows[0]!.n,
    );
    const peakSum = (buckets: { revenue: number }[]) => buckets.reduce((sum, bucket) => sum + bucket.revenue, 0);
    expect(peakSum(body.recency.peaks.month)).toBe(frameRevenue);
    expect(peakSum(body.recency.peaks.weekday)).toBe(frameRevenue);
    expect(peakSum(body.recency.peaks.hour)).toBe(frameRevenue);
    expect(body.recency.peaks.hour).toHaveLength(24);
  });

  it('sends a distribution from which bandCountsFromPoints recounts exactly the dashboard bands', async () => {
    const [dashboard, distribution] = await Promise.all([
      harness.api.call('GET', '/v1/admin/dashboard', { key: demo.adminKey }),
      harness.api.call('GET', '/v1/admin/dashboard/distribution', { key: demo.adminKey }),
    ]);
    expect(distribution.status).toBe(200);
    expect(distribution.body.config.bands.m.mode).toBe('quantile');
    for (const dimension of DIMENSIONS) {
      const { points, step, outsideQuantiles } = distribution.body.dimensions[dimension];
      expect(step).toBe(1);
      const values = points.map((point: { value: number }) => point.value);
      expect(values).toEqual([...values].sort((a, b) => a - b));
      const recount = bandCountsFromPoints(distribution.body.config.bands[dimension], points, distribution.body.thresholds.bands[dimension], { outsideQuantiles });
      expect(recount.thresholds, dimension).toEqual(distribution.body.thresholds.bands[dimension]);
      expect(recount.counts, dimension).toEqual(dashboard.body.bands[dimension].map((band: { contacts: number }) => band.contacts));
    }
  });

  it('lists a heatmap cell page by page, and its rule selects exactly those contacts as a segment preview', async () => {
    const dashboard = await harness.api.call('GET', '/v1/admin/dashboard', { key: demo.adminKey });
    for (const [pair, row, column] of [
      ['rf', 0, 2],
      ['fm', 2, 2],
      ['rm', 2, 0],
    ] as const) {
      const customerIds: string[] = [];
      let cursor: string | null = null;
      let first: any;
      do {
        const page: any = await harness.api.call('GET', `/v1/admin/dashboard/cell?pair=${pair}&row=${row}&column=${column}&limit=200${cursor ? `&cursor=${cursor}` : ''}`, { key: demo.adminKey });
        expect(page.status).toBe(200);
        first ??= page.body;
        customerIds.push(...page.body.contacts.map((contact: { customerId: string }) => contact.customerId));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(first.count).toBe(dashboard.body.heatmaps[pair][row][column].contacts);
      expect(new Set(customerIds).size).toBe(first.count);
      const preview = await harness.api.call('POST', '/v1/admin/segments/preview', { key: demo.adminKey, body: { rule: first.rule, sampleSize: 50 } });
      expect(preview.status).toBe(200);
      expect(preview.body.matching, `${pair} ${row}×${column}`).toBe(first.count);
      for (const sampled of preview.body.sample as { customerId: string }[]) expect(customerIds).toContain(sampled.customerId);
    }
    const saved = await harness.api.call('POST', '/v1/admin/segments', {
      key: demo.adminKey,
      body: { key: 'recent_often', name: 'Recent and often', direction: 'outbound', rule: (await harness.api.call('GET', '/v1/admin/dashboard/cell?pair=rf&row=0&column=2', { key: demo.adminKey })).body.rule },
    });
    expect(saved.status).toBe(201);
  });

  it('refuses bad parameters with a 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['asOf=2026-02-30', 'asOf'],
      ['asOf=yesterday', 'asOf'],
      ['asOf=2099-01-01', 'asOf'],
      ['from=2026-05-01&to=2026-04-01', 'from'],
      ['from=2000-01-01&to=2026-04-01', 'from'],
      ['compareDays=abc', 'compareDays'],
      ['compareDays=0', 'compareDays'],
    ]) {
      const { status, body } = await harness.api.call('GET', `/v1/admin/dashboard?${query}`, { key: demo.adminKey });
      expect(status, query).toBe(400);
      expect(body.error.field, query).toBe(field);
    }
    for (const [query, field] of [
      ['pair=xy&row=0&column=0', 'pair'],
      ['pair=rf&row=3&column=0', 'row'],
      ['pair=rf&row=0&column=0&limit=0', 'limit'],
      ['pair=rf&row=0&column=0&cursor=abc', 'cursor'],
    ]) {
      const { status, body } = await harness.api.call('GET', `/v1/admin/dashboard/cell?${query}`, { key: demo.adminKey });
      expect(status, query).toBe(400);
      expect(body.error.field, query).toBe(field);
    }
    expect((await harness.api.call('GET', '/v1/admin/dashboard/distribution', { key: demo.secretKey })).status).toBe(403);
    const openapi = await harness.api.call('GET', '/openapi.json');
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/v1/admin/dashboard', '/v1/admin/dashboard/cell', '/v1/admin/dashboard/distribution', '/v1/admin/contacts/{customerId}']));
    expect(openapi.body.paths['/v1/admin/dashboard/cell'].get.parameters.map((parameter: { name: string }) => parameter.name)).toEqual(['pair', 'row', 'column', 'limit', 'cursor']);
  });
});

describe('the dashboard over time: asOf in the past, movement, products and peaks', () => {
  let harness: NodeHarness;
  const start = Date.parse('2026-03-02T09:30:00Z'); // a Monday, 10:30 in Berlin
  beforeAll(async () => {
    harness = await startNodeHarness(start);
  });
  afterAll(() => harness.close());

  it('reads past states from the band history and counts who moved', async () => {
    const keys = await harness.workspace({ timeZone: 'Europe/Berlin' });
    const buy = (orderId: string, customerId: string, at: number, amount: string, items?: unknown[]) =>
      harness.api.call('POST', '/v1/purchases', { key: keys.secretKey, body: { orderId, customerId, amount, currency: 'EUR', purchasedAt: new Date(at).toISOString(), items } });
    expect((await buy('a1', 'anna', start, '25.00', [{ sku: 'mug', name: 'Mug', quantity: 2, price: 10 }, { sku: 'tea', quantity: 1, price: 5 }])).status).toBe(201);
    expect((await buy('b1', 'ben', start, '40.00', [{ sku: 'tea', quantity: 8, price: 5 }])).status).toBe(201);
    const startDay = localDayNumber(start, 'Europe/Berlin');

    // forty days on: the daily work moves ben's recency from short to medium; anna buys again
    harness.clock.now = start + 40 * DAY;
    await runDailyTick(harness.driver, keys.workspaceId, harness.clock.now);
    expect((await buy('a2', 'anna', harness.clock.now, '30.00', [{ sku: 'mug', quantity: 3, price: 10 }])).status).toBe(201);

    const past = await harness.api.call('GET', `/v1/admin/dashboard?asOf=${isoDateFromDayNumber(startDay)}`, { key: keys.adminKey });
    expect(past.status).toBe(200);
    expect(past.body.period.historical).toBe(true);
    expect(past.body.totals).toEqual({ contacts: 2, revenue: 6500, transactions: 2 });
    expect(past.body.bands.r.map((band: { contacts: number }) => band.contacts)).toEqual([2, 0, 0]);
    expect(past.body.bands.f.map((band: { contacts: number }) => band.contacts)).toEqual([2, 0, 0]);

    const today = await harness.api.call('GET', '/v1/admin/dashboard?compareDays=40', { key: keys.adminKey });
    expect(today.status).toBe(200);
    expect(today.body.totals).toEqual({ contacts: 2, revenue: 9500, transactions: 3 });
    expect(today.body.bands.r.map((band: { contacts: number }) => band.contacts)).toEqual([1, 1, 0]);
    expect(today.body.movement.r).toEqual({ up: 0, down: 1 });
    expect(today.body.movement.f).toEqual({ up: 1, down: 0 });
    const namedMoves = Object.values(today.body.movement.named as Record<string, { entered: number; left: number }>);
    expect(namedMoves.reduce((sum, move) => sum + move.entered, 0)).toBe(namedMoves.reduce((sum, move) => sum + move.left, 0));

    // products: the last 40 days (anna's second mug order) against the 40 before (both first orders)
    expect(today.body.recency.recent.products).toEqual([{ sku: 'mug', name: null, revenue: 3000, quantity: 3, orders: 1 }]);
    expect(today.body.recency.earlier.products).toEqual([
      { sku: 'tea', name: null, revenue: 4500, quantity: 9, orders: 2 },
      { sku: 'mug', name: 'Mug', revenue: 2000, quantity: 2, orders: 1 },
    ]);
    expect(today.body.recency.revenueDifference).toBe(3000 - 6500);
    // peaks in the workspace's time: both first orders on Monday 2 March at 10:30 in Berlin (CET), the second mug
    // order forty days on, Saturday 11 April at 11:30 (CEST): the same UTC hour, another local one
    const peaks = today.body.recency.peaks;
    expect(peaks.hour.map((bucket: { revenue: number }) => bucket.revenue).filter(Boolean)).toEqual([6500, 3000]);
    expect([peaks.hour[10].revenue, peaks.hour[11].revenue]).toEqual([6500, 3000]);
    expect([peaks.weekday[0].revenue, peaks.weekday[5].revenue]).toEqual([6500, 3000]);
    expect(peaks.month.map((bucket: { key: string }) => bucket.key)).toEqual(['2026-03', '2026-04']);

    // a refund leaves the sums
    expect((await harness.api.call('PATCH', '/v1/purchases/b1', { key: keys.secretKey, body: { status: 'refunded' } })).status).toBe(200);
    const refunded = await harness.api.call('GET', '/v1/admin/dashboard?compareDays=40', { key: keys.adminKey });
    expect(refunded.body.recency.earlier.products).toEqual([
      { sku: 'mug', name: 'Mug', revenue: 2000, quantity: 2, orders: 1 },
      { sku: 'tea', name: null, revenue: 500, quantity: 1, orders: 1 },
    ]);
    expect(refunded.body.recency.earlier.revenue).toBe(2500);

    // a custom time frame: spend per band of the purchases inside it
    const frame = await harness.api.call('GET', `/v1/admin/dashboard?from=${isoDateFromDayNumber(startDay + 1)}`, { key: keys.adminKey });
    expect(frame.body.period.frameIsWindow).toBe(false);
    expect(frame.body.frame).toMatchObject({ revenue: 3000, transactions: 1 });

    // a purchase refunded while still queued for the product sums never reaches them
    expect((await buy('c1', 'cleo', harness.clock.now, '70.00', [{ sku: 'pot', quantity: 1, price: 70 }])).status).toBe(201);
    expect((await harness.api.call('PATCH', '/v1/purchases/c1', { key: keys.secretKey, body: { status: 'cancelled' } })).status).toBe(200);
    const afterCancel = await harness.api.call('GET', '/v1/admin/dashboard?compareDays=40', { key: keys.adminKey });
    expect(afterCancel.body.recency.recent.products).toEqual([{ sku: 'mug', name: null, revenue: 3000, quantity: 3, orders: 1 }]);
    expect(afterCancel.body.recency.recent.revenue).toBe(3000);
  });
});

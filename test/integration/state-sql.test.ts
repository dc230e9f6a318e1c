import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregatePurchases, rfmState, type ResolvedThresholds, type RfmConfig } from '../../edge/engine/rfm/index.ts';
import { recomputeContactRange, rescoreRange } from '../../edge/rfm/state-sql.ts';
import { resolveThresholdsInSql } from '../../edge/rfm/schedule.ts';
import { loadWorkspace } from '../../edge/workspaces/workspace.ts';
import { startNodeHarness, type NodeHarness } from './harness.ts';

const TODAY = 20_000;

const purchaseArbitrary = fc.record({
  daysAgo: fc.integer({ min: -3, max: 800 }),
  amount: fc.integer({ min: 0, max: 500_000 }),
  status: fc.constantFrom('completed', 'completed', 'completed', 'refunded', 'cancelled'),
});
const sortedPair = (min: number, max: number) => fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).filter(([a, b]) => a < b);
const sortedFour = (min: number, max: number) => fc.array(fc.integer({ min, max }), { minLength: 4, maxLength: 4 }).map((cuts) => cuts.sort((a, b) => a - b) as [number, number, number, number]);

/**
 * The SQL that updates millions of contacts must say exactly what the engine says for each of them:
 * same aggregates, bands, scores and named segment, on random purchase histories and thresholds.
 */
describe('state SQL agrees with the engine', () => {
  let harness: NodeHarness;
  beforeAll(async () => {
    harness = await startNodeHarness();
  });
  afterAll(() => harness.close());

  it('for random histories, windows and thresholds', async () => {
    const keys = await harness.workspace();
    const workspace = (await loadWorkspace(harness.driver, keys.workspaceId))!;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(purchaseArbitrary, { maxLength: 8 }), { minLength: 1, maxLength: 12 }),
        fc.option(fc.integer({ min: 1, max: 730 }), { nil: null }),
        fc.record({ r: sortedPair(0, 400), f: sortedPair(0, 6), m: sortedPair(0, 300_000) }),
        fc.record({ r: sortedFour(0, 400), f: sortedFour(0, 8), m: sortedFour(0, 400_000) }),
        async (histories, windowDays, bands, scores) => {
          run++;
          const config: RfmConfig = { ...workspace.settings.rfm, windowDays };
          const thresholds: ResolvedThresholds = { bands, scores, computedAt: 0 };
          const ids: number[] = [];
          for (const [index, history] of histories.entries()) {
            const { rows } = await harness.driver.execute({
              sql: `INSERT INTO contacts (workspace_id, customer_id) VALUES (?, ?) RETURNING id`,
              args: [workspace.id, `p${run}-${index}`],
            });
            const contactId = Number(rows[0]!.id);
            ids.push(contactId);
            for (const [order, purchase] of history.entries()) {
              await harness.driver.execute({
                sql: `INSERT INTO purchases (workspace_id, order_id, contact_id, amount, purchased_at, day, status) VALUES (?, ?, ?, ?, ?, ?, ?)`,
                args: [workspace.id, `p${run}-${index}-${order}`, contactId, purchase.amount, (TODAY - purchase.daysAgo) * 86_400_000 + order, TODAY - purchase.daysAgo, purchase.status],
              });
            }
          }
          const context = { workspaceId: workspace.id, config, thresholds, today: TODAY };
          await harness.driver.execute(recomputeContactRange(context, ids[0]!, ids.at(-1)!));
          await harness.driver.execute(rescoreRange(context, ids[0]!, ids.at(-1)!));
          const { rows } = await harness.driver.execute({ sql: `SELECT * FROM contact_rfm WHERE contact_id BETWEEN ? AND ? ORDER BY contact_id`, args: [ids[0], ids.at(-1)] });
          expect(rows).toHaveLength(histories.length);
          histories.forEach((history, index) => {
            const purchases = history.map((purchase, order) => ({
              purchasedAt: (TODAY - purchase.daysAgo) * 86_400_000 + order,
              day: TODAY - purchase.daysAgo,
              amount: purchase.amount,
              status: purchase.status,
            }));
            const state = rfmState(aggregatePurchases(purchases, TODAY, windowDays), TODAY, thresholds, config);
            const row = rows[index]!;
            expect({
              frequency: row.frequency,
              monetary: row.monetary,
              lastPurchaseDay: row.last_purchase_day,
              scores: { r: row.r_score, f: row.f_score, m: row.m_score },
              bands: { r: row.r_band, f: row.f_band, m: row.m_band },
              named: row.named,
            }).toEqual({
              frequency: state.frequency,
              monetary: state.monetary,
              lastPurchaseDay: state.lastPurchaseDay,
              scores: state.scores,
              bands: state.bands,
              named: state.named,
            });
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('resolves quantile thresholds in SQL exactly as the engine does from the full distribution', async () => {
    const keys = await harness.workspace();
    const { resolveThresholds } = await import('../../edge/engine/rfm/index.ts');
    const workspace = (await loadWorkspace(harness.driver, keys.workspaceId))!;
    const quantileConfig: RfmConfig = {
      ...workspace.settings.rfm,
      bands: {
        r: { ...workspace.settings.rfm.bands.r, mode: 'quantile', thresholds: [0.3, 0.7] },
        f: { ...workspace.settings.rfm.bands.f, mode: 'quantile', thresholds: [0.5, 0.9] },
        m: { ...workspace.settings.rfm.bands.m, mode: 'quantile', thresholds: [0.25, 0.75] },
      },
      scoreMode: 'quantile',
    };
    const rows = Array.from({ length: 257 }, (_, index) => ({ day: TODAY - ((index * 37) % 300), frequency: 1 + ((index * 7) % 5), monetary: 100 + ((index * 7919) % 10_000) }));
    for (const [index, row] of rows.entries()) {
      const { rows: inserted } = await harness.driver.execute({ sql: 'INSERT INTO contacts (workspace_id, customer_id) VALUES (?, ?) RETURNING id', args: [workspace.id, `q-${index}`] });
      await harness.driver.execute({
        sql: `INSERT INTO contact_rfm (contact_id, workspace_id, last_purchase_day, frequency, monetary, r_score, f_score, m_score, r_band, f_band, m_band, computed_day)
              VALUES (?, ?, ?, ?, ?, 1, 1, 1, 0, 0, 0, ?)`,
        args: [inserted[0]!.id, workspace.id, row.day, row.frequency, row.monetary, TODAY],
      });
    }
    const inSql = await resolveThresholdsInSql(harness.driver, { ...workspace, settings: { ...workspace.settings, rfm: quantileConfig } }, TODAY, 0);
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    const fromEngine = resolveThresholds(quantileConfig, {
      recencyDays: sorted(rows.map((row) => TODAY - row.day)),
      frequency: sorted(rows.map((row) => row.frequency)),
      monetary: sorted(rows.map((row) => row.monetary)),
    }, 0);
    expect({ bands: inSql.bands, scores: inSql.scores }).toEqual({ bands: fromEngine.bands, scores: fromEngine.scores });
  });
});

describe('the daily tick', () => {
  let harness: NodeHarness;
  beforeAll(async () => {
    harness = await startNodeHarness();
  });
  afterAll(() => harness.close());

  it('leaves every contact exactly as a full recomputation would, days later, whether or not thresholds moved', async () => {
    const { rebuildWorkspace, runDailyTick } = await import('../../edge/rfm/schedule.ts');
    const DAY = 86_400_000;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(purchaseArbitrary, { maxLength: 6 }), { minLength: 1, maxLength: 15 }),
        fc.integer({ min: 1, max: 45 }),
        fc.boolean(),
        fc.option(fc.record({ r: sortedPair(0, 400), f: sortedPair(0, 6), m: sortedPair(0, 300_000) }), { nil: null }),
        fc.record({ r: sortedFour(0, 400), f: sortedFour(0, 8), m: sortedFour(0, 400_000) }),
        async (histories, daysLater, quantileMonetary, previousBands, previousScores) => {
          run++;
          const keys = await harness.workspace();
          if (!quantileMonetary) {
            const workspace = (await loadWorkspace(harness.driver, keys.workspaceId))!;
            const fixed = { ...workspace.settings.rfm, bands: { ...workspace.settings.rfm.bands, m: { ...workspace.settings.rfm.bands.m, mode: 'fixed' as const, thresholds: [5_000, 50_000] as [number, number] } }, scoreMode: 'fixed' as const, scoreCutpoints: { r: [7, 30, 90, 180] as [number, number, number, number], f: [1, 2, 3, 5] as [number, number, number, number], m: [2_000, 5_000, 10_000, 25_000] as [number, number, number, number] } };
            await harness.driver.execute({ sql: `UPDATE workspaces SET settings = json_set(settings, '$.rfm', json(?)) WHERE id = ?`, args: [JSON.stringify(fixed), keys.workspaceId] });
          }
          const start = TODAY * DAY + 12 * 3_600_000;
          for (const [index, history] of histories.entries()) {
            const { rows } = await harness.driver.execute({ sql: 'INSERT INTO contacts (workspace_id, customer_id) VALUES (?, ?) RETURNING id', args: [keys.workspaceId, `t${run}-${index}`] });
            for (const [order, purchase] of history.entries()) {
              if (purchase.daysAgo < 0) continue;
              await harness.driver.execute({
                sql: 'INSERT INTO purchases (workspace_id, order_id, contact_id, amount, purchased_at, day, status) VALUES (?, ?, ?, ?, ?, ?, ?)',
                args: [keys.workspaceId, `t${run}-${index}-${order}`, rows[0]!.id, purchase.amount, (TODAY - purchase.daysAgo) * DAY + order, TODAY - purchase.daysAgo, purchase.status],
              });
            }
          }
          await rebuildWorkspace(harness.driver, keys.workspaceId, start);
          if (previousBands) {
            // As if yesterday's cut points had been elsewhere: every row scored with them, and they are what is stored.
            const rebuilt = (await loadWorkspace(harness.driver, keys.workspaceId))!;
            const previous: ResolvedThresholds = { bands: previousBands, scores: previousScores, computedAt: start };
            const { rows: range } = await harness.driver.execute({ sql: 'SELECT min(id) AS low, max(id) AS high FROM contacts WHERE workspace_id = ?', args: [keys.workspaceId] });
            await harness.driver.execute(rescoreRange({ workspaceId: keys.workspaceId, config: rebuilt.settings.rfm, thresholds: previous, today: TODAY }, Number(range[0]!.low), Number(range[0]!.high)));
            await harness.driver.execute({ sql: 'UPDATE workspaces SET thresholds = ? WHERE id = ?', args: [JSON.stringify(previous), keys.workspaceId] });
          }
          await runDailyTick(harness.driver, keys.workspaceId, start + daysLater * DAY);
          const ticked = (await loadWorkspace(harness.driver, keys.workspaceId))!;
          const asOf = TODAY + daysLater;
          const { rows: purchases } = await harness.driver.execute({
            sql: 'SELECT c.customer_id, p.purchased_at, p.day, p.amount, p.status FROM contacts c LEFT JOIN purchases p ON p.contact_id = c.id WHERE c.workspace_id = ?',
            args: [keys.workspaceId],
          });
          const { rows: stored } = await harness.driver.execute({
            sql: 'SELECT c.customer_id, r.r_score, r.f_score, r.m_score, r.r_band, r.f_band, r.m_band, r.named FROM contacts c JOIN contact_rfm r ON r.contact_id = c.id WHERE c.workspace_id = ?',
            args: [keys.workspaceId],
          });
          for (const row of stored) {
            const own = purchases
              .filter((purchase) => purchase.customer_id === row.customer_id && purchase.day !== null)
              .map((purchase) => ({ purchasedAt: Number(purchase.purchased_at), day: Number(purchase.day), amount: Number(purchase.amount), status: String(purchase.status) }));
            const state = rfmState(aggregatePurchases(own, asOf, ticked.settings.rfm.windowDays), asOf, ticked.thresholds, ticked.settings.rfm);
            expect({ scores: { r: row.r_score, f: row.f_score, m: row.m_score }, bands: { r: row.r_band, f: row.f_band, m: row.m_band }, named: row.named }).toEqual({
              scores: state.scores,
              bands: state.bands,
              named: state.named,
            });
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

import type { SqlDriver } from '../../db/driver.ts';
import { NAMED_SEGMENTS, type Dimension } from '../engine/rfm/index.ts';
import { isoDateFromDayNumber } from '../engine/time/index.ts';
import type { Workspace } from '../workspaces/workspace.ts';
import type { DashboardPeriod } from './params.ts';
import { foldPendingProductStats, loadRevenue, loadRevenuePeaks, loadTopProducts } from './sales.ts';
import { loadBandCombinations, loadFrameSpend, loadMovement, type BandCombination, type FrameSpend } from './states.ts';

const DIMENSIONS: readonly Dimension[] = ['r', 'f', 'm'];
const BAND_INDEXES = [0, 1, 2] as const;

export const PAIRS = {
  rf: ['r', 'f'],
  fm: ['f', 'm'],
  rm: ['r', 'm'],
} as const satisfies Record<string, readonly [Dimension, Dimension]>;
export type PairName = keyof typeof PAIRS;

const sum = <Row>(rows: readonly Row[], value: (row: Row) => number) => rows.reduce((total, row) => total + value(row), 0);

/**
 * The whole dashboard for one period. Band, heatmap and segment numbers come from one grouped pass over the contacts'
 * states; revenue in a custom time frame from the purchases in it; products and peaks from the per-day sums kept by
 * migration 0003's triggers; movement from one pass over the band history. Revenue and transactions of a band are
 * those inside the look-back window ending on asOf (what frequency and monetary mean); `frame*` are inside from–to.
 */
export async function buildDashboard(db: SqlDriver, workspace: Workspace, period: DashboardPeriod) {
  const recentFrom = period.asOf - period.compareDays + 1;
  const earlierFrom = recentFrom - period.compareDays;
  // one after another: an embedded connection runs one statement at a time anyway, and over HTTP it keeps to one stream
  const combinations = await loadBandCombinations(db, workspace.id, period);
  const frameSpend = period.frameIsWindow ? null : await loadFrameSpend(db, workspace.id, period);
  const movement = await loadMovement(db, workspace.id, period);
  await foldPendingProductStats(db, workspace.id);
  const recentProducts = await loadTopProducts(db, workspace.id, recentFrom, period.asOf);
  const earlierProducts = await loadTopProducts(db, workspace.id, earlierFrom, recentFrom - 1);
  const recentRevenue = await loadRevenue(db, workspace.id, recentFrom, period.asOf);
  const earlierRevenue = await loadRevenue(db, workspace.id, earlierFrom, recentFrom - 1);
  const peaks = await loadRevenuePeaks(db, workspace.id, workspace.timeZone, period.from, period.to);

  const config = workspace.settings.rfm;
  const totals = { contacts: sum(combinations, (row) => row.contacts), revenue: sum(combinations, (row) => row.revenue), transactions: sum(combinations, (row) => row.transactions) };
  const frameRows: readonly (FrameSpend | BandCombination)[] = frameSpend ?? combinations;
  const frameTotals = { revenue: sum(frameRows, (row) => row.revenue), transactions: sum(frameRows, (row) => row.transactions) };

  const bands = Object.fromEntries(
    DIMENSIONS.map((dimension) => [
      dimension,
      config.bands[dimension].names.map((name, index) => {
        const inBand = combinations.filter((row) => row[dimension] === index);
        const inFrame = frameRows.filter((row) => row[dimension] === index);
        const contacts = sum(inBand, (row) => row.contacts);
        const revenue = sum(inBand, (row) => row.revenue);
        const transactions = sum(inBand, (row) => row.transactions);
        return {
          key: name.key,
          label: name.label,
          threshold: workspace.thresholds.bands[dimension][index] ?? null,
          contacts,
          share: totals.contacts ? contacts / totals.contacts : 0,
          revenue,
          transactions,
          averageOrderValue: transactions ? Math.round(revenue / transactions) : 0,
          transactionsPerContact: contacts ? transactions / contacts : 0,
          frameRevenue: sum(inFrame, (row) => row.revenue),
          frameTransactions: sum(inFrame, (row) => row.transactions),
        };
      }),
    ]),
  ) as Record<Dimension, unknown[]>;

  const heatmaps = Object.fromEntries(
    Object.entries(PAIRS).map(([pair, [rows, columns]]) => [
      pair,
      BAND_INDEXES.map((rowBand) =>
        BAND_INDEXES.map((columnBand) => {
          const inCell = combinations.filter((row) => row[rows] === rowBand && row[columns] === columnBand);
          return { contacts: sum(inCell, (row) => row.contacts), revenue: sum(inCell, (row) => row.revenue) };
        }),
      ),
    ]),
  ) as Record<PairName, { contacts: number; revenue: number }[][]>;

  return {
    asOf: isoDateFromDayNumber(period.asOf),
    currency: workspace.currency,
    windowDays: config.windowDays,
    period: {
      asOf: isoDateFromDayNumber(period.asOf),
      from: isoDateFromDayNumber(period.from),
      to: isoDateFromDayNumber(period.to),
      compareDays: period.compareDays,
      compareTo: isoDateFromDayNumber(period.compareDay),
      historical: period.asOf < period.today,
      frameIsWindow: period.frameIsWindow,
    },
    totals,
    frame: { from: isoDateFromDayNumber(period.from), to: isoDateFromDayNumber(period.to), ...frameTotals },
    bands,
    heatmaps,
    named: NAMED_SEGMENTS.map((segment) => {
      const inSegment = combinations.filter((row) => row.named === segment.key);
      return { key: segment.key, label: segment.label, contacts: sum(inSegment, (row) => row.contacts), revenue: sum(inSegment, (row) => row.revenue) };
    }),
    movement,
    recency: {
      recent: { from: isoDateFromDayNumber(recentFrom), to: isoDateFromDayNumber(period.asOf), ...recentRevenue, products: recentProducts },
      earlier: { from: isoDateFromDayNumber(earlierFrom), to: isoDateFromDayNumber(recentFrom - 1), ...earlierRevenue, products: earlierProducts },
      revenueDifference: recentRevenue.revenue - earlierRevenue.revenue,
      peaks,
    },
  };
}

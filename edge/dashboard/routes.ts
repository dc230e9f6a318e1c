import { Hono } from 'hono';
import type { AppEnv } from '../deps.ts';
import { NAMED_SEGMENTS } from '../engine/rfm/index.ts';
import { requireKey } from '../http/auth/index.ts';

const DIMENSIONS = [
  { dimension: 'r', column: 'r_band' },
  { dimension: 'f', column: 'f_band' },
  { dimension: 'm', column: 'm_band' },
] as const;

const PAIRS = [
  { name: 'rf', rows: 'r_band', columns: 'f_band' },
  { name: 'fm', rows: 'f_band', columns: 'm_band' },
  { name: 'rm', rows: 'r_band', columns: 'm_band' },
] as const;

/**
 * The RFM dashboard's numbers, from the stored per-contact state in a few grouped queries (contacts who bought):
 * per dimension each band's contacts, share, revenue, transactions and average order value; the R×F, F×M and
 * R×M heatmaps; and the named segments' sizes. Revenue and transactions are within the look-back window.
 */
export const dashboardRoutes = new Hono<AppEnv>().use(requireKey('admin')).get('/', async (context) => {
  const { workspace } = context.var.auth;
  const db = context.var.db;
  const scope = 'FROM contact_rfm WHERE workspace_id = ? AND last_purchase_day IS NOT NULL';
  const [bands, cells, named, totals] = await Promise.all([
    db.execute({
      sql: DIMENSIONS.map(({ dimension, column }) => `SELECT '${dimension}' AS dimension, ${column} AS band, count(*) AS contacts, sum(monetary) AS revenue, sum(frequency) AS transactions ${scope} GROUP BY ${column}`).join(' UNION ALL '),
      args: DIMENSIONS.map(() => workspace.id),
    }),
    db.execute({
      sql: PAIRS.map(({ name, rows, columns }) => `SELECT '${name}' AS pair, ${rows} AS row_band, ${columns} AS column_band, count(*) AS contacts, sum(monetary) AS revenue ${scope} GROUP BY ${rows}, ${columns}`).join(' UNION ALL '),
      args: PAIRS.map(() => workspace.id),
    }),
    db.execute({ sql: `SELECT named, count(*) AS contacts, sum(monetary) AS revenue ${scope} GROUP BY named`, args: [workspace.id] }),
    db.execute({ sql: `SELECT count(*) AS contacts, coalesce(sum(monetary), 0) AS revenue, coalesce(sum(frequency), 0) AS transactions ${scope}`, args: [workspace.id] }),
  ]);
  const total = totals.rows[0]!;
  const totalContacts = Number(total.contacts);
  const config = workspace.settings.rfm;
  const dimensions = Object.fromEntries(
    DIMENSIONS.map(({ dimension }) => [
      dimension,
      config.bands[dimension].names.map((name, index) => {
        const row = bands.rows.find((candidate) => candidate.dimension === dimension && Number(candidate.band) === index);
        const contacts = Number(row?.contacts ?? 0);
        const revenue = Number(row?.revenue ?? 0);
        const transactions = Number(row?.transactions ?? 0);
        return {
          key: name.key,
          label: name.label,
          threshold: workspace.thresholds.bands[dimension][index] ?? null,
          contacts,
          share: totalContacts ? contacts / totalContacts : 0,
          revenue,
          transactions,
          averageOrderValue: transactions ? Math.round(revenue / transactions) : 0,
        };
      }),
    ]),
  );
  const heatmaps = Object.fromEntries(
    PAIRS.map(({ name }) => {
      const grid = [0, 1, 2].map((rowBand) =>
        [0, 1, 2].map((columnBand) => {
          const cell = cells.rows.find((candidate) => candidate.pair === name && Number(candidate.row_band) === rowBand && Number(candidate.column_band) === columnBand);
          return { contacts: Number(cell?.contacts ?? 0), revenue: Number(cell?.revenue ?? 0) };
        }),
      );
      return [name, grid];
    }),
  );
  return context.json({
    asOf: new Date(context.var.now).toISOString().slice(0, 10),
    currency: workspace.currency,
    windowDays: config.windowDays,
    totals: { contacts: totalContacts, revenue: Number(total.revenue), transactions: Number(total.transactions) },
    bands: dimensions,
    heatmaps,
    named: NAMED_SEGMENTS.map((segment) => {
      const row = named.rows.find((candidate) => candidate.named === segment.key);
      return { key: segment.key, label: segment.label, contacts: Number(row?.contacts ?? 0), revenue: Number(row?.revenue ?? 0) };
    }),
  });
});

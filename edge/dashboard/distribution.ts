import type { SqlDriver } from '../../db/driver.ts';
import type { Dimension } from '../engine/rfm/index.ts';
import type { WeightedPoint } from '../engine/rfm/band-counts.ts';
import type { Workspace } from '../workspaces/workspace.ts';

/**
 * Above this many distinct values a dimension's points are merged into equal-width steps (a histogram needs no more,
 * and a million contacts could otherwise send a million points); `step` says so, and counts are then approximate
 * near the cut lines. Below it the points are exact and `bandCountsFromPoints` reproduces the server's bands.
 */
export const MAX_POINTS = 5_000;

export interface DimensionDistribution {
  points: WeightedPoint[];
  /** 1 when exact; otherwise each point is the lowest value of a step this wide */
  step: number;
  contacts: number;
  /**
   * Contacts counted in bands but left out of the quantile population: frequency and monetary quantiles are taken
   * among contacts with a purchase inside the look-back window (frequency > 0). Pass to `bandCountsFromPoints`.
   */
  outsideQuantiles: number;
}

const ascendingByValue = (a: WeightedPoint, b: WeightedPoint) => a.value - b.value;

/**
 * Each query is one GROUP BY over a single-column index (contact_rfm_last_day, _frequency, _monetary), so it streams
 * in index order without touching the table. The frequency and monetary indexes also hold contacts whose every
 * purchase was refunded (no counted purchase, value 0): they are not in the bands, so they are taken off value 0.
 */
async function loadDimension(db: SqlDriver, workspaceId: string, dimension: Dimension, today: number, neverBought: number, contacts: number): Promise<DimensionDistribution> {
  if (dimension === 'r') {
    const { rows } = await db.execute({
      sql: 'SELECT last_purchase_day AS day, count(*) AS contacts FROM contact_rfm WHERE workspace_id = ? AND last_purchase_day IS NOT NULL GROUP BY last_purchase_day',
      args: [workspaceId],
    });
    const points = rows.map((row) => ({ value: today - Number(row.day), contacts: Number(row.contacts) })).sort(ascendingByValue);
    return { points, step: 1, contacts, outsideQuantiles: 0 };
  }
  const column = dimension === 'f' ? 'frequency' : 'monetary';
  const range = await db.execute({ sql: `SELECT min(${column}) AS low, max(${column}) AS high FROM contact_rfm WHERE workspace_id = ?`, args: [workspaceId] });
  const span = Number(range.rows[0]?.high ?? 0) - Number(range.rows[0]?.low ?? 0) + 1;
  const step = contacts > MAX_POINTS && span > MAX_POINTS ? Math.ceil(span / MAX_POINTS) : 1;
  const bucket = step === 1 ? column : `(${column} / ${step}) * ${step}`;
  const { rows } = await db.execute({ sql: `SELECT ${bucket} AS value, count(*) AS contacts FROM contact_rfm WHERE workspace_id = ? GROUP BY 1 ORDER BY 1`, args: [workspaceId] });
  const points = rows
    .map((row) => ({ value: Number(row.value), contacts: Number(row.contacts) - (Number(row.value) === 0 ? neverBought : 0) }))
    .filter((point) => point.contacts > 0);
  const atZero = points.find((point) => point.value === 0)?.contacts ?? 0;
  // with steps, the zero bucket also holds small positive values; only frequency 0 is outside the quantiles
  const outsideQuantiles = step === 1 ? atZero : await countWithoutWindowedPurchase(db, workspaceId, neverBought);
  return { points, step, contacts, outsideQuantiles };
}

async function countWithoutWindowedPurchase(db: SqlDriver, workspaceId: string, neverBought: number): Promise<number> {
  const { rows } = await db.execute({ sql: 'SELECT count(*) AS n FROM contact_rfm WHERE workspace_id = ? AND frequency = 0', args: [workspaceId] });
  return Number(rows[0]?.n ?? 0) - neverBought;
}

/** Per dimension the weighted points of the current distribution, and the configuration and thresholds in force. */
export async function loadDistribution(db: SqlDriver, workspace: Workspace, today: number) {
  const { rows } = await db.execute({ sql: 'SELECT count(*) AS n FROM contact_rfm WHERE workspace_id = ? AND last_purchase_day IS NULL', args: [workspace.id] });
  const neverBought = Number(rows[0]?.n ?? 0);
  const r = await loadDimension(db, workspace.id, 'r', today, neverBought, 0);
  const contacts = r.points.reduce((total, point) => total + point.contacts, 0);
  r.contacts = contacts;
  const f = await loadDimension(db, workspace.id, 'f', today, neverBought, contacts);
  const m = await loadDimension(db, workspace.id, 'm', today, neverBought, contacts);
  return { config: workspace.settings.rfm, thresholds: workspace.thresholds, dimensions: { r, f, m } };
}

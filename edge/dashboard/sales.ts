import type { SqlDriver } from '../../db/driver.ts';
import { isoDateFromDayNumber } from '../engine/time/index.ts';

const TOP_PRODUCTS = 10;

export interface ProductRow {
  sku: string;
  name: string | null;
  revenue: number;
  quantity: number;
  orders: number;
}

export interface PeakBucket {
  key: string | number;
  revenue: number;
  orders: number;
}

export interface RevenuePeaks {
  /** 'YYYY-MM', in order */
  month: PeakBucket[];
  /** 0 = Monday … 6 = Sunday, all seven */
  weekday: PeakBucket[];
  /** the workspace's local hour 0 … 23, all twenty-four */
  hour: PeakBucket[];
}

const lineQuantity = `CAST(j.value ->> 'quantity' AS REAL)`;
const lineValue = `${lineQuantity} * CAST(j.value ->> 'price' AS REAL)`;

/**
 * Folds the purchases queued by migration 0003's insert trigger into the per-day product sums, in one transaction:
 * each order's amount is split over its SKUs in proportion to quantity × price (by quantity when the prices add up to
 * nothing), rounded to minor units per order and SKU, so discounts and shipping are spread over the lines. Costs what
 * was queued since the last fold; the dashboard calls it before reading products (the schedule may call it too).
 */
export async function foldPendingProductStats(db: SqlDriver, workspaceId: string): Promise<void> {
  await db.batch([
    {
      sql: `INSERT INTO product_stats (workspace_id, day, sku, name, quantity, revenue, orders)
            SELECT ?1, day, sku, name, quantity, revenue, orders FROM (
              SELECT day, sku, max(name) AS name, sum(quantity) AS quantity, sum(revenue) AS revenue, count(*) AS orders
              FROM (SELECT day, id, sku, max(name) AS name, sum(quantity) AS quantity, CAST(round(sum(share) * amount) AS INTEGER) AS revenue
                    FROM (SELECT p.day, p.id, p.amount, j.value ->> 'sku' AS sku, j.value ->> 'name' AS name, ${lineQuantity} AS quantity,
                            CASE WHEN sum(${lineValue}) OVER order_lines > 0 THEN ${lineValue} / sum(${lineValue}) OVER order_lines
                                 ELSE ${lineQuantity} / sum(${lineQuantity}) OVER order_lines END AS share
                          FROM product_stats_pending q JOIN purchases p ON p.id = q.purchase_id,
                               json_each(CASE WHEN json_valid(p.items) THEN p.items ELSE '[]' END) j
                          WHERE q.workspace_id = ?1 AND p.workspace_id = ?1 AND p.status = 'completed'
                          WINDOW order_lines AS (PARTITION BY p.id))
                    WHERE sku IS NOT NULL GROUP BY id, sku)
              GROUP BY day, sku)
            WHERE true
            ON CONFLICT (workspace_id, day, sku) DO UPDATE SET name = coalesce(excluded.name, product_stats.name),
              quantity = product_stats.quantity + excluded.quantity, revenue = product_stats.revenue + excluded.revenue,
              orders = product_stats.orders + excluded.orders`,
      args: [workspaceId],
    },
    { sql: 'DELETE FROM product_stats_pending WHERE workspace_id = ?', args: [workspaceId] },
  ]);
}

/** The best-selling products of a span of days (both included), by revenue, from the per-day product sums. */
export async function loadTopProducts(db: SqlDriver, workspaceId: string, fromDay: number, toDay: number): Promise<ProductRow[]> {
  const { rows } = await db.execute({
    sql: `SELECT sku, max(name) AS name, sum(revenue) AS revenue, sum(quantity) AS quantity, sum(orders) AS orders
          FROM product_stats WHERE workspace_id = ? AND day BETWEEN ? AND ?
          GROUP BY sku HAVING sum(orders) > 0 ORDER BY revenue DESC, sku LIMIT ${TOP_PRODUCTS}`,
    args: [workspaceId, fromDay, toDay],
  });
  return rows.map((row) => ({
    sku: String(row.sku),
    name: row.name == null ? null : String(row.name),
    revenue: Number(row.revenue),
    quantity: Number(row.quantity),
    orders: Number(row.orders),
  }));
}

/** Completed orders and revenue of a span of days (both included), from the per-quarter-hour sums. */
export async function loadRevenue(db: SqlDriver, workspaceId: string, fromDay: number, toDay: number): Promise<{ revenue: number; orders: number }> {
  const { rows } = await db.execute({
    sql: 'SELECT coalesce(sum(revenue), 0) AS revenue, coalesce(sum(orders), 0) AS orders FROM purchase_stats WHERE workspace_id = ? AND day BETWEEN ? AND ?',
    args: [workspaceId, fromDay, toDay],
  });
  return { revenue: Number(rows[0]?.revenue ?? 0), orders: Number(rows[0]?.orders ?? 0) };
}

/**
 * The zone's UTC offset in minutes at the start of each UTC hour, memoised: offsets change on whole UTC hours in
 * practice, so a quarter's local hour is (its UTC minutes + the offset of its hour) / 60, and a year of quarter-hour
 * rows formats the zone at most 8,784 times. Half- and quarter-hour zones (India, Nepal) come out right too.
 */
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
function offsetMinutesAtHour(utcHour: number, timeZone: string, memo: Map<number, number>): number {
  let offset = memo.get(utcHour);
  if (offset !== undefined) return offset;
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(utcHour * 3_600_000)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const localAsUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour! % 24, parts.minute!);
  offset = Math.round((localAsUtc - utcHour * 3_600_000) / 60_000);
  memo.set(utcHour, offset);
  return offset;
}

function localHourOfQuarter(quarter: number, timeZone: string, memo: Map<number, number>): number {
  const utcMinutes = quarter * 15;
  const localMinutes = utcMinutes + offsetMinutesAtHour(Math.floor(quarter / 4), timeZone, memo);
  return (((Math.floor(localMinutes / 60) % 24) + 24) % 24);
}

/** When revenue peaked inside the time frame: by month, by weekday and by the workspace's local hour. */
export async function loadRevenuePeaks(db: SqlDriver, workspaceId: string, timeZone: string, fromDay: number, toDay: number): Promise<RevenuePeaks> {
  const { rows } = await db.execute({
    sql: 'SELECT day, quarter, orders, revenue FROM purchase_stats WHERE workspace_id = ? AND day BETWEEN ? AND ? AND orders > 0',
    args: [workspaceId, fromDay, toDay],
  });
  const months = new Map<string, PeakBucket>();
  const weekday = Array.from({ length: 7 }, (_, key) => ({ key, revenue: 0, orders: 0 }));
  const hour = Array.from({ length: 24 }, (_, key) => ({ key, revenue: 0, orders: 0 }));
  const hourMemo = new Map<number, number>();
  for (const row of rows) {
    const day = Number(row.day);
    const revenue = Number(row.revenue);
    const orders = Number(row.orders);
    const month = isoDateFromDayNumber(day).slice(0, 7);
    const monthBucket = months.get(month) ?? { key: month, revenue: 0, orders: 0 };
    monthBucket.revenue += revenue;
    monthBucket.orders += orders;
    months.set(month, monthBucket);
    // day 0 (1970-01-01) was a Thursday; Monday is 0
    const weekdayBucket = weekday[(((day + 3) % 7) + 7) % 7]!;
    weekdayBucket.revenue += revenue;
    weekdayBucket.orders += orders;
    const hourBucket = hour[localHourOfQuarter(Number(row.quarter), timeZone, hourMemo)]!;
    hourBucket.revenue += revenue;
    hourBucket.orders += orders;
  }
  return { month: [...months.values()].sort((a, b) => String(a.key).localeCompare(String(b.key))), weekday, hour };
}

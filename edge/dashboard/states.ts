import type { SqlDriver } from '../../db/driver.ts';
import { NAMED_SEGMENTS } from '../engine/rfm/index.ts';
import type { DashboardPeriod } from './params.ts';

/**
 * Where each contact's bands come from for a dashboard day, as a subquery with the columns contact_id, r_band, f_band,
 * m_band, named, frequency, monetary — contacts who bought only (named is null exactly for contacts without a counted
 * purchase). Today: the stored state. A past day: each contact's latest band-history row on or before it (SQLite
 * takes the bare columns of a single max() from the row holding the maximum, and the history's key puts one
 * contact's rows together, so this is one ordered pass).
 */
export function contactStatesAsOf(workspaceId: string, period: Pick<DashboardPeriod, 'asOf' | 'today'>): { sql: string; args: (string | number)[] } {
  if (period.asOf >= period.today) {
    return {
      sql: `SELECT contact_id, r_band, f_band, m_band, named, frequency, monetary FROM contact_rfm WHERE workspace_id = ? AND named IS NOT NULL`,
      args: [workspaceId],
    };
  }
  return {
    sql: `SELECT contact_id, r_band, f_band, m_band, named, frequency, monetary FROM (
            SELECT contact_id, max(day) AS day, r_band, f_band, m_band, named, frequency, monetary
            FROM contact_rfm_history WHERE workspace_id = ? AND day <= ? GROUP BY contact_id)
          WHERE named IS NOT NULL`,
    args: [workspaceId, period.asOf],
  };
}

export interface BandCombination {
  r: number;
  f: number;
  m: number;
  named: string;
  contacts: number;
  revenue: number;
  transactions: number;
}

/**
 * Contacts, windowed revenue and transactions per combination of the three bands and the named segment: at most
 * 27 × 11 rows from one pass, from which totals, band tables, heatmaps and named segment sizes are all summed.
 */
export async function loadBandCombinations(db: SqlDriver, workspaceId: string, period: DashboardPeriod): Promise<BandCombination[]> {
  const states = contactStatesAsOf(workspaceId, period);
  const { rows } = await db.execute({
    sql: `SELECT r_band, f_band, m_band, named, count(*) AS contacts, sum(monetary) AS revenue, sum(frequency) AS transactions
          FROM (${states.sql}) GROUP BY r_band, f_band, m_band, named`,
    args: states.args,
  });
  return rows.map((row) => ({
    r: Number(row.r_band),
    f: Number(row.f_band),
    m: Number(row.m_band),
    named: String(row.named),
    contacts: Number(row.contacts),
    revenue: Number(row.revenue ?? 0),
    transactions: Number(row.transactions ?? 0),
  }));
}

export interface FrameSpend {
  r: number;
  f: number;
  m: number;
  revenue: number;
  transactions: number;
}

/**
 * Completed purchases inside the time frame, summed by the bands their buyers are in on the dashboard day. Only
 * needed when the frame is not the look-back window ending that day (whose sums the state already holds).
 */
export async function loadFrameSpend(db: SqlDriver, workspaceId: string, period: DashboardPeriod): Promise<FrameSpend[]> {
  const states = contactStatesAsOf(workspaceId, period);
  const { rows } = await db.execute({
    sql: `SELECT s.r_band, s.f_band, s.m_band, count(*) AS transactions, sum(p.amount) AS revenue
          FROM purchases p JOIN (${states.sql}) s ON s.contact_id = p.contact_id
          WHERE p.workspace_id = ? AND p.day BETWEEN ? AND ? AND p.status = 'completed'
          GROUP BY s.r_band, s.f_band, s.m_band`,
    args: [...states.args, workspaceId, period.from, period.to],
  });
  return rows.map((row) => ({
    r: Number(row.r_band),
    f: Number(row.f_band),
    m: Number(row.m_band),
    revenue: Number(row.revenue ?? 0),
    transactions: Number(row.transactions ?? 0),
  }));
}

/**
 * contact_rfm_history.code packs a contact's bands and named segment into one number (written by migration 0003's
 * triggers): r·10,000 + f·1,000 + m·100 + the named segment's index in NAMED_SEGMENTS (99: no counted purchase). So a
 * single grouped pass over the history carries "the latest row on or before day D" as max(day · 100,000 + code).
 */
const NO_NAMED = 99;

/** up to this many history rows after the comparison day, movement looks their contacts up one by one */
export const MOVEMENT_LOOKUP_LIMIT = 150_000;

export interface Movement {
  r: { up: number; down: number };
  f: { up: number; down: number };
  m: { up: number; down: number };
  named: Record<string, { entered: number; left: number }>;
  /** contacts without RFM state on the comparison day (first bought after it) */
  newContacts: number;
}

/**
 * Movement between the comparison day and the dashboard day. Only contacts with a band-history row after the
 * comparison day (found through migration 0004's (workspace, day) index) can differ, so only they are read: per such
 * contact the latest code on or before each day (two key lookups), then plain sums over those pairs (no GROUP BY: SQLite sorts every input row of
 * a GROUP BY, which for a million contacts cost seconds). Per dimension, contacts who had bought on both days and
 * moved to a better band (recency: shorter; frequency and monetary: higher) or a worse one; per named segment, how many
 * entered and left it (a first-time buyer only enters).
 */
export async function loadMovement(db: SqlDriver, workspaceId: string, period: DashboardPeriod, changedRowsLimit = MOVEMENT_LOOKUP_LIMIT): Promise<Movement> {
  // per contact: the named index before and after (99: none; null: no state yet) and each band's change after − before
  const sums = [
    'sum(b IS NULL) AS new_contacts',
    ...(['r', 'f', 'm'] as const).flatMap((dimension) => {
      const [better, worse] = dimension === 'r' ? ['<', '>'] : ['>', '<'];
      return [`sum(both_bought AND d${dimension} ${better} 0) AS ${dimension}_up`, `sum(both_bought AND d${dimension} ${worse} 0) AS ${dimension}_down`];
    }),
    ...NAMED_SEGMENTS.flatMap((_, index) => [`sum(an = ${index}) AS entered_${index}`, `sum(bn = ${index}) AS left_${index}`]),
  ];
  // Only contacts with a history row after the comparison day can differ. When they are few (counted on migration 0004's
  // (workspace, day) index), two key lookups each beat one pass over every contact's history; when many changed (a
  // long comparison), the single pass wins. 1M contacts: a quiet month 45 ms vs 230 ms; 200k changed 580 vs 530 ms;
  // all changed 3 s vs 1.9 s — hence the limit.
  const { rows: changed } = await db.execute({
    sql: `SELECT count(*) AS n FROM (SELECT 1 FROM contact_rfm_history WHERE workspace_id = ? AND day > ? AND day <= ? LIMIT ?)`,
    args: [workspaceId, period.compareDay, period.asOf, changedRowsLimit + 1],
  });
  const fewChanged = Number(changed[0]?.n ?? 0) <= changedRowsLimit;
  const pairs = fewChanged
    ? {
        // MATERIALIZED: flattened into the sums, each lookup would run once per use of a and b (about 30 times, 11 s at 1M)
        sql: `WITH pairs AS MATERIALIZED (
                SELECT (SELECT day * 100000 + code FROM contact_rfm_history
                        WHERE workspace_id = ? AND contact_id = changed.contact_id AND day <= ? ORDER BY day DESC LIMIT 1) % 100000 AS b,
                       (SELECT day * 100000 + code FROM contact_rfm_history
                        WHERE workspace_id = ? AND contact_id = changed.contact_id AND day <= ? ORDER BY day DESC LIMIT 1) % 100000 AS a
                FROM (SELECT DISTINCT contact_id FROM contact_rfm_history WHERE workspace_id = ? AND day > ? AND day <= ?) AS changed)`,
        args: [workspaceId, period.compareDay, workspaceId, period.asOf, workspaceId, period.compareDay, period.asOf],
      }
    : {
        sql: `WITH pairs AS (
                SELECT max(CASE WHEN day <= ? THEN day * 100000 + code END) % 100000 AS b, max(day * 100000 + code) % 100000 AS a
                FROM contact_rfm_history WHERE workspace_id = ? AND day <= ? GROUP BY contact_id)`,
        args: [period.compareDay, workspaceId, period.asOf],
      };
  const { rows } = await db.execute({
    sql: `${pairs.sql}
          SELECT ${sums.join(', ')} FROM (
            SELECT b, b % 100 != ${NO_NAMED} AND a % 100 != ${NO_NAMED} AS both_bought,
                   a / 10000 - b / 10000 AS dr, a / 1000 % 10 - b / 1000 % 10 AS df, a / 100 % 10 - b / 100 % 10 AS dm,
                   CASE WHEN a % 100 IS NOT b % 100 THEN a % 100 END AS an, CASE WHEN a % 100 IS NOT b % 100 THEN b % 100 END AS bn
            FROM pairs WHERE b IS NOT a)`,
    args: pairs.args,
  });
  const row = rows[0] ?? {};
  const count = (name: string) => Number(row[name] ?? 0);
  return {
    r: { up: count('r_up'), down: count('r_down') },
    f: { up: count('f_up'), down: count('f_down') },
    m: { up: count('m_up'), down: count('m_down') },
    named: Object.fromEntries(NAMED_SEGMENTS.map((segment, index) => [segment.key, { entered: count(`entered_${index}`), left: count(`left_${index}`) }])),
    newContacts: count('new_contacts'),
  };
}

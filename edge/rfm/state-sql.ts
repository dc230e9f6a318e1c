import type { SqlStatement } from '../../db/driver.ts';
import { NAMED_SEGMENTS, type ResolvedThresholds, type RfmConfig } from '../engine/rfm/index.ts';

/**
 * The engine's banding, scoring and named-segment rules written as SQL, so the scheduled work and ingest can
 * update millions of contacts set-based. `state-sql.test.ts` proves these agree with the engine on random data.
 * Thresholds are inlined as numeric literals: they change at most daily, so the statement cache stays warm.
 */

const NO_WINDOW = 1_000_000_000;

function literal(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`threshold ${value} is not a finite number`);
  return String(value);
}

function bandCase(expression: string, [t0, t1]: readonly [number, number]): string {
  return `CASE WHEN ${expression} <= ${literal(t0)} THEN 0 WHEN ${expression} <= ${literal(t1)} THEN 1 ELSE 2 END`;
}

function scoreCase(expression: string, cuts: readonly [number, number, number, number], fewerIsBetter: boolean): string {
  const scores = fewerIsBetter ? [5, 4, 3, 2] : [1, 2, 3, 4];
  const elseScore = fewerIsBetter ? 1 : 5;
  const whens = cuts.map((cut, index) => `WHEN ${expression} <= ${literal(cut)} THEN ${scores[index]}`).join(' ');
  return `CASE ${whens} ELSE ${elseScore} END`;
}

function namedCase(): string {
  const whens = NAMED_SEGMENTS.map(
    (segment) =>
      `WHEN r_score BETWEEN ${segment.r[0]} AND ${segment.r[1]} AND ((f_score + m_score + 1) / 2) BETWEEN ${segment.fm[0]} AND ${segment.fm[1]} THEN '${segment.key}'`,
  ).join(' ');
  return `CASE WHEN last_purchase_day IS NULL THEN NULL ${whens} END`;
}

/**
 * Wraps a source of raw aggregates — columns contact_id, first_purchase_at, last_purchase_at, last_purchase_day,
 * frequency, monetary, window_oldest_day — into an upsert of the scored state as of `today`.
 */
function upsertScored(sourceSql: string, thresholds: ResolvedThresholds, today: number): string {
  const recency = `(${today} - last_purchase_day)`;
  const scored = `SELECT contact_id, first_purchase_at, last_purchase_at, last_purchase_day, frequency, monetary, window_oldest_day,
      CASE WHEN last_purchase_day IS NULL THEN 1 ELSE ${scoreCase(recency, thresholds.scores.r, true)} END AS r_score,
      ${scoreCase('frequency', thresholds.scores.f, false)} AS f_score,
      ${scoreCase('monetary', thresholds.scores.m, false)} AS m_score,
      CASE WHEN last_purchase_day IS NULL THEN 2 ELSE ${bandCase(recency, thresholds.bands.r)} END AS r_band,
      ${bandCase('frequency', thresholds.bands.f)} AS f_band,
      ${bandCase('monetary', thresholds.bands.m)} AS m_band
    FROM (${sourceSql})`;
  return `INSERT INTO contact_rfm (contact_id, workspace_id, first_purchase_at, last_purchase_at, last_purchase_day, frequency, monetary,
      window_oldest_day, r_score, f_score, m_score, r_band, f_band, m_band, named, computed_day)
    SELECT contact_id, :workspace, first_purchase_at, last_purchase_at, last_purchase_day, frequency, monetary, window_oldest_day,
      r_score, f_score, m_score, r_band, f_band, m_band, ${namedCase()}, ${today}
    FROM (${scored}) WHERE true
    ON CONFLICT (contact_id) DO UPDATE SET
      first_purchase_at = excluded.first_purchase_at, last_purchase_at = excluded.last_purchase_at,
      last_purchase_day = excluded.last_purchase_day, frequency = excluded.frequency, monetary = excluded.monetary,
      window_oldest_day = excluded.window_oldest_day, r_score = excluded.r_score, f_score = excluded.f_score,
      m_score = excluded.m_score, r_band = excluded.r_band, f_band = excluded.f_band, m_band = excluded.m_band,
      named = excluded.named, computed_day = excluded.computed_day
    WHERE (contact_rfm.first_purchase_at, contact_rfm.last_purchase_at, contact_rfm.frequency, contact_rfm.monetary,
           contact_rfm.window_oldest_day, contact_rfm.r_score, contact_rfm.f_score, contact_rfm.m_score,
           contact_rfm.r_band, contact_rfm.f_band, contact_rfm.m_band, contact_rfm.named)
       IS NOT (excluded.first_purchase_at, excluded.last_purchase_at, excluded.frequency, excluded.monetary,
           excluded.window_oldest_day, excluded.r_score, excluded.f_score, excluded.m_score,
           excluded.r_band, excluded.f_band, excluded.m_band, excluded.named)`;
}

/** Aggregates purchases of the selected contacts (a WHERE over `c`, the contacts table). */
function aggregateFromPurchases(contactSelection: string, config: RfmConfig, today: number): string {
  const windowStart = today - (config.windowDays ?? NO_WINDOW);
  const inWindow = `p.day > ${windowStart}`;
  return `SELECT c.id AS contact_id, min(p.purchased_at) AS first_purchase_at, max(p.purchased_at) AS last_purchase_at,
      max(p.day) AS last_purchase_day, count(p.day) FILTER (WHERE ${inWindow}) AS frequency,
      coalesce(sum(p.amount) FILTER (WHERE ${inWindow}), 0) AS monetary,
      min(p.day) FILTER (WHERE ${inWindow}) AS window_oldest_day
    FROM contacts c LEFT JOIN purchases p ON p.contact_id = c.id AND p.status = 'completed' AND p.day <= ${today}
    WHERE c.workspace_id = :workspace AND (${contactSelection})
    GROUP BY c.id`;
}

export interface StateContext {
  workspaceId: string;
  config: RfmConfig;
  thresholds: ResolvedThresholds;
  today: number;
}

/** Recomputes, from their purchases, the state of the contacts with these customer ids (ingest, refunds). */
export function recomputeForCustomers(context: StateContext, customerIds: readonly string[]): SqlStatement {
  const source = aggregateFromPurchases('c.customer_id IN (SELECT value FROM json_each(:customers))', context.config, context.today);
  return named(upsertScored(source, context.thresholds, context.today), { workspace: context.workspaceId, customers: JSON.stringify(customerIds) });
}

/** Recomputes, from purchases, every contact whose id lies in [fromId, toId] (full rebuild, in chunks). */
export function recomputeContactRange(context: StateContext, fromId: number, toId: number): SqlStatement {
  const source = aggregateFromPurchases('c.id BETWEEN :fromId AND :toId', context.config, context.today);
  return named(upsertScored(source, context.thresholds, context.today), { workspace: context.workspaceId, fromId, toId });
}

/** Recomputes the contacts in [fromId, toId] whose oldest windowed purchase has left the look-back window. */
export function recomputeWindowExpired(context: StateContext, fromId: number, toId: number): SqlStatement {
  const windowStart = context.today - (context.config.windowDays ?? NO_WINDOW);
  const source = aggregateFromPurchases(
    `c.id IN (SELECT contact_id FROM contact_rfm WHERE workspace_id = :workspace AND window_oldest_day <= ${windowStart}
              AND contact_id BETWEEN :fromId AND :toId)`,
    context.config,
    context.today,
  );
  return named(upsertScored(source, context.thresholds, context.today), { workspace: context.workspaceId, fromId, toId });
}

/** Re-scores stored aggregates in [fromId, toId] for today's date and thresholds; writes only rows that change. */
export function rescoreRange(context: StateContext, fromId: number, toId: number): SqlStatement {
  const source = `SELECT contact_id, first_purchase_at, last_purchase_at, last_purchase_day, frequency, monetary, window_oldest_day
    FROM contact_rfm WHERE workspace_id = :workspace AND contact_id BETWEEN :fromId AND :toId`;
  return named(upsertScored(source, context.thresholds, context.today), { workspace: context.workspaceId, fromId, toId });
}

/**
 * Re-scores only the contacts whose state can have changed since the last tick on `sinceDay`: those whose
 * recency crossed a recency cut since then, or sits where a moved recency cut passed, and those whose frequency or
 * monetary lies between a cut's previous and new position. Re-scoring a few rows too many is harmless (only
 * changed rows are written); missing one is not, and `state-sql.test.ts` checks against a full recomputation. Frequency and monetary themselves move only when
 * purchases leave the window, which `recomputeWindowExpired` handles before this.
 */
export function rescoreChanged(context: StateContext, previous: ResolvedThresholds, sinceDay: number): SqlStatement {
  const conditions: string[] = [];
  // A stored row was scored with the previous cut `o` on some day between the last tick and today; it must be
  // scored again if its side of the cut can differ from its side of the new cut `n` today. With recency
  // r = day - last_purchase_day, that is last_purchase_day in [min(since - o, today - n), max(today - o, today - n)).
  const recencyCuts = [...context.thresholds.bands.r, ...context.thresholds.scores.r];
  const previousRecencyCuts = [...previous.bands.r, ...previous.scores.r];
  recencyCuts.forEach((cut, index) => {
    const now = Math.floor(cut);
    const before = Math.floor(previousRecencyCuts[index]!);
    const from = Math.min(sinceDay - before, context.today - now);
    const to = Math.max(context.today - before, context.today - now) - 1;
    conditions.push(`last_purchase_day BETWEEN ${literal(from)} AND ${literal(to)}`);
  });
  for (const [dimension, column] of [['f', 'frequency'], ['m', 'monetary']] as const) {
    const cuts = [...context.thresholds.bands[dimension], ...context.thresholds.scores[dimension]];
    const before = [...previous.bands[dimension], ...previous.scores[dimension]];
    cuts.forEach((cut, index) => {
      const old = before[index]!;
      if (old === cut) return;
      conditions.push(`(${column} > ${literal(Math.min(old, cut))} AND ${column} <= ${literal(Math.max(old, cut))})`);
    });
  }
  const source = `SELECT contact_id, first_purchase_at, last_purchase_at, last_purchase_day, frequency, monetary, window_oldest_day
    FROM contact_rfm WHERE workspace_id = :workspace AND (${conditions.join(' OR ') || 'false'})`;
  return named(upsertScored(source, context.thresholds, context.today), { workspace: context.workspaceId });
}

/** Named parameters (`:name`) turned positional, because the two drivers disagree on named-argument objects. */
function named(sql: string, values: Record<string, unknown>): SqlStatement {
  const args: unknown[] = [];
  const positional = sql.replace(/:([a-zA-Z]+)/g, (whole, name: string) => {
    if (!(name in values)) return whole;
    args.push(values[name]);
    return '?';
  });
  return { sql: positional, args };
}

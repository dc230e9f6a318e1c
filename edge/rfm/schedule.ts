import type { SqlDriver } from '../../db/driver.ts';
import { foldPendingProductStats } from '../dashboard/sales.ts';
import { quantileOffset, quantilesNeeded, resolveThresholdsWith, type Dimension, type ResolvedThresholds } from '../engine/rfm/index.ts';
import { localDayNumber } from '../engine/time/index.ts';
import { refreshAllMemberships } from '../segments/membership.ts';
import { listWorkspaceIds, loadWorkspace, type Workspace } from '../workspaces/workspace.ts';
import { recomputeContactRange, recomputeWindowExpired, rescoreChanged, rescoreRange, type StateContext } from './state-sql.ts';

/** Contacts per statement: big enough to be set-based, small enough to keep one write transaction short. */
export const CHUNK_CONTACTS = 50_000;

export interface ScheduleReport {
  workspaceId: string;
  today: number;
  chunks: number;
  thresholdsChanged: boolean;
  milliseconds: number;
}

async function contactIdRange(driver: SqlDriver, workspaceId: string): Promise<[number, number] | null> {
  const { rows } = await driver.execute({ sql: 'SELECT min(id) AS low, max(id) AS high FROM contacts WHERE workspace_id = ?', args: [workspaceId] });
  const row = rows[0];
  return row?.low == null ? null : [Number(row.low), Number(row.high)];
}

function* chunks([low, high]: [number, number]): Generator<[number, number]> {
  for (let from = low; from <= high; from += CHUNK_CONTACTS) yield [from, Math.min(high, from + CHUNK_CONTACTS - 1)];
}

const POPULATION: { [dimension in Dimension]: { column: string; where: string; order: string } } = {
  r: { column: 'last_purchase_day', where: 'last_purchase_day IS NOT NULL', order: 'last_purchase_day DESC' },
  f: { column: 'frequency', where: 'frequency > 0', order: 'frequency' },
  m: { column: 'monetary', where: 'frequency > 0', order: 'monetary' },
};

/**
 * Resolves quantile thresholds from the stored distribution: each quantile is one indexed
 * `ORDER BY … LIMIT 1 OFFSET k` with k from the engine's own quantile definition, so SQL and engine agree.
 */
export async function resolveThresholdsInSql(driver: SqlDriver, workspace: Workspace, today: number, now: number): Promise<ResolvedThresholds> {
  const counts = new Map<Dimension, number>();
  for (const dimension of ['r', 'f', 'm'] as const) {
    const { where } = POPULATION[dimension];
    const { rows } = await driver.execute({ sql: `SELECT count(*) AS n FROM contact_rfm WHERE workspace_id = ? AND ${where}`, args: [workspace.id] });
    counts.set(dimension, Number(rows[0]?.n ?? 0));
  }
  const valueAt = new Map<string, number>();
  const needs = quantilesNeeded(workspace.settings.rfm);
  for (const dimension of ['r', 'f', 'm'] as const) {
    const n = counts.get(dimension) ?? 0;
    const wanted = needs.filter((need) => need.dimension === dimension);
    if (n === 0 || wanted.length === 0) continue;
    // One ordered pass per dimension picks every rank it needs (LIMIT 1 OFFSET k per quantile re-walks the index each time).
    const ranks = wanted.map((need) => quantileOffset(need.fraction, n) + 1);
    const { column, where, order } = POPULATION[dimension];
    const { rows } = await driver.execute({
      sql: `SELECT rank, value FROM (SELECT ${column} AS value, row_number() OVER (ORDER BY ${order}) AS rank FROM contact_rfm WHERE workspace_id = ? AND ${where})
            WHERE rank IN (SELECT value FROM json_each(?))`,
      args: [workspace.id, JSON.stringify([...new Set(ranks)])],
    });
    const byRank = new Map(rows.map((row) => [Number(row.rank), Number(row.value)]));
    wanted.forEach((need, index) => {
      const value = byRank.get(ranks[index]!);
      if (value !== undefined) valueAt.set(`${dimension}:${need.fraction}`, dimension === 'r' ? today - value : value);
    });
  }
  return resolveThresholdsWith(workspace.settings.rfm, workspace.thresholds, now, (dimension, fraction) => valueAt.get(`${dimension}:${fraction}`) ?? null);
}

async function storeThresholds(driver: SqlDriver, workspace: Workspace, thresholds: ResolvedThresholds, today: number, bumpVersion: boolean) {
  await driver.execute({
    sql: `UPDATE workspaces SET thresholds = ?, ticked_day = ?, config_version = config_version + ? WHERE id = ?`,
    args: [JSON.stringify(thresholds), today, bumpVersion ? 1 : 0, workspace.id],
  });
}

function sameCuts(a: ResolvedThresholds, b: ResolvedThresholds): boolean {
  return JSON.stringify([a.bands, a.scores]) === JSON.stringify([b.bands, b.scores]);
}

/**
 * What time alone changes, once a day: purchases leaving the look-back window (only the contacts whose oldest
 * windowed purchase expired are re-aggregated), quantile thresholds drifting, recency bands and scores moving.
 * Aggregation cost follows what changed; re-scoring reads stored aggregates and writes only rows that change.
 */
export async function runDailyTick(driver: SqlDriver, workspaceId: string, now: number): Promise<ScheduleReport> {
  const started = Date.now();
  const workspace = await loadWorkspace(driver, workspaceId);
  if (!workspace) throw new Error(`workspace ${workspaceId} does not exist`);
  const today = localDayNumber(now, workspace.timeZone);
  const range = await contactIdRange(driver, workspace.id);
  let chunkCount = 0;
  const base: StateContext = { workspaceId: workspace.id, config: workspace.settings.rfm, thresholds: workspace.thresholds, today };
  if (range && workspace.settings.rfm.windowDays !== null) {
    for (const [from, to] of chunks(range)) {
      await driver.execute(recomputeWindowExpired(base, from, to));
      chunkCount++;
    }
  }
  const thresholds = await resolveThresholdsInSql(driver, workspace, today, now);
  const thresholdsChanged = !sameCuts(thresholds, workspace.thresholds);
  const lastTick = workspace.tickedDay;
  if (range && lastTick === null) {
    for (const [from, to] of chunks(range)) {
      await driver.execute(rescoreRange({ ...base, thresholds }, from, to));
      chunkCount++;
    }
  } else if (range && lastTick !== null && (lastTick < today || thresholdsChanged)) {
    // Only contacts whose recency crossed a cut since the last tick, or whose value a moved cut passed over.
    await driver.execute(rescoreChanged({ ...base, thresholds }, workspace.thresholds, lastTick));
    chunkCount++;
  }
  await storeThresholds(driver, workspace, thresholds, today, thresholdsChanged);
  // the day's purchases with items, folded now so the first dashboard read after a busy day does not pay for them
  await foldPendingProductStats(driver, workspace.id);
  return { workspaceId, today, chunks: chunkCount, thresholdsChanged, milliseconds: Date.now() - started };
}

/** Everything from purchases again, after a configuration change (window, bands, scores). */
export async function rebuildWorkspace(driver: SqlDriver, workspaceId: string, now: number): Promise<ScheduleReport> {
  const started = Date.now();
  const workspace = await loadWorkspace(driver, workspaceId);
  if (!workspace) throw new Error(`workspace ${workspaceId} does not exist`);
  const today = localDayNumber(now, workspace.timeZone);
  const range = await contactIdRange(driver, workspace.id);
  let chunkCount = 0;
  const base: StateContext = { workspaceId: workspace.id, config: workspace.settings.rfm, thresholds: workspace.thresholds, today };
  if (range) {
    for (const [from, to] of chunks(range)) {
      await driver.execute(recomputeContactRange(base, from, to));
      chunkCount++;
    }
  }
  const thresholds = await resolveThresholdsInSql(driver, workspace, today, now);
  if (range) {
    for (const [from, to] of chunks(range)) {
      await driver.execute(rescoreRange({ ...base, thresholds }, from, to));
      chunkCount++;
    }
  }
  await storeThresholds(driver, workspace, thresholds, today, true);
  return { workspaceId, today, chunks: chunkCount, thresholdsChanged: !sameCuts(thresholds, workspace.thresholds), milliseconds: Date.now() - started };
}

/** The scheduled entry point for both runtimes: ticks every workspace whose day has turned. */
export async function runScheduledWork(driver: SqlDriver, now: number): Promise<ScheduleReport[]> {
  const reports: ScheduleReport[] = [];
  for (const workspaceId of await listWorkspaceIds(driver)) {
    const workspace = await loadWorkspace(driver, workspaceId);
    if (!workspace) continue;
    if (workspace.tickedDay === localDayNumber(now, workspace.timeZone)) continue;
    reports.push(await runDailyTick(driver, workspaceId, now));
    // Time alone moves contacts between segments too (a premium customer whose recency slips): find them now.
    const ticked = await loadWorkspace(driver, workspaceId);
    if (ticked) await refreshAllMemberships(driver, ticked, now, 'schedule');
  }
  return reports;
}

import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import type { SqlDriver } from '../../db/driver.ts';
import { localDayNumber } from '../engine/time/index.ts';
import { ingestPurchases, type NormalisedPurchase } from '../purchases/ingest.ts';
import { rebuildWorkspace } from '../rfm/schedule.ts';
import { randomToken } from '../workspaces/keys.ts';
import { DEMO_CONTENT_RULES } from './shop/catalogue.ts';
import { createWorkspace, loadWorkspace, type Workspace, type WorkspaceCredentials } from '../workspaces/workspace.ts';

export const DEMO_PURCHASES_FILE = fileURLToPath(new URL('../../db/demo/online-retail-purchases.csv.gz', import.meta.url));
const DAY_MS = 86_400_000;

export interface DemoPurchaseRow {
  orderId: string;
  customerId: string;
  purchasedAt: number;
  amountMinor: number;
  country: string;
}

/** Reads the shipped UCI Online Retail purchases (one row per invoice, see db/demo/SOURCE.md). */
export async function readDemoPurchases(file = DEMO_PURCHASES_FILE): Promise<DemoPurchaseRow[]> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const rows: DemoPurchaseRow[] = [];
  let header: string[] | null = null;
  for await (const line of lines) {
    if (!line) continue;
    const cells = line.split(',');
    if (!header) {
      header = cells;
      continue;
    }
    const cell = (name: string) => cells[header!.indexOf(name)] ?? '';
    rows.push({
      orderId: cell('orderId'),
      customerId: cell('customerId'),
      purchasedAt: Date.parse(cell('purchasedAt')),
      amountMinor: Number(cell('amountMinor')),
      country: cell('country'),
    });
  }
  return rows;
}

/**
 * The demo workspace: real purchase history shifted so its last day is yesterday, contacts with their country,
 * RFM state ready. Its keys are kept in a local file, because the database only holds their hashes.
 */
export async function ensureDemoWorkspace(driver: SqlDriver, credentialsFile: string, now: number, origins: string[]): Promise<{ credentials: WorkspaceCredentials; created: boolean }> {
  if (existsSync(credentialsFile)) {
    const credentials = JSON.parse(readFileSync(credentialsFile, 'utf8')) as WorkspaceCredentials;
    if (await loadWorkspace(driver, credentials.workspaceId)) {
      await ensureDemoContentRules(driver, credentials.workspaceId);
      return { credentials, created: false };
    }
  }
  const credentials = await createWorkspace(driver, { name: 'Demo shop', currency: 'GBP', timeZone: 'Europe/London', allowedOrigins: origins }, now);
  const workspace = (await loadWorkspace(driver, credentials.workspaceId))!;
  const rows = await readDemoPurchases();
  const lastAt = Math.max(...rows.map((row) => row.purchasedAt));
  const shiftDays = localDayNumber(now, workspace.timeZone) - 1 - localDayNumber(lastAt, workspace.timeZone);
  const shiftMs = shiftDays * DAY_MS;

  const countries = new Map<string, string>();
  const purchases: NormalisedPurchase[] = rows.map((row) => {
    countries.set(row.customerId, row.country);
    const purchasedAt = row.purchasedAt + shiftMs;
    return {
      orderId: row.orderId,
      customerId: row.customerId,
      email: `customer-${row.customerId}@demo.rfm-edge.test`,
      amount: row.amountMinor,
      originalCurrency: null,
      originalAmount: null,
      purchasedAt,
      day: localDayNumber(purchasedAt, workspace.timeZone),
      items: null,
    };
  });
  await ingestWithHistory(driver, workspace, purchases, now);
  await driver.execute({
    sql: `INSERT INTO contacts (workspace_id, customer_id, attributes)
          SELECT ?, value ->> 0, json_object('country', value ->> 1) FROM json_each(?) WHERE true
          ON CONFLICT (workspace_id, customer_id) DO UPDATE SET attributes = excluded.attributes`,
    args: [workspace.id, JSON.stringify([...countries])],
  });
  await rebuildWorkspace(driver, workspace.id, now);
  await ensureDemoContentRules(driver, workspace.id);
  mkdirSync(dirname(credentialsFile), { recursive: true });
  writeFileSync(credentialsFile, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
  return { credentials, created: true };
}

/** Days before today on which the demo records its RFM state, so the dashboard's movement (7, 30, 90, 365 days) and
 * a past as-of day show what a year of running would have recorded. */
const DEMO_HISTORY_DAYS_AGO = [365, 180, 90, 60, 30, 14, 7];

/**
 * Ingests the demo's purchases in time order and rebuilds the RFM state at each history day with the purchases known
 * by then: the band-history triggers record each day's state as if the edge had been running all year.
 */
async function ingestWithHistory(driver: SqlDriver, workspace: Workspace, purchases: NormalisedPurchase[], now: number): Promise<void> {
  const inOrder = [...purchases].sort((a, b) => a.purchasedAt - b.purchasedAt);
  const snapshots = DEMO_HISTORY_DAYS_AGO.map((daysAgo) => now - daysAgo * DAY_MS);
  let next = 0;
  for (const [index, until] of [...snapshots, Number.POSITIVE_INFINITY].entries()) {
    const clock = index < snapshots.length ? until : now;
    let end = next;
    while (end < inOrder.length && inOrder[end]!.purchasedAt < until) end++;
    for (let start = next; start < end; start += 1000) await ingestPurchases(driver, workspace, inOrder.slice(start, Math.min(start + 1000, end)), clock);
    next = end;
    if (index < snapshots.length && next > 0) await rebuildWorkspace(driver, workspace.id, clock);
  }
}

/** The demo's content per RFM segment; added once, so a marketer's edits in the demo stay. */
export async function ensureDemoContentRules(driver: SqlDriver, workspaceId: string): Promise<void> {
  const { rows } = await driver.execute({ sql: 'SELECT count(*) AS n FROM content_rules WHERE workspace_id = ?', args: [workspaceId] });
  if (Number(rows[0]?.n ?? 0) > 0) return;
  await driver.batch([
    ...DEMO_CONTENT_RULES.map((rule) => ({
      sql: 'INSERT INTO content_rules (id, workspace_id, slot, segment_key, name, variant_html, priority) VALUES (?, ?, ?, ?, ?, ?, ?)',
      args: [`cr_${randomToken(9)}`, workspaceId, rule.slot, rule.segmentKey, rule.name, rule.html, rule.priority],
    })),
    { sql: 'UPDATE workspaces SET config_version = config_version + 1 WHERE id = ?', args: [workspaceId] },
  ]);
}

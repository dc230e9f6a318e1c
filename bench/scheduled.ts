import { join } from 'node:path';
import { createEmbeddedDriver } from '../db/drivers/embedded.ts';
import { applyMigrations } from '../db/migrate.ts';
import { loadMigrations } from '../db/migrations-from-disk.ts';
import { localDayNumber } from '../edge/engine/time/index.ts';
import { rebuildWorkspace, runDailyTick } from '../edge/rfm/schedule.ts';
import { createWorkspace } from '../edge/workspaces/workspace.ts';

const DAY = 86_400_000;

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

/**
 * Synthetic history loaded straight into the database, seeded (a multiplicative hash of the row number, so every
 * run has the same data): purchase i goes to contact ⌈N·u⁴⌉ for u = hash(i) — a few contacts buy very often,
 * most rarely — on one of the last 1,095 days, for 5 to 205 GBP.
 */
export async function scheduledWorkBench(folder: string, contacts: number, purchases: number, now = Date.now()) {
  const driver = createEmbeddedDriver(join(folder, 'scheduled.db'));
  await applyMigrations(driver, loadMigrations());
  const { workspaceId } = await createWorkspace(driver, { name: 'Synthetic', currency: 'GBP', timeZone: 'Europe/London' }, now);
  const today = localDayNumber(now, 'Europe/London');
  let started = performance.now();
  await driver.execute({
    sql: `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
          INSERT INTO contacts (workspace_id, customer_id) SELECT ?, 'c' || i FROM n`,
    args: [contacts, workspaceId],
  });
  const { rows } = await driver.execute({ sql: 'SELECT min(id) AS low FROM contacts WHERE workspace_id = ?', args: [workspaceId] });
  const firstContact = Number(rows[0]!.low);
  // Loading is faster with the purchases index built afterwards, as a shop's bulk import would do.
  await driver.execute({ sql: 'DROP INDEX IF EXISTS purchases_contact_day' });
  const chunk = 1_000_000;
  for (let offset = 0; offset < purchases; offset += chunk) {
    await driver.execute({
      sql: `WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?),
            h(i, u, d, a) AS (SELECT i, ((i * 2654435761) % 4294967296) / 4294967296.0, (i * 40503) % 1095, (i * 69069) % 20000 FROM n)
            INSERT INTO purchases (workspace_id, order_id, contact_id, amount, purchased_at, day)
            SELECT ?, 'o' || i, ? + min(? - 1, CAST(? * u * u * u * u AS INTEGER)), 500 + a, (? - d) * ${DAY} + 43200000, ? - d FROM h`,
      args: [offset + 1, Math.min(purchases, offset + chunk), workspaceId, firstContact, contacts, contacts, today, today],
    });
  }
  await driver.execute({ sql: 'CREATE INDEX purchases_contact_day ON purchases (contact_id, status, day, amount, purchased_at)' });
  const loadSeconds = (performance.now() - started) / 1000;

  started = performance.now();
  const rebuild = await rebuildWorkspace(driver, workspaceId, now);
  const rebuildSeconds = (performance.now() - started) / 1000;
  const rssAfterRebuild = peakRssMb();

  started = performance.now();
  const tick = await runDailyTick(driver, workspaceId, now + DAY);
  const tickSeconds = (performance.now() - started) / 1000;
  const { rows: changed } = await driver.execute({ sql: 'SELECT count(*) AS n FROM contact_rfm WHERE workspace_id = ? AND computed_day = ?', args: [workspaceId, today + 1] });
  await driver.close();
  return {
    contacts,
    purchases,
    loadSeconds: Number(loadSeconds.toFixed(1)),
    rebuildSeconds: Number(rebuildSeconds.toFixed(1)),
    rebuildChunks: rebuild.chunks,
    tickSeconds: Number(tickSeconds.toFixed(1)),
    contactsRewrittenByTick: Number(changed[0]!.n),
    peakRssMb: rssAfterRebuild,
    peakRssMbAfterTick: peakRssMb(),
    targets: 'tick ≤ 10 s, rebuild ≤ 60 s and ≤ 1 GB (1M contacts / 10M purchases)',
  };
}

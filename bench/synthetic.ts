import type { SqlDriver } from '../db/driver.ts';
import { ensureDemoContentRules } from '../edge/demo/seed.ts';
import { localDayNumber } from '../edge/engine/time/index.ts';
import { createWorkspace, type WorkspaceCredentials } from '../edge/workspaces/workspace.ts';

export const DAY_MS = 86_400_000;
export const SYNTHETIC_TIME_ZONE = 'Europe/London';

/**
 * The seeded synthetic history, written once as arithmetic on the row number i = 1…purchases so SQLite and DuckDB
 * can each generate exactly the same rows in SQL (no file between them):
 *   u = ((i · 2654435761) mod 2³²) / 2³²                    a multiplicative hash, uniform in [0, 1)
 *   contact = first + min(N − 1, ⌊N · u · u · u · u⌋)        skewed: low offsets buy very often, most contacts a few times
 *   day = today − (i · 40503 mod 1095)                       the last three years
 *   amount = 500 + (i · 69069 mod 20000) minor units          5.00 to 204.99
 *   purchased_at = day · 86,400,000 + 12 h
 * Every factor is applied in the same order in both dialects (IEEE doubles, truncation toward zero), so the rows agree
 * bit for bit; the bench checks that they do by comparing the per-contact RFM both engines compute.
 */
export interface SyntheticShape {
  contacts: number;
  purchases: number;
  /** contacts.id of customer 'c1' */
  firstContactId: number;
  /** the day number the history ends on (the workspace's local today) */
  today: number;
}

/**
 * The shared expressions over a row source with columns `i` and `u` (see `hashColumn`); `double` is the dialect's
 * cast of an integer to a double, `truncate` its double-to-integer truncation toward zero.
 */
function purchaseColumns(shape: SyntheticShape, double: (expression: string) => string, truncate: (expression: string) => string, minimum: string) {
  return {
    u: `${double('(i * 2654435761) % 4294967296')} / ${double('4294967296')}`,
    contact: `${shape.firstContactId} + ${minimum}(${shape.contacts - 1}, ${truncate(`${double(String(shape.contacts))} * u * u * u * u`)})`,
    day: `${shape.today} - ((i * 40503) % 1095)`,
    amount: `500 + ((i * 69069) % 20000)`,
    purchasedAt: `(${shape.today} - ((i * 40503) % 1095)) * ${DAY_MS} + 43200000`,
  };
}

/** SQLite: CAST(real AS INTEGER) truncates toward zero; the two-argument min() is the scalar minimum. */
export const sqlitePurchaseColumns = (shape: SyntheticShape) =>
  purchaseColumns(shape, (expression) => `CAST(${expression} AS REAL)`, (expression) => `CAST(${expression} AS INTEGER)`, 'min');

/** DuckDB: CAST(double AS BIGINT) rounds, so truncate first; least() is the scalar minimum. */
export const duckdbPurchaseColumns = (shape: SyntheticShape) =>
  purchaseColumns(shape, (expression) => `CAST(${expression} AS DOUBLE)`, (expression) => `CAST(trunc(${expression}) AS BIGINT)`, 'least');

export interface SyntheticWorkspace {
  credentials: WorkspaceCredentials;
  shape: SyntheticShape;
  /** visitor ids are `${VISITOR_PREFIX}${n}` for customer 'c' + n, n = 1…contacts */
  visitorPrefix: string;
  seconds: { contacts: number; purchases: number; purchasesIndex: number; visitors: number };
}

export const VISITOR_PREFIX = 'bench-visitor-';

/**
 * Loads the synthetic workspace straight into the database: contacts 'c1'…'cN', the purchases above (with the
 * per-contact purchases index built after the rows, as a shop's bulk import would), one identified visitor per
 * contact, and the demo's content rules so decide answers real variants. RFM state is not computed here: that is
 * the full rebuild the bench times.
 */
export async function loadSyntheticWorkspace(driver: SqlDriver, contacts: number, purchases: number, now: number): Promise<SyntheticWorkspace> {
  const credentials = await createWorkspace(driver, { name: 'Synthetic', currency: 'GBP', timeZone: SYNTHETIC_TIME_ZONE }, now);
  const { workspaceId } = credentials;
  const today = localDayNumber(now, SYNTHETIC_TIME_ZONE);
  const seconds = { contacts: 0, purchases: 0, purchasesIndex: 0, visitors: 0 };
  const timed = async (key: keyof typeof seconds, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    seconds[key] = Number(((performance.now() - started) / 1000).toFixed(1));
  };

  await timed('contacts', () =>
    driver.execute({
      sql: `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
            INSERT INTO contacts (workspace_id, customer_id) SELECT ?, 'c' || i FROM n`,
      args: [contacts, workspaceId],
    }),
  );
  const { rows } = await driver.execute({ sql: 'SELECT min(id) AS low, max(id) AS high FROM contacts WHERE workspace_id = ?', args: [workspaceId] });
  const firstContactId = Number(rows[0]!.low);
  if (Number(rows[0]!.high) - firstContactId + 1 !== contacts) throw new Error('synthetic contacts did not get consecutive ids');
  const shape: SyntheticShape = { contacts, purchases, firstContactId, today };

  const columns = sqlitePurchaseColumns(shape);
  // This loader's own connection only: the rows are valid by construction (no per-row foreign-key lookups), and a
  // large page cache lets the index builds sort in memory.
  await driver.execute({ sql: 'PRAGMA foreign_keys = OFF' });
  await driver.execute({ sql: 'PRAGMA cache_size = -524288' });
  // Rows arrive in order-id order (zero-padded, so the unique order index only ever appends); the two indexes whose
  // keys arrive scattered are built after the rows, as a shop's bulk import would do.
  const scatteredIndexes = await driver.execute({ sql: `SELECT sql FROM sqlite_master WHERE type = 'index' AND name IN ('purchases_contact_day', 'purchases_workspace_day')` });
  for (const name of ['purchases_contact_day', 'purchases_workspace_day']) await driver.execute({ sql: `DROP INDEX IF EXISTS ${name}` });
  await timed('purchases', async () => {
    const chunk = 1_000_000;
    for (let offset = 0; offset < purchases; offset += chunk) {
      await driver.execute({
        sql: `WITH RECURSIVE n(i) AS (SELECT CAST(? AS INTEGER) UNION ALL SELECT i + 1 FROM n WHERE i < ?)
              INSERT INTO purchases (workspace_id, order_id, contact_id, amount, purchased_at, day)
              SELECT ?, printf('o%09d', i), ${columns.contact}, ${columns.amount}, ${columns.purchasedAt}, ${columns.day}
              FROM (SELECT i, ${columns.u} AS u FROM n)`,
        args: [offset + 1, Math.min(purchases, offset + chunk), workspaceId],
      });
    }
  });
  await timed('purchasesIndex', async () => {
    for (const row of scatteredIndexes.rows) await driver.execute({ sql: String(row.sql) });
  });

  // The driver binds JavaScript numbers as REAL, and 'x' || 1.0 is 'x1.0': whole numbers used in text are cast first.
  await timed('visitors', () =>
    driver.execute({
      sql: `INSERT INTO visitors (workspace_id, visitor_id, contact_id)
            SELECT workspace_id, '${VISITOR_PREFIX}' || (id - CAST(? AS INTEGER) + 1), id FROM contacts WHERE workspace_id = ?`,
      args: [firstContactId, workspaceId],
    }),
  );
  await driver.execute({ sql: 'PRAGMA foreign_keys = ON' });
  await ensureDemoContentRules(driver, workspaceId);
  return { credentials, shape, visitorPrefix: VISITOR_PREFIX, seconds };
}

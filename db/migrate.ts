import type { SqlDriver } from './driver.ts';

export interface Migration {
  tag: string;
  statements: string[];
}

const LEDGER = '__rfm_migrations';

/** Applies, in order and each atomically, the migrations the database has not seen yet. Returns their tags. */
export async function applyMigrations(driver: SqlDriver, migrations: readonly Migration[]): Promise<string[]> {
  await driver.execute({ sql: `CREATE TABLE IF NOT EXISTS ${LEDGER} (tag TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)` });
  const { rows } = await driver.execute<{ tag: string }>({ sql: `SELECT tag FROM ${LEDGER}` });
  const applied = new Set(rows.map((row) => row.tag));
  const newlyApplied: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.tag)) continue;
    await driver.batch([
      ...migration.statements.map((sql) => ({ sql })),
      { sql: `INSERT INTO ${LEDGER} (tag, applied_at) VALUES (?, ?)`, args: [migration.tag, Date.now()] },
    ]);
    newlyApplied.push(migration.tag);
  }
  return newlyApplied;
}

export function splitMigrationSql(sql: string): string[] {
  return sql
    .split('--> statement-breakpoint')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

import Database from 'libsql';
import type { SqlDriver, SqlResult, SqlStatement } from '../driver.ts';

interface PreparedStatement {
  reader: boolean;
  all(...args: unknown[]): unknown[];
  run(...args: unknown[]): { changes: number | bigint };
}

/**
 * Embedded libSQL in a local file. Prepared statements are cached by SQL text: preparing costs far more
 * than running a primary-key lookup, and the app uses a small fixed set of statements.
 */
export function createEmbeddedDriver(path: string): SqlDriver {
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');

  const cache = new Map<string, { prepared: PreparedStatement; returnsRows: boolean }>();
  const MAX_CACHED = 500;

  function prepare(sql: string) {
    let entry = cache.get(sql);
    if (!entry) {
      const prepared = database.prepare(sql) as unknown as PreparedStatement;
      entry = { prepared, returnsRows: prepared.reader };
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
      cache.set(sql, entry);
    }
    return entry;
  }

  function run(statement: SqlStatement): SqlResult {
    const { prepared, returnsRows } = prepare(statement.sql);
    const args = (statement.args ?? []).map(toEmbeddedValue) as unknown[];
    if (returnsRows) {
      const rows = prepared.all(...args) as Record<string, unknown>[];
      return { rows, rowsAffected: rows.length };
    }
    const info = prepared.run(...args);
    return { rows: [], rowsAffected: Number(info.changes) };
  }

  const runAll = database.transaction((statements: readonly SqlStatement[]) => statements.map(run));

  return {
    async execute(statement) {
      return run(statement) as SqlResult<never>;
    },
    async batch(statements) {
      return runAll(statements);
    },
    async executeScript(script) {
      database.exec(script);
    },
    async close() {
      database.close();
    },
  };
}

function toEmbeddedValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/**
 * The one database interface the app uses. Two implementations: the embedded `libsql` engine with cached
 * prepared statements (Node, `file:` URLs) and the libSQL HTTP client (Workers, Turso, sqld).
 * Rows come back as plain objects keyed by column name.
 */
export type SqlValue = null | number | bigint | string | Uint8Array | ArrayBuffer;
export type SqlRow = Record<string, unknown>;

export interface SqlStatement {
  sql: string;
  args?: readonly unknown[];
}

export interface SqlResult<Row extends SqlRow = SqlRow> {
  rows: Row[];
  rowsAffected: number;
}

export interface SqlDriver {
  execute<Row extends SqlRow = SqlRow>(statement: SqlStatement): Promise<SqlResult<Row>>;
  /** Runs all statements in order as one transaction: all of them take effect, or none. */
  batch(statements: readonly SqlStatement[]): Promise<SqlResult[]>;
  /** Runs a multi-statement script (migrations); not parameterised. */
  executeScript(script: string): Promise<void>;
  close(): Promise<void>;
  /**
   * Runs `work` with the connection reading through SQLite's page cache instead of its memory map (embedded only).
   * A pass over the whole database (the full rebuild) would otherwise leave every page it read mapped into this
   * process: shared, reclaimable file cache, but counted in its RSS.
   */
  withoutMemoryMap?<T>(work: () => Promise<T>): Promise<T>;
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

export function statement(sql: string, ...args: unknown[]): SqlStatement {
  return { sql, args };
}

/** libSQL/SQLite constraint codes differ by driver; this tells a unique-key clash apart from anything else. */
export function isUniqueViolation(error: unknown): boolean {
  const text = `${(error as { code?: string })?.code ?? ''} ${(error as Error)?.message ?? ''}`;
  return /UNIQUE|CONSTRAINT_PRIMARYKEY/i.test(text);
}

import { createClient, type InStatement, type ResultSet } from '@libsql/client/web';
import type { SqlDriver, SqlResult, SqlRow, SqlStatement } from '../driver.ts';

export interface RemoteDriverOptions {
  url: string;
  authToken?: string;
  fetch?: typeof fetch;
}

/** libSQL over HTTP (Hrana): Turso, sqld, or the repo's local endpoint. Works in Workers and Node. */
export function createRemoteDriver(options: RemoteDriverOptions): SqlDriver {
  const client = createClient({
    url: options.url.replace(/^libsql:/, 'https:'),
    authToken: options.authToken,
    fetch: options.fetch,
    intMode: 'number',
  });

  return {
    async execute(statement) {
      return toResult(await client.execute(toInStatement(statement))) as SqlResult<never>;
    },
    async batch(statements) {
      if (statements.length === 0) return [];
      const results = await client.batch(statements.map(toInStatement), 'write');
      return results.map(toResult);
    },
    async executeScript(script) {
      await client.executeMultiple(script);
    },
    async close() {
      client.close();
    },
  };
}

function toInStatement(statement: SqlStatement): InStatement {
  return {
    sql: statement.sql,
    args: (statement.args ?? []).map((value) => (value === undefined ? null : typeof value === 'boolean' ? Number(value) : value)) as never,
  };
}

function toResult(resultSet: ResultSet): SqlResult {
  const rows: SqlRow[] = resultSet.rows.map((row) => {
    const object: SqlRow = {};
    resultSet.columns.forEach((column, index) => {
      object[column] = row[index];
    });
    return object;
  });
  return { rows, rowsAffected: resultSet.columns.length > 0 && resultSet.rowsAffected === 0 ? rows.length : resultSet.rowsAffected };
}

import { createClient, LibsqlError, type Client } from '@libsql/client/web';
import Database from 'libsql';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHranaServer, type HranaServer } from '../hrana/server.ts';

/** The local Hrana endpoint, driven by the same `@libsql/client/web` the Worker uses. */
describe('local Hrana server', () => {
  let folder: string;
  let dbPath: string;
  let server: HranaServer;
  let client: Client;
  let other: Client;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'rfm-edge-hrana-'));
    dbPath = join(folder, 'hrana.db');
    server = await startHranaServer({ dbPath, port: 0 });
    client = createClient({ url: server.url, intMode: 'bigint' });
    other = createClient({ url: server.url, intMode: 'bigint' });
    await client.execute('CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, age INTEGER, score REAL, photo BLOB)');
    await client.execute('CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)');
    await client.execute('INSERT INTO counter VALUES (1, 0)');
  });

  afterAll(async () => {
    client?.close();
    other?.close();
    await server?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('executes with positional and named arguments, with RETURNING', async () => {
    const inserted = await client.execute({ sql: 'INSERT INTO people (name, age) VALUES (?, ?)', args: ['Ada', 36] });
    expect(inserted.rowsAffected).toBe(1);
    expect(typeof inserted.lastInsertRowid).toBe('bigint');

    await client.execute({ sql: 'INSERT INTO people (name, age) VALUES (:name, :age)', args: { name: 'Grace', age: 45 } });
    await client.execute({ sql: 'INSERT INTO people (name, age) VALUES (@name, $age)', args: { '@name': 'Edsger', $age: 72 } });
    await client.execute({ sql: 'INSERT INTO people (name, age) VALUES (?1, :age)', args: { '?1': 'Barbara', age: 83 } });
    // resolving names must leave no statement in progress that would make the next COMMIT fail
    await client.batch(['SELECT 1'], 'write');

    const result = await client.execute({ sql: 'SELECT name, age, age * 2 AS double FROM people WHERE age > ? ORDER BY id', args: [40] });
    expect(result.columns).toEqual(['name', 'age', 'double']);
    expect(result.columnTypes).toEqual(['TEXT', 'INTEGER', '']);
    expect(result.rows.map((row) => [row.name, row.age])).toEqual([
      ['Grace', 45n],
      ['Edsger', 72n],
      ['Barbara', 83n],
    ]);
    expect(result.rowsAffected).toBe(0);

    const returned = await client.execute({ sql: 'UPDATE people SET age = age + 1 WHERE age > ? RETURNING name', args: [70] });
    expect(returned.rows.map((row) => row.name).sort()).toEqual(['Barbara', 'Edsger']);
    expect(returned.rowsAffected).toBe(2);
    const created = await client.execute({ sql: 'INSERT INTO people (name) VALUES (?) RETURNING id', args: ['Linus'] });
    expect(created.rows[0]?.id).toBe(created.lastInsertRowid);
  });

  it('round-trips NULL, floats, text, blobs and integers beyond 2^53', async () => {
    const big = 2n ** 62n + 1n;
    const photo = new Uint8Array([0, 1, 2, 254, 255]);
    await client.execute({ sql: 'INSERT INTO people (id, name, age, score, photo) VALUES (?, ?, ?, ?, ?)', args: [big, 'Big ✓', null, 2.5, photo] });
    const row = (await client.execute({ sql: 'SELECT id, name, age, score, photo, x\'\' AS empty FROM people WHERE id = ?', args: [big] })).rows[0]!;
    expect(row.id).toBe(big);
    expect(row.name).toBe('Big ✓');
    expect(row.age).toBeNull();
    expect(row.score).toBe(2.5);
    expect(new Uint8Array(row.photo as ArrayBuffer)).toEqual(photo);
    expect((row.empty as ArrayBuffer).byteLength).toBe(0);

    const extremes = (await client.execute({ sql: 'SELECT ? AS min, ? AS max, 3.0 AS real, typeof(?) AS t', args: [-(2n ** 63n), 2n ** 63n - 1n, 1] })).rows[0]!;
    expect(extremes.min).toBe(-(2n ** 63n));
    expect(extremes.max).toBe(2n ** 63n - 1n);
    expect(extremes.real).toBe(3);
    expect(extremes.t).toBe('real'); // JS numbers travel as floats, as with sqld

    const bigRowid = await client.execute({ sql: 'INSERT INTO counter (id, value) VALUES (?, 0)', args: [2n ** 62n + 7n] });
    expect(bigRowid.lastInsertRowid).toBe(2n ** 62n + 7n);
  });

  it('reports constraint violations and SQL errors as LibsqlError with SQLite codes', async () => {
    const duplicate = await client.execute({ sql: 'INSERT INTO people (name) VALUES (?)', args: ['Ada'] }).catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(LibsqlError);
    expect((duplicate as LibsqlError).code).toContain('SQLITE_CONSTRAINT');
    expect((duplicate as LibsqlError).message).toMatch(/UNIQUE/);

    const syntax = await client.execute('SELEC 1').catch((error: unknown) => error);
    expect(syntax).toBeInstanceOf(LibsqlError);
    expect((syntax as LibsqlError).code).toBe('SQLITE_ERROR');

    // the cached statement still works after a failure
    await client.execute({ sql: 'INSERT INTO people (name) VALUES (?)', args: ['Alan'] });
  });

  it('runs a write batch atomically', async () => {
    const results = await client.batch(
      [
        { sql: 'INSERT INTO people (name) VALUES (?)', args: ['Batch 1'] },
        { sql: 'INSERT INTO people (name) VALUES (?)', args: ['Batch 2'] },
        { sql: 'SELECT count(*) AS n FROM people WHERE name LIKE ?', args: ['Batch %'] },
      ],
      'write',
    );
    expect(results).toHaveLength(3);
    expect(results[2]?.rows[0]?.n).toBe(2n);

    const failure = await client
      .batch(
        [
          { sql: 'INSERT INTO people (name) VALUES (?)', args: ['Doomed'] },
          { sql: 'INSERT INTO people (name) VALUES (?)', args: ['Ada'] },
          { sql: 'INSERT INTO people (name) VALUES (?)', args: ['Never reached'] },
        ],
        'write',
      )
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LibsqlError);
    expect((failure as LibsqlError).code).toContain('SQLITE_CONSTRAINT');
    const left = await client.execute({ sql: 'SELECT count(*) AS n FROM people WHERE name IN (?, ?)', args: ['Doomed', 'Never reached'] });
    expect(left.rows[0]?.n).toBe(0n);
    expect(await autocommit(server.url)).toBe(true);
  });

  it('runs interactive transactions with commit and rollback', async () => {
    const committed = await client.transaction('write');
    await committed.execute({ sql: 'INSERT INTO people (name) VALUES (?)', args: ['Tx commit'] });
    const seen = await committed.execute({ sql: 'SELECT count(*) AS n FROM people WHERE name = ?', args: ['Tx commit'] });
    expect(seen.rows[0]?.n).toBe(1n);
    await committed.commit();

    const rolledBack = await client.transaction('write');
    await rolledBack.execute({ sql: 'INSERT INTO people (name) VALUES (?)', args: ['Tx rollback'] });
    await rolledBack.rollback();

    const abandoned = await client.transaction('write');
    await abandoned.execute({ sql: 'INSERT INTO people (name) VALUES (?)', args: ['Tx closed'] });
    abandoned.close();

    const failing = await client.transaction('write');
    await failing.execute({ sql: 'INSERT INTO people (name) VALUES (?)', args: ['Tx survives an error'] });
    await expect(failing.execute({ sql: 'INSERT INTO people (name) VALUES (?)', args: ['Ada'] })).rejects.toThrow(/UNIQUE/);
    await failing.commit();

    const names = await other.execute({ sql: "SELECT name FROM people WHERE name LIKE 'Tx %' ORDER BY name", args: [] });
    expect(names.rows.map((row) => row.name)).toEqual(['Tx commit', 'Tx survives an error']);
  });

  it('makes other streams wait while a transaction is open', async () => {
    const tx = await client.transaction('write');
    await tx.execute('UPDATE counter SET value = value + 100 WHERE id = 1');
    let done = false;
    const blocked = other.execute('UPDATE counter SET value = value * 2 WHERE id = 1').then(() => (done = true));
    await sleep(200);
    expect(done).toBe(false);
    await tx.commit();
    await blocked;
    const value = (await other.execute('SELECT value FROM counter WHERE id = 1')).rows[0]?.value;
    expect(value).toBe(200n);
    await client.execute('UPDATE counter SET value = 0 WHERE id = 1');
  });

  it('keeps concurrent requests from two clients consistent', async () => {
    const increments = (c: Client, times: number) =>
      Array.from({ length: times }, async () => {
        const tx = await c.transaction('write');
        const current = (await tx.execute('SELECT value FROM counter WHERE id = 1')).rows[0]?.value as bigint;
        await tx.execute({ sql: 'UPDATE counter SET value = ? WHERE id = 1', args: [current + 1n] });
        await tx.commit();
      });
    const inserts = (c: Client, prefix: string) => Array.from({ length: 40 }, (_, i) => c.execute({ sql: 'INSERT INTO people (name) VALUES (?)', args: [`${prefix}${i}`] }));
    const batches = (c: Client, prefix: string) =>
      Array.from({ length: 10 }, (_, i) => c.batch([{ sql: 'INSERT INTO people (name) VALUES (?)', args: [`${prefix}${i}`] }, 'UPDATE counter SET value = value + 1000 WHERE id = 1'], 'write'));
    await Promise.all([...increments(client, 15), ...increments(other, 15), ...inserts(client, 'A'), ...inserts(other, 'B'), ...batches(client, 'C'), ...batches(other, 'D')]);

    expect((await client.execute('SELECT value FROM counter WHERE id = 1')).rows[0]?.value).toBe(20_030n);
    const counts = await client.execute("SELECT substr(name, 1, 1) AS p, count(*) AS n FROM people WHERE name GLOB '[ABCD][0-9]*' GROUP BY p ORDER BY p");
    expect(counts.rows.map((row) => [row.p, row.n])).toEqual([
      ['A', 40n],
      ['B', 40n],
      ['C', 10n],
      ['D', 10n],
    ]);
    expect((await client.execute('PRAGMA integrity_check')).rows[0]?.[0]).toBe('ok');
  });

  it('runs sequences and uses stored SQL texts', async () => {
    await client.executeMultiple("CREATE TABLE tags (name TEXT); INSERT INTO tags VALUES ('a'); INSERT INTO tags VALUES ('b');");
    // a batch repeating one statement makes the client store the SQL text once and refer to it by id
    await client.batch(Array.from({ length: 5 }, (_, i) => ({ sql: 'INSERT INTO tags VALUES (?)', args: [`t${i}`] })), 'write');
    expect((await client.execute('SELECT count(*) AS n FROM tags')).rows[0]?.n).toBe(7n);
    await client.execute('SELECT * FROM tags');
    await client.execute('ALTER TABLE tags ADD COLUMN weight INTEGER');
    expect((await client.execute('SELECT * FROM tags')).columns).toEqual(['name', 'weight']);
    await expect(client.execute('-- only a comment')).rejects.toMatchObject({ code: 'SQLITE_MISUSE' });
  });

  it('speaks the HTTP endpoints and v3 requests directly', async () => {
    expect((await fetch(`${server.url}/v2`)).status).toBe(200);
    expect((await fetch(`${server.url}/v3`)).status).toBe(200);
    expect((await fetch(`${server.url}/v3-protobuf`)).status).toBe(404);

    const first = await pipeline(server.url, null, [
      { type: 'execute', stmt: { sql: 'BEGIN' } },
      { type: 'get_autocommit' },
      {
        type: 'batch',
        batch: {
          steps: [
            { stmt: { sql: 'SELECT 1' }, condition: { type: 'is_autocommit' } },
            { stmt: { sql: 'SELECT 2' }, condition: { type: 'not', cond: { type: 'is_autocommit' } } },
            { stmt: { sql: 'SELECT nope' } },
            { stmt: { sql: 'SELECT 4' }, condition: { type: 'and', conds: [{ type: 'error', step: 2 }, { type: 'or', conds: [{ type: 'ok', step: 0 }, { type: 'ok', step: 1 }] }] } },
          ],
        },
      },
      { type: 'describe', sql: 'SELECT name AS n FROM people WHERE id = :id AND age > ?' },
      { type: 'describe', sql: 'DELETE FROM people WHERE id = ?' },
    ]);
    expect(first.status).toBe(200);
    const results = first.body.results;
    expect(results[1].response).toEqual({ type: 'get_autocommit', is_autocommit: false });
    const batch = results[2].response.result;
    expect(batch.step_results.map((r: unknown) => r !== null)).toEqual([false, true, false, true]);
    expect(batch.step_errors[2].code).toBe('SQLITE_ERROR');
    expect(batch.step_results[3].rows).toEqual([[{ type: 'integer', value: '4' }]]);
    expect(results[3].response.result).toEqual({ params: [{ name: ':id' }, { name: null }], cols: [{ name: 'n', decltype: 'TEXT' }], is_explain: false, is_readonly: true });
    expect(results[4].response.result.is_readonly).toBe(false);

    const baton = first.body.baton as string;
    expect(baton).toBeTruthy();
    const second = await pipeline(server.url, baton, [{ type: 'execute', stmt: { sql: 'ROLLBACK' } }, { type: 'close' }, { type: 'get_autocommit' }]);
    expect(second.body.baton).toBeNull();
    expect(second.body.results.map((r: { type: string }) => r.type)).toEqual(['ok', 'ok', 'error']);

    const stale = await pipeline(server.url, baton, [{ type: 'get_autocommit' }]);
    expect(stale.status).toBe(400);
    expect(stale.body.code).toBe('STREAM_EXPIRED');
  });

  it('leaves a file the libsql package can read', async () => {
    await server.close();
    const db = new Database(dbPath, { readonly: true });
    try {
      const row = db.prepare("SELECT count(*) AS n FROM people WHERE name = 'Ada'").get() as { n: number };
      expect(row.n).toBe(1);
    } finally {
      db.close();
    }
  });
});

describe('local Hrana server options', () => {
  it('enforces the bearer token', async () => {
    const server = await startHranaServer({ dbPath: ':memory:', authToken: 'sesame' });
    try {
      const anonymous = createClient({ url: server.url });
      const error = await anonymous.execute('SELECT 1').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(LibsqlError);
      expect(String((error as LibsqlError).message)).toMatch(/401/);
      const wrong = createClient({ url: server.url, authToken: 'open' });
      await expect(wrong.execute('SELECT 1')).rejects.toThrow(/401/);
      const right = createClient({ url: server.url, authToken: 'sesame' });
      expect((await right.execute('SELECT 1 AS one')).rows[0]?.one).toBe(1);
      for (const c of [anonymous, wrong, right]) c.close();
    } finally {
      await server.close();
    }
  });

  it('rolls back and releases a transaction whose stream went idle', async () => {
    const server = await startHranaServer({ dbPath: ':memory:', streamIdleTimeoutMs: 300 });
    const a = createClient({ url: server.url });
    const b = createClient({ url: server.url });
    try {
      await a.execute('CREATE TABLE t (v TEXT)');
      const tx = await a.transaction('write');
      await tx.execute("INSERT INTO t VALUES ('abandoned')");
      const started = Date.now();
      await b.execute("INSERT INTO t VALUES ('later')");
      expect(Date.now() - started).toBeGreaterThanOrEqual(200);
      expect((await b.execute('SELECT v FROM t')).rows.map((row) => row.v)).toEqual(['later']);
      await expect(tx.commit()).rejects.toThrow(/STREAM_EXPIRED|expired/);
    } finally {
      a.close();
      b.close();
      await server.close();
    }
  });
});

async function pipeline(url: string, baton: string | null, requests: unknown[]) {
  const response = await fetch(`${url}/v3/pipeline`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ baton, requests }) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, body: (await response.json()) as any };
}

async function autocommit(url: string): Promise<boolean> {
  const { body } = await pipeline(url, null, [{ type: 'get_autocommit' }, { type: 'close' }]);
  return body.results[0].response.is_autocommit as boolean;
}

import Database from 'libsql';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmbeddedDriver } from '../../db/drivers/embedded.ts';

const folder = mkdtempSync(join(tmpdir(), 'rfm-edge-driver-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** How many log frames the last checkpoint could not yet copy back, asked from a separate connection. */
function framesLeft(path: string): number {
  const database = new Database(path);
  try {
    const [result] = database.pragma('wal_checkpoint(NOOP)') as { busy: number; log: number; checkpointed: number }[];
    return result!.log - result!.checkpointed;
  } catch {
    // libSQL builds without NOOP: a passive checkpoint reports the same counts (and copies nothing new if none is left).
    const [result] = database.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
    return result!.log - result!.checkpointed;
  } finally {
    database.close();
  }
}

describe('embedded driver: background checkpoints', () => {
  it('copies committed writes back into the database off the request thread, and closes cleanly', async () => {
    const path = join(folder, 'checkpoints.db');
    const driver = createEmbeddedDriver(path);
    await driver.executeScript('CREATE TABLE rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)');
    for (let batch = 0; batch < 20; batch++) {
      await driver.batch(Array.from({ length: 100 }, (_, row) => ({ sql: 'INSERT INTO rows (payload) VALUES (?)', args: [`batch ${batch} row ${row} `.repeat(20)] })));
    }
    // The connection's own threshold is far above what was written, so only the worker can have checkpointed.
    const deadline = Date.now() + 5000;
    let left = Number.POSITIVE_INFINITY;
    while (Date.now() < deadline && left > 0) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      left = framesLeft(path);
    }
    expect(left).toBe(0);
    await driver.close();

    const reopened = createEmbeddedDriver(path);
    const { rows } = await reopened.execute({ sql: 'SELECT count(*) AS n FROM rows' });
    expect(Number(rows[0]!.n)).toBe(2000);
    await reopened.close();
  });

  it('can be asked to checkpoint inline, and works in memory', async () => {
    const inline = createEmbeddedDriver(join(folder, 'inline.db'), { backgroundCheckpoints: false });
    await inline.executeScript('CREATE TABLE t (x)');
    await inline.execute({ sql: 'INSERT INTO t VALUES (?)', args: [1] });
    expect((await inline.execute({ sql: 'SELECT x FROM t' })).rows).toEqual([{ x: 1 }]);
    await inline.close();

    const memory = createEmbeddedDriver(':memory:');
    await memory.executeScript('CREATE TABLE t (x)');
    expect((await memory.execute({ sql: 'INSERT INTO t VALUES (2), (3)' })).rowsAffected).toBe(2);
    await memory.close();
  });
});

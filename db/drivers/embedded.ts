import Database from 'libsql';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqlDriver, SqlResult, SqlStatement } from '../driver.ts';

interface PreparedStatement {
  reader: boolean;
  all(...args: unknown[]): unknown[];
  run(...args: unknown[]): { changes: number | bigint };
}

export interface EmbeddedDriverOptions {
  /**
   * Copy the write-ahead log back into the database file on a worker thread with its own connection, instead of
   * inside whichever write happens to cross SQLite's threshold. Ingest at 1M contacts dirties ~4 random pages per
   * purchase; copying them back (and the fsync) was about a third of a batch's time on the request thread.
   * On by default for files; off for `:memory:` (no log).
   */
  backgroundCheckpoints?: boolean;
}

/**
 * Page cache per connection. SQLite's default (2 MB) holds a few hundred pages: at a million contacts every
 * lookup then re-reads its index pages from the OS, and an ingest batch (thousands of random pages) evicts its own.
 */
const CACHE_KIB = 64 * 1024;
/**
 * Reads through a memory map instead of a read() per page: a decide touches a dozen pages of a >1 GB file, and the
 * system calls were a quarter of its CPU time. Pages touched count in the process's RSS (VmRSS, not RssAnon), but they
 * are the OS file cache's own pages: shared and reclaimable, not memory this process holds on to.
 */
const MMAP_BYTES = 4 * 1024 ** 3;
/** With background checkpoints the request thread checkpoints only if the log gets this long (the worker stalled). */
const BACKSTOP_CHECKPOINT_PAGES = 64 * 1024;
const CHECKPOINT_INTERVAL_MS = 200;
/** Statements that cannot write (the decide read among them), so a read-only load schedules no checkpoints. */
const READ_ONLY = /^\s*SELECT\b/i;

/**
 * Embedded libSQL in a local file. Prepared statements are cached by SQL text: preparing costs far more
 * than running a primary-key lookup, and the app uses a small fixed set of statements.
 */
export function createEmbeddedDriver(path: string, options: EmbeddedDriverOptions = {}): SqlDriver {
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  database.pragma(`cache_size = -${CACHE_KIB}`);
  database.pragma(`mmap_size = ${MMAP_BYTES}`);
  database.pragma('temp_store = MEMORY');
  const checkpointer = path !== ':memory:' && path !== '' && (options.backgroundCheckpoints ?? true) ? startCheckpointer(path) : undefined;
  if (checkpointer) database.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);

  const cache = new Map<string, { prepared: PreparedStatement; returnsRows: boolean; mayWrite: boolean }>();
  const MAX_CACHED = 500;

  function prepare(sql: string) {
    let entry = cache.get(sql);
    if (!entry) {
      const prepared = database.prepare(sql) as unknown as PreparedStatement;
      entry = { prepared, returnsRows: prepared.reader, mayWrite: !READ_ONLY.test(sql) };
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
      cache.set(sql, entry);
    }
    return entry;
  }

  function run(statement: SqlStatement): SqlResult {
    const { prepared, returnsRows, mayWrite } = prepare(statement.sql);
    const args = (statement.args ?? []).map(toEmbeddedValue) as unknown[];
    if (mayWrite) checkpointer?.wrote();
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
      checkpointer?.wrote();
    },
    async withoutMemoryMap(work) {
      database.pragma('mmap_size = 0');
      try {
        return await work();
      } finally {
        database.pragma(`mmap_size = ${MMAP_BYTES}`);
      }
    },
    async close() {
      await checkpointer?.stop();
      database.close();
    },
  };
}

interface Checkpointer {
  /** Something was committed: checkpoint at the next interval. */
  wrote(): void;
  stop(): Promise<void>;
}

/**
 * A worker thread holding its own connection runs passive checkpoints (they never block readers or the writer)
 * a few times a second while there are writes. Plain CommonJS source, so it runs the same under tsx, vitest or a
 * bundle. If it fails, the connection's own backstop threshold keeps the log bounded.
 */
function startCheckpointer(path: string): Checkpointer | undefined {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(workerData.libsql);
    const database = new Database(workerData.path);
    database.pragma('busy_timeout = 5000');
    parentPort.on('message', (message) => {
      if (message === 'checkpoint') {
        try { database.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { /* busy: the next round catches up */ }
        parentPort.postMessage('checkpointed');
      } else if (message === 'close') {
        try { database.pragma('wal_checkpoint(PASSIVE)'); } catch (error) {}
        database.close();
        parentPort.close();
      }
    });`;
  let worker: Worker;
  try {
    worker = new Worker(source, { eval: true, workerData: { libsql: createRequire(import.meta.url).resolve('libsql'), path } });
  } catch (error) {
    console.warn(`[rfm-edge] background checkpoints unavailable (${error instanceof Error ? error.message : String(error)}); SQLite checkpoints inline`);
    return undefined;
  }
  worker.unref();
  let dirty = false;
  let running = false;
  let alive = true;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  void exited.then(() => (alive = false));
  worker.on('error', (error) => console.warn(`[rfm-edge] background checkpoints stopped: ${error.message}`));
  worker.on('message', () => (running = false));
  const timer = setInterval(() => {
    if (!dirty || running || !alive) return;
    dirty = false;
    running = true;
    worker.postMessage('checkpoint');
  }, CHECKPOINT_INTERVAL_MS);
  timer.unref();
  return {
    wrote() {
      dirty = true;
    },
    async stop() {
      clearInterval(timer);
      if (!alive) return;
      worker.ref(); // an unreferenced worker would let the process exit before it has closed its connection
      worker.postMessage('close');
      await exited;
    },
  };
}

function toEmbeddedValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

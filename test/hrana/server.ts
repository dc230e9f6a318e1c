import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'libsql';

/**
 * A local Hrana-over-HTTP endpoint (JSON, protocol 2 and the JSON pipeline of 3) over one embedded libSQL
 * database: what `@libsql/client/web` talks to when `wrangler dev` or the Worker tests have no sqld or Turso.
 */
export interface HranaServerOptions {
  /** A file path or ':memory:'. */
  dbPath: string;
  /** 0 or omitted: a free port. */
  port?: number;
  host?: string;
  /** If set, pipeline requests must carry `Authorization: Bearer <authToken>`. */
  authToken?: string;
  /** A stream (baton) unused this long is closed, rolling back any transaction it left open. */
  streamIdleTimeoutMs?: number;
}

export interface HranaServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

type Value =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };
interface SqlRef {
  sql?: string | null;
  sql_id?: number | null;
}
interface Stmt extends SqlRef {
  args?: Value[];
  named_args?: { name: string; value: Value }[];
  want_rows?: boolean;
}
type BatchCond =
  | { type: 'ok' | 'error'; step: number }
  | { type: 'not'; cond: BatchCond }
  | { type: 'and' | 'or'; conds: BatchCond[] }
  | { type: 'is_autocommit' };
type StreamRequest =
  | { type: 'close' | 'get_autocommit' }
  | { type: 'execute'; stmt: Stmt }
  | { type: 'batch'; batch: { steps: { condition?: BatchCond | null; stmt: Stmt }[] } }
  | ({ type: 'sequence' | 'describe' } & SqlRef)
  | { type: 'store_sql'; sql_id: number; sql: string }
  | { type: 'close_sql'; sql_id: number };
interface ProtoError {
  message: string;
  code: string;
}
interface StmtResult {
  cols: { name: string | null; decltype: string | null }[];
  rows: Value[][];
  affected_row_count: number;
  last_insert_rowid: string;
}

interface Stream {
  baton: string;
  sqls: Map<number, string>;
  busy: boolean;
  timer?: NodeJS.Timeout;
}

class HranaError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const CACHE_LIMIT = 256;

export async function startHranaServer(options: HranaServerOptions): Promise<HranaServer> {
  const host = options.host ?? '127.0.0.1';
  const idleTimeoutMs = options.streamIdleTimeoutMs ?? 10_000;
  const db = new Database(options.dbPath);
  if (options.dbPath !== ':memory:') {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('busy_timeout = 5000');
  // sqld enables foreign keys on every connection; match it so the Worker sees production behaviour.
  db.pragma('foreign_keys = ON');
  // Statement results need bigints: RunResult.lastInsertRowid is a lossy JS number even in safe-integer mode.
  const meta = db.prepare('SELECT total_changes(), changes(), last_insert_rowid()').raw(true).safeIntegers(true);
  const readMeta = () => (meta.all([]) as [bigint, bigint, bigint][])[0]!;

  const statements = new Map<string, Database.Statement>();
  function prepare(sql: string): Database.Statement {
    let statement = statements.get(sql);
    if (statement) {
      statements.delete(sql);
    } else {
      statement = db.prepare(sql);
      if (statement.reader) statement.raw(true).safeIntegers(true);
    }
    statements.set(sql, statement);
    if (statements.size > CACHE_LIMIT) statements.delete(statements.keys().next().value!);
    return statement;
  }

  // libsql's JS API exposes no parameter names, and binding an object to a statement with a nameless `?`
  // aborts the process (a Rust panic). So named arguments are resolved to indexes from the EXPLAIN program
  // (Variable opcodes carry the index in p1 and the name in p4), and everything is bound positionally.
  const analyses = new Map<string, { params: Map<string, number>; count: number; readonly: boolean }>();
  function analyse(sql: string) {
    let analysis = analyses.get(sql);
    if (!analysis) {
      const explain = db.prepare(`EXPLAIN ${sql}`).raw(true);
      const program = explain.all([]) as [number, string, number, number, number, unknown][];
      // SQLite halts an EXPLAIN only on reset or finalize (here: GC), and until then an EXPLAIN of a write
      // counts as a writer in progress, failing every COMMIT with SQLITE_BUSY. get() resets the statement.
      explain.get([]);
      const params = new Map<string, number>();
      let count = 0;
      for (const [, opcode, p1, , , p4] of program) {
        if (opcode !== 'Variable') continue;
        count = Math.max(count, p1);
        if (typeof p4 === 'string') params.set(p4, p1);
      }
      const readonly = !program.some(([, opcode, , p2]) => opcode === 'Transaction' && p2 !== 0);
      analysis = { params, count, readonly };
      if (analyses.size >= CACHE_LIMIT) analyses.delete(analyses.keys().next().value!);
      analyses.set(sql, analysis);
    }
    return analysis;
  }

  function bindings(sql: string, stmt: Stmt): unknown[] {
    const values = (stmt.args ?? []).map(decodeValue);
    const named = stmt.named_args ?? [];
    if (named.length === 0) return values;
    const { params } = analyse(sql);
    for (const { name, value } of named) {
      // Clients may omit the prefix; SQLite keeps it in the name.
      const index = /^[:@$?]/.test(name) ? params.get(name) : (params.get(`:${name}`) ?? params.get(`@${name}`) ?? params.get(`$${name}`));
      if (index === undefined) continue;
      while (values.length < index) values.push(null);
      values[index - 1] = decodeValue(value);
    }
    return values;
  }

  function sqlOf(stream: Stream, ref: SqlRef): string {
    if (typeof ref.sql === 'string') return ref.sql;
    if (typeof ref.sql_id === 'number') {
      const sql = stream.sqls.get(ref.sql_id);
      if (sql === undefined) throw new HranaError(`SQL text ${ref.sql_id} is not stored on this stream`, 'SQL_NOT_FOUND');
      return sql;
    }
    throw new HranaError('Expected sql or sql_id', 'HRANA_PROTO_ERROR');
  }

  function execute(stream: Stream, stmt: Stmt): StmtResult {
    const sql = sqlOf(stream, stmt);
    const args = bindings(sql, stmt);
    const statement = prepare(sql);
    if (!statement.reader) {
      const info = statement.run(args);
      return { cols: [], rows: [], affected_row_count: Number(info.changes), last_insert_rowid: String(readMeta()[2]) };
    }
    const [totalBefore] = readMeta();
    const rows = statement.all(args) as unknown[][];
    const [totalAfter, changes, rowid] = readMeta();
    return {
      // read after running: a cached statement is re-prepared on a schema change only when it steps
      cols: statement.columns().map((column) => ({ name: column.name, decltype: column.type })),
      rows: stmt.want_rows === false ? [] : rows.map((row) => row.map(encodeValue)),
      // changes() still holds the last INSERT/UPDATE/DELETE; a plain SELECT (total unchanged) affected nothing.
      affected_row_count: totalAfter === totalBefore ? 0 : Number(changes),
      last_insert_rowid: String(rowid),
    };
  }

  function batch(stream: Stream, steps: { condition?: BatchCond | null; stmt: Stmt }[]) {
    const step_results: (StmtResult | null)[] = [];
    const step_errors: (ProtoError | null)[] = [];
    const holds = (cond: BatchCond): boolean => {
      switch (cond.type) {
        case 'ok':
          return step_results[cond.step] != null;
        case 'error':
          return step_errors[cond.step] != null;
        case 'not':
          return !holds(cond.cond);
        case 'and':
          return cond.conds.every(holds);
        case 'or':
          return cond.conds.some(holds);
        case 'is_autocommit':
          return !db.inTransaction;
        default:
          throw new HranaError(`Unknown batch condition ${JSON.stringify(cond)}`, 'HRANA_PROTO_ERROR');
      }
    };
    for (const step of steps) {
      let result: StmtResult | null = null;
      let error: ProtoError | null = null;
      if (!step.condition || holds(step.condition)) {
        try {
          result = execute(stream, step.stmt);
        } catch (caught) {
          error = toProtoError(caught);
        }
      }
      step_results.push(result);
      step_errors.push(error);
    }
    return { step_results, step_errors };
  }

  function describe(sql: string) {
    const statement = db.prepare(sql);
    const isExplain = /^\s*explain\b/i.test(sql);
    const { params, count, readonly } = isExplain ? { params: new Map<string, number>(), count: 0, readonly: true } : analyse(sql);
    const names: ({ name: string | null })[] = Array.from({ length: count }, () => ({ name: null }));
    for (const [name, index] of params) names[index - 1] = { name };
    return {
      params: names,
      cols: statement.reader ? statement.columns().map((column) => ({ name: column.name, decltype: column.type })) : [],
      is_explain: isExplain,
      is_readonly: readonly,
    };
  }

  function handle(stream: Stream, request: StreamRequest): object {
    switch (request.type) {
      case 'close':
        return { type: 'close' };
      case 'execute':
        return { type: 'execute', result: execute(stream, request.stmt) };
      case 'batch':
        return { type: 'batch', result: batch(stream, request.batch.steps) };
      case 'sequence':
        db.exec(sqlOf(stream, request));
        return { type: 'sequence' };
      case 'describe':
        return { type: 'describe', result: describe(sqlOf(stream, request)) };
      case 'store_sql':
        if (stream.sqls.has(request.sql_id)) throw new HranaError(`SQL text ${request.sql_id} is already stored`, 'HRANA_PROTO_ERROR');
        stream.sqls.set(request.sql_id, request.sql);
        return { type: 'store_sql' };
      case 'close_sql':
        stream.sqls.delete(request.sql_id);
        return { type: 'close_sql' };
      case 'get_autocommit':
        return { type: 'get_autocommit', is_autocommit: !db.inTransaction };
      default:
        throw new HranaError(`Unknown request type ${JSON.stringify((request as { type?: unknown }).type)}`, 'HRANA_PROTO_ERROR');
    }
  }

  // One embedded connection serves every stream, so a stream that leaves a transaction open owns the
  // connection until it commits, rolls back, closes or expires; other streams wait for it.
  const streams = new Map<string, Stream>();
  let owner: Stream | undefined;
  let waiters: (() => void)[] = [];
  let closed = false;

  function release() {
    owner = undefined;
    const woken = waiters;
    waiters = [];
    for (const wake of woken) wake();
  }

  function drop(stream: Stream) {
    clearTimeout(stream.timer);
    streams.delete(stream.baton);
    if (owner === stream) {
      if (db.inTransaction) db.exec('ROLLBACK');
      release();
    }
  }

  async function pipeline(body: { baton?: string | null; requests?: StreamRequest[] }): Promise<{ status: number; body: object }> {
    if (!Array.isArray(body.requests)) return { status: 400, body: { message: 'Expected a requests array', code: 'HRANA_PROTO_ERROR' } };
    let stream: Stream;
    if (body.baton == null) {
      stream = { baton: '', sqls: new Map(), busy: false };
    } else {
      const found = streams.get(body.baton);
      if (!found) return { status: 400, body: { message: 'The stream has expired or the baton is invalid', code: 'STREAM_EXPIRED' } };
      if (found.busy) return { status: 400, body: { message: 'The stream is already handling a request', code: 'STREAM_BUSY' } };
      stream = found;
    }
    stream.busy = true;
    clearTimeout(stream.timer);
    // Checked again after every wake-up, right before running: nothing may await between this and the run.
    while (owner && owner !== stream && !closed) await new Promise<void>((resolve) => waiters.push(resolve));
    if (closed) return { status: 503, body: { message: 'The server is shutting down', code: 'SERVER_CLOSED' } };

    const results: object[] = [];
    let open = true;
    for (const request of body.requests) {
      try {
        if (!open) throw new HranaError('The stream is closed', 'STREAM_CLOSED');
        results.push({ type: 'ok', response: handle(stream, request) });
        if (request.type === 'close') open = false;
      } catch (caught) {
        results.push({ type: 'error', error: toProtoError(caught) });
      }
    }

    streams.delete(stream.baton);
    stream.busy = false;
    if (!open) {
      if (db.inTransaction) db.exec('ROLLBACK');
      if (owner === stream) release();
      return { status: 200, body: { baton: null, base_url: null, results } };
    }
    if (db.inTransaction) owner = stream;
    else if (owner === stream) release();
    // A fresh baton per response, as the spec asks, so a replayed or stale baton is refused.
    stream.baton = randomBytes(18).toString('base64url');
    streams.set(stream.baton, stream);
    stream.timer = setTimeout(() => drop(stream), idleTimeoutMs).unref();
    return { status: 200, body: { baton: stream.baton, base_url: null, results } };
  }

  async function route(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '') || '/';
    if (req.method === 'GET' && ['/', '/health', '/v2', '/v3'].includes(path)) return send(res, 200, 'text/plain', '');
    if (req.method !== 'POST' || (path !== '/v2/pipeline' && path !== '/v3/pipeline')) {
      // v3-protobuf must 404: that is how the client learns to fall back to JSON.
      return send(res, 404, 'text/plain', 'Not found');
    }
    if (options.authToken !== undefined && req.headers.authorization !== `Bearer ${options.authToken}`) {
      return send(res, 401, 'text/plain', 'Unauthorized');
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return sendJson(res, 400, { message: 'The request body is not valid JSON', code: 'HRANA_PROTO_ERROR' });
    }
    const result = await pipeline((body ?? {}) as Parameters<typeof pipeline>[0]);
    sendJson(res, result.status, result.body);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: error instanceof Error ? error.message : String(error), code: 'INTERNAL_ERROR' });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port || 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close() {
      closing ??= (async () => {
        closed = true;
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        for (const stream of [...streams.values()]) drop(stream);
        release();
        await stopped;
        if (db.inTransaction) db.exec('ROLLBACK');
        db.close();
      })();
      return closing;
    },
  };
}

function decodeValue(value: Value): unknown {
  switch (value?.type) {
    case 'null':
      return null;
    case 'integer':
      if (!/^-?\d+$/.test(String(value.value))) throw new HranaError(`Invalid integer ${JSON.stringify(value.value)}`, 'HRANA_PROTO_ERROR');
      return BigInt(value.value);
    case 'float':
      return Number(value.value);
    case 'text':
      return String(value.value);
    case 'blob':
      return Buffer.from(value.base64, 'base64');
    default:
      throw new HranaError(`Invalid value ${JSON.stringify(value)}`, 'HRANA_PROTO_ERROR');
  }
}

function encodeValue(value: unknown): Value {
  if (value === null || value === undefined) return { type: 'null' };
  if (typeof value === 'bigint') return { type: 'integer', value: value.toString() };
  if (typeof value === 'number') return { type: 'float', value };
  if (typeof value === 'string') return { type: 'text', value };
  if (value instanceof Uint8Array) return { type: 'blob', base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  throw new Error(`Unexpected value from libsql: ${typeof value}`);
}

function toProtoError(error: unknown): ProtoError {
  const code = (error as { code?: unknown })?.code;
  // libsql fails SQL without any statement (blank, only comments) with the baffling "not an error"
  if (code === 'SQLITE_OK') return { message: 'The SQL text contains no statement', code: 'SQLITE_MISUSE' };
  return {
    message: error instanceof Error ? error.message : String(error),
    code: typeof code === 'string' ? code : 'HRANA_PROTO_ERROR',
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, contentType: string, body: string) {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

// Exactly 'application/json', no charset: the client only parses error bodies on an exact match.
function sendJson(res: ServerResponse, status: number, body: object) {
  send(res, status, 'application/json', JSON.stringify(body));
}

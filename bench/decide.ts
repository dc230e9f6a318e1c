import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createEmbeddedDriver } from '../db/drivers/embedded.ts';
import { applyMigrations } from '../db/migrate.ts';
import { loadMigrations } from '../db/migrations-from-disk.ts';
import { ensureDemoWorkspace } from '../edge/demo/seed.ts';
import type { WorkspaceCredentials } from '../edge/workspaces/workspace.ts';

export interface LoadResult {
  route: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export interface ServerUnderTest {
  origin: string;
  credentials: WorkspaceCredentials;
  visitorIds: string[];
  rssMb(): number;
  stop(): Promise<void>;
}

/**
 * The Node server as `npm start` runs it, in its own process (so the load generator's CPU is not counted as the
 * server's), over an embedded libSQL file holding the demo workspace, every demo contact with a known visitor.
 */
export async function startServerUnderTest(folder: string, port: number): Promise<ServerUnderTest> {
  const dbPath = `${folder}/bench.db`;
  const driver = createEmbeddedDriver(dbPath);
  await applyMigrations(driver, loadMigrations());
  const { credentials } = await ensureDemoWorkspace(driver, `${folder}/demo-workspace.json`, Date.now(), [`http://127.0.0.1:${port}`]);
  await driver.execute({
    sql: `INSERT INTO visitors (workspace_id, visitor_id, contact_id) SELECT workspace_id, 'bench-visitor-' || id, id FROM contacts WHERE workspace_id = ?`,
    args: [credentials.workspaceId],
  });
  const { rows } = await driver.execute({ sql: 'SELECT visitor_id FROM visitors WHERE workspace_id = ?', args: [credentials.workspaceId] });
  await driver.close();

  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'edge/node/main.ts'], {
    env: { ...process.env, LIBSQL_URL: `file:${dbPath}`, PORT: String(port), DEMO_CREDENTIALS_FILE: `${folder}/demo-workspace.json` },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!output.includes('ready in')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    origin: `http://127.0.0.1:${port}`,
    credentials,
    visitorIds: rows.map((row) => String(row.visitor_id)),
    rssMb() {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
      } catch {
        return Number.NaN;
      }
    },
    async stop() {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

export async function load(options: autocannon.Options & { route: string }): Promise<LoadResult> {
  const result = await autocannon({ connections: 32, pipelining: 1, ...options });
  return {
    route: options.route,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

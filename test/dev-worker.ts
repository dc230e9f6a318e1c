import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createEmbeddedDriver } from '../db/drivers/embedded.ts';
import { applyMigrations } from '../db/migrate.ts';
import { loadMigrations } from '../db/migrations-from-disk.ts';
import { createWorkspace, loadWorkspace, type WorkspaceCredentials } from '../edge/workspaces/workspace.ts';
import { startHranaServer } from './hrana/server.ts';

// `npm run dev:worker`: the Worker in `wrangler dev`, talking libSQL over HTTP to a local Hrana endpoint
// over ./data/worker-dev.db — the same path production takes to Turso, without an account.
const dbPath = './data/worker-dev.db';
const credentialsFile = './data/worker-dev-workspace.json';
const hranaPort = Number(process.env.HRANA_PORT ?? 8080);
mkdirSync('./data', { recursive: true });

const driver = createEmbeddedDriver(dbPath);
await applyMigrations(driver, loadMigrations());
let credentials: WorkspaceCredentials | null = existsSync(credentialsFile) ? JSON.parse(readFileSync(credentialsFile, 'utf8')) : null;
if (!credentials || !(await loadWorkspace(driver, credentials.workspaceId))) {
  credentials = await createWorkspace(driver, { name: 'Worker dev shop', currency: 'EUR', timeZone: 'Europe/Berlin', allowedOrigins: ['http://localhost:8788'] });
  writeFileSync(credentialsFile, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
}
await driver.close();

const hrana = await startHranaServer({ dbPath, port: hranaPort, host: '127.0.0.1' });
console.log(`[dev:worker] libSQL over HTTP at ${hrana.url}; workspace keys (also in ${credentialsFile}):`);
console.log(JSON.stringify(credentials, null, 2));

const wrangler = spawn('npx', ['wrangler', 'dev', '--port', process.env.PORT ?? '8788', '--var', `LIBSQL_URL:${hrana.url}`, '--test-scheduled'], {
  stdio: 'inherit',
  env: { WRANGLER_SEND_METRICS: 'false', WRANGLER_SEND_ERROR_REPORTS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_HIDE_BANNER: 'true', ...process.env },
});
const shutdown = () => {
  wrangler.kill('SIGINT');
  void hrana.close().then(() => process.exit(0));
};
wrangler.on('exit', shutdown);
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

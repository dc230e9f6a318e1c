import { parseArgs } from 'node:util';
import { connect, DEFAULT_LIBSQL_URL } from '../../db/connect.ts';
import { applyMigrations } from '../../db/migrate.ts';
import { loadMigrations } from '../../db/migrations-from-disk.ts';
import { createApp } from '../app.ts';
import type { DemoShop } from '../deps.ts';
import { readIncomingBody } from './body.ts';
import { serveNode } from './serve.ts';
import { readSdkFromDisk } from './sdk-file.ts';
import { ensureDemoWorkspace } from '../demo/seed.ts';
import { runScheduledWork } from '../rfm/schedule.ts';
import { deliverDue } from '../triggers/deliver.ts';

const { values: flags } = parseArgs({ options: { 'no-demo': { type: 'boolean' } } });
const url = process.env.LIBSQL_URL ?? DEFAULT_LIBSQL_URL;
const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? '127.0.0.1';
const tickEveryMs = Number(process.env.TICK_INTERVAL_SECONDS ?? 600) * 1000;

const startedAt = performance.now();
const driver = connect(url, process.env.LIBSQL_AUTH_TOKEN);
const applied = await applyMigrations(driver, loadMigrations());
if (applied.length > 0) console.log(`[rfm-edge] migrations applied: ${applied.join(', ')}`);

const origin = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
let demo: DemoShop | undefined;
if (!flags['no-demo'] && process.env.RFM_DEMO !== 'off') {
  const credentialsFile = process.env.DEMO_CREDENTIALS_FILE ?? './data/demo-workspace.json';
  const { credentials, created } = await ensureDemoWorkspace(driver, credentialsFile, Date.now(), [origin, `http://localhost:${port}`]);
  console.log(`[rfm-edge] ${created ? 'created the demo workspace' : 'demo workspace'} (keys also in ${credentialsFile}):`);
  console.log(JSON.stringify(credentials, null, 2));
  demo = { workspaceId: credentials.workspaceId, publishableKey: credentials.publishableKey, identitySecret: credentials.identitySecret };
}

const app = createApp({ database: () => driver, clock: Date.now, sdkScript: readSdkFromDisk, demo, readBody: readIncomingBody });
const server = serveNode({ fetch: app.fetch, database: () => driver, clock: Date.now, port, hostname: host }, () => {
  console.log(`[rfm-edge] ready in ${Math.round(performance.now() - startedAt)} ms on ${origin} (database ${url})`);
  if (demo) console.log(`[rfm-edge] demo shop: ${origin}/ — pick a customer at ${origin}/demo and see their content`);
  console.log(`[rfm-edge] admin: ${origin}/admin — sign in with the workspace's admin key (ak_…${demo ? ', the demo’s is above' : ''})`);
});

async function tick() {
  try {
    for (const report of await runScheduledWork(driver, Date.now())) console.log(`[rfm-edge] daily tick`, JSON.stringify(report));
  } catch (error) {
    console.error('[rfm-edge] scheduled work failed; it runs again at the next interval:', error);
  }
}
const timer = setInterval(tick, tickEveryMs);
void tick();

/** Webhook retries come due on their own; deliveries from ingest are also sent at once by the request. */
const DELIVERY_INTERVAL_MS = Number(process.env.DELIVERY_INTERVAL_SECONDS ?? 5) * 1000;
let delivering = false;
const deliveryTimer = setInterval(async () => {
  if (delivering) return;
  delivering = true;
  try {
    await deliverDue(driver, Date.now());
  } catch (error) {
    console.error('[rfm-edge] webhook delivery failed; it runs again shortly:', error);
  } finally {
    delivering = false;
  }
}, DELIVERY_INTERVAL_MS);

function shutdown() {
  clearInterval(timer);
  clearInterval(deliveryTimer);
  server.close(() => void driver.close().then(() => process.exit(0)));
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { TestProject } from 'vitest/node';
import { createEmbeddedDriver } from '../../db/drivers/embedded.ts';
import { applyMigrations } from '../../db/migrate.ts';
import { loadMigrations } from '../../db/migrations-from-disk.ts';
import { DEMO_PURCHASES_FILE } from '../../edge/demo/seed.ts';
import { createWorkspace } from '../../edge/workspaces/workspace.ts';
import { startHranaServer } from '../hrana/server.ts';
import { SHOP_ORIGIN, type WorkspaceKeys } from '../scenarios/client.ts';
import type {} from './provided-context.ts';

/**
 * The Worker reaches libSQL over HTTP, so the tests run a real local Hrana endpoint over an embedded database,
 * migrated and with workspaces created the way `npm run rfm -- workspace create` does.
 */
export default async function setup(project: TestProject) {
  const folder = mkdtempSync(join(tmpdir(), 'rfm-edge-worker-'));
  const dbPath = join(folder, 'worker.db');
  const driver = createEmbeddedDriver(dbPath);
  await applyMigrations(driver, loadMigrations());
  const workspaces: WorkspaceKeys[] = [];
  for (let index = 0; index < 30; index++) {
    workspaces.push(await createWorkspace(driver, { name: `Worker test ${index}`, currency: 'EUR', timeZone: 'Europe/Berlin', allowedOrigins: [SHOP_ORIGIN] }));
  }
  const retailWorkspace = await createWorkspace(driver, { name: 'Online Retail', currency: 'GBP', timeZone: 'Europe/London' });
  await driver.close();

  const server = await startHranaServer({ dbPath, port: Number(process.env.RFM_TEST_HRANA_PORT), host: '127.0.0.1' });
  project.provide('workspaces', workspaces);
  project.provide('retailWorkspace', retailWorkspace);
  project.provide('retailCsv', gunzipSync(readFileSync(DEMO_PURCHASES_FILE)).toString('utf8'));
  project.provide('retailReference', readFileSync(new URL('../fixtures/online-retail/reference-sample.json', import.meta.url), 'utf8'));

  return async () => {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  };
}

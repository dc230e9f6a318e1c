import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedDriver } from '../../db/drivers/embedded.ts';
import type { SqlDriver } from '../../db/driver.ts';
import { applyMigrations } from '../../db/migrate.ts';
import { loadMigrations } from '../../db/migrations-from-disk.ts';
import { createApp } from '../../edge/app.ts';
import { createWorkspace, type NewWorkspace } from '../../edge/workspaces/workspace.ts';
import { apiClient, type ApiClient, type WorkspaceKeys } from '../scenarios/client.ts';

export interface NodeHarness {
  driver: SqlDriver;
  api: ApiClient;
  clock: { now: number };
  workspace(input?: Partial<NewWorkspace>): Promise<WorkspaceKeys>;
  close(): Promise<void>;
}

/** The real app over a real embedded libSQL file in a temp folder, with a clock the test moves. */
export async function startNodeHarness(now = Date.parse('2024-06-01T12:00:00Z')): Promise<NodeHarness> {
  const folder = mkdtempSync(join(tmpdir(), 'rfm-edge-test-'));
  const driver = createEmbeddedDriver(join(folder, 'test.db'));
  await applyMigrations(driver, loadMigrations());
  const clock = { now };
  const app = createApp({ database: () => driver, clock: () => clock.now });
  return {
    driver,
    clock,
    api: apiClient((request) => app.request(request)),
    workspace: (input = {}) => createWorkspace(driver, { name: 'Test shop', currency: 'EUR', timeZone: 'Europe/Berlin', allowedOrigins: ['https://shop.example'], ...input }, clock.now),
    async close() {
      await driver.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

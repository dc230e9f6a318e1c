import { createEmbeddedDriver } from '../db/drivers/embedded.ts';
import { applyMigrations } from '../db/migrate.ts';
import { loadMigrations } from '../db/migrations-from-disk.ts';
import { ensureDemoWorkspace } from '../edge/demo/seed.ts';
import type { WorkspaceCredentials } from '../edge/workspaces/workspace.ts';
import { peakRssMb } from './steps.ts';
import { loadSyntheticWorkspace, type SyntheticWorkspace } from './synthetic.ts';

export interface PrepareInput {
  dbPath: string;
  demoCredentialsFile: string;
  origins: string[];
  contacts: number;
  purchases: number;
  now: number;
}

export interface PrepareResult {
  demo: WorkspaceCredentials;
  demoSeconds: number;
  synthetic: SyntheticWorkspace;
  syntheticSeconds: number;
  peakRssMb: number;
}

/**
 * The database the whole bench shares, built once: what `npm start` seeds (the demo workspace with the Online Retail
 * history, its shop and keys) and, beside it, the synthetic workspace of `contacts` contacts and `purchases` purchases.
 */
export async function prepareStep(input: PrepareInput): Promise<PrepareResult> {
  const driver = createEmbeddedDriver(input.dbPath);
  await applyMigrations(driver, loadMigrations());
  let started = performance.now();
  const { credentials: demo } = await ensureDemoWorkspace(driver, input.demoCredentialsFile, input.now, input.origins);
  const demoSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const synthetic = await loadSyntheticWorkspace(driver, input.contacts, input.purchases, input.now);
  const syntheticSeconds = (performance.now() - started) / 1000;
  await driver.close();
  return { demo, demoSeconds: Number(demoSeconds.toFixed(1)), synthetic, syntheticSeconds: Number(syntheticSeconds.toFixed(1)), peakRssMb: peakRssMb() };
}

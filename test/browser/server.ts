import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createEmbeddedDriver } from '../../db/drivers/embedded.ts';
import type { SqlDriver } from '../../db/driver.ts';
import { applyMigrations } from '../../db/migrate.ts';
import { loadMigrations } from '../../db/migrations-from-disk.ts';
import { createApp } from '../../edge/app.ts';
import { ensureDemoWorkspace } from '../../edge/demo/seed.ts';
import type { WorkspaceCredentials } from '../../edge/workspaces/workspace.ts';
import { readSdkFromDisk } from '../../edge/node/sdk-file.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install chromium, or set CHROMIUM_PATH`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
}

export interface ShopServer {
  origin: string;
  driver: SqlDriver;
  credentials: WorkspaceCredentials;
  close(): Promise<void>;
}

/**
 * `npm start` as a test fixture: the real app on a loopback port over an embedded libSQL file, the demo workspace
 * seeded from the Online Retail data, the built SDK, and extra pages a test can mount under /fixtures.
 */
export async function startShopServer(fixtures?: (app: Hono, origin: () => string) => void): Promise<ShopServer> {
  const folder = mkdtempSync(join(tmpdir(), 'rfm-edge-browser-'));
  const driver = createEmbeddedDriver(join(folder, 'shop.db'));
  await applyMigrations(driver, loadMigrations());
  const host = new Hono();
  let stop: () => Promise<void> = async () => {};
  const listening = new Promise<AddressInfo>((resolve) => {
    const server = serve({ fetch: host.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info));
    stop = () => new Promise<void>((done) => server.close(() => done()));
  });
  const address = await listening;
  const origin = `http://127.0.0.1:${address.port}`;
  const { credentials } = await ensureDemoWorkspace(driver, join(folder, 'demo-workspace.json'), Date.now(), [origin]);
  const app = createApp({
    database: () => driver,
    clock: Date.now,
    sdkScript: readSdkFromDisk,
    demo: { workspaceId: credentials.workspaceId, publishableKey: credentials.publishableKey, identitySecret: credentials.identitySecret },
  });
  fixtures?.(host, () => origin);
  host.all('*', (context) => app.fetch(context.req.raw));
  return {
    origin,
    driver,
    credentials,
    async close() {
      await stop();
      await driver.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

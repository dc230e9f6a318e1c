import { createRemoteDriver } from '../../db/drivers/remote.ts';
import { createApp } from '../app.ts';
import type { BuiltScript } from '../deps.ts';
import { runScheduledWork } from '../rfm/schedule.ts';
import { deliverDue } from '../triggers/deliver.ts';

export interface WorkerBindings {
  /** libsql://<db>.turso.io, https://sqld.example, or the local Hrana endpoint for wrangler dev */
  LIBSQL_URL: string;
  LIBSQL_AUTH_TOKEN?: string;
  /** web-sdk/dist as static assets */
  ASSETS?: { fetch(input: string): Promise<Response> };
}

async function sdkFromAssets(bindings: WorkerBindings, file: BuiltScript): Promise<string | null> {
  const response = await bindings.ASSETS?.fetch(`https://assets.local/${file}`);
  return response?.ok ? response.text() : null;
}

function databaseFor(bindings: WorkerBindings) {
  if (!bindings.LIBSQL_URL) throw new Error('LIBSQL_URL is not set: add it to wrangler.toml [vars] or as a secret');
  return createRemoteDriver({ url: bindings.LIBSQL_URL, authToken: bindings.LIBSQL_AUTH_TOKEN });
}

const app = createApp({
  database: (bindings) => databaseFor(bindings as WorkerBindings),
  clock: Date.now,
  sdkScript: (bindings, file = 'rfm.js') => sdkFromAssets(bindings as WorkerBindings, file),
});

// The few Workers runtime shapes used here, declared locally so the app type-checks against one set of globals.
interface ScheduledController {
  scheduledTime: number;
  cron: string;
}
interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

export default {
  fetch: app.fetch,
  async scheduled(controller: ScheduledController, bindings: WorkerBindings, context: ExecutionContext) {
    const driver = databaseFor(bindings);
    // Due webhook retries go out on every Cron run, after the scheduled recompute has queued what time changed.
    context.waitUntil(runScheduledWork(driver, controller.scheduledTime).then(() => deliverDue(driver, Date.now())).then(() => undefined));
  },
};

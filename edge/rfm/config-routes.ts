import { Hono } from 'hono';
import type { AppEnv } from '../deps.ts';
import { requireKey } from '../http/auth/index.ts';
import { parseOrThrow, readJson } from '../http/validation.ts';
import { loadWorkspace } from '../workspaces/workspace.ts';
import { rfmConfigSchema } from './config-schema.ts';
import { rebuildWorkspaceUnmapped } from './rebuild.ts';

export const rfmConfigRoutes = new Hono<AppEnv>()
  .use(requireKey('admin'))
  .get('/', (context) => {
    const { workspace } = context.var.auth;
    return context.json({ config: workspace.settings.rfm, thresholds: workspace.thresholds, timeZone: workspace.timeZone, currency: workspace.currency });
  })
  .put('/', async (context) => {
    const config = parseOrThrow(rfmConfigSchema, await readJson(context));
    const { workspace } = context.var.auth;
    const db = context.var.db;
    await db.execute({
      sql: `UPDATE workspaces SET settings = json_set(settings, '$.rfm', json(?)), config_version = config_version + 1 WHERE id = ?`,
      args: [JSON.stringify(config), workspace.id],
    });
    const report = await rebuildWorkspaceUnmapped(db, workspace.id, context.var.now);
    const updated = (await loadWorkspace(db, workspace.id))!;
    return context.json({ config: updated.settings.rfm, thresholds: updated.thresholds, rebuild: { contactsChunks: report.chunks, milliseconds: report.milliseconds } });
  });

import { Hono } from 'hono';
import type { AppEnv } from '../deps.ts';
import { localDayNumber } from '../engine/time/index.ts';
import { requireKey } from '../http/auth/index.ts';
import { parseOrThrow } from '../http/validation.ts';
import { loadCell } from './cell.ts';
import { loadDistribution } from './distribution.ts';
import { cellQuerySchema, dashboardQuerySchema, resolvePeriod, wholeNumberParam } from './params.ts';
import { buildDashboard } from './summary.ts';

const CELL_PAGE_DEFAULT = 50;
const CELL_PAGE_MAX = 500;

/**
 * The RFM dashboard (admin key), computed in SQL for the key's workspace: the numbers for any asOf day and time
 * frame, the contacts of a heatmap cell with the rule that selects it, and the distribution the bands editor
 * recounts in the browser.
 */
export const dashboardRoutes = new Hono<AppEnv>()
  .use(requireKey('admin'))
  .get('/', async (context) => {
    const { workspace } = context.var.auth;
    const db = context.var.db;
    const query = parseOrThrow(dashboardQuerySchema, context.req.query());
    const period = await resolvePeriod(query, workspace, context.var.now, async () => {
      const { rows } = await db.execute({ sql: 'SELECT min(day) AS day FROM purchase_stats WHERE workspace_id = ? AND orders > 0', args: [workspace.id] });
      return rows[0]?.day == null ? null : Number(rows[0].day);
    });
    return context.json(await buildDashboard(db, workspace, period));
  })
  .get('/cell', async (context) => {
    const { workspace } = context.var.auth;
    const query = parseOrThrow(cellQuerySchema, context.req.query());
    const cell = await loadCell(context.var.db, workspace, localDayNumber(context.var.now, workspace.timeZone), {
      pair: query.pair,
      row: Number(query.row),
      column: Number(query.column),
      limit: wholeNumberParam(query.limit, 'limit', CELL_PAGE_DEFAULT, 1, CELL_PAGE_MAX),
      after: query.cursor === undefined ? 0 : Number(query.cursor),
    });
    return context.json(cell);
  })
  .get('/distribution', async (context) => {
    const { workspace } = context.var.auth;
    return context.json(await loadDistribution(context.var.db, workspace, localDayNumber(context.var.now, workspace.timeZone)));
  });

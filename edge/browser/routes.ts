import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv } from '../deps.ts';
import { keyFrom, requireKey } from '../http/auth/index.ts';
import { apiError } from '../http/errors.ts';
import { parseOrThrow, readJson } from '../http/validation.ts';
import { keyHash } from '../workspaces/keys.ts';
import { collectEvents } from './collect.ts';
import { admitOrigin, browserCors } from './cors.ts';
import { createDecider, deviceOf, KeyRefusedError, withinBudget, type Decision } from './decide.ts';
import { isValidSignature } from './identity.ts';
import { collectSchema, decideSchema, identifySchema } from './schema.ts';

/** Decide answers within this budget or falls back to the page's default content: a visitor never waits on us. */
export const DEFAULT_DECIDE_BUDGET_MS = 250;

async function originsForPreflight(context: Context<AppEnv>): Promise<readonly string[] | null> {
  const key = context.req.query('key');
  if (!key?.startsWith('pk_')) return null;
  const { rows } = await context.var.db.execute({
    sql: `SELECT w.allowed_origins FROM api_keys k JOIN workspaces w ON w.id = k.workspace_id
          WHERE k.key_hash = ? AND k.kind = 'publishable' AND k.revoked_at IS NULL`,
    args: [await keyHash(key)],
  });
  return rows[0] ? (JSON.parse(String(rows[0].allowed_origins)) as string[]) : null;
}

const NO_STORE = { 'Cache-Control': 'no-store' };

/** The endpoints a shop's pages call with the publishable key: collect, identify, decide. */
export function createBrowserRoutes(options: { decideBudgetMs?: number } = {}) {
  const decideBudgetMs = options.decideBudgetMs ?? DEFAULT_DECIDE_BUDGET_MS;
  const decider = createDecider();
  const cors = browserCors(originsForPreflight);

  return new Hono<AppEnv>()
    .use('/collect', cors)
    .use('/identify', cors)
    .use('/decide', cors)
    .post('/collect', requireKey('publishable'), async (context) => {
      const { workspace } = context.var.auth;
      admitOrigin(context, workspace.allowedOrigins);
      const request = parseOrThrow(collectSchema, await readJson(context));
      const accepted = await collectEvents(context.var.db, workspace, request, context.var.now);
      return context.json({ accepted }, 202);
    })
    .post('/identify', requireKey('publishable'), async (context) => {
      const { workspace } = context.var.auth;
      admitOrigin(context, workspace.allowedOrigins);
      const { visitorId, customerId, signature } = parseOrThrow(identifySchema, await readJson(context));
      if (!(await isValidSignature(workspace.identitySecret, customerId, signature))) {
        throw apiError(403, 'invalid_signature', 'The signature does not match customerId: sign it on your server with the identity secret (hex HMAC-SHA256)', {
          field: 'signature',
        });
      }
      const now = context.var.now;
      await context.var.db.batch([
        {
          sql: `INSERT INTO contacts (workspace_id, customer_id) VALUES (?, ?) ON CONFLICT (workspace_id, customer_id) DO NOTHING`,
          args: [workspace.id, customerId],
        },
        {
          sql: `INSERT INTO visitors (workspace_id, visitor_id, contact_id, last_seen_at)
                SELECT ?, ?, id, ? FROM contacts WHERE workspace_id = ? AND customer_id = ?
                ON CONFLICT (workspace_id, visitor_id) DO UPDATE SET contact_id = excluded.contact_id, last_seen_at = excluded.last_seen_at`,
          args: [workspace.id, visitorId, now, workspace.id, customerId],
        },
      ]);
      return context.json({ visitorId, customerId });
    })
    .post('/decide', async (context) => {
      const key = keyFrom(context.req.header('authorization'), context.req.query('key'));
      if (!key.startsWith('pk_')) throw apiError(403, 'forbidden', 'Decide is for browsers: use the publishable (pk_) key');
      const request = parseOrThrow(decideSchema, await readJson(context));
      const hashedKey = await keyHash(key);
      try {
        const { decision, rules } = await withinBudget(decider.decide(context.var.db, hashedKey, request, context.var.now, {
            device: deviceOf(context.req.header('user-agent')),
            // Cloudflare sets the visitor's country; elsewhere a proxy may.
            country: context.req.header('cf-ipcountry') ?? undefined,
          }), decideBudgetMs);
        admitOrigin(context, rules.workspace.allowedOrigins);
        return context.json(decision, 200, NO_STORE);
      } catch (error) {
        if (error instanceof HTTPException) throw error;
        if (error instanceof KeyRefusedError) throw apiError(401, 'unauthorized', error.message);
        // Fail open: whatever went wrong in the store, the page shows its default content at once.
        const cached = decider.cachedRulesForKey(hashedKey);
        if (cached) admitOrigin(context, cached.workspace.allowedOrigins);
        console.warn(`[rfm-edge] decide fell back to default content: ${error instanceof Error ? error.message : String(error)}`);
        const fallback: Decision = { visitorId: request.visitorId, segments: [], slots: {}, fallback: true };
        return context.json(fallback, 200, NO_STORE);
      }
    });
}

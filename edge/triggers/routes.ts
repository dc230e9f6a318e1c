import { Hono, type Context } from 'hono';
import type { SqlDriver, SqlRow } from '../../db/driver.ts';
import type { AppEnv } from '../deps.ts';
import { requireKey } from '../http/auth/index.ts';
import { invalidRequest, notFound } from '../http/errors.ts';
import { parseOrThrow, readJson } from '../http/validation.ts';
import { findSegment, materialisedSegmentKeys } from '../segments/definitions.ts';
import { refreshAllMemberships } from '../segments/membership.ts';
import { randomToken } from '../workspaces/keys.ts';
import { inBackground } from './background.ts';
import { deliverDue, deliverNow } from './deliver.ts';
import { bulkSendSchema, triggerCreateSchema, triggerUpdateSchema } from './schema.ts';
import { placeholdersOf, TEMPLATE_ROOTS } from './template.ts';

interface StoredTrigger {
  id: string;
  name: string;
  segmentKey: string;
  on: 'enter' | 'leave';
  url: string;
  template: unknown;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

function triggerFromRow(row: SqlRow): StoredTrigger {
  return {
    id: String(row.id),
    name: String(row.name),
    segmentKey: String(row.segment_key),
    on: row.on === 'leave' ? 'leave' : 'enter',
    url: String(row.url),
    template: row.template == null ? null : JSON.parse(String(row.template)),
    enabled: Number(row.enabled) === 1,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  };
}

async function findTrigger(driver: SqlDriver, workspaceId: string, id: string): Promise<StoredTrigger | null> {
  const { rows } = await driver.execute({ sql: 'SELECT * FROM triggers WHERE workspace_id = ? AND id = ?', args: [workspaceId, id] });
  return rows[0] ? triggerFromRow(rows[0]) : null;
}

function checkTemplate(template: unknown) {
  for (const path of placeholdersOf(template)) {
    const root = path.split('.')[0]!;
    if (!(TEMPLATE_ROOTS as readonly string[]).includes(root)) {
      throw invalidRequest(`template: {{${path}}} is not a known placeholder; start paths with ${TEMPLATE_ROOTS.join(', ')}`, 'template');
    }
  }
}

/** Starts watching a segment for a new trigger: its current members are recorded without firing. */
async function watch(context: Context<AppEnv>, segmentKey: string, wasWatched: boolean) {
  if (wasWatched) return;
  await refreshAllMemberships(context.var.db, context.var.auth.workspace, context.var.now, 'initial', new Set([segmentKey]));
}

export const triggerRoutes = new Hono<AppEnv>()
  .use(requireKey('admin'))
  .get('/', async (context) => {
    const { rows } = await context.var.db.execute({ sql: 'SELECT * FROM triggers WHERE workspace_id = ? ORDER BY created_at', args: [context.var.auth.workspace.id] });
    return context.json({ triggers: rows.map(triggerFromRow) });
  })
  .get('/:id', async (context) => {
    const trigger = await findTrigger(context.var.db, context.var.auth.workspace.id, context.req.param('id'));
    if (!trigger) throw notFound(`Trigger ${context.req.param('id')}`);
    return context.json(trigger);
  })
  .post('/', async (context) => {
    const input = parseOrThrow(triggerCreateSchema, await readJson(context));
    const { workspace } = context.var.auth;
    const db = context.var.db;
    if (!(await findSegment(db, workspace.id, input.segmentKey))) throw invalidRequest(`segmentKey ${input.segmentKey} is not a segment of this workspace`, 'segmentKey');
    if (input.template) checkTemplate(input.template);
    const wasWatched = (await materialisedSegmentKeys(db, workspace.id)).has(input.segmentKey);
    const id = `tr_${randomToken(9)}`;
    const signingSecret = `whsec_${randomToken(24)}`;
    await db.execute({
      sql: `INSERT INTO triggers (id, workspace_id, name, segment_key, "on", url, template, signing_secret, enabled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [id, workspace.id, input.name ?? '', input.segmentKey, input.on, input.url, input.template ? JSON.stringify(input.template) : null, signingSecret, input.enabled === false ? 0 : 1],
    });
    await watch(context, input.segmentKey, wasWatched);
    // The signing secret is shown once, here: store it where the receiver verifies signatures.
    return context.json({ ...(await findTrigger(db, workspace.id, id))!, signingSecret }, 201);
  })
  .patch('/:id', async (context) => {
    const changes = parseOrThrow(triggerUpdateSchema, await readJson(context));
    const { workspace } = context.var.auth;
    const db = context.var.db;
    const trigger = await findTrigger(db, workspace.id, context.req.param('id'));
    if (!trigger) throw notFound(`Trigger ${context.req.param('id')}`);
    if (changes.template) checkTemplate(changes.template);
    const wasWatched = (await materialisedSegmentKeys(db, workspace.id)).has(trigger.segmentKey);
    const template = changes.template === undefined ? trigger.template : changes.template;
    await db.execute({
      sql: `UPDATE triggers SET name = ?, "on" = ?, url = ?, template = ?, enabled = ?, updated_at = ? WHERE id = ? AND workspace_id = ?`,
      args: [changes.name ?? trigger.name, changes.on ?? trigger.on, changes.url ?? trigger.url, template ? JSON.stringify(template) : null, (changes.enabled ?? trigger.enabled) ? 1 : 0, context.var.now, trigger.id, workspace.id],
    });
    await watch(context, trigger.segmentKey, wasWatched);
    return context.json(await findTrigger(db, workspace.id, trigger.id));
  })
  .delete('/:id', async (context) => {
    const { workspace } = context.var.auth;
    const { rowsAffected } = await context.var.db.execute({ sql: 'DELETE FROM triggers WHERE workspace_id = ? AND id = ?', args: [workspace.id, context.req.param('id')] });
    if (rowsAffected === 0) throw notFound(`Trigger ${context.req.param('id')}`);
    await context.var.db.execute({ sql: `UPDATE deliveries SET status = 'dead', last_error = 'trigger deleted' WHERE trigger_id = ? AND status = 'pending'`, args: [context.req.param('id')] });
    return context.body(null, 204);
  })
  .post('/:id/test', async (context) => {
    const { workspace } = context.var.auth;
    const db = context.var.db;
    const trigger = await findTrigger(db, workspace.id, context.req.param('id'));
    if (!trigger) throw notFound(`Trigger ${context.req.param('id')}`);
    const deliveryId = `dl_${randomToken(9)}`;
    const sampleContact = {
      customerId: 'test-customer',
      email: 'test@example.com',
      attributes: { country: 'Germany' },
      rfm: { asOf: new Date(context.var.now).toISOString().slice(0, 10), currency: workspace.currency, recencyDays: 12, frequency: 4, monetary: 48000, scores: { r: 5, f: 4, m: 5 }, bands: { r: 'short', f: 'often', m: 'premium' }, named: 'champions' },
    };
    await db.execute({
      sql: `INSERT INTO deliveries (id, workspace_id, trigger_id, kind, payload, next_attempt_at, status) VALUES (?, ?, ?, 'test', ?, ?, 'pending')`,
      args: [deliveryId, workspace.id, trigger.id, JSON.stringify({ segmentKey: trigger.segmentKey, change: trigger.on, at: context.var.now, contact: sampleContact }), context.var.now + 3_600_000],
    });
    const outcome = await deliverNow(db, deliveryId, context.var.now);
    // A test-send is tried once: it is not retried in the background.
    await db.execute({ sql: `UPDATE deliveries SET status = CASE WHEN status = 'pending' THEN 'dead' ELSE status END WHERE id = ?`, args: [deliveryId] });
    return context.json({ deliveryId, ...outcome });
  });

export const deliveryRoutes = new Hono<AppEnv>()
  .use(requireKey('admin'))
  .get('/', async (context) => {
    const { workspace } = context.var.auth;
    const triggerId = context.req.query('triggerId') ?? null;
    const status = context.req.query('status') ?? null;
    const limit = Math.min(500, Math.max(1, Number(context.req.query('limit') ?? 100) || 100));
    const db = context.var.db;
    const { rows } = await db.execute({
      sql: `SELECT id, trigger_id, kind, status, attempts, next_attempt_at, last_error, created_at, delivered_at, payload FROM deliveries
            WHERE workspace_id = ? AND (? IS NULL OR trigger_id = ?) AND (? IS NULL OR status = ?) ORDER BY created_at DESC, id LIMIT ?`,
      args: [workspace.id, triggerId, triggerId, status, status, limit],
    });
    const { rows: attempts } = await db.execute({
      sql: `SELECT delivery_id, at, status_code, error, duration_ms FROM delivery_attempts WHERE delivery_id IN (SELECT value FROM json_each(?)) ORDER BY id`,
      args: [JSON.stringify(rows.map((row) => row.id))],
    });
    const iso = (value: unknown) => (value == null ? null : new Date(Number(value)).toISOString());
    return context.json({
      deliveries: rows.map((row) => ({
        id: row.id,
        triggerId: row.trigger_id,
        kind: row.kind,
        status: row.status,
        attempts: row.attempts,
        nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
        lastError: row.last_error,
        createdAt: iso(row.created_at),
        deliveredAt: iso(row.delivered_at),
        payload: JSON.parse(String(row.payload)),
        log: attempts
          .filter((attempt) => attempt.delivery_id === row.id)
          .map((attempt) => ({ at: iso(attempt.at), statusCode: attempt.status_code, error: attempt.error, durationMs: attempt.duration_ms })),
      })),
    });
  })
  .post('/run', async (context) => {
    const outcomes = await deliverDue(context.var.db, context.var.now);
    return context.json({ attempted: outcomes.length, outcomes });
  });

/** One-off: the segment's current members to a trigger's webhook, in pages (each page one signed delivery). */
export const bulkSendRoutes = new Hono<AppEnv>().use(requireKey('admin')).post('/:key/send', async (context) => {
  const input = parseOrThrow(bulkSendSchema, await readJson(context));
  const { workspace } = context.var.auth;
  const db = context.var.db;
  const key = context.req.param('key');
  if (!(await findSegment(db, workspace.id, key))) throw notFound(`Segment ${key}`);
  const trigger = await findTrigger(db, workspace.id, input.triggerId);
  if (!trigger) throw invalidRequest(`triggerId ${input.triggerId} is not a trigger of this workspace`, 'triggerId');
  if (!(await materialisedSegmentKeys(db, workspace.id)).has(key)) {
    throw invalidRequest(`Segment ${key} has no stored members: make it outbound or watch it with a trigger first`, 'key');
  }
  const pageSize = input.pageSize ?? 500;
  const { rows } = await db.execute({
    sql: `INSERT INTO deliveries (id, workspace_id, trigger_id, kind, payload, next_attempt_at)
          SELECT 'dl_' || lower(hex(randomblob(9))), ?, ?, 'bulk',
                 json_object('segmentKey', ?, 'change', 'enter', 'at', ?, 'page', page, 'members', json_group_array(json_object('customerId', customer_id, 'email', email))), ?
          FROM (SELECT c.customer_id, c.email, (row_number() OVER (ORDER BY c.id) - 1) / CAST(? AS INTEGER) AS page
                FROM segment_memberships m JOIN contacts c ON c.id = m.contact_id WHERE m.workspace_id = ? AND m.segment_key = ?)
          GROUP BY page
          RETURNING id`,
    args: [workspace.id, trigger.id, key, context.var.now, context.var.now, pageSize, workspace.id, key],
  });
  inBackground(context, deliverDue(db, context.var.now));
  return context.json({ deliveries: rows.map((row) => row.id), pages: rows.length }, 202);
});

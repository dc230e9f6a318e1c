import { Hono } from 'hono';
import type { SqlDriver } from '../../db/driver.ts';
import type { AppEnv } from '../deps.ts';
import { segmentsFor } from '../engine/rules/index.ts';
import { loadContactFacts } from '../segments/membership.ts';
import { afterContactsChanged } from '../segments/realtime.ts';
import { dayNumberFromIsoDate, isoDateFromDayNumber, localDayNumber } from '../engine/time/index.ts';
import { requireKey } from '../http/auth/index.ts';
import { invalidRequest, notFound } from '../http/errors.ts';
import { parseOrThrow, readJson } from '../http/validation.ts';
import { aggregateAsOf, aggregateFromStateRow, rfmView, stateFor } from '../rfm/read.ts';
import { loadEnabledSegments } from '../segments/load.ts';
import type { Workspace } from '../workspaces/workspace.ts';
import { eraseContact } from './erase.ts';
import { asOfQuerySchema, contactUpsertSchema } from './schema.ts';

interface ContactRow {
  id: number;
  customer_id: string;
  email: string | null;
  attributes: string;
  created_at: number;
  updated_at: number;
}

async function findContact(driver: SqlDriver, workspaceId: string, customerId: string) {
  const { rows } = await driver.execute({
    sql: `SELECT c.id, c.customer_id, c.email, c.attributes, c.created_at, c.updated_at,
                 s.first_purchase_at, s.last_purchase_at, s.last_purchase_day, s.frequency, s.monetary
          FROM contacts c LEFT JOIN contact_rfm s ON s.contact_id = c.id
          WHERE c.workspace_id = ? AND c.customer_id = ?`,
    args: [workspaceId, customerId],
  });
  return rows[0] as (ContactRow & Record<string, unknown>) | undefined;
}

function asOfDayFor(asOf: string | undefined, workspace: Workspace, now: number): number {
  if (asOf === undefined) return localDayNumber(now, workspace.timeZone);
  const day = dayNumberFromIsoDate(asOf);
  if (!Number.isFinite(day) || isoDateFromDayNumber(day) !== asOf) throw invalidRequest(`asOf ${asOf} is not a calendar date`, 'asOf');
  return day;
}

export const contactRoutes = new Hono<AppEnv>()
  .use(requireKey('secret', 'admin'))
  .put('/:customerId', async (context) => {
    const input = parseOrThrow(contactUpsertSchema, await readJson(context));
    const customerId = context.req.param('customerId').trim();
    if (!customerId || customerId.length > 200) throw invalidRequest('customerId must be 1 to 200 characters', 'customerId');
    const { workspace } = context.var.auth;
    const { rows } = await context.var.db.execute({
      sql: `INSERT INTO contacts (workspace_id, customer_id, email, attributes, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (workspace_id, customer_id) DO UPDATE SET
              email = CASE WHEN ? THEN excluded.email ELSE contacts.email END,
              attributes = CASE WHEN ? THEN excluded.attributes ELSE contacts.attributes END,
              updated_at = excluded.updated_at
            RETURNING customer_id, email, attributes, created_at, updated_at`,
      args: [
        workspace.id,
        customerId,
        input.email ?? null,
        JSON.stringify(input.attributes ?? {}),
        context.var.now,
        input.email !== undefined ? 1 : 0,
        input.attributes !== undefined ? 1 : 0,
      ],
    });
    const row = rows[0]!;
    await afterContactsChanged(context, [customerId], 'contact_update');
    return context.json({ customerId: row.customer_id, email: row.email, attributes: JSON.parse(String(row.attributes)) });
  })
  .get('/:customerId', async (context) => {
    const { asOf } = parseOrThrow(asOfQuerySchema, context.req.query());
    const { workspace } = context.var.auth;
    const asOfDay = asOfDayFor(asOf, workspace, context.var.now);
    const contact = await findContact(context.var.db, workspace.id, context.req.param('customerId'));
    if (!contact) throw notFound(`Contact ${context.req.param('customerId')}`);
    const aggregate = asOf === undefined ? aggregateFromStateRow(contact) : await aggregateAsOf(context.var.db, workspace, contact.id, asOfDay);
    const state = stateFor(aggregate, asOfDay, workspace);
    const attributes = JSON.parse(contact.attributes) as Record<string, unknown>;
    const [definitions, [facts]] = await Promise.all([
      loadEnabledSegments(context.var.db, workspace.id),
      loadContactFacts(context.var.db, workspace, { customerIds: [contact.customer_id] }, asOfDay),
    ]);
    const segments = segmentsFor(definitions, { rfm: state, attributes, behaviour: facts?.behaviour ?? [], today: asOfDay }).map(({ key, name, why }) => ({ key, name, why }));
    return context.json({
      customerId: contact.customer_id,
      email: contact.email,
      attributes,
      rfm: rfmView(state, asOfDay, workspace),
      segments,
    });
  })
  .get('/:customerId/export', async (context) => {
    const { workspace } = context.var.auth;
    const db = context.var.db;
    const contact = await findContact(db, workspace.id, context.req.param('customerId'));
    if (!contact) throw notFound(`Contact ${context.req.param('customerId')}`);
    const [purchases, visitors, state, events, behaviour] = await Promise.all([
      db.execute({
        sql: `SELECT order_id, amount, original_currency, original_amount, purchased_at, status, items, created_at
              FROM purchases WHERE contact_id = ? ORDER BY purchased_at`,
        args: [contact.id],
      }),
      db.execute({ sql: 'SELECT visitor_id, created_at, last_seen_at FROM visitors WHERE workspace_id = ? AND contact_id = ?', args: [workspace.id, contact.id] }),
      db.execute({ sql: 'SELECT * FROM contact_rfm WHERE contact_id = ?', args: [contact.id] }),
      db.execute({
        sql: `SELECT visitor_id, type, at, props FROM events WHERE workspace_id = ? AND visitor_id IN (SELECT visitor_id FROM visitors WHERE workspace_id = ? AND contact_id = ?)
              ORDER BY at, id`,
        args: [workspace.id, workspace.id, contact.id],
      }),
      db.execute({
        sql: `SELECT visitor_id, day, event_key, count, value FROM behaviour_counts
              WHERE workspace_id = ? AND visitor_id IN (SELECT visitor_id FROM visitors WHERE workspace_id = ? AND contact_id = ?) ORDER BY day, event_key`,
        args: [workspace.id, workspace.id, contact.id],
      }),
    ]);
    const iso = (value: unknown) => (value == null ? null : new Date(Number(value)).toISOString());
    context.header('content-disposition', `attachment; filename="contact-${encodeURIComponent(contact.customer_id)}.json"`);
    return context.json({
      exportedAt: new Date(context.var.now).toISOString(),
      workspaceId: workspace.id,
      contact: {
        customerId: contact.customer_id,
        email: contact.email,
        attributes: JSON.parse(contact.attributes),
        createdAt: iso(contact.created_at),
        updatedAt: iso(contact.updated_at),
      },
      purchases: purchases.rows.map((row) => ({
        orderId: row.order_id,
        amount: row.amount,
        currency: workspace.currency,
        originalCurrency: row.original_currency,
        originalAmount: row.original_amount,
        purchasedAt: iso(row.purchased_at),
        status: row.status,
        items: row.items == null ? null : JSON.parse(String(row.items)),
      })),
      visitors: visitors.rows.map((row) => ({ visitorId: row.visitor_id, createdAt: iso(row.created_at), lastSeenAt: iso(row.last_seen_at) })),
      events: events.rows.map((row) => ({ visitorId: row.visitor_id, type: row.type, at: iso(row.at), props: row.props == null ? null : JSON.parse(String(row.props)) })),
      behaviour: behaviour.rows.map((row) => ({ visitorId: row.visitor_id, day: isoDateFromDayNumber(Number(row.day)), eventKey: row.event_key, count: row.count, value: row.value })),
      rfmState: state.rows[0] ?? null,
    });
  })
  .delete('/:customerId', async (context) => {
    const { workspace } = context.var.auth;
    const contact = await findContact(context.var.db, workspace.id, context.req.param('customerId'));
    if (!contact) throw notFound(`Contact ${context.req.param('customerId')}`);
    await eraseContact(context.var.db, workspace.id, contact.id);
    return context.body(null, 204);
  });

import type { SqlDriver } from '../../db/driver.ts';
import { segmentsFor } from '../engine/rules/index.ts';
import { isoDateFromDayNumber } from '../engine/time/index.ts';
import { aggregateFromStateRow, rfmView, stateFor } from '../rfm/read.ts';
import { loadEnabledSegments } from '../segments/load.ts';
import { loadContactFacts } from '../segments/membership.ts';
import type { Workspace } from '../workspaces/workspace.ts';
import type { StoredContact } from './contact.ts';

const LATEST_PURCHASES = 50;
const RECENT_EVENTS = 50;
const LATEST_DELIVERIES = 50;
const BAND_HISTORY_DAYS = 400;

const iso = (value: unknown) => (value == null ? null : new Date(Number(value)).toISOString());
const json = (value: unknown) => (value == null ? null : JSON.parse(String(value)));

function bandKeys(workspace: Workspace, row: Record<string, unknown>) {
  const bands = workspace.settings.rfm.bands;
  return { r: bands.r.names[Number(row.r_band)]?.key ?? null, f: bands.f.names[Number(row.f_band)]?.key ?? null, m: bands.m.names[Number(row.m_band)]?.key ?? null };
}

const visitorsOfContact = 'SELECT visitor_id FROM visitors WHERE workspace_id = ? AND contact_id = ?';

async function loadBandHistory(db: SqlDriver, workspace: Workspace, contactId: number, limit: number) {
  const { rows } = await db.execute({
    sql: `SELECT day, r_band, f_band, m_band, named, frequency, monetary FROM contact_rfm_history
          WHERE workspace_id = ? AND contact_id = ? ORDER BY day DESC LIMIT ?`,
    args: [workspace.id, contactId, limit],
  });
  return rows.map((row) => ({
    day: isoDateFromDayNumber(Number(row.day)),
    bands: bandKeys(workspace, row),
    named: row.named == null ? null : String(row.named),
    frequency: Number(row.frequency),
    monetary: Number(row.monetary),
  }));
}

async function loadPurchases(db: SqlDriver, contactId: number, limit: number) {
  const { rows } = await db.execute({
    sql: `SELECT order_id, amount, original_currency, original_amount, purchased_at, status, items FROM purchases
          WHERE contact_id = ? ORDER BY purchased_at DESC, id DESC LIMIT ?`,
    args: [contactId, limit],
  });
  return rows.map((row) => ({
    orderId: String(row.order_id),
    amount: Number(row.amount),
    originalCurrency: row.original_currency ?? null,
    originalAmount: row.original_amount ?? null,
    purchasedAt: iso(row.purchased_at),
    status: String(row.status),
    items: json(row.items),
  }));
}

async function loadEvents(db: SqlDriver, workspaceId: string, contactId: number, limit: number) {
  const { rows } = await db.execute({
    sql: `SELECT visitor_id, type, at, props FROM events WHERE workspace_id = ? AND visitor_id IN (${visitorsOfContact})
          ORDER BY at DESC, id DESC LIMIT ?`,
    args: [workspaceId, workspaceId, contactId, limit],
  });
  return rows.map((row) => ({ visitorId: String(row.visitor_id), type: String(row.type), at: iso(row.at), props: json(row.props) }));
}

async function loadDeliveries(db: SqlDriver, workspaceId: string, contactId: number, limit: number) {
  const { rows } = await db.execute({
    sql: `SELECT d.id, d.trigger_id, d.status, d.attempts, d.created_at, d.delivered_at, d.last_error, d.payload, t.segment_key, t.change, t.cause, t.at
          FROM segment_transitions t JOIN deliveries d ON d.transition_id = t.id
          WHERE t.workspace_id = ? AND t.contact_id = ? ORDER BY d.created_at DESC LIMIT ?`,
    args: [workspaceId, contactId, limit],
  });
  return rows.map((row) => ({
    id: String(row.id),
    triggerId: String(row.trigger_id),
    status: String(row.status),
    attempts: Number(row.attempts),
    createdAt: iso(row.created_at),
    deliveredAt: iso(row.delivered_at),
    segmentKey: row.segment_key == null ? null : String(row.segment_key),
    change: row.change == null ? null : String(row.change),
    cause: row.cause == null ? null : String(row.cause),
    lastError: row.last_error == null ? null : String(row.last_error),
    payload: json(row.payload),
  }));
}

/** The contact's RFM view today and the segments it is in with why, by the segments engine. */
async function rfmAndSegments(db: SqlDriver, workspace: Workspace, contact: StoredContact, today: number) {
  const state = stateFor(aggregateFromStateRow(contact.rfmRow ?? undefined), today, workspace);
  const definitions = await loadEnabledSegments(db, workspace.id);
  const [facts] = await loadContactFacts(db, workspace, { customerIds: [contact.customerId] }, today);
  const segments = segmentsFor(definitions, { rfm: state, attributes: contact.attributes, behaviour: facts?.behaviour ?? [], today }).map(({ key, name, why }) => ({ key, name, why }));
  return { rfm: rfmView(state, today, workspace), segments };
}

/** The 360° view: attributes, RFM and band history, segments with why, latest purchases, recent behaviour, deliveries. */
export async function contactProfile(db: SqlDriver, workspace: Workspace, contact: StoredContact, today: number) {
  const { rfm, segments } = await rfmAndSegments(db, workspace, contact, today);
  return {
    customerId: contact.customerId,
    email: contact.email,
    attributes: contact.attributes,
    createdAt: iso(contact.createdAt),
    updatedAt: iso(contact.updatedAt),
    rfm,
    bandHistory: await loadBandHistory(db, workspace, contact.id, BAND_HISTORY_DAYS),
    segments,
    purchases: await loadPurchases(db, contact.id, LATEST_PURCHASES),
    events: await loadEvents(db, workspace.id, contact.id, RECENT_EVENTS),
    deliveries: await loadDeliveries(db, workspace.id, contact.id, LATEST_DELIVERIES),
  };
}

/** Everything held about the contact, nothing left out (GDPR access): unbounded lists, stored rows as they are. */
export async function contactExport(db: SqlDriver, workspace: Workspace, contact: StoredContact, today: number, now: number) {
  const everything = Number.MAX_SAFE_INTEGER;
  const { rfm, segments } = await rfmAndSegments(db, workspace, contact, today);
  const [visitors, behaviour, memberships, transitions] = [
    await db.execute({ sql: 'SELECT visitor_id, created_at, last_seen_at FROM visitors WHERE workspace_id = ? AND contact_id = ?', args: [workspace.id, contact.id] }),
    await db.execute({
      sql: `SELECT visitor_id, day, event_key, count, value FROM behaviour_counts WHERE workspace_id = ? AND visitor_id IN (${visitorsOfContact}) ORDER BY day, event_key`,
      args: [workspace.id, workspace.id, contact.id],
    }),
    await db.execute({ sql: 'SELECT segment_key, entered_at FROM segment_memberships WHERE workspace_id = ? AND contact_id = ? ORDER BY segment_key', args: [workspace.id, contact.id] }),
    await db.execute({
      sql: 'SELECT segment_key, change, at, cause, snapshot FROM segment_transitions WHERE workspace_id = ? AND contact_id = ? ORDER BY at, id',
      args: [workspace.id, contact.id],
    }),
  ];
  return {
    exportedAt: new Date(now).toISOString(),
    workspaceId: workspace.id,
    contact: { customerId: contact.customerId, email: contact.email, attributes: contact.attributes, createdAt: iso(contact.createdAt), updatedAt: iso(contact.updatedAt) },
    rfm,
    rfmState: contact.rfmRow,
    bandHistory: (await loadBandHistory(db, workspace, contact.id, everything)).reverse(),
    segments,
    segmentMemberships: memberships.rows.map((row) => ({ segmentKey: String(row.segment_key), enteredAt: iso(row.entered_at) })),
    segmentTransitions: transitions.rows.map((row) => ({ segmentKey: String(row.segment_key), change: String(row.change), at: iso(row.at), cause: String(row.cause), snapshot: json(row.snapshot) })),
    purchases: (await loadPurchases(db, contact.id, everything)).reverse(),
    visitors: visitors.rows.map((row) => ({ visitorId: String(row.visitor_id), createdAt: iso(row.created_at), lastSeenAt: iso(row.last_seen_at) })),
    events: (await loadEvents(db, workspace.id, contact.id, everything)).reverse(),
    behaviour: behaviour.rows.map((row) => ({ visitorId: String(row.visitor_id), day: isoDateFromDayNumber(Number(row.day)), eventKey: String(row.event_key), count: Number(row.count), value: Number(row.value) })),
    deliveries: (await loadDeliveries(db, workspace.id, contact.id, everything)).reverse(),
  };
}

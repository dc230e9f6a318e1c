import type { SqlDriver, SqlStatement } from '../../db/driver.ts';
import { evaluateSegments, type BehaviourEntry, type Facts } from '../engine/rules/index.ts';
import { localDayNumber } from '../engine/time/index.ts';
import { aggregateFromStateRow, rfmView, stateFor, type RfmView } from '../rfm/read.ts';
import { randomToken } from '../workspaces/keys.ts';
import type { Workspace } from '../workspaces/workspace.ts';
import { listSegments, materialisedSegmentKeys } from './definitions.ts';

/** How far back behaviour conditions may look ("in the last N days", N ≤ 365). */
const BEHAVIOUR_HORIZON_DAYS = 366;
/** Contacts evaluated per step of a full refresh. */
export const REFRESH_CHUNK = 2_000;

export type ContactSelection = { customerIds: readonly string[] } | { idRange: [number, number] };

export interface ContactFacts extends Facts {
  contactId: number;
  customerId: string;
  email: string | null;
  behaviour: BehaviourEntry[];
}

/** What a webhook says about the contact at a transition. */
export interface ContactSnapshot {
  customerId: string;
  email: string | null;
  attributes: Record<string, unknown>;
  rfm: RfmView;
}

function selectionSql(selection: ContactSelection, column: string): { where: string; args: unknown[] } {
  if ('customerIds' in selection) {
    return { where: `${column} IN (SELECT id FROM contacts WHERE workspace_id = ? AND customer_id IN (SELECT value FROM json_each(?)))`, args: [JSON.stringify(selection.customerIds)] };
  }
  return { where: `${column} BETWEEN ? AND ?`, args: selection.idRange };
}

/** RFM state, attributes and behaviour of the selected contacts as of today, in two queries. */
export async function loadContactFacts(driver: SqlDriver, workspace: Workspace, selection: ContactSelection, today: number): Promise<ContactFacts[]> {
  const contactsWhere = selectionSql(selection, 'c.id');
  const needsWorkspace = 'customerIds' in selection;
  const [contacts, behaviour] = await Promise.all([
    driver.execute({
      sql: `SELECT c.id, c.customer_id, c.email, c.attributes, r.first_purchase_at, r.last_purchase_at, r.last_purchase_day, r.frequency, r.monetary
            FROM contacts c LEFT JOIN contact_rfm r ON r.contact_id = c.id
            WHERE c.workspace_id = ? AND ${contactsWhere.where} ORDER BY c.id`,
      args: [workspace.id, ...(needsWorkspace ? [workspace.id] : []), ...contactsWhere.args],
    }),
    driver.execute({
      sql: `SELECT v.contact_id, b.day, b.event_key, sum(b.count) AS count, sum(b.value) AS value
            FROM visitors v JOIN behaviour_counts b ON b.workspace_id = v.workspace_id AND b.visitor_id = v.visitor_id
            WHERE v.workspace_id = ? AND ${selectionSql(selection, 'v.contact_id').where} AND b.day > ?
            GROUP BY v.contact_id, b.day, b.event_key`,
      args: [workspace.id, ...(needsWorkspace ? [workspace.id] : []), ...selectionSql(selection, 'v.contact_id').args, today - BEHAVIOUR_HORIZON_DAYS],
    }),
  ]);
  const behaviourByContact = new Map<number, BehaviourEntry[]>();
  for (const row of behaviour.rows) {
    const contactId = Number(row.contact_id);
    const entries = behaviourByContact.get(contactId) ?? [];
    entries.push({ day: Number(row.day), eventKey: String(row.event_key), count: Number(row.count), value: Number(row.value) });
    behaviourByContact.set(contactId, entries);
  }
  return contacts.rows.map((row) => ({
    contactId: Number(row.id),
    customerId: String(row.customer_id),
    email: row.email == null ? null : String(row.email),
    attributes: JSON.parse(String(row.attributes ?? '{}')) as Record<string, unknown>,
    rfm: stateFor(aggregateFromStateRow(row), today, workspace),
    behaviour: behaviourByContact.get(Number(row.id)) ?? [],
    today,
  }));
}

export function snapshotOf(facts: ContactFacts, today: number, workspace: Workspace): ContactSnapshot {
  return { customerId: facts.customerId, email: facts.email, attributes: facts.attributes, rfm: rfmView(facts.rfm, today, workspace) };
}

export type TransitionCause = 'ingest' | 'refund' | 'schedule' | 'rule_change' | 'initial' | 'contact_update';

export interface RefreshReport {
  contacts: number;
  entered: number;
  left: number;
}

/**
 * Brings stored memberships of the materialised segments up to date for the selected contacts, recording every
 * entry and exit and queueing a delivery for each enabled trigger on it — all in one transaction. Each write is
 * conditional on the stored membership, so two refreshes racing over the same contact record a transition once;
 * deliveries are unique per trigger and transition, so no trigger fires twice for the same one.
 * Segments in `initialFor` were just put under watch: their current members are recorded without deliveries.
 */
export async function refreshMemberships(
  driver: SqlDriver,
  workspace: Workspace,
  selection: ContactSelection,
  now: number,
  cause: TransitionCause,
  initialFor: ReadonlySet<string> = new Set(),
): Promise<RefreshReport> {
  const materialised = await materialisedSegmentKeys(driver, workspace.id);
  if (materialised.size === 0) return { contacts: 0, entered: 0, left: 0 };
  const definitions = (await listSegments(driver, workspace.id)).filter((segment) => segment.enabled);
  const today = localDayNumber(now, workspace.timeZone);
  const contacts = await loadContactFacts(driver, workspace, selection, today);
  if (contacts.length === 0) return { contacts: 0, entered: 0, left: 0 };

  const ids = contacts.map((contact) => contact.contactId);
  const { rows: stored } = await driver.execute({
    sql: `SELECT segment_key, contact_id FROM segment_memberships WHERE workspace_id = ? AND contact_id IN (SELECT value FROM json_each(?))`,
    args: [workspace.id, JSON.stringify(ids)],
  });
  const storedKeys = new Set(stored.map((row) => `${row.segment_key}\u0000${row.contact_id}`));

  const changes: [segmentKey: string, contactId: number, change: 'enter' | 'leave', cause: string, snapshot: string][] = [];
  for (const contact of contacts) {
    const outcomes = evaluateSegments(definitions, contact);
    let snapshot: string | null = null;
    for (const outcome of outcomes) {
      if (!materialised.has(outcome.key)) continue;
      const wasMember = storedKeys.delete(`${outcome.key}\u0000${contact.contactId}`);
      if (outcome.member === wasMember) continue;
      snapshot ??= JSON.stringify(snapshotOf(contact, today, workspace));
      changes.push([outcome.key, contact.contactId, outcome.member ? 'enter' : 'leave', initialFor.has(outcome.key) ? 'initial' : cause, snapshot]);
    }
  }
  // What is left in storedKeys belongs to segments nobody watches any more: dropped silently, as nothing listens.
  const unwatched = storedKeys.size > 0;
  if (unwatched) {
    await driver.execute({
      sql: `DELETE FROM segment_memberships WHERE workspace_id = ? AND contact_id IN (SELECT value FROM json_each(?))
              AND segment_key NOT IN (SELECT value FROM json_each(?))`,
      args: [workspace.id, JSON.stringify(ids), JSON.stringify([...materialised])],
    });
  }
  if (changes.length === 0) return { contacts: contacts.length, entered: 0, left: 0 };

  const refreshId = randomToken(12);
  const changeRows = JSON.stringify(changes);
  const statements: SqlStatement[] = [
    {
      sql: `INSERT INTO segment_transitions (workspace_id, segment_key, contact_id, change, at, cause, snapshot, refresh_id)
            SELECT ?, j.value ->> 0, j.value ->> 1, j.value ->> 2, ?, j.value ->> 3, j.value ->> 4, ?
            FROM json_each(?) j
            WHERE (j.value ->> 2 = 'enter') != EXISTS (SELECT 1 FROM segment_memberships m
                    WHERE m.workspace_id = ? AND m.segment_key = j.value ->> 0 AND m.contact_id = j.value ->> 1)`,
      args: [workspace.id, now, refreshId, changeRows, workspace.id],
    },
    {
      sql: `INSERT INTO segment_memberships (workspace_id, segment_key, contact_id, entered_at)
            SELECT workspace_id, segment_key, contact_id, at FROM segment_transitions WHERE refresh_id = ? AND change = 'enter'
            ON CONFLICT DO NOTHING`,
      args: [refreshId],
    },
    {
      sql: `DELETE FROM segment_memberships WHERE workspace_id = ? AND (segment_key, contact_id) IN
              (SELECT segment_key, contact_id FROM segment_transitions WHERE refresh_id = ? AND change = 'leave')`,
      args: [workspace.id, refreshId],
    },
    {
      sql: `INSERT INTO deliveries (id, workspace_id, trigger_id, transition_id, kind, payload, next_attempt_at)
            SELECT 'dl_' || lower(hex(randomblob(9))), t.workspace_id, tr.id, t.id, 'transition',
                   json_object('segmentKey', t.segment_key, 'change', t.change, 'at', t.at, 'contact', json(t.snapshot)), ?
            FROM segment_transitions t JOIN triggers tr
              ON tr.workspace_id = t.workspace_id AND tr.segment_key = t.segment_key AND tr."on" = t.change AND tr.enabled = 1
            WHERE t.refresh_id = ? AND t.cause != 'initial'
            ON CONFLICT DO NOTHING`,
      args: [now, refreshId],
    },
    { sql: `SELECT change, count(*) AS n FROM segment_transitions WHERE refresh_id = ? GROUP BY change`, args: [refreshId] },
  ];
  const results = await driver.batch(statements);
  const counts = new Map(results[4]!.rows.map((row) => [String(row.change), Number(row.n)]));
  return { contacts: contacts.length, entered: counts.get('enter') ?? 0, left: counts.get('leave') ?? 0 };
}

/** Every contact of the workspace, chunk by chunk (the scheduled pass, a rule change, a new trigger). */
export async function refreshAllMemberships(driver: SqlDriver, workspace: Workspace, now: number, cause: TransitionCause, initialFor?: ReadonlySet<string>): Promise<RefreshReport> {
  const total: RefreshReport = { contacts: 0, entered: 0, left: 0 };
  if ((await materialisedSegmentKeys(driver, workspace.id)).size === 0) {
    await driver.execute({ sql: 'DELETE FROM segment_memberships WHERE workspace_id = ?', args: [workspace.id] });
    return total;
  }
  const { rows } = await driver.execute({ sql: 'SELECT min(id) AS low, max(id) AS high FROM contacts WHERE workspace_id = ?', args: [workspace.id] });
  const low = rows[0]?.low;
  if (low == null) return total;
  for (let from = Number(low); from <= Number(rows[0]!.high); from += REFRESH_CHUNK) {
    const report = await refreshMemberships(driver, workspace, { idRange: [from, from + REFRESH_CHUNK - 1] }, now, cause, initialFor);
    total.contacts += report.contacts;
    total.entered += report.entered;
    total.left += report.left;
  }
  return total;
}

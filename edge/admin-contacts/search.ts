import type { SqlDriver } from '../../db/driver.ts';
import type { Workspace } from '../workspaces/workspace.ts';

/** The largest code point: in SQLite's byte order of UTF-8 text every string starting with `prefix` sorts below prefix + this. */
const AFTER_EVERY_SUFFIX = '\u{10FFFF}';

function rfmSummary(row: Record<string, unknown>, workspace: Workspace, today: number) {
  if (row.last_purchase_day == null) return null;
  const bands = workspace.settings.rfm.bands;
  return {
    recencyDays: today - Number(row.last_purchase_day),
    frequency: Number(row.frequency),
    monetary: Number(row.monetary),
    bands: { r: bands.r.names[Number(row.r_band)]?.key, f: bands.f.names[Number(row.f_band)]?.key, m: bands.m.names[Number(row.m_band)]?.key },
    named: row.named == null ? null : String(row.named),
  };
}

/**
 * Contacts whose customer id or e-mail starts with `query`, ignoring case (customer ids are matched as typed, in
 * lower and in upper case, each an indexed range; e-mails on the lower(email) index of migration 0003), by
 * customer id. An empty query lists the most valuable contacts (monetary in the window, descending).
 */
export async function searchContacts(db: SqlDriver, workspace: Workspace, query: string, limit: number, today: number) {
  const columns = `c.customer_id, c.email, r.last_purchase_day, r.frequency, r.monetary, r.r_band, r.f_band, r.m_band, r.named`;
  let rows: Record<string, unknown>[];
  if (query === '') {
    ({ rows } = await db.execute({
      sql: `SELECT ${columns} FROM contact_rfm r JOIN contacts c ON c.id = r.contact_id
            WHERE r.workspace_id = ? ORDER BY r.monetary DESC, r.contact_id LIMIT ?`,
      args: [workspace.id, limit],
    }));
  } else {
    const lower = query.toLowerCase();
    const idPrefixes = [...new Set([query, lower, query.toUpperCase()])];
    const idRanges = idPrefixes.map(() => '(c.customer_id >= ? AND c.customer_id < ?)').join(' OR ');
    ({ rows } = await db.execute({
      sql: `SELECT ${columns} FROM contacts c LEFT JOIN contact_rfm r ON r.contact_id = c.id
            WHERE c.id IN (
              SELECT id FROM contacts WHERE workspace_id = ? AND lower(email) >= ? AND lower(email) < ?
              UNION SELECT c.id FROM contacts c WHERE c.workspace_id = ? AND (${idRanges}))
            ORDER BY c.customer_id LIMIT ?`,
      args: [workspace.id, lower, lower + AFTER_EVERY_SUFFIX, workspace.id, ...idPrefixes.flatMap((prefix) => [prefix, prefix + AFTER_EVERY_SUFFIX]), limit],
    }));
  }
  return rows.map((row) => ({
    customerId: String(row.customer_id),
    email: row.email == null ? null : String(row.email),
    rfm: rfmSummary(row, workspace, today),
  }));
}

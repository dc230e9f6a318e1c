import type { SqlDriver } from '../../db/driver.ts';
import type { Dimension } from '../engine/rfm/index.ts';
import type { Rule } from '../engine/rules/index.ts';
import type { Workspace } from '../workspaces/workspace.ts';
import { PAIRS, type PairName } from './summary.ts';

const BAND_COLUMN: Record<Dimension, string> = { r: 'r_band', f: 'f_band', m: 'm_band' };
const RULE_FIELD: Record<Dimension, string> = { r: 'rfm.r_band', f: 'rfm.f_band', m: 'rfm.m_band' };

export interface CellQuery {
  pair: PairName;
  row: number;
  column: number;
  limit: number;
  /** the last contact id of the previous page */
  after: number;
}

/**
 * A rule in the segment language that selects exactly the heatmap cell: the two bands, and a counted purchase (the
 * heatmaps count contacts who bought; a contact who never did sits in the longest recency and lowest bands).
 */
export function cellRule(workspace: Workspace, pair: PairName, row: number, column: number): Rule {
  const [rowDimension, columnDimension] = PAIRS[pair];
  const bands = workspace.settings.rfm.bands;
  return {
    all: [
      { field: 'rfm.recency_days', op: 'exists' },
      { field: RULE_FIELD[rowDimension], op: 'eq', value: bands[rowDimension].names[row]!.key },
      { field: RULE_FIELD[columnDimension], op: 'eq', value: bands[columnDimension].names[column]!.key },
    ],
  };
}

/** The contacts of one heatmap cell, today, in contact order from a cursor, with how many the cell holds. */
export async function loadCell(db: SqlDriver, workspace: Workspace, today: number, query: CellQuery) {
  const [rowDimension, columnDimension] = PAIRS[query.pair];
  const where = `r.workspace_id = ? AND r.named IS NOT NULL AND r.${BAND_COLUMN[rowDimension]} = ? AND r.${BAND_COLUMN[columnDimension]} = ?`;
  const args = [workspace.id, query.row, query.column];
  const page = await db.execute({
    sql: `SELECT r.contact_id, c.customer_id, c.email, r.last_purchase_day, r.frequency, r.monetary, r.r_band, r.f_band, r.m_band
          FROM contact_rfm r JOIN contacts c ON c.id = r.contact_id
          WHERE ${where} AND r.contact_id > ? ORDER BY r.contact_id LIMIT ?`,
    args: [...args, query.after, query.limit],
  });
  const counted = await db.execute({ sql: `SELECT count(*) AS n FROM contact_rfm r WHERE ${where}`, args });
  const names = workspace.settings.rfm.bands;
  const contacts = page.rows.map((row) => ({
    customerId: String(row.customer_id),
    email: row.email == null ? null : String(row.email),
    recencyDays: row.last_purchase_day == null ? null : today - Number(row.last_purchase_day),
    frequency: Number(row.frequency),
    monetary: Number(row.monetary),
    bands: {
      r: names.r.names[Number(row.r_band)]!.key,
      f: names.f.names[Number(row.f_band)]!.key,
      m: names.m.names[Number(row.m_band)]!.key,
    },
  }));
  const last = page.rows.at(-1);
  return {
    pair: query.pair,
    row: query.row,
    column: query.column,
    count: Number(counted.rows[0]?.n ?? 0),
    rule: cellRule(workspace, query.pair, query.row, query.column),
    contacts,
    nextCursor: page.rows.length === query.limit && last ? String(last.contact_id) : null,
  };
}

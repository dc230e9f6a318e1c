import type { SqlDriver } from '../../db/driver.ts';
import { apiError } from '../http/errors.ts';

export interface StoredContact {
  id: number;
  customerId: string;
  email: string | null;
  attributes: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  /** the contact_rfm row, null before the first purchase */
  rfmRow: Record<string, unknown> | null;
}

export class ContactNotFoundError extends Error {
  constructor(readonly customerId: string) {
    super(`Contact ${customerId} not found in this workspace`);
  }
}

/** The HTTP answer for an unknown customer: 404 `contact_not_found`, naming the id. */
export function contactNotFound(error: ContactNotFoundError) {
  return apiError(404, 'contact_not_found', error.message, { field: 'customerId' });
}

export async function loadContact(db: SqlDriver, workspaceId: string, customerId: string): Promise<StoredContact> {
  const { rows } = await db.execute({
    sql: `SELECT c.id, c.customer_id, c.email, c.attributes, c.created_at, c.updated_at, r.*
          FROM contacts c LEFT JOIN contact_rfm r ON r.contact_id = c.id
          WHERE c.workspace_id = ? AND c.customer_id = ?`,
    args: [workspaceId, customerId],
  });
  const row = rows[0];
  if (!row) throw new ContactNotFoundError(customerId);
  return {
    id: Number(row.id),
    customerId: String(row.customer_id),
    email: row.email == null ? null : String(row.email),
    attributes: JSON.parse(String(row.attributes ?? '{}')) as Record<string, unknown>,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    rfmRow: row.contact_id == null ? null : (row as Record<string, unknown>),
  };
}

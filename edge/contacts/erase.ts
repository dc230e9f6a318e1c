import type { SqlDriver, SqlStatement } from '../../db/driver.ts';

/**
 * Everything erasing a contact removes, as one batch (one transaction: nothing is ever half-erased): the public
 * DELETE /v1/contacts/:id's tables — RFM state (whose triggers take the band history along), purchases (whose
 * triggers take them out of the purchase and product sums), events, behaviour counts, visitors, the contact — and
 * also what carries its e-mail or state elsewhere: segment memberships, its segment transitions (their snapshots)
 * and the deliveries made from them with their attempts. Explicit deletes rather than ON DELETE CASCADE: remote
 * libSQL servers may run with foreign keys off.
 */
export function eraseContactStatements(workspaceId: string, contactId: number): SqlStatement[] {
  const visitorsOfContact = 'SELECT visitor_id FROM visitors WHERE workspace_id = ? AND contact_id = ?';
  const deliveriesOfContact = `SELECT d.id FROM deliveries d JOIN segment_transitions t ON t.id = d.transition_id
                               WHERE t.workspace_id = ? AND t.contact_id = ?`;
  return [
    { sql: `DELETE FROM delivery_attempts WHERE delivery_id IN (${deliveriesOfContact})`, args: [workspaceId, contactId] },
    { sql: `DELETE FROM deliveries WHERE id IN (${deliveriesOfContact})`, args: [workspaceId, contactId] },
    { sql: 'DELETE FROM segment_transitions WHERE workspace_id = ? AND contact_id = ?', args: [workspaceId, contactId] },
    { sql: 'DELETE FROM segment_memberships WHERE workspace_id = ? AND contact_id = ?', args: [workspaceId, contactId] },
    { sql: 'DELETE FROM contact_rfm WHERE contact_id = ?', args: [contactId] },
    // the history trigger on contact_rfm covers the usual case; this covers history left by an earlier state
    { sql: 'DELETE FROM contact_rfm_history WHERE workspace_id = ? AND contact_id = ?', args: [workspaceId, contactId] },
    { sql: 'DELETE FROM purchases WHERE contact_id = ?', args: [contactId] },
    { sql: `DELETE FROM events WHERE workspace_id = ? AND visitor_id IN (${visitorsOfContact})`, args: [workspaceId, workspaceId, contactId] },
    { sql: `DELETE FROM behaviour_counts WHERE workspace_id = ? AND visitor_id IN (${visitorsOfContact})`, args: [workspaceId, workspaceId, contactId] },
    { sql: 'DELETE FROM visitors WHERE workspace_id = ? AND contact_id = ?', args: [workspaceId, contactId] },
    { sql: 'DELETE FROM contacts WHERE id = ? AND workspace_id = ?', args: [contactId, workspaceId] },
  ];
}

export async function eraseContact(db: SqlDriver, workspaceId: string, contactId: number): Promise<void> {
  await db.batch(eraseContactStatements(workspaceId, contactId));
}

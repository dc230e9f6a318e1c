import type { SqlDriver, SqlStatement } from '../../db/driver.ts';
import { localDayNumber } from '../engine/time/index.ts';
import type { FieldProblem } from '../http/errors.ts';
import { problemsOf } from '../http/validation.ts';
import { recomputeForCustomers, type StateContext } from '../rfm/state-sql.ts';
import type { Workspace } from '../workspaces/workspace.ts';
import { toMinorUnits } from './money.ts';
import { purchaseSchema } from './schema.ts';

/** A purchase checked and converted: the form that is stored. */
export interface NormalisedPurchase {
  orderId: string;
  customerId: string;
  email: string | null;
  amount: number;
  originalCurrency: string | null;
  originalAmount: number | null;
  purchasedAt: number;
  day: number;
  items: unknown[] | null;
}

export type NormaliseResult = { ok: true; purchases: NormalisedPurchase[] } | { ok: false; problems: FieldProblem[] };

const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

/** Checks every purchase and reports every problem with its index, so a batch is refused whole and fixed in one go. */
export function normalisePurchases(inputs: readonly unknown[], workspace: Workspace, now: number, prefix = 'purchases'): NormaliseResult {
  const problems: FieldProblem[] = [];
  const purchases: NormalisedPurchase[] = [];
  inputs.forEach((input, index) => {
    const at = (field: string) => (prefix ? `${prefix}[${index}].${field}` : field);
    const parsed = purchaseSchema.safeParse(input);
    if (!parsed.success) {
      for (const problem of problemsOf(parsed.error)) problems.push({ index, field: at(problem.field), message: problem.message });
      return;
    }
    const purchase = parsed.data;
    const currency = purchase.currency.toUpperCase();
    const purchasedAt = Date.parse(purchase.purchasedAt);
    if (purchasedAt > now + FUTURE_TOLERANCE_MS) problems.push({ index, field: at('purchasedAt'), message: 'is in the future' });

    let amount: number | null = null;
    let original: { currency: string; amount: number } | null = null;
    const sent = toMinorUnits(purchase.amount, currency);
    if (!sent.ok) problems.push({ index, field: at('amount'), message: sent.message });
    else if (sent.minor < 0) problems.push({ index, field: at('amount'), message: 'must not be negative (use PATCH with status "refunded" for refunds)' });
    else if (currency === workspace.currency) amount = sent.minor;
    else if (purchase.amountInWorkspaceCurrency === undefined) {
      problems.push({
        index,
        field: at('currency'),
        message: `is ${currency} but the workspace counts in ${workspace.currency}; send amountInWorkspaceCurrency as well`,
      });
    } else {
      const converted = toMinorUnits(purchase.amountInWorkspaceCurrency, workspace.currency);
      if (!converted.ok) problems.push({ index, field: at('amountInWorkspaceCurrency'), message: converted.message });
      else if (converted.minor < 0) problems.push({ index, field: at('amountInWorkspaceCurrency'), message: 'must not be negative' });
      else {
        amount = converted.minor;
        original = { currency, amount: sent.minor };
      }
    }
    if (amount === null || problems.some((problem) => problem.index === index)) return;
    purchases.push({
      orderId: purchase.orderId,
      customerId: purchase.customerId,
      email: purchase.email ?? null,
      amount,
      originalCurrency: original?.currency ?? null,
      originalAmount: original?.amount ?? null,
      purchasedAt,
      day: localDayNumber(purchasedAt, workspace.timeZone),
      items: purchase.items ?? null,
    });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, purchases };
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
}

/**
 * Stores the purchases and brings their contacts' RFM state up to date in one transaction and one round trip:
 * contacts upserted, purchases inserted unless their order id is known (idempotent retries), state recomputed.
 */
export async function ingestPurchases(driver: SqlDriver, workspace: Workspace, purchases: readonly NormalisedPurchase[], now: number): Promise<IngestResult> {
  const customers = new Map<string, string | null>();
  for (const purchase of purchases) {
    if (!customers.has(purchase.customerId) || purchase.email) customers.set(purchase.customerId, purchase.email);
  }
  const stateContext: StateContext = {
    workspaceId: workspace.id,
    config: workspace.settings.rfm,
    thresholds: workspace.thresholds,
    today: localDayNumber(now, workspace.timeZone),
  };
  const statements: SqlStatement[] = [
    {
      sql: `INSERT INTO contacts (workspace_id, customer_id, email)
            SELECT ?, value ->> 0, value ->> 1 FROM json_each(?) WHERE true
            ON CONFLICT (workspace_id, customer_id) DO UPDATE SET email = excluded.email, updated_at = ?
            WHERE excluded.email IS NOT NULL AND excluded.email IS NOT contacts.email`,
      args: [workspace.id, JSON.stringify([...customers]), now],
    },
    // CROSS JOIN keeps json_each as the outer loop; left to itself SQLite scans every contact of the workspace per batch.
    {
      sql: `INSERT INTO purchases (workspace_id, order_id, contact_id, amount, original_currency, original_amount, purchased_at, day, items)
            SELECT ?, j.value ->> 0, c.id, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, j.value ->> 6, j.value ->> 7
            FROM json_each(?) j CROSS JOIN contacts c ON c.workspace_id = ? AND c.customer_id = j.value ->> 1
            WHERE true
            ON CONFLICT (workspace_id, order_id) DO NOTHING`,
      args: [
        workspace.id,
        JSON.stringify(
          purchases.map((p) => [p.orderId, p.customerId, p.amount, p.originalCurrency, p.originalAmount, p.purchasedAt, p.day, p.items ? JSON.stringify(p.items) : null]),
        ),
        workspace.id,
      ],
    },
    recomputeForCustomers(stateContext, [...customers.keys()]),
  ];
  const results = await driver.batch(statements);
  // Rows the INSERT itself wrote (SQLite does not count rows written by triggers, nor skipped duplicates).
  const accepted = results[1]!.rowsAffected;
  return { accepted, duplicates: purchases.length - accepted };
}

/** Marks a purchase refunded, cancelled or completed again and recomputes its contact. Null when the order is unknown. */
export async function setPurchaseStatus(
  driver: SqlDriver,
  workspace: Workspace,
  orderId: string,
  status: 'completed' | 'refunded' | 'cancelled',
  now: number,
): Promise<{ orderId: string; status: string; customerId: string } | null> {
  const { rows } = await driver.execute<{ customer_id: string }>({
    sql: `SELECT c.customer_id FROM purchases p JOIN contacts c ON c.id = p.contact_id WHERE p.workspace_id = ? AND p.order_id = ?`,
    args: [workspace.id, orderId],
  });
  const customerId = rows[0]?.customer_id;
  if (customerId === undefined) return null;
  const stateContext: StateContext = {
    workspaceId: workspace.id,
    config: workspace.settings.rfm,
    thresholds: workspace.thresholds,
    today: localDayNumber(now, workspace.timeZone),
  };
  await driver.batch([
    { sql: 'UPDATE purchases SET status = ? WHERE workspace_id = ? AND order_id = ?', args: [status, workspace.id, orderId] },
    recomputeForCustomers(stateContext, [customerId]),
  ]);
  return { orderId, status, customerId: String(customerId) };
}
